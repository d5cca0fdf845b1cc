/**
 * @module production/estimate
 * The entry point of the production model: areas by region + a parameter set -> tonnes of leaf and
 * potential pure cocaine, as a point estimate and as seeded Monte Carlo distributions, with the
 * sensitivity table and every parameter used with its citation.
 */
import type { ParameterSetRecord } from "../domain/provenance.ts";
import type { Random } from "../stats/random.ts";
import type { DrawSummary } from "./draw-summary.ts";
import { compileModel, pointEstimate, regionBreakdown, type RegionArea } from "./model.ts";
import { createMonteCarloWorkspace, runMonteCarlo, summarizeMonteCarlo, type MonteCarloWorkspace } from "./monte-carlo.ts";
import type { Derivation, Distribution, ParameterSet, ParameterStatus } from "./parameter-set.ts";
import { sensitivity as computeSensitivity, type Sensitivity } from "./sensitivity.ts";

/** Monte Carlo draws unless asked otherwise: the one default of the CLI, the API and the survey. */
export const DEFAULT_DRAWS = 100_000;

/**
 * The Monte Carlo seed for a country and year unless one is given: FNV-1a (32-bit) of "PER:2024", so the CLI
 * and the API answer the same question with the same numbers, and different country-years draw different
 * streams. @example productionSeed("PER", 2024)
 */
export function productionSeed(country: string, year: number): number {
  let h = 0x811c9dc5;
  for (const ch of `${country.toUpperCase()}:${year}`) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export interface EstimateProductionInput {
  /** ISO 3166-1 alpha-3. */
  country: string;
  year: number;
  regions: readonly RegionArea[];
  params: ParameterSet;
  /** Monte Carlo draws (default 100,000). */
  draws?: number;
  random: Random;
  /** Histogram bins (default 40). */
  bins?: number;
}

export interface ParameterUsed {
  id: string;
  label: string;
  value: number;
  unit: string;
  distribution: Distribution;
  bounds?: { min?: number; max?: number };
  status: ParameterStatus;
  reason: string;
  uncertaintyReason: string;
  citation: string;
  /** For derived parameters: the published figures they were derived from. */
  derivation?: Derivation;
}

export interface ProductionEstimate {
  country: string;
  year: number;
  parameterSet: ParameterSetRecord;
  /** Every value with all parameters at their point values. leafT/netLeafT are null for a per-hectare conversion. */
  pointEstimate: {
    leafT: number | null;
    netLeafT: number | null;
    cocaineT: number;
    regions: { region: string; areaHa: number; yieldKgHa: number | null; leafT: number | null }[];
  };
  cocaineT: DrawSummary;
  leafT: DrawSummary | null;
  netLeafT: DrawSummary | null;
  sensitivity: Sensitivity;
  parameters: ParameterUsed[];
  draws: number;
  seed: number;
  /** What the numbers mean. */
  notes: string[];
}

/**
 * One workspace for the estimates of a process: the draws never leave estimateProduction (summaries and sensitivity
 * are plain numbers), so each call may overwrite the last one's. Held weakly: estimates in a loop (a trend, a series
 * of years, a benchmark) reuse its arrays; an idle server lets the collector take them.
 */
let shared: WeakRef<MonteCarloWorkspace> | undefined;
function sharedWorkspace(): MonteCarloWorkspace {
  const ws = shared?.deref() ?? createMonteCarloWorkspace();
  shared = new WeakRef(ws);
  return ws;
}

/**
 * Estimate potential production for one country-year.
 *
 * @example
 * const est = estimateProduction({ country: "PER", year: 2016, regions: [{ region: "national", areaHa: 43_900 }],
 *   params, draws: 100_000, random: createRandom(42) });
 * est.cocaineT.median; // tonnes of potential pure cocaine
 */
export function estimateProduction(input: EstimateProductionInput): ProductionEstimate {
  const { params, random } = input;
  const draws = input.draws ?? DEFAULT_DRAWS;
  const model = compileModel(params, input.regions);
  const point = pointEstimate(model);
  const mc = runMonteCarlo(model, { draws, random, workspace: sharedWorkspace() });
  const hasLeaf = params.conversion.kind !== "per-hectare";
  const summary = summarizeMonteCarlo(mc, { bins: input.bins ?? 40, hasLeaf });
  const notes = [
    "cocaineT is potential production of 100%-pure cocaine, metric tonnes per year",
    hasLeaf
      ? "leafT is sun-dried coca leaf (t/yr); netLeafT is leaf after the deductions the source makes for traditional and industrial use"
      : "this parameter set converts area to cocaine directly (kg/ha); no leaf step",
    `intervals are equal-tailed percentiles of ${draws.toLocaleString("en-US")} seeded Monte Carlo draws (seed ${random.seed})`,
  ];
  if (params.period.from > input.year || params.period.to < input.year) {
    notes.push(`parameter set ${params.name} covers ${params.period.from}-${params.period.to}; applied here outside its period to ${input.year}`);
  }
  return {
    country: input.country,
    year: input.year,
    parameterSet: { name: params.name, source: params.source, sourceFamily: params.sourceFamily, period: params.period, description: params.description },
    pointEstimate: {
      leafT: hasLeaf ? point.leafT : null,
      netLeafT: hasLeaf ? point.netLeafT : null,
      cocaineT: point.cocaineT,
      regions: regionBreakdown(model),
    },
    cocaineT: summary.cocaineT,
    leafT: summary.leafT,
    netLeafT: summary.netLeafT,
    sensitivity: computeSensitivity(model, mc.columns, mc.cocaineT),
    parameters: model.slots.map((s) => ({
      id: s.id,
      label: s.label,
      value: s.parameter.value,
      unit: s.parameter.unit,
      distribution: s.parameter.distribution,
      bounds: s.parameter.bounds,
      status: s.parameter.status,
      reason: s.parameter.reason,
      uncertaintyReason: s.parameter.uncertaintyReason,
      citation: s.parameter.citation,
      ...(s.parameter.derivation ? { derivation: s.parameter.derivation } : {}),
    })),
    draws,
    seed: random.seed,
    notes,
  };
}
