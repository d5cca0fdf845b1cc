/**
 * @module production/draw-summary
 * Summaries of Monte Carlo draws: mean, median, 90% and 95% intervals, and a histogram for plotting.
 */
import type { Histogram } from "../domain/histogram.ts";
import { quantilesInRange } from "./select.ts";

export type { Histogram };

export interface DrawSummary {
  unit: string;
  draws: number;
  mean: number;
  sd: number;
  median: number;
  /** Equal-tailed 90% interval [5th, 95th percentile]. */
  ci90: [number, number];
  /** Equal-tailed 95% interval [2.5th, 97.5th percentile]. */
  ci95: [number, number];
  min: number;
  max: number;
  histogram: Histogram;
}

/** Quantile of sorted data, linear interpolation between order statistics (Hyndman & Fan type 7, numpy's default). */
export function sortedQuantile(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * Summarise draws (not modified). Sums use Neumaier compensation so large draw counts do not drift.
 * `scratch` (a Float64Array at least as long as `values`) is reused for the order statistics.
 */
export function summarizeDraws(values: Float64Array, { unit, bins = 40, scratch }: { unit: string; bins?: number; scratch?: Float64Array }): DrawSummary {
  const n = values.length;
  if (n === 0) throw new RangeError("cannot summarise zero draws");
  let sum = 0;
  let comp = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
    const t = sum + v;
    comp += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  const mean = (sum + comp) / n;
  // Order statistics by bucket counts and selection within the buckets (O(n)), not a full sort.
  const [q025, q05, q50, q95, q975] = quantilesInRange(values, [0.025, 0.05, 0.5, 0.95, 0.975], min, max, scratch) as [number, number, number, number, number];
  const binEdges: number[] = [];
  const counts = new Array<number>(bins).fill(0);
  const width = (max - min) / bins;
  for (let b = 0; b <= bins; b++) binEdges.push(min + b * width);
  // One pass for the squared deviations and the histogram.
  let ss = 0;
  if (width > 0) {
    const scale = bins / (max - min);
    const binCounts = new Float64Array(bins);
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      const d = v - mean;
      ss += d * d;
      let b = Math.floor((v - min) * scale);
      if (b >= bins) b = bins - 1;
      binCounts[b]!++;
    }
    for (let b = 0; b < bins; b++) counts[b] = binCounts[b]!;
  } else {
    for (let i = 0; i < n; i++) {
      const d = values[i]! - mean;
      ss += d * d;
    }
    counts[0] = n;
  }
  return {
    unit,
    draws: n,
    mean,
    sd: n > 1 ? Math.sqrt(ss / (n - 1)) : 0,
    median: q50,
    ci90: [q05, q95],
    ci95: [q025, q975],
    min,
    max,
    histogram: { binEdges, counts },
  };
}
