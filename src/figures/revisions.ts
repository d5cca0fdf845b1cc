/**
 * @module figures/revisions
 * Revisions: a figure (country, region, year, metric, source, source term) published again with a
 * different value. Pure: works on the vintages the store returns.
 */
import type { Figure, Metric } from "../domain/figure.ts";

export interface VintageValue {
  value: number;
  published: string;
  citation: string;
}

export interface Revision {
  country: string;
  region: string;
  year: number;
  metric: Metric;
  unit: string;
  source: string;
  sourceTerm: string;
  from: VintageValue;
  to: VintageValue;
  /** to.value - from.value, in `unit`. */
  change: number;
  /** change / from.value (null when from.value is 0). */
  relativeChange: number | null;
}

/** The identity of a figure across vintages. */
export function identityKey(f: Figure): string {
  return JSON.stringify([f.country, f.region, f.year, f.metric, f.source, f.sourceTerm]);
}

/**
 * Every change of value between consecutive vintages of the same figure.
 * A vintage that repeats the previous value is not a revision.
 * @returns revisions sorted by country, metric, year, source, then vintage.
 */
export function detectRevisions(figures: readonly Figure[]): Revision[] {
  const groups = new Map<string, Figure[]>();
  for (const f of figures) {
    const key = identityKey(f);
    const group = groups.get(key);
    if (group) group.push(f);
    else groups.set(key, [f]);
  }
  const out: Revision[] = [];
  for (const group of groups.values()) {
    const sorted = [...group].sort((a, b) => (a.published < b.published ? -1 : a.published > b.published ? 1 : 0));
    for (let i = 1; i < sorted.length; i++) {
      const prev = sorted[i - 1]!;
      const next = sorted[i]!;
      if (prev.value === next.value) continue;
      const change = next.value - prev.value;
      out.push({
        country: next.country,
        region: next.region,
        year: next.year,
        metric: next.metric,
        unit: next.unit,
        source: next.source,
        sourceTerm: next.sourceTerm,
        from: { value: prev.value, published: prev.published, citation: prev.citation },
        to: { value: next.value, published: next.published, citation: next.citation },
        change,
        relativeChange: prev.value === 0 ? null : change / prev.value,
      });
    }
  }
  return out.sort(
    (a, b) =>
      a.country.localeCompare(b.country) ||
      a.metric.localeCompare(b.metric) ||
      a.region.localeCompare(b.region) ||
      a.year - b.year ||
      a.source.localeCompare(b.source) ||
      a.to.published.localeCompare(b.to.published),
  );
}
