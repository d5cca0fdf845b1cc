/**
 * @module survey/stages/production
 * Stage "production": potential leaf and cocaine production from the survey's area estimates
 * (per region where the survey estimated any, else the total), with Monte Carlo uncertainty
 * over the chosen parameter set, drawn from the survey seed's "production" stream.
 */
import type { SurveyConfig } from "../../domain/survey-config.ts";
import { estimateProduction, type ProductionEstimate } from "../../production/estimate.ts";
import { loadParameterSets } from "../../production/parameter-set-loader.ts";
import type { ParameterSet } from "../../production/parameter-set.ts";
import { streamFor } from "../../stats/random-streams.ts";
import { planProduction, type ProductionPlan } from "../first-run-checks.ts";

/** An area estimate the production stage converts, ha. */
export interface AreaForProduction {
  region: string;
  areaHa: number;
  areaSeHa: number;
}

export interface ProductionContext {
  /** ISO 3166-1 alpha-3. */
  country: string;
  config: Pick<SurveyConfig, "year" | "seed">;
  /** The parameter set and draws the first-run checks chose (first-run-checks.planProduction). */
  plan: { set: ParameterSet; draws: number };
  /** Per-region estimates of the target class (the stored results' `regions`). */
  regions: readonly AreaForProduction[];
  /** The total estimate, used when no region has any area. */
  total: Pick<AreaForProduction, "areaHa" | "areaSeHa">;
}

export interface ProductionResult {
  est: ProductionEstimate;
  /** What the survey changed in the parameter set, and why. */
  notes: string[];
}

/** The production plan of a survey config, from the parameter sets in data/parameter-sets. */
export async function productionPlanOf(
  country: string,
  config: Pick<SurveyConfig, "year" | "targetClass" | "production">,
  configPath?: string,
): Promise<ProductionPlan> {
  return planProduction(await loadParameterSets(), { country, year: config.year, targetClass: config.targetClass, production: config.production }, configPath);
}

export function productionStage({ country, config, plan, regions, total }: ProductionContext): ProductionResult {
  let params = plan.set;
  const notes: string[] = [];
  if (params.deductions && (params.deductions.traditionalLeafT || params.deductions.industrialLeafT)) {
    params = { ...params, deductions: undefined };
    notes.push(
      `${params.name} deducts national leaf for traditional and industrial use; a survey of part of a country does not, so the deduction is left out here`,
    );
  }
  const citation = "this survey's sample-based estimate";
  const regionAreas = regions
    .filter((r) => r.areaHa > 0 || r.areaSeHa > 0)
    .map((r) => ({ region: r.region, areaHa: Math.max(0, r.areaHa), areaSeHa: r.areaSeHa, citation }));
  const areas = regionAreas.length > 0 ? regionAreas : [{ region: "national", areaHa: Math.max(0, total.areaHa), areaSeHa: total.areaSeHa, citation }];
  const est = estimateProduction({
    country,
    year: config.year,
    regions: areas,
    params,
    draws: plan.draws,
    random: streamFor(config.seed, "production"),
  });
  return { est, notes };
}
