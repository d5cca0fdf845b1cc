/**
 * @module stats/interval-method
 * Confidence intervals for stratified proportions (area shares, overall
 * accuracy) and for ratios (user's and producer's accuracy), by several
 * procedures. The point estimate and its SE are the same for all of them; only
 * the interval differs.
 *
 * - `score` (the default): the stratified score interval, Wilson's interval
 *   generalised to strata. For a hypothesised proportion p0 the stratum
 *   proportions p̃_h(p0) are the maximum-likelihood values under the constraint
 *   Σ W_h p̃_h = p0, and p0 is inside the interval when
 *   (p̂ − p0)² ≤ z² Σ W_h² f_h p̃_h(1 − p̃_h)/n_h. With one stratum it is Wilson's
 *   interval. It keeps its coverage where a large stratum is expected to hold
 *   only a few units of the class: a stratum whose sample shows none still
 *   contributes variance for values of p0 above the estimate (bench/interval-coverage.ts).
 * - `t`: p̂ ± t·SE with Satterthwaite's effective degrees of freedom
 *   (Satterthwaite 1946; Cochran 1977 eq. 5.16).
 * - `normal`: p̂ ± z·SE, the published tables' interval (Olofsson et al. 2013, 2014).
 * - `bootstrap`: percentile interval of a stratified bootstrap (counts redrawn
 *   within strata); a candidate compared in the benchmark, needs a `Random`.
 *
 * Ratios use Wilson's interval with the effective sample size r(1 − r)/SE²
 * (Korn & Graubard 1998) under `score` and `t`, and the clipped normal interval
 * under `normal`; every interval for a proportion lies within [0, 1].
 */
import { InputError } from "../domain/errors.ts";
import { studentTQuantile } from "../production/special-functions.ts";
import type { Random } from "./random.ts";

export const INTERVAL_METHODS = ["score", "t", "normal", "bootstrap"] as const;
export type IntervalMethod = (typeof INTERVAL_METHODS)[number];
/** The default interval procedure (chosen by the coverage benchmark; docs/area-estimation.md). */
export const DEFAULT_INTERVAL: IntervalMethod = "score";

/** One stratum's sample of an indicator: weight W_h = N_h/N, n_h units of which `count` have the indicator. */
export interface StratumCount {
  weight: number;
  n: number;
  count: number;
  /** 1 − n_h/N_h with the finite-population correction, else 1. */
  fpcFactor: number;
}

export interface ProportionInterval {
  ci: [number, number];
  /** Satterthwaite's effective degrees of freedom (method `t`). */
  df?: number;
}

export interface IntervalOptions {
  z: number;
  confidence: number;
  /** Needed for `bootstrap`. */
  random?: Random;
  /** Bootstrap replicates (default 999). */
  replicates?: number;
}

/** The estimate Σ W_h c_h/n_h and its variance Σ W_h² f_h s²_h/n_h (s² with divisor n_h − 1). */
export function stratifiedProportion(strata: readonly StratumCount[]): { p: number; variance: number } {
  let p = 0;
  let v = 0;
  for (const s of strata) {
    if (s.n === 0) continue;
    const ph = s.count / s.n;
    p += s.weight * ph;
    if (s.n > 1) v += (s.weight * s.weight * s.fpcFactor * (s.count - s.count * ph)) / (s.n - 1) / s.n;
  }
  return { p, variance: v };
}

/** Satterthwaite's effective degrees of freedom of Σ a_h s²_h; Infinity when the variance is 0. */
export function satterthwaiteDf(strata: readonly StratumCount[]): number {
  let num = 0;
  let den = 0;
  for (const s of strata) {
    if (s.n < 2) continue;
    const v = (s.weight * s.weight * s.fpcFactor * (s.count - (s.count * s.count) / s.n)) / (s.n - 1) / s.n;
    num += v;
    den += (v * v) / (s.n - 1);
  }
  return den > 0 ? (num * num) / den : Infinity;
}

/** The interval for a stratified proportion by `method`. */
export function stratifiedProportionInterval(method: IntervalMethod, strata: readonly StratumCount[], opts: IntervalOptions): ProportionInterval {
  const { p, variance } = stratifiedProportion(strata);
  const se = Math.sqrt(variance);
  switch (method) {
    case "normal":
      return { ci: [p - opts.z * se, p + opts.z * se] };
    case "t": {
      const df = satterthwaiteDf(strata);
      const t = Number.isFinite(df) ? studentTQuantile(0.5 + opts.confidence / 2, Math.max(df, 1)) : opts.z;
      return { ci: [p - t * se, p + t * se], df };
    }
    case "score":
      return { ci: scoreInterval(strata, p, opts.z) };
    case "bootstrap":
      return { ci: bootstrapInterval(strata, opts) };
  }
}

/**
 * Stratum proportions maximising the binomial likelihood subject to Σ W_h p_h = p0:
 * stationarity gives n_h(p̂_h − p_h) = λ W_h p_h(1 − p_h) per stratum, a quadratic
 * in p_h for each λ; λ is found by bisection (Σ W_h p_h(λ) falls as λ rises).
 */
export function constrainedProportions(strata: readonly StratumCount[], p0: number): number[] {
  const at = (lambda: number): number[] => strata.map((s) => stratumRoot(s, lambda));
  const total = (ps: number[]): number => ps.reduce((a, ph, h) => a + strata[h]!.weight * ph, 0);
  let lo = -1;
  let hi = 1;
  while (total(at(lo)) < p0 && lo > -1e15) lo *= 2;
  while (total(at(hi)) > p0 && hi < 1e15) hi *= 2;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (total(at(mid)) > p0) lo = mid;
    else hi = mid;
    if (hi - lo <= 1e-12 * Math.max(1, Math.abs(mid))) break;
  }
  return at((lo + hi) / 2);
}

function stratumRoot(s: StratumCount, lambda: number): number {
  if (s.n === 0) return 0;
  const n = s.n;
  const ph = s.count / n;
  const a = lambda * s.weight;
  if (a === 0) return ph;
  const d = Math.sqrt(Math.max(0, (a + n) * (a + n) - 4 * a * n * ph));
  // The root in [0, 1], written to avoid cancellation.
  if (a + n > 0) return (2 * n * ph) / (a + n + d);
  return (-(a + n) + d) / (-2 * a);
}

function scoreVariance(strata: readonly StratumCount[], p0: number): number {
  const ps = constrainedProportions(strata, p0);
  let v = 0;
  strata.forEach((s, h) => {
    if (s.n === 0) return;
    const ph = ps[h]!;
    v += (s.weight * s.weight * s.fpcFactor * ph * (1 - ph)) / s.n;
  });
  return v;
}

function scoreInterval(strata: readonly StratumCount[], p: number, z: number): [number, number] {
  const totalWeight = strata.reduce((a, s) => a + (s.n > 0 ? s.weight : 0), 0);
  const inside = (p0: number): boolean => (p - p0) ** 2 <= z * z * scoreVariance(strata, p0);
  const bound = (from: number, to: number): number => {
    if (inside(to)) return to;
    let a = from;
    let b = to;
    for (let i = 0; i < 60; i++) {
      const mid = (a + b) / 2;
      if (inside(mid)) a = mid;
      else b = mid;
    }
    return a;
  };
  return [bound(p, 0), bound(p, totalWeight)];
}

function bootstrapInterval(strata: readonly StratumCount[], opts: IntervalOptions): [number, number] {
  if (!opts.random) throw new InputError("the bootstrap interval needs a seeded random source", { field: "interval" });
  const reps = opts.replicates ?? 999;
  const values = new Float64Array(reps);
  for (let b = 0; b < reps; b++) {
    let p = 0;
    for (const s of strata) {
      if (s.n === 0) continue;
      const ph = s.count / s.n;
      let c = 0;
      if (ph > 0 && ph < 1) for (let k = 0; k < s.n; k++) if (opts.random.next() < ph) c++;
      if (ph === 1) c = s.n;
      p += (s.weight * c) / s.n;
    }
    values[b] = p;
  }
  values.sort();
  const alpha = (1 - opts.confidence) / 2;
  const at = (q: number): number => values[Math.min(reps - 1, Math.max(0, Math.round(q * (reps + 1)) - 1))]!;
  return [at(alpha), at(1 - alpha)];
}

/** Wilson's interval for a proportion r from an effective sample size. */
export function wilsonInterval(r: number, nEff: number, z: number): [number, number] {
  if (!(nEff > 0)) return [0, 1];
  const z2 = z * z;
  const centre = (r + z2 / (2 * nEff)) / (1 + z2 / nEff);
  const half = (z / (1 + z2 / nEff)) * Math.sqrt((r * (1 - r)) / nEff + z2 / (4 * nEff * nEff));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/**
 * Interval for a ratio estimate r with standard error se (user's or producer's
 * accuracy), from `domainUnits` sample units in its denominator.
 */
export function ratioInterval(method: IntervalMethod, r: number, se: number, domainUnits: number, z: number): [number, number] {
  if (method === "normal") return [Math.max(0, r - z * se), Math.min(1, r + z * se)];
  const nEff = se > 0 && r > 0 && r < 1 ? Math.min(domainUnits, (r * (1 - r)) / (se * se)) : domainUnits;
  return wilsonInterval(r, nEff, z);
}

/** Parse an interval method name (CLI and API). */
export function parseIntervalMethod(text: string): IntervalMethod {
  if ((INTERVAL_METHODS as readonly string[]).includes(text)) return text as IntervalMethod;
  throw new InputError(`unknown interval method "${text}" (expected ${INTERVAL_METHODS.join(", ")})`, { field: "interval" });
}
