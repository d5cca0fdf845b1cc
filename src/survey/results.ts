/**
 * @module survey/results
 * Assembling what a survey stores (SurveyResults, domain/survey-results.ts) from the stages'
 * results, and the estimate rows the store keeps beside it.
 */
import type { OfficialFigureRef, SurveyClassifierSummary, SurveyResults, SurveyTotal, SurveyUnobserved } from "../domain/survey-results.ts";
import type { SurveyEstimateRow } from "../domain/survey-record.ts";
import { surveyHeadline } from "./headline.ts";
import type { DesignResult } from "./stages/design.ts";
import { targetTotal, type EstimateResult } from "./stages/estimate.ts";
import type { FieldsResult } from "./stages/fields.ts";
import { mapAreaHa, mapAreaInRegionHa, type MapTotalsResult } from "./stages/map-totals.ts";
import type { ProductionResult } from "./stages/production.ts";
import type { SimulatedTarget } from "./stages/labels.ts";

export interface ResultsInput {
  /** ISO 3166-1 alpha-3. */
  country: string;
  config: { year: number; seed: number; targetClass: string };
  /** Simulated surveys: the truth (whole scene) and the true area where the map has data. */
  simulated?: { trueAreaHa: Record<string, number>; trueAreaInFrameHa: number | undefined; target?: SimulatedTarget };
  mapTotals: Pick<MapTotalsResult, "zonal" | "totals">;
  design: Pick<DesignResult, "strata" | "record">;
  /** Labelled sample units the estimate used. */
  sampleUnits: number;
  estimates: EstimateResult;
  classifier: SurveyClassifierSummary;
  fields: Omit<FieldsResult, "rows"> & { count: number };
  /** Null for a survey without its production stage. */
  production: ProductionResult | null;
  officialFigures: OfficialFigureRef[];
  /** Several scenes: the area no scene observed. */
  unobserved?: SurveyUnobserved | null;
  warnings: string[];
}

export function assembleResults(input: ResultsInput): SurveyResults {
  const { config, estimates, simulated } = input;
  const target = config.targetClass;
  const t = estimates.total;
  const total: SurveyTotal = {
    ...targetTotal(estimates, target),
    mapAreaHa: mapAreaHa(input.mapTotals, target),
    confidence: t.confidence,
    z: t.z,
    ...(simulated ? { trueAreaHa: simulated.trueAreaInFrameHa, trueAreaWholeSceneHa: simulated.trueAreaHa[target] ?? 0 } : {}),
    ...(simulated?.target
      ? {
          labelledTargetHa: simulated.target.labelledTargetHa,
          interpreterErrorRate: simulated.target.errorRate,
          legendClasses: simulated.target.legendClasses,
          mappedByTrueClass: simulated.target.mappedByTrueClass,
        }
      : {}),
  };
  const pe = input.production?.est;
  const headline = surveyHeadline({
    simulated: simulated !== undefined,
    country: input.country,
    year: config.year,
    targetClass: target,
    total,
    production: pe ? { cocaineT: pe.cocaineT, parameterSet: pe.parameterSet.name } : null,
    unobserved: input.unobserved ?? undefined,
  });
  return {
    simulated: simulated !== undefined,
    headline,
    targetClass: target,
    unit: "ha",
    total,
    regions: estimates.regions.map((r) => ({
      region: r.region,
      areaHa: r.areaHa,
      areaSeHa: r.areaSeHa,
      areaCiHa: r.areaCiHa,
      mapAreaHa: mapAreaInRegionHa(input.mapTotals, r.region, target),
      sampleUnits: r.sampleUnitsInRegion,
      warnings: r.warnings,
    })),
    accuracy: {
      classes: t.classes,
      overallAccuracy: t.overallAccuracy,
      overallAccuracySe: t.overallAccuracySe,
      usersAccuracy: t.usersAccuracy,
      usersAccuracySe: t.usersAccuracySe,
      producersAccuracy: t.producersAccuracy,
      producersAccuracySe: t.producersAccuracySe,
      errorMatrixProportions: t.errorMatrixProportions,
      errorMatrixProportionsSe: t.errorMatrixProportionsSe,
      sampleCounts: t.sampleCounts,
      areaHa: t.areaHa,
      areaSeHa: t.areaSeHa,
      areaCiHa: t.areaCiHa,
      mappedAreaHa: t.mappedAreaHa,
    },
    sample: {
      units: input.sampleUnits,
      strata: input.design.strata.map((s) => ({ stratum: s.stratum, sizeHa: s.sizeHa, sampleSize: s.sampleSize })),
      seed: config.seed,
      allocation: input.design.record.allocation,
    },
    classifier: { trained: input.classifier.trained, heldOutAccuracy: input.classifier.heldOutAccuracy, classes: input.classifier.classes },
    fields: { count: input.fields.count, minAreaHa: input.fields.minAreaHa, totalAreaHa: input.fields.totalAreaHa },
    production: pe
      ? {
          parameterSet: pe.parameterSet.name,
          source: pe.parameterSet.source,
          cocaineT: {
            mean: pe.cocaineT.mean,
            median: pe.cocaineT.median,
            ci90: pe.cocaineT.ci90,
            ci95: pe.cocaineT.ci95,
            histogram: pe.cocaineT.histogram,
            unit: "t",
          },
          leafT: pe.leafT ? { mean: pe.leafT.mean, median: pe.leafT.median, ci90: pe.leafT.ci90, ci95: pe.leafT.ci95, unit: "t" } : null,
          pointCocaineT: pe.pointEstimate.cocaineT,
          draws: pe.draws,
          notes: [...input.production!.notes, ...pe.notes],
          topDrivers: [...pe.sensitivity.firstOrder]
            .sort((a, b) => b.share - a.share)
            .slice(0, 5)
            .map((s) => ({ parameter: s.label, share: s.share })),
        }
      : null,
    officialFigures: input.officialFigures,
    ...(input.unobserved ? { unobserved: input.unobserved } : {}),
    warnings: input.warnings,
  };
}

/** The estimate rows of a survey: the total, then one per region, of the target class. */
export function estimateRowsOf(results: Pick<SurveyResults, "targetClass" | "total" | "regions">): SurveyEstimateRow[] {
  const { targetClass: className, total } = results;
  return [
    {
      region: "total",
      className,
      areaHa: total.areaHa,
      areaSeHa: total.areaSeHa,
      ciLowHa: total.areaCiHa[0],
      ciHighHa: total.areaCiHa[1],
      mapAreaHa: total.mapAreaHa,
    },
    ...results.regions.map((r) => ({
      region: r.region,
      className,
      areaHa: r.areaHa,
      areaSeHa: r.areaSeHa,
      ciLowHa: r.areaCiHa[0],
      ciHighHa: r.areaCiHa[1],
      mapAreaHa: r.mapAreaHa,
    })),
  ];
}
