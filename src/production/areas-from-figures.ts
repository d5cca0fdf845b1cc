/**
 * @module production/areas-from-figures
 * The areas to feed the model from the registry: the source's regional areas when the parameter set
 * has regional yields that cover every region published that year, else the national area.
 */
import { NotFoundError } from "../domain/errors.ts";
import type { Figure } from "../domain/figure.ts";
import { citeFigure, latestVintages } from "./figure-series.ts";
import { findRegionParameters, normalizeRegionName, type RegionArea } from "./model.ts";
import type { ParameterSet } from "./parameter-set.ts";

export interface AreasFromFigures {
  regions: RegionArea[];
  /** The area figures used. */
  figures: Figure[];
  level: "regional" | "national";
}

/**
 * Areas for `params` in `year` from `source` (default: the parameter set's source).
 * @throws NotFoundError when the registry has no area from that source for that year.
 */
export function areasFromFigures(
  figures: readonly Figure[],
  params: ParameterSet,
  { year, source = params.source }: { year: number; source?: string },
): AreasFromFigures {
  const area = latestVintages(
    figures.filter((f) => f.country === params.country && f.year === year && f.metric === "cultivation_ha" && f.source.toLowerCase() === source.toLowerCase()),
  );
  const regional = area.filter((f) => f.region !== "national");
  const setRegions = params.regions.filter((r) => normalizeRegionName(r.region) !== "national");
  if (setRegions.length > 0 && regional.length > 0) {
    const covered = regional.every((f) => {
      const rp = findRegionParameters(params, f.region);
      return rp !== undefined && normalizeRegionName(rp.region) !== "national";
    });
    if (covered) {
      return {
        regions: regional.map((f) => ({ region: f.region, areaHa: f.value, citation: citeFigure(f) })),
        figures: regional,
        level: "regional",
      };
    }
  }
  const national = area.find((f) => f.region === "national");
  if (!national) {
    throw new NotFoundError(`no ${source} cultivation_ha figure for ${params.country} ${year} in the registry (give --area-ha)`);
  }
  return { regions: [{ region: "national", areaHa: national.value, citation: citeFigure(national) }], figures: [national], level: "national" };
}
