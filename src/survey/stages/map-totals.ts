/**
 * @module survey/stages/map-totals
 * Stage "map totals": the class map's pixel-count areas per class and per region, and which
 * region holds a pixel (for the sample units and the fields).
 */
import type { SurveyConfig } from "../../domain/survey-config.ts";
import type { ClassRaster } from "../../imagery/vectorize/fields.ts";
import { readClassRaster } from "../../imagery/vectorize/read-class-raster.ts";
import { readRegions, regionRingsInPixels } from "../../imagery/zonal/regions.ts";
import { classTotals, zonalTotals, type ZonalRow } from "../../imagery/zonal/zonal-totals.ts";
import { pointInRings } from "../region-estimates.ts";

export interface MapTotalsContext {
  /** The class map (classes.tif of the classify stage, or a stored survey's artifact). */
  classesPath: string;
  regions: SurveyConfig["regions"];
}

export interface MapTotalsResult {
  raster: ClassRaster;
  zonal: ZonalRow[];
  totals: { classCode: number; className: string; areaHa: number }[];
  /** Region names, each once, in the order of the regions file. */
  regionNames: string[];
  /** The region holding the map point at pixel coordinates (col, row), e.g. (col + 0.5, row + 0.5) for a pixel centre. */
  regionOfPixel: (col: number, row: number) => string | null;
}

export async function mapTotalsStage({ classesPath, regions }: MapTotalsContext): Promise<MapTotalsResult> {
  const regionSet = readRegions(regions.path, regions.nameField);
  const raster = await readClassRaster(classesPath);
  const zonal = zonalTotals(raster, regionSet);
  const totals = classTotals(raster);
  const regionNames = [...new Set(regionSet.regions.map((r) => r.name))];
  const ringsByRegion = regionNames.map((name) => ({
    name,
    rings: regionSet.regions.filter((r) => r.name === name).flatMap((r) => regionRingsInPixels(regionSet, r, raster.grid)),
  }));
  const regionOfPixel = (col: number, row: number): string | null => ringsByRegion.find((r) => pointInRings(col, row, r.rings))?.name ?? null;
  return { raster, zonal, totals, regionNames, regionOfPixel };
}

/** Map area of `className` in `region`, ha. */
export function mapAreaInRegionHa(totals: Pick<MapTotalsResult, "zonal">, region: string, className: string): number {
  return totals.zonal.filter((z) => z.region === region && z.className === className).reduce((s, z) => s + z.areaHa, 0);
}

/** Map area of `className` in the whole map, ha. */
export function mapAreaHa(totals: Pick<MapTotalsResult, "totals">, className: string): number {
  return totals.totals.find((t) => t.className === className)?.areaHa ?? 0;
}
