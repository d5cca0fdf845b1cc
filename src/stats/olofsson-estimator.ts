/**
 * @module stats/olofsson-estimator
 * Closed-form area and accuracy estimators for stratified random sampling with
 * strata = map classes, from an error matrix of sample counts.
 *
 * Olofsson P., Foody G.M., Stehman S.V., Woodcock C.E. (2013) Making better use
 * of accuracy data in land change studies. Remote Sens. Environ. 129:122-131
 * (eqs. 9-10, 12); Olofsson P. et al. (2014) Good practices for estimating area
 * and assessing accuracy of land change. Remote Sens. Environ. 148:42-57
 * (eqs. 4-7, 9-11); after Cochran (1977) Sampling Techniques, ch. 5.
 * The per-unit estimator (stratified-estimator.ts) gives the same numbers for
 * the same sample; this is the fast path and the cross-check.
 */
import { InputError } from "../domain/errors.ts";
import { finishEstimate, type AreaEstimate } from "./area-estimate.ts";
import { resolveInterval } from "./confidence.ts";
import type { IntervalMethod } from "./interval-method.ts";

export interface ErrorMatrixInput {
  /** Legend: rows (map classes = strata) and columns (reference classes) of `sampleCounts`. */
  classes: readonly string[];
  /** Mapped area of each map class, ha (the stratum sizes). */
  mappedAreaHa: readonly number[];
  /** Sample counts n_ij: rows map class, columns reference class. */
  sampleCounts: readonly (readonly number[])[];
  /** Mapped size of each class in sampling units (pixels); needed only for the finite-population correction. */
  mappedAreaUnits?: readonly number[];
  confidence?: number;
  z?: number;
  /** Apply 1 − n_i/N_i to each stratum's variance term. Default false (as in Olofsson et al.). */
  fpc?: boolean;
  /** Interval procedure (default: the stratified score interval; "normal" reproduces the published ± z·SE intervals). */
  interval?: IntervalMethod;
  /** Classes whose strata with too few units are warned about (default: every class). */
  targetClasses?: readonly string[];
}

/**
 * Area of each reference class with SE and interval, user's, producer's and
 * overall accuracy with SEs, and the error matrix in area proportions.
 *
 * p̂_ij = W_i n_ij / n_i·;  Â_k = A · Σ_i p̂_ik;
 * S(p̂·k) = sqrt(Σ_i W_i² (n_ik/n_i·)(1 − n_ik/n_i·)/(n_i· − 1))   (2013 eq. 12; 2014 eq. 10)
 * V̂(Ô) = Σ_i W_i² Û_i(1 − Û_i)/(n_i· − 1);  V̂(Û_i) = Û_i(1 − Û_i)/(n_i· − 1)   (2014 eqs. 5-6)
 * V̂(P̂_j) = N̂·j⁻² [N_j·² (1 − P̂_j)² Û_j(1 − Û_j)/(n_j· − 1)
 *           + P̂_j² Σ_{i≠j} N_i·² (n_ij/n_i·)(1 − n_ij/n_i·)/(n_i· − 1)]   (2014 eq. 7)
 *
 * @example
 * estimateFromErrorMatrix({classes: ["coca", "other"], mappedAreaHa: [1200, 98800],
 *   sampleCounts: [[80, 20], [3, 297]]}).areaHa
 */
export function estimateFromErrorMatrix(input: ErrorMatrixInput): AreaEstimate {
  const { classes, mappedAreaHa, sampleCounts } = input;
  const q = classes.length;
  const fpc = input.fpc ?? false;
  const { z, confidence } = resolveInterval({ confidence: input.confidence, z: input.z });
  if (q === 0) throw new InputError("the legend is empty", { field: "classes" });
  if (new Set(classes).size !== q) throw new InputError("the legend has a repeated class", { field: "classes" });
  if (mappedAreaHa.length !== q) {
    throw new InputError(`mapped areas have ${mappedAreaHa.length} entries for ${q} classes`, { field: "mapped_area_ha" });
  }
  if (sampleCounts.length !== q || sampleCounts.some((row) => row.length !== q)) {
    throw new InputError(`the sample count matrix must be ${q} × ${q} (rows map class, columns reference class)`, { field: "sample_counts" });
  }
  for (const [i, row] of sampleCounts.entries()) {
    for (const [j, c] of row.entries()) {
      if (!(Number.isInteger(c) && c >= 0)) {
        throw new InputError(`sample count [${i}][${j}] must be a whole number >= 0, got ${c}`, { field: "sample_counts" });
      }
    }
  }
  mappedAreaHa.forEach((a, i) => {
    if (!(a >= 0) || !Number.isFinite(a)) throw new InputError(`mapped area of "${classes[i]}" must be >= 0 ha, got ${a}`, { field: "mapped_area_ha" });
  });
  const totalHa = mappedAreaHa.reduce((s, a) => s + a, 0);
  if (!(totalHa > 0)) throw new InputError("the mapped areas sum to 0 ha", { field: "mapped_area_ha" });

  const warnings: string[] = [];
  const n = sampleCounts.map((row) => row.reduce((s, c) => s + c, 0));
  const w = mappedAreaHa.map((a) => a / totalHa);
  const f = n.map((ni, i) => {
    if (!fpc) return 1;
    const units = input.mappedAreaUnits?.[i];
    if (units === undefined || !(units > 0)) {
      throw new InputError(`the finite-population correction needs the mapped size in pixels of "${classes[i]}"`, { field: "mapped_area_pixels" });
    }
    if (ni > units) throw new InputError(`map class "${classes[i]}" has ${ni} sample units but only ${units} pixels`, { field: "sample_counts" });
    return 1 - ni / units;
  });
  classes.forEach((name, i) => {
    if (n[i] === 0 && mappedAreaHa[i]! > 0) {
      throw new InputError(
        `map class "${name}" (${mappedAreaHa[i]} ha) has no sample units: its area cannot be estimated; sample it or merge it with another class`,
        { field: "sample_counts" },
      );
    }
    if (n[i] === 1) {
      warnings.push(
        `stratum "${name}" has only 1 sample unit: its within-stratum variance cannot be estimated and is taken as 0, ` +
          `so every standard error and interval below is understated; sample at least 2 units per stratum`,
      );
    }
  });

  // Proportion of stratum i's sample in reference class k, and its variance term (0 when n_i < 2).
  const share = (i: number, k: number): number => (n[i]! > 0 ? sampleCounts[i]![k]! / n[i]! : 0);
  const term = (i: number, k: number): number => {
    if (n[i]! < 2) return 0;
    const p = share(i, k);
    return (f[i]! * p * (1 - p)) / (n[i]! - 1);
  };

  const matrix = classes.map((_, i) => classes.map((_, j) => w[i]! * share(i, j)));
  const areaProportion = classes.map((_, k) => matrix.reduce((s, row) => s + row[k]!, 0));
  const areaProportionSe = classes.map((_, k) => Math.sqrt(classes.reduce((s, _c, i) => s + w[i]! * w[i]! * term(i, k), 0)));
  const overallAccuracy = classes.reduce((s, _c, i) => s + matrix[i]![i]!, 0);
  const overallAccuracySe = Math.sqrt(classes.reduce((s, _c, i) => s + w[i]! * w[i]! * term(i, i), 0));

  const usersAccuracy = classes.map((_, i) => (n[i]! > 0 ? share(i, i) : null));
  const usersAccuracySe = classes.map((_, i) => (n[i]! > 0 ? Math.sqrt(term(i, i)) : null));
  classes.forEach((name, i) => {
    if (n[i] === 0) warnings.push(`no sample unit is mapped as "${name}": its user's accuracy is undefined`);
  });

  const producersAccuracy: (number | null)[] = [];
  const producersAccuracySe: (number | null)[] = [];
  for (let j = 0; j < q; j++) {
    // N̂·j = Σ_i N_i· n_ij / n_i·, the estimated reference total of class j (in ha).
    const refTotal = classes.reduce((s, _c, i) => s + mappedAreaHa[i]! * share(i, j), 0);
    if (refTotal === 0) {
      producersAccuracy.push(null);
      producersAccuracySe.push(null);
      continue;
    }
    const p = (mappedAreaHa[j]! * share(j, j)) / refTotal;
    let v = mappedAreaHa[j]! ** 2 * (1 - p) ** 2 * term(j, j);
    let other = 0;
    for (let i = 0; i < q; i++) if (i !== j) other += mappedAreaHa[i]! ** 2 * term(i, j);
    v += p * p * other;
    producersAccuracy.push(p);
    producersAccuracySe.push(Math.sqrt(v) / refTotal);
  }

  return finishEstimate({
    estimator: "olofsson",
    classes: [...classes],
    totalAreaHa: totalHa,
    areaProportion,
    areaProportionSe,
    mappedAreaHa: [...mappedAreaHa],
    mappedAreaEstimated: false,
    usersAccuracy,
    usersAccuracySe,
    producersAccuracy,
    producersAccuracySe,
    overallAccuracy,
    overallAccuracySe,
    errorMatrixProportions: matrix,
    errorMatrixProportionsSe: classes.map((_, i) => classes.map((_, j) => w[i]! * Math.sqrt(term(i, j)))),
    sampleCounts: sampleCounts.map((row) => [...row]),
    strata: classes.map((id, i) => ({ id, sizeHa: mappedAreaHa[i]!, sampleSize: n[i]! })),
    strataCells: classes.map((id, i) => {
      // Strata = map classes: stratum i's sample lies in row i only.
      const counts = new Float64Array(q * q);
      for (let j = 0; j < q; j++) counts[i * q + j] = sampleCounts[i]![j]!;
      return { id, weight: w[i]!, n: n[i]!, fpcFactor: f[i]!, counts };
    }),
    interval: input.interval,
    targetClasses: input.targetClasses,
    z,
    confidence,
    fpc,
    warnings,
  });
}
