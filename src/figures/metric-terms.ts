/**
 * @module figures/metric-terms
 * The sources' own metric terms and unit spellings, mapped onto the registry's vocabulary
 * (`Metric`, `METRIC_UNITS` in domain/figure.ts). The source's term is kept on each figure as `sourceTerm`.
 */
import { METRIC_UNITS, isMetric, type Metric } from "../domain/figure.ts";

/** Source terms (as in ../shared/reference/official-figures.csv) and the metric each maps to. */
export const METRIC_TERMS: Readonly<Record<string, Metric>> = {
  coca_cultivation: "cultivation_ha",
  // UNODC's "cocaine HCl" and ONDCP's "pure cocaine" are both potential production of 100%-pure cocaine.
  potential_cocaine_hcl: "cocaine_t",
  potential_pure_cocaine: "cocaine_t",
  // UNODC Bolivia 2004-05 published only a "maximum potential production"; the term says it is an upper bound.
  potential_cocaine_hcl_max: "cocaine_t",
  potential_sun_dried_leaf: "leaf_t",
  sun_dried_leaf_yield: "leaf_yield_kg_ha",
  weighted_avg_sun_dried_leaf_yield: "leaf_yield_kg_ha",
  eradication: "eradication_ha",
  manual_eradication: "eradication_ha",
  aerial_spraying: "eradication_ha",
  eradication_rationalization: "eradication_ha",
  legal_limit: "legal_limit_ha",
  cultivation_above_legal_limit: "cultivation_above_limit_ha",
};

/** Unit spellings accepted for each canonical unit. */
const UNIT_ALIASES: Readonly<Record<string, readonly string[]>> = {
  ha: ["ha", "hectares", "hectare", "hectareas"],
  t: ["t", "metric_tons", "metric tons", "tonnes", "tons", "mt"],
  // Leaf yields are annual; UNODC Peru prints "kg/ha" for the same quantity.
  "kg/ha/yr": ["kg/ha/yr", "kg/ha/year", "kg/ha"],
};

/** The metric for a term: a vocabulary metric itself, or a known source term; undefined otherwise. */
export function resolveMetric(term: string): Metric | undefined {
  const t = term.trim();
  if (isMetric(t)) return t;
  return METRIC_TERMS[t.toLowerCase()];
}

/**
 * The canonical unit for `metric` when `unit` is one of its spellings.
 * @returns undefined when the unit does not fit the metric.
 */
export function resolveUnit(metric: Metric, unit: string): string | undefined {
  const canonical = METRIC_UNITS[metric];
  const u = unit.trim().toLowerCase();
  return (UNIT_ALIASES[canonical] ?? [canonical]).includes(u) ? canonical : undefined;
}
