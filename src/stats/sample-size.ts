/**
 * @module stats/sample-size
 * How many sample units a stratified design needs for a target standard error:
 * of overall accuracy (Olofsson et al. 2014 eq. 13) or of one class's area
 * (Cochran 1977 eq. 5.26, the case that matters for coca), and the standard
 * error a given allocation is expected to achieve.
 */
import { InputError } from "../domain/errors.ts";

export interface SampleSizeResult {
  /** Sample size, rounded up. */
  n: number;
  /** The formula's value before rounding. */
  nUnrounded: number;
  /** Σ_h W_h S_h, the numerator's root. */
  sumWeightedSd: number;
  /** Anticipated standard deviation S_h per stratum, in the order of the weights. */
  sd: number[];
  /** The formula used, for the record. */
  formula: string;
}

function checkWeights(weights: readonly number[]): number[] {
  if (weights.length === 0) throw new InputError("no strata given", { field: "weights" });
  if (weights.some((w) => !(w >= 0) || !Number.isFinite(w))) throw new InputError("stratum weights must be numbers >= 0", { field: "weights" });
  const total = weights.reduce((s, w) => s + w, 0);
  if (!(total > 0)) throw new InputError("stratum weights sum to 0", { field: "weights" });
  // Accept sizes as well as weights: normalise.
  return weights.map((w) => w / total);
}

function checkProportions(values: readonly number[], count: number, what: string): void {
  if (values.length !== count) throw new InputError(`${what} has ${values.length} entries for ${count} strata`, { field: what });
  values.forEach((p, i) => {
    if (!(p >= 0 && p <= 1)) throw new InputError(`${what}[${i}] must be a proportion in [0, 1], got ${p}`, { field: what });
  });
}

/**
 * Sample size for a target SE of overall accuracy: n = (Σ_i W_i S_i / S(Ô))²,
 * S_i = sqrt(U_i(1 − U_i)) with U_i the conjectured user's accuracy
 * (Olofsson et al. 2014 eq. 13; Cochran 1977 eq. 5.25 ignoring the fpc).
 * @example sampleSizeForOverallAccuracy({weights: [0.02, 0.015, 0.32, 0.645],
 *   usersAccuracy: [0.7, 0.6, 0.9, 0.95], targetSe: 0.01}).n // 641
 */
export function sampleSizeForOverallAccuracy({
  weights,
  usersAccuracy,
  targetSe,
}: {
  /** Stratum (map class) weights W_i, or sizes (normalised). */
  weights: readonly number[];
  /** Conjectured user's accuracy U_i of each map class. */
  usersAccuracy: readonly number[];
  /** Target standard error of overall accuracy, a proportion (e.g. 0.01). */
  targetSe: number;
}): SampleSizeResult {
  const w = checkWeights(weights);
  checkProportions(usersAccuracy, w.length, "usersAccuracy");
  if (!(targetSe > 0 && targetSe < 1))
    throw new InputError(`the target SE of overall accuracy must be a proportion in (0, 1), got ${targetSe}`, { field: "targetSe" });
  const sd = usersAccuracy.map((u) => Math.sqrt(u * (1 - u)));
  const sumWeightedSd = w.reduce((s, wi, i) => s + wi * sd[i]!, 0);
  const nUnrounded = (sumWeightedSd / targetSe) ** 2;
  if (!(nUnrounded > 0)) throw new InputError("every conjectured user's accuracy is 0 or 1: the formula gives n = 0", { field: "usersAccuracy" });
  return { n: Math.ceil(nUnrounded), nUnrounded, sumWeightedSd, sd, formula: "n = (Σ W_i S_i / S(Ô))², S_i = √(U_i(1 − U_i)) (Olofsson et al. 2014 eq. 13)" };
}

/**
 * Sample size for a target SE of the area of one class (Cochran 1977 eq. 5.26,
 * optimum allocation, with fpc): n = (Σ_h W_h S_h)² / (V + (1/N) Σ_h W_h S_h²),
 * S_h = sqrt(p_h(1 − p_h)) with p_h the anticipated proportion of the class in
 * stratum h, and V = (target SE in ha / total area in ha)².
 * @example sampleSizeForClassArea({weights: [0.01, 0.99], anticipatedProportion: [0.8, 0.002],
 *   targetSeHa: 100, totalAreaHa: 100000}).n
 */
export function sampleSizeForClassArea({
  weights,
  anticipatedProportion,
  targetSeHa,
  totalAreaHa,
  populationUnits,
}: {
  /** Stratum weights W_h, or stratum sizes (normalised). */
  weights: readonly number[];
  /** Anticipated proportion p_h of the target class (e.g. coca) in each stratum. */
  anticipatedProportion: readonly number[];
  /** Target standard error of the class's area, ha. */
  targetSeHa: number;
  /** Total area of the frame, ha. */
  totalAreaHa: number;
  /** Number of sampling units (pixels) in the frame, for the fpc term; omit to ignore it. */
  populationUnits?: number;
}): SampleSizeResult {
  const w = checkWeights(weights);
  checkProportions(anticipatedProportion, w.length, "anticipatedProportion");
  if (!(totalAreaHa > 0)) throw new InputError(`the total area must be > 0 ha, got ${totalAreaHa}`, { field: "totalAreaHa" });
  if (!(targetSeHa > 0)) throw new InputError(`the target SE must be > 0 ha, got ${targetSeHa}`, { field: "targetSe" });
  const sd = anticipatedProportion.map((p) => Math.sqrt(p * (1 - p)));
  const sumWeightedSd = w.reduce((s, wi, i) => s + wi * sd[i]!, 0);
  const sumWeightedVar = w.reduce((s, wi, i) => s + wi * sd[i]! ** 2, 0);
  const v = (targetSeHa / totalAreaHa) ** 2;
  const nUnrounded = sumWeightedSd ** 2 / (v + (populationUnits ? sumWeightedVar / populationUnits : 0));
  if (!(nUnrounded > 0)) throw new InputError("every anticipated proportion is 0 or 1: the formula gives n = 0", { field: "anticipatedProportion" });
  return {
    n: Math.ceil(nUnrounded),
    nUnrounded,
    sumWeightedSd,
    sd,
    formula: "n = (Σ W_h S_h)² / (V + Σ W_h S_h² / N), S_h = √(p_h(1 − p_h)), V = (SE_ha / A_ha)² (Cochran 1977 eq. 5.26)",
  };
}

/**
 * Standard error of an estimated proportion that a stratified allocation is
 * expected to achieve: sqrt(Σ_h W_h² S_h² (1 − n_h/N_h) / n_h) (Cochran 1977 eq. 5.6).
 * Multiply by the total area for ha. Returns Infinity if a stratum with S_h > 0 gets no units.
 */
export function expectedStandardError({
  weights,
  sd,
  sampleSizes,
  populationSizes,
}: {
  weights: readonly number[];
  sd: readonly number[];
  sampleSizes: readonly number[];
  /** Units per stratum for the fpc; omit to ignore it. */
  populationSizes?: readonly number[];
}): number {
  const w = checkWeights(weights);
  let v = 0;
  w.forEach((wh, h) => {
    const s = sd[h]!;
    const n = sampleSizes[h]!;
    if (wh === 0 || s === 0) return;
    if (n <= 0) {
      v = Infinity;
      return;
    }
    const f = populationSizes ? n / populationSizes[h]! : 0;
    v += (wh * wh * s * s * (1 - f)) / n;
  });
  return Math.sqrt(v);
}
