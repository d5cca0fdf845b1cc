/**
 * @module stats/area-estimate
 * The result of every area-and-accuracy estimator (Olofsson closed form, Stehman
 * per-unit, post-stratified): one shape, so the CLI, the survey runner and the
 * API print and store them the same way. Rows of matrices are map classes,
 * columns reference classes. `null` marks a value that is undefined for the
 * sample (e.g. user's accuracy of a map class with no sample unit).
 */

import { createRandom } from "./random.ts";
import { DEFAULT_INTERVAL, ratioInterval, stratifiedProportionInterval, wilsonInterval, type IntervalMethod, type StratumCount } from "./interval-method.ts";

/** Which estimator produced an estimate. */
export type AreaEstimator = "olofsson" | "stehman" | "post-stratified" | "simple-random";

export interface AreaEstimate {
  estimator: AreaEstimator;
  /** Class labels, in the order of every per-class array below. */
  classes: string[];
  /** Estimated area of each reference class, ha (proportion × total area). */
  areaHa: number[];
  /** Standard error of `areaHa`, ha. */
  areaSeHa: number[];
  /**
   * Interval for `areaHa`, ha, by `interval` (default: the stratified score interval, within [0, total]);
   * with `interval: "normal"`, `areaHa ± z·areaSeHa` as computed (a lower bound below 0 is kept and flagged).
   */
  areaCiHa: [number, number][];
  /** The interval procedure of every interval (stats/interval-method.ts). */
  interval: IntervalMethod;
  /** True where the interval's lower bound is below 0 (rare classes); see `warnings`. */
  areaCiLowerBelowZero: boolean[];
  /** Estimated proportion of the total area in each reference class. */
  areaProportion: number[];
  /** Standard error of `areaProportion`. */
  areaProportionSe: number[];
  /** Mapped area of each map class, ha (known from the frame, or estimated when strata differ from map classes). */
  mappedAreaHa: number[];
  /** True when `mappedAreaHa` is a sample estimate rather than a count of the map. */
  mappedAreaEstimated: boolean;
  /** Total area of the frame, ha. */
  totalAreaHa: number;
  /** User's accuracy of each map class (probability that a pixel mapped as i is i on the ground). */
  usersAccuracy: (number | null)[];
  usersAccuracySe: (number | null)[];
  usersAccuracyCi: ([number, number] | null)[];
  /** Producer's accuracy of each reference class (probability that class j on the ground is mapped as j). */
  producersAccuracy: (number | null)[];
  producersAccuracySe: (number | null)[];
  producersAccuracyCi: ([number, number] | null)[];
  overallAccuracy: number;
  overallAccuracySe: number;
  overallAccuracyCi: [number, number];
  /** Estimated error matrix in proportions of total area: rows map class, columns reference class. */
  errorMatrixProportions: number[][];
  /** Standard error of each cell of `errorMatrixProportions`. */
  errorMatrixProportionsSe: number[][];
  /**
   * Strata whose sample holds fewer than 5 units of a class while the stratum could hold a material share of it
   * (W_h times the upper Wilson bound of its stratum proportion is at least 10% of the class's estimate): the
   * normal interval is unreliable there (see `warnings`). Empty when none.
   */
  smallCounts: SmallCount[];
  /** Sample counts n_ij: rows map class, columns reference class. */
  sampleCounts: number[][];
  /** Sample units per stratum, in the order of `strata`. */
  strata: { id: string; sizeHa: number; sampleSize: number }[];
  /** Total number of sample units used. */
  sampleSize: number;
  /** The z multiplier used for every interval, and the confidence level it stands for. */
  z: number;
  confidence: number;
  /** Whether the finite-population correction (1 − n_h/N_h) was applied. */
  fpc: boolean;
  /** Everything a reader must know before trusting a number: degenerate strata, unobserved classes, negative bounds. */
  warnings: string[];
}

/** A stratum whose sample holds too few units of a class for a normal interval. */
export interface SmallCount {
  class: string;
  stratum: string;
  /** Units of the class in the stratum's sample. */
  count: number;
  sampleSize: number;
  /** W_h × the upper Wilson bound of the stratum's proportion of the class, as a share of the class's estimate. */
  possibleShareOfEstimate: number;
}

/** Fewer units than this of a class in a stratum's sample and the normal approximation for that stratum is poor (n·p ≥ 5 rule). */
export const SMALL_COUNT = 5;
/** A stratum whose plausible contribution is at least this share of the estimate makes a small count matter. */
const MATERIAL_SHARE = 0.1;

/** Per-stratum cell counts for the interval procedures: weight W_h = N_h/N, n_h, 1 − f_h, counts[i·q + j] (map i, reference j). */
export interface StratumCells {
  id: string;
  weight: number;
  n: number;
  fpcFactor: number;
  counts: ArrayLike<number>;
}

/** Per-class pieces every estimator computes; `finishEstimate` adds intervals, flags and the generic warnings. */
export interface EstimateCore {
  estimator: AreaEstimator;
  classes: string[];
  totalAreaHa: number;
  areaProportion: number[];
  areaProportionSe: number[];
  mappedAreaHa: number[];
  mappedAreaEstimated: boolean;
  usersAccuracy: (number | null)[];
  usersAccuracySe: (number | null)[];
  producersAccuracy: (number | null)[];
  producersAccuracySe: (number | null)[];
  overallAccuracy: number;
  overallAccuracySe: number;
  errorMatrixProportions: number[][];
  errorMatrixProportionsSe: number[][];
  sampleCounts: number[][];
  strata: { id: string; sizeHa: number; sampleSize: number }[];
  /** The per-stratum counts behind the estimate; without them only the normal interval can be given. */
  strataCells?: StratumCells[];
  /** Interval procedure (default DEFAULT_INTERVAL). */
  interval?: IntervalMethod;
  /** Classes whose small-count strata are warned about (default: every class). */
  targetClasses?: readonly string[];
  z: number;
  confidence: number;
  fpc: boolean;
  warnings: string[];
}

const pct = (confidence: number): string => `${+(confidence * 100).toFixed(4)}%`;

/**
 * Turn proportions into hectares, add the intervals (by `core.interval`) and the
 * warnings that apply to every estimator: a class never observed, a lower bound
 * below 0 (normal interval), a zero-width interval, an SE of 0 from a sample in
 * which every unit agreed, and strata with too few units of a class.
 */
export function finishEstimate(core: EstimateCore): AreaEstimate {
  const { z, totalAreaHa, classes } = core;
  const q = classes.length;
  const cells = core.strataCells;
  const method: IntervalMethod = cells ? (core.interval ?? DEFAULT_INTERVAL) : "normal";
  const random = method === "bootstrap" ? createRandom(0x5eed) : undefined;
  const warnings = [...core.warnings];
  const areaHa = core.areaProportion.map((p) => p * totalAreaHa);
  const areaSeHa = core.areaProportionSe.map((s) => s * totalAreaHa);
  const strataFor = (count: (c: StratumCells) => number): StratumCount[] =>
    cells!.map((c) => ({ weight: c.weight, n: c.n, fpcFactor: c.fpcFactor, count: count(c) }));
  const refCount = (c: StratumCells, k: number): number => {
    let t = 0;
    for (let i = 0; i < q; i++) t += c.counts[i * q + k]!;
    return t;
  };
  const opts = { z, confidence: core.confidence, random };
  const areaCiHa = areaHa.map((a, k): [number, number] => {
    if (method === "normal") return [a - z * areaSeHa[k]!, a + z * areaSeHa[k]!];
    const [lo, hi] = stratifiedProportionInterval(
      method,
      strataFor((c) => refCount(c, k)),
      opts,
    ).ci;
    return [lo * totalAreaHa, hi * totalAreaHa];
  });
  const areaCiLowerBelowZero = areaCiHa.map(([lo]) => lo < 0);
  const sampleSize = core.strata.reduce((s, h) => s + h.sampleSize, 0);
  const targets = new Set(core.targetClasses ?? classes);
  const smallCounts: SmallCount[] = [];
  classes.forEach((name, k) => {
    const observed = core.sampleCounts.reduce((s, row) => s + row[k]!, 0);
    if (observed === 0) {
      warnings.push(
        `reference class "${name}" was never observed in the sample: its area is 0 (SE 0) and its producer's accuracy is undefined; ` +
          `with ${sampleSize} units this does not show the class is absent` +
          (method === "normal" ? "" : ` (the ${method} interval's upper bound, ${areaCiHa[k]![1].toFixed(2)} ha, says how much could be missed)`),
      );
    } else if (core.areaProportionSe[k] === 0 && core.areaProportion[k]! > 0 && core.areaProportion[k]! < 1) {
      warnings.push(
        `the SE of the area of "${name}" is 0 (a zero width for the normal interval): no stratum sample varies for this class ` +
          `(pure strata or strata with one unit), so the SE is not a measure of its uncertainty`,
      );
    }
    if (areaCiLowerBelowZero[k]) {
      warnings.push(
        `the ${pct(core.confidence)} interval for the area of "${name}" has a lower bound below 0 ` +
          `(${areaCiHa[k]![0].toFixed(2)} ha): reported as computed, not truncated; the area cannot be negative, ` +
          `so read it as [0, ${areaCiHa[k]![1].toFixed(2)}] ha and note that the normal approximation is poor here`,
      );
    }
    if (cells && targets.has(name) && core.areaProportion[k]! > 0) {
      const found: SmallCount[] = [];
      for (const c of cells) {
        const count = refCount(c, k);
        if (c.n === 0 || count >= SMALL_COUNT) continue;
        const share = (c.weight * wilsonInterval(count / c.n, c.n, z)[1]) / core.areaProportion[k]!;
        if (share >= MATERIAL_SHARE) found.push({ class: name, stratum: c.id, count, sampleSize: c.n, possibleShareOfEstimate: share });
      }
      if (found.length > 0) {
        smallCounts.push(...found);
        warnings.push(
          `"${name}": ${found.length === 1 ? "stratum" : "strata"} ${found.map((f) => `"${f.stratum}" (${f.count} of ${f.sampleSize} units, could hold ${(f.possibleShareOfEstimate * 100).toFixed(0)}% of the estimate)`).join(", ")} ` +
            `hold fewer than ${SMALL_COUNT} sample units of the class while by size each could hold 10% or more of its estimate: ` +
            `a stratum's variance from so few units is mostly 0 or too small, so the normal interval understates the uncertainty (most often too low)` +
            `${method === "normal" ? "; use the score interval" : `; the ${method} interval allows for it`}. ` +
            `Allocate more units there (coca area design --anticipated suggests how many) or split off the likely ${name} (a buffer stratum)`,
        );
      }
    }
  });
  const zeroSe = (what: string, v: (number | null)[], se: (number | null)[], domain: (i: number) => number): void => {
    v.forEach((r, i) => {
      if (r !== null && se[i] === 0 && domain(i) > 0 && targets.has(classes[i]!)) {
        warnings.push(
          `${what} of "${classes[i]}" is ${r.toFixed(3)} with an SE of 0: ${r === 1 ? "every one" : "none"} of its ${domain(i)} sample units was correct, ` +
            `which a small sample shows often; it is not certainty (interval ${method === "normal" ? "not informative" : "from Wilson's score"})`,
        );
      }
    });
  };
  const uaUnits = (i: number): number => core.sampleCounts[i]!.reduce((a, b) => a + b, 0);
  const paUnits = (j: number): number => core.sampleCounts.reduce((a, row) => a + row[j]!, 0);
  zeroSe("the user's accuracy", core.usersAccuracy, core.usersAccuracySe, uaUnits);
  zeroSe("the producer's accuracy", core.producersAccuracy, core.producersAccuracySe, paUnits);
  const ratioCi = (v: number | null, s: number | null, units: number): [number, number] | null =>
    v === null || s === null ? null : ratioInterval(method === "bootstrap" ? "score" : method, v, s, units, z);
  const oaCi: [number, number] =
    method === "normal"
      ? [Math.max(0, core.overallAccuracy - z * core.overallAccuracySe), Math.min(1, core.overallAccuracy + z * core.overallAccuracySe)]
      : stratifiedProportionInterval(
          method,
          strataFor((c) => {
            let t = 0;
            for (let i = 0; i < q; i++) t += c.counts[i * q + i]!;
            return t;
          }),
          opts,
        ).ci;
  return {
    estimator: core.estimator,
    classes,
    areaHa,
    areaSeHa,
    areaCiHa,
    interval: method,
    areaCiLowerBelowZero,
    areaProportion: core.areaProportion,
    areaProportionSe: core.areaProportionSe,
    mappedAreaHa: core.mappedAreaHa,
    mappedAreaEstimated: core.mappedAreaEstimated,
    totalAreaHa,
    usersAccuracy: core.usersAccuracy,
    usersAccuracySe: core.usersAccuracySe,
    usersAccuracyCi: core.usersAccuracy.map((v, i) => ratioCi(v, core.usersAccuracySe[i] ?? null, uaUnits(i))),
    producersAccuracy: core.producersAccuracy,
    producersAccuracySe: core.producersAccuracySe,
    producersAccuracyCi: core.producersAccuracy.map((v, i) => ratioCi(v, core.producersAccuracySe[i] ?? null, paUnits(i))),
    overallAccuracy: core.overallAccuracy,
    overallAccuracySe: core.overallAccuracySe,
    overallAccuracyCi: oaCi,
    errorMatrixProportions: core.errorMatrixProportions,
    errorMatrixProportionsSe: core.errorMatrixProportionsSe,
    sampleCounts: core.sampleCounts,
    strata: core.strata,
    smallCounts,
    sampleSize,
    z,
    confidence: core.confidence,
    fpc: core.fpc,
    warnings,
  };
}
