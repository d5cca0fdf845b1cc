/**
 * @module production/figure-series
 * Picking series out of official figures: latest vintage per (country, region, year, metric, source),
 * and short citations.
 */
import type { Figure, Metric } from "../domain/figure.ts";

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

export interface SeriesPoint {
  year: number;
  value: number;
  figure: Figure;
}

/** One source's national (or one region's) series of a metric, latest vintages, by year. */
export function seriesOf(
  figures: readonly Figure[],
  { country, metric, source, region = "national" }: { country: string; metric: Metric; source: string; region?: string },
): SeriesPoint[] {
  return latestVintages(figures.filter((f) => f.country === country && f.metric === metric && f.source === source && f.region === region))
    .map((figure) => ({ year: figure.year, value: figure.value, figure }))
    .sort((a, b) => a.year - b.year);
}

/** Short citation of a figure: source, vintage and the citation text. */
export function citeFigure(f: Figure): string {
  return `${f.source} (published ${f.published}): ${f.citation}`;
}
