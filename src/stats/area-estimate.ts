/**
 * @module stats/area-estimate
 * The result of every area-and-accuracy estimator (Olofsson closed form, Stehman
 * per-unit, post-stratified): one shape, so the CLI, the survey runner and the
 * API print and store them the same way. Rows of matrices are map classes,
 * columns reference classes. `null` marks a value that is undefined for the
 * sample (e.g. user's accuracy of a map class with no sample unit).
 */

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
  /** Normal interval `areaHa ± z·areaSeHa`, ha, as computed (a lower bound below 0 is kept and flagged). */
  areaCiHa: [number, number][];
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
  sampleCounts: number[][];
  strata: { id: string; sizeHa: number; sampleSize: number }[];
  z: number;
  confidence: number;
  fpc: boolean;
  warnings: string[];
}

const pct = (confidence: number): string => `${+(confidence * 100).toFixed(4)}%`;

/**
 * Turn proportions into hectares, add the normal intervals and the warnings that
 * apply to every estimator: a class never observed, a lower bound below 0, and a
 * zero-width interval around a proportion strictly between 0 and 1.
 */
export function finishEstimate(core: EstimateCore): AreaEstimate {
  const { z, totalAreaHa, classes } = core;
  const warnings = [...core.warnings];
  const areaHa = core.areaProportion.map((p) => p * totalAreaHa);
  const areaSeHa = core.areaProportionSe.map((s) => s * totalAreaHa);
  const areaCiHa = areaHa.map((a, k): [number, number] => [a - z * areaSeHa[k]!, a + z * areaSeHa[k]!]);
  const areaCiLowerBelowZero = areaCiHa.map(([lo]) => lo < 0);
  const sampleSize = core.strata.reduce((s, h) => s + h.sampleSize, 0);
  classes.forEach((name, k) => {
    const observed = core.sampleCounts.reduce((s, row) => s + row[k]!, 0);
    if (observed === 0) {
      warnings.push(
        `reference class "${name}" was never observed in the sample: its area is 0 (SE 0) and its producer's accuracy is undefined; ` +
          `with ${sampleSize} units this does not show the class is absent`,
      );
    } else if (core.areaProportionSe[k] === 0 && core.areaProportion[k]! > 0 && core.areaProportion[k]! < 1) {
      warnings.push(
        `the interval for the area of "${name}" has zero width: no stratum sample varies for this class ` +
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
  });
  const ci = (v: number | null, s: number | null): [number, number] | null =>
    v === null || s === null ? null : [v - z * s, v + z * s];
  return {
    estimator: core.estimator,
    classes,
    areaHa,
    areaSeHa,
    areaCiHa,
    areaCiLowerBelowZero,
    areaProportion: core.areaProportion,
    areaProportionSe: core.areaProportionSe,
    mappedAreaHa: core.mappedAreaHa,
    mappedAreaEstimated: core.mappedAreaEstimated,
    totalAreaHa,
    usersAccuracy: core.usersAccuracy,
    usersAccuracySe: core.usersAccuracySe,
    usersAccuracyCi: core.usersAccuracy.map((v, i) => ci(v, core.usersAccuracySe[i] ?? null)),
    producersAccuracy: core.producersAccuracy,
    producersAccuracySe: core.producersAccuracySe,
    producersAccuracyCi: core.producersAccuracy.map((v, i) => ci(v, core.producersAccuracySe[i] ?? null)),
    overallAccuracy: core.overallAccuracy,
    overallAccuracySe: core.overallAccuracySe,
    overallAccuracyCi: [core.overallAccuracy - z * core.overallAccuracySe, core.overallAccuracy + z * core.overallAccuracySe],
    errorMatrixProportions: core.errorMatrixProportions,
    sampleCounts: core.sampleCounts,
    strata: core.strata,
    sampleSize,
    z,
    confidence: core.confidence,
    fpc: core.fpc,
    warnings,
  };
}
