/**
 * @module production/figure-series
 * Picking series out of official figures: latest vintage per (country, region, year, metric, source),
 * and short citations.
 */
import type { Figure } from "../domain/figure.ts";

/** Keep the latest vintage (by `published`) of each (country, region, year, metric, source). */
export function latestVintages(figures: readonly Figure[]): Figure[] {
  const best = new Map<string, Figure>();
  for (const f of figures) {
    const key = `${f.country}|${f.region}|${f.year}|${f.metric}|${f.source}`;
    const prev = best.get(key);
    if (!prev || f.published > prev.published) best.set(key, f);
  }
  return [...best.values()];
}

/** Short citation of a figure: source, vintage and the citation text. */
export function citeFigure(f: Figure): string {
  return `${f.source} (published ${f.published}): ${f.citation}`;
}
