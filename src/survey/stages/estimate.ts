/**
 * @module survey/stages/estimate
 * Stage "estimate": area of every class with its SE and CI from the stratified sample
 * (accuracy assessment included), and of the target class per region (domain estimates).
 */
import type { AreaEstimate } from "../../stats/area-estimate.ts";
import type { StratumSize } from "../../stats/stratified-estimator.ts";
import { estimateByRegion, type RegionAreaEstimate, type RegionObservation } from "../region-estimates.ts";

export interface EstimateContext {
  strata: readonly StratumSize[];
  observations: readonly RegionObservation[];
  classes: readonly string[];
  targetClass: string;
  regions: readonly string[];
  confidence: number;
}

export interface EstimateResult {
  total: AreaEstimate;
  regions: RegionAreaEstimate[];
}

export function estimateStage(ctx: EstimateContext): EstimateResult {
  return estimateByRegion({
    strata: ctx.strata,
    units: ctx.observations,
    classes: ctx.classes,
    targetClass: ctx.targetClass,
    regions: ctx.regions,
    confidence: ctx.confidence,
  });
}

/** The target class's total estimate (area, SE, CI), ha. */
export function targetTotal(estimates: EstimateResult, targetClass: string): { areaHa: number; areaSeHa: number; areaCiHa: [number, number] } {
  const t = estimates.total;
  const k = t.classes.indexOf(targetClass);
  return { areaHa: t.areaHa[k]!, areaSeHa: t.areaSeHa[k]!, areaCiHa: t.areaCiHa[k]! };
}
