/**
 * @module production/sensitivity
 * Which parameter drives the spread: a one-at-a-time tornado table (each uncertain parameter at its
 * 5th and 95th percentile, the others at their values) and first-order variance shares
 * S_i = Var(E[Y | X_i]) / Var(Y), estimated from the Monte Carlo draws by equal-probability binning of X_i
 * (Saltelli et al. 2008, Global Sensitivity Analysis, §1.2.5; the binned conditional-mean estimator).
 */
import { isFixed, parameterQuantile } from "./distribution.ts";
import { pointEstimate, type CompiledModel } from "./model.ts";

export interface TornadoRow {
  slot: string;
  label: string;
  unit: string;
  /** Parameter at its 5th and 95th percentile. */
  low: number;
  high: number;
  /** Cocaine (t) with the parameter at low / high and everything else at its value. */
  cocaineTAtLow: number;
  cocaineTAtHigh: number;
  /** |high - low| in tonnes of cocaine. */
  swingT: number;
}

export interface VarianceShare {
  slot: string;
  label: string;
  /** First-order share of the variance of cocaineT, 0..1. */
  share: number;
}

export interface Sensitivity {
  output: "cocaineT";
  tornado: TornadoRow[];
  firstOrder: VarianceShare[];
  /** 1 - sum of first-order shares: the part due to interactions (and estimator noise). */
  interactionShare: number;
  bins: number;
}

/** The tornado table, largest swing first. Fixed parameters are left out. */
export function tornado(model: CompiledModel, { pLow = 0.05, pHigh = 0.95 } = {}): TornadoRow[] {
  const rows: TornadoRow[] = [];
  model.slots.forEach((slot, i) => {
    if (isFixed(slot.parameter)) return;
    const low = parameterQuantile(slot.parameter, pLow);
    const high = parameterQuantile(slot.parameter, pHigh);
    const atLow = pointEstimate(model, new Map([[i, low]])).cocaineT;
    const atHigh = pointEstimate(model, new Map([[i, high]])).cocaineT;
    rows.push({
      slot: slot.id,
      label: slot.label,
      unit: slot.parameter.unit,
      low,
      high,
      cocaineTAtLow: atLow,
      cocaineTAtHigh: atHigh,
      swingT: Math.abs(atHigh - atLow),
    });
  });
  return rows.sort((a, b) => b.swingT - a.swingT);
}

/** First-order variance shares of `y` with respect to each uncertain slot's draws. */
export function firstOrderShares(model: CompiledModel, columns: readonly Float64Array[], y: Float64Array, bins = 50): VarianceShare[] {
  const n = y.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i]!;
  mean /= n;
  let total = 0;
  for (let i = 0; i < n; i++) total += (y[i]! - mean) ** 2;
  total /= n;
  const shares: VarianceShare[] = [];
  const binSum = new Float64Array(bins);
  const binCount = new Float64Array(bins);
  model.slots.forEach((slot, s) => {
    if (isFixed(slot.parameter)) return;
    if (total === 0) {
      shares.push({ slot: slot.id, label: slot.label, share: 0 });
      return;
    }
    const x = columns[s]!;
    // Interior bin edges at the 1/bins, 2/bins, ... quantiles of the parameter's distribution: bins of
    // (nearly, under truncation) equal probability without sorting the draws.
    const edges = new Float64Array(bins - 1);
    for (let b = 1; b < bins; b++) edges[b - 1] = parameterQuantile(slot.parameter, b / bins);
    binSum.fill(0);
    binCount.fill(0);
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      let lo = 0;
      let hi = bins - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (v < edges[mid]!) hi = mid;
        else lo = mid + 1;
      }
      binSum[lo]! += y[i]!;
      binCount[lo]!++;
    }
    let between = 0;
    for (let b = 0; b < bins; b++) {
      if (binCount[b]! === 0) continue;
      const m = binSum[b]! / binCount[b]!;
      between += binCount[b]! * (m - mean) ** 2;
    }
    shares.push({ slot: slot.id, label: slot.label, share: Math.min(1, between / n / total) });
  });
  return shares.sort((a, b) => b.share - a.share);
}

/** Tornado and first-order shares together. */
export function sensitivity(model: CompiledModel, columns: readonly Float64Array[], cocaineT: Float64Array, bins = 50): Sensitivity {
  const firstOrder = firstOrderShares(model, columns, cocaineT, bins);
  const sum = firstOrder.reduce((acc, s) => acc + s.share, 0);
  return { output: "cocaineT", tornado: tornado(model), firstOrder, interactionShare: firstOrder.length === 0 ? 0 : Math.max(0, 1 - sum), bins };
}
