/**
 * @module production/methodology-breaks
 * Methodology breaks as data: when a source changes how it measures, a series is not one series.
 * The breaks themselves live in data/methodology-breaks.json (read by the loader).
 */
import type { Metric } from "../domain/figure.ts";

export interface MethodologyBreak {
  /** ISO alpha-3. */
  country: string;
  /** The source whose series breaks ("*" for every source of the country). */
  source: string;
  /** Metrics affected ("*" for all). */
  metrics: Metric[] | "*";
  /** First year measured the new way. */
  year: number;
  kind: "source-change" | "method-change" | "revision";
  description: string;
  citation: string;
}

/** The breaks that apply to one (country, source, metric) series, by year. */
export function breaksFor(breaks: readonly MethodologyBreak[], country: string, source: string, metric: Metric): MethodologyBreak[] {
  return breaks
    .filter((b) => b.country === country && (b.source === "*" || b.source === source) && (b.metrics === "*" || b.metrics.includes(metric)))
    .sort((a, b) => a.year - b.year);
}

/**
 * Split years at the breaks that fall inside them (a break at year Y separates Y-1 from Y).
 * Returns the breaks inside the span and the first year of the last segment.
 */
export function lastSegmentStart(years: readonly number[], breaks: readonly MethodologyBreak[]): { inside: MethodologyBreak[]; from: number } {
  if (years.length === 0) return { inside: [], from: -Infinity };
  const first = Math.min(...years);
  const last = Math.max(...years);
  const inside = breaks.filter((b) => b.year > first && b.year <= last && b.kind !== "revision");
  return { inside, from: inside.length === 0 ? first : Math.max(...inside.map((b) => b.year)) };
}
