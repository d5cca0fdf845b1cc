/**
 * @module survey/region-estimates
 * Area of the target class per region and in total, from one stratified sample
 * over the whole map. A region is a domain of the sample, not a stratum: the
 * target variable for region r is y_u = 1[reference(u) = coca and u in r], and
 * Stehman's (2014) general estimator gives its total and standard error with the
 * map's strata (eq. 2 and 25), without re-stratifying.
 */
import { estimateStratified, type LabelledUnit, type StratumSize } from "../stats/stratified-estimator.ts";
import type { AreaEstimate } from "../stats/area-estimate.ts";

export interface RegionObservation extends LabelledUnit {
  /** The region holding the unit, or null when it lies in none. */
  region: string | null;
}

export interface RegionAreaEstimate {
  region: string;
  className: string;
  areaHa: number;
  areaSeHa: number;
  areaCiHa: [number, number];
  ciLowerBelowZero: boolean;
  sampleUnitsInRegion: number;
  warnings: string[];
}

const OUTSIDE = "(outside region)";

export { pointInRings } from "../domain/raster-grid.ts";

/**
 * The target class's area in each region, each a domain estimate from the same sample.
 * `classes` is the legend; `targetClass` must be one of them.
 */
export function estimateByRegion({
  strata,
  units,
  classes,
  targetClass,
  regions,
  confidence,
}: {
  strata: readonly StratumSize[];
  units: readonly RegionObservation[];
  classes: readonly string[];
  targetClass: string;
  regions: readonly string[];
  confidence: number;
}): { total: AreaEstimate; regions: RegionAreaEstimate[] } {
  const total = estimateStratified({ strata, units, classes, confidence, targetClasses: [targetClass] });
  const out: RegionAreaEstimate[] = [];
  for (const region of regions) {
    const domainUnits = units.map((u) => ({
      stratum: u.stratum,
      mapClass: u.region === region ? u.mapClass : OUTSIDE,
      referenceClass: u.region === region ? u.referenceClass : OUTSIDE,
    }));
    const est = estimateStratified({ strata, units: domainUnits, classes: [...classes, OUTSIDE], confidence, targetClasses: [targetClass] });
    const k = est.classes.indexOf(targetClass);
    out.push({
      region,
      className: targetClass,
      areaHa: est.areaHa[k]!,
      areaSeHa: est.areaSeHa[k]!,
      areaCiHa: est.areaCiHa[k]!,
      ciLowerBelowZero: est.areaCiLowerBelowZero[k]!,
      sampleUnitsInRegion: units.filter((u) => u.region === region).length,
      warnings: est.warnings.filter((w) => !w.includes(OUTSIDE)),
    });
  }
  return { total, regions: out };
}
