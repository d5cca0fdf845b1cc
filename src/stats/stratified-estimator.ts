/**
 * @module stats/stratified-estimator
 * Stehman (2014) general per-unit estimator of area and accuracy for stratified
 * random sampling, where the strata need not be the map classes (last year's
 * strata, map classes × regions, a buffer stratum around mapped coca).
 *
 * Stehman S.V. (2014) Estimating area and map accuracy for stratified random
 * sampling when the strata are different from the map classes. Int. J. Remote
 * Sens. 35:4923-4939, doi:10.1080/01431161.2014.930207. Equation numbers below
 * are the paper's.
 */
import { InputError } from "../domain/errors.ts";
import { finishEstimate, type AreaEstimate, type AreaEstimator } from "./area-estimate.ts";
import { resolveInterval } from "./confidence.ts";
import type { IntervalMethod } from "./interval-method.ts";

/** A stratum of the sampling frame. */
export interface StratumSize {
  id: string;
  /** Area of the stratum in the frame, ha. */
  sizeHa: number;
  /** Number of sampling units (pixels) in the stratum; needed only for the finite-population correction. */
  sizeUnits?: number;
}

/** One sample unit with its stratum, its map label and its reference (ground) label. */
export interface LabelledUnit {
  stratum: string;
  mapClass: string;
  referenceClass: string;
  unitId?: string;
}

export interface StratifiedEstimateInput {
  strata: readonly StratumSize[];
  units: readonly LabelledUnit[];
  /** Legend, in output order. Defaults to the labels seen (map then reference), in order of first appearance. */
  classes?: readonly string[];
  /** Two-sided confidence level (default 0.95). Ignored for z when `z` is given. */
  confidence?: number;
  /** z multiplier; overrides `confidence` (e.g. 1.96 to reproduce published tables). */
  z?: number;
  /** Apply the finite-population correction 1 − n_h/N_h (needs `sizeUnits` on every stratum). Default false. */
  fpc?: boolean;
  /** Known mapped area per class, ha (same order as `classes`); otherwise estimated from the sample. */
  mappedAreaHa?: readonly number[];
  /** Label for the result (the post-stratified and SRS estimators reuse this one). */
  estimator?: AreaEstimator;
  /** Interval procedure (default: the stratified score interval; "normal" for the published tables' ± z·SE). */
  interval?: IntervalMethod;
  /** Classes whose strata with too few units are warned about (default: every class). */
  targetClasses?: readonly string[];
}

/** Per-stratum sufficient statistics: every target variable is an indicator, so cell counts suffice. */
interface StratumStats {
  /** Area of the stratum, ha (N*_h). */
  sizeHa: number;
  /** Sample size n*_h. */
  n: number;
  /** 1 − n_h/N_h with fpc, else 1. */
  fpcFactor: number;
  /** counts[i*q + j]: units with map class i and reference class j. */
  counts: Float64Array;
}

/**
 * Estimate area, accuracy and the error matrix from per-unit stratified data.
 *
 * Totals: Ŷ = Σ_h N*_h ȳ_h (eq. 2), proportions p̂ = Ŷ / N. Variances:
 * V̂(p̂) = (1/N²) Σ_h N*_h² (1 − n*_h/N*_h) s²_yh / n*_h (eq. 25); ratios
 * R̂ = Ŷ/X̂ (user's, producer's accuracy, eq. 27) with
 * V̂(R̂) = (1/X̂²) Σ_h N*_h² (1 − f_h)(s²_yh + R̂² s²_xh − 2R̂ s_xyh) / n*_h (eq. 28).
 * Targets: OA y = 1[m = r] (eq. 12); area of k y = 1[r = k] (eq. 14);
 * cell p_ij y = 1[m = i ∧ r = j] (eq. 16).
 *
 * @example
 * estimateStratified({
 *   strata: [{id: "coca", sizeHa: 1200}, {id: "other", sizeHa: 98800}],
 *   units: [{stratum: "coca", mapClass: "coca", referenceClass: "coca"}, ...],
 *   classes: ["coca", "other"],
 * }).areaHa
 */
export function estimateStratified(input: StratifiedEstimateInput): AreaEstimate {
  const fpc = input.fpc ?? false;
  const { z, confidence } = resolveInterval({ confidence: input.confidence, z: input.z });
  const classes = resolveClasses(input.units, input.classes);
  const q = classes.length;
  const classIndex = new Map(classes.map((c, i) => [c, i]));
  const strataIndex = new Map<string, number>();
  const warnings: string[] = [];

  const stats: StratumStats[] = input.strata.map((s, h) => {
    if (strataIndex.has(s.id)) throw new InputError(`stratum "${s.id}" is listed twice`, { field: "strata" });
    if (!(s.sizeHa >= 0) || !Number.isFinite(s.sizeHa)) {
      throw new InputError(`stratum "${s.id}" has an invalid size ${s.sizeHa} ha (expected a number >= 0)`, { field: "strata" });
    }
    strataIndex.set(s.id, h);
    return { sizeHa: s.sizeHa, n: 0, fpcFactor: 1, counts: new Float64Array(q * q) };
  });
  if (stats.length === 0) throw new InputError("no strata given", { field: "strata" });

  input.units.forEach((u, index) => {
    const where = u.unitId !== undefined ? `unit ${u.unitId}` : `unit #${index + 1}`;
    const h = strataIndex.get(u.stratum);
    if (h === undefined) {
      throw new InputError(`${where} is in stratum "${u.stratum}", which is not in the strata list (${[...strataIndex.keys()].join(", ")})`, {
        field: "units.stratum",
      });
    }
    const i = classIndex.get(u.mapClass);
    if (i === undefined)
      throw new InputError(`${where} has map class "${u.mapClass}", which is not in the legend (${classes.join(", ")})`, { field: "units.map_class" });
    const j = classIndex.get(u.referenceClass);
    if (j === undefined) {
      throw new InputError(`${where} has reference class "${u.referenceClass}", which is not in the legend (${classes.join(", ")})`, {
        field: "units.reference_class",
      });
    }
    const st = stats[h]!;
    st.n += 1;
    st.counts[i * q + j]! += 1;
  });

  const totalHa = stats.reduce((s, h) => s + h.sizeHa, 0);
  if (!(totalHa > 0)) throw new InputError("the strata have a total size of 0 ha", { field: "strata" });

  input.strata.forEach((s, h) => {
    const st = stats[h]!;
    if (st.n === 0 && st.sizeHa > 0) {
      throw new InputError(`stratum "${s.id}" (${s.sizeHa} ha) has no sample units: its area cannot be estimated; sample it or merge it with another stratum`, {
        field: "units",
      });
    }
    if (fpc) {
      if (s.sizeUnits === undefined || !(s.sizeUnits > 0)) {
        throw new InputError(`the finite-population correction needs the number of units (pixels) of stratum "${s.id}"`, { field: "strata.size_px" });
      }
      if (st.n > s.sizeUnits) {
        throw new InputError(`stratum "${s.id}" has ${st.n} sample units but only ${s.sizeUnits} units in the frame`, { field: "strata" });
      }
      st.fpcFactor = 1 - st.n / s.sizeUnits;
    }
    if (st.n === 1) {
      warnings.push(
        `stratum "${s.id}" has only 1 sample unit: its within-stratum variance cannot be estimated and is taken as 0, ` +
          `so every standard error and interval below is understated; sample at least 2 units per stratum`,
      );
    }
  });

  const cell = (st: StratumStats, i: number, j: number): number => st.counts[i * q + j]!;
  const mapCount = (st: StratumStats, i: number): number => {
    let c = 0;
    for (let j = 0; j < q; j++) c += cell(st, i, j);
    return c;
  };
  const refCount = (st: StratumStats, j: number): number => {
    let c = 0;
    for (let i = 0; i < q; i++) c += cell(st, i, j);
    return c;
  };
  const diagCount = (st: StratumStats): number => {
    let c = 0;
    for (let i = 0; i < q; i++) c += cell(st, i, i);
    return c;
  };

  // Proportions of N: total of an indicator with per-stratum count `count(st)`.
  const proportion = (count: (st: StratumStats) => number): { p: number; se: number } => {
    let t = 0;
    let v = 0;
    for (const st of stats) {
      if (st.n === 0) continue;
      const c = count(st);
      t += (st.sizeHa * c) / st.n;
      v += (st.sizeHa * st.sizeHa * st.fpcFactor * sampleVariance(c, st.n)) / st.n;
    }
    return { p: t / totalHa, se: Math.sqrt(v) / totalHa };
  };

  // Ratio Ŷ/X̂ where y ⊆ x (y implies x), so Σxy = Σy.
  const ratio = (countY: (st: StratumStats) => number, countX: (st: StratumStats) => number): { r: number | null; se: number | null } => {
    let ty = 0;
    let tx = 0;
    for (const st of stats) {
      if (st.n === 0) continue;
      ty += (st.sizeHa * countY(st)) / st.n;
      tx += (st.sizeHa * countX(st)) / st.n;
    }
    if (tx === 0) return { r: null, se: null };
    const r = ty / tx;
    let v = 0;
    for (const st of stats) {
      if (st.n < 2) continue;
      const cy = countY(st);
      const cx = countX(st);
      const syy = sampleVariance(cy, st.n);
      const sxx = sampleVariance(cx, st.n);
      const sxy = (cy - (cx * cy) / st.n) / (st.n - 1);
      v += (st.sizeHa * st.sizeHa * st.fpcFactor * (syy + r * r * sxx - 2 * r * sxy)) / st.n;
    }
    return { r, se: Math.sqrt(Math.max(0, v)) / tx };
  };

  const area = classes.map((_, k) => proportion((st) => refCount(st, k)));
  const oa = proportion(diagCount);
  const matrixFull = classes.map((_, i) => classes.map((_, j) => proportion((st) => cell(st, i, j))));
  const matrix = matrixFull.map((row) => row.map((c) => c.p));
  const ua = classes.map((_, i) =>
    ratio(
      (st) => cell(st, i, i),
      (st) => mapCount(st, i),
    ),
  );
  const pa = classes.map((_, j) =>
    ratio(
      (st) => cell(st, j, j),
      (st) => refCount(st, j),
    ),
  );
  const sampleCounts = classes.map((_, i) => classes.map((_, j) => stats.reduce((s, st) => s + cell(st, i, j), 0)));

  let mappedAreaHa: number[];
  let mappedAreaEstimated = false;
  if (input.mappedAreaHa) {
    if (input.mappedAreaHa.length !== q) {
      throw new InputError(`mapped areas have ${input.mappedAreaHa.length} entries for ${q} classes`, { field: "mappedAreaHa" });
    }
    mappedAreaHa = [...input.mappedAreaHa];
  } else {
    mappedAreaHa = matrix.map((row) => row.reduce((s, p) => s + p, 0) * totalHa);
    mappedAreaEstimated = true;
  }
  classes.forEach((name, i) => {
    if (ua[i]!.r === null) {
      warnings.push(`no sample unit is mapped as "${name}": its user's accuracy is undefined`);
    }
  });

  return finishEstimate({
    estimator: input.estimator ?? "stehman",
    classes,
    totalAreaHa: totalHa,
    areaProportion: area.map((a) => a.p),
    areaProportionSe: area.map((a) => a.se),
    mappedAreaHa,
    mappedAreaEstimated,
    usersAccuracy: ua.map((u) => u.r),
    usersAccuracySe: ua.map((u) => u.se),
    producersAccuracy: pa.map((p) => p.r),
    producersAccuracySe: pa.map((p) => p.se),
    overallAccuracy: oa.p,
    overallAccuracySe: oa.se,
    errorMatrixProportions: matrix,
    errorMatrixProportionsSe: matrixFull.map((row) => row.map((c) => c.se)),
    sampleCounts,
    strata: input.strata.map((s, h) => ({ id: s.id, sizeHa: s.sizeHa, sampleSize: stats[h]!.n })),
    strataCells: input.strata.map((s, h) => ({
      id: s.id,
      weight: s.sizeHa / totalHa,
      n: stats[h]!.n,
      fpcFactor: stats[h]!.fpcFactor,
      counts: stats[h]!.counts,
    })),
    interval: input.interval,
    targetClasses: input.targetClasses,
    z,
    confidence,
    fpc,
    warnings,
  });
}

/** Sample variance (divisor n − 1) of an indicator with `c` ones among `n` units; 0 when n < 2. */
export function sampleVariance(c: number, n: number): number {
  if (n < 2) return 0;
  return (c - (c * c) / n) / (n - 1);
}

/** The legend: the given one (checked for duplicates), or labels in order of first appearance. */
function resolveClasses(units: readonly LabelledUnit[], classes?: readonly string[]): string[] {
  if (classes) {
    const seen = new Set<string>();
    for (const c of classes) {
      if (seen.has(c)) throw new InputError(`class "${c}" appears twice in the legend`, { field: "classes" });
      seen.add(c);
    }
    if (classes.length === 0) throw new InputError("the legend is empty", { field: "classes" });
    return [...classes];
  }
  const seen = new Set<string>();
  for (const u of units) seen.add(u.mapClass);
  for (const u of units) seen.add(u.referenceClass);
  if (seen.size === 0) throw new InputError("no sample units given", { field: "units" });
  return [...seen];
}
