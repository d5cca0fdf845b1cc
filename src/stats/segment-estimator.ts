/**
 * @module stats/segment-estimator
 * US-style survey estimates of total coca area from a probability sample of
 * imagery segments (area frames): each sampled segment has its coca area
 * measured (photo-interpreted), and the total is estimated by expansion
 * (segments as clusters, Cochran 1977 eqs. 5.1, 5.6 within strata) or by a
 * combined ratio to an auxiliary total known for the whole frame, e.g. segment
 * area or last year's mapped coca (Cochran 1977 eqs. 6.46-6.50).
 */
import { InputError } from "../domain/errors.ts";
import { resolveInterval } from "./confidence.ts";

/** One sampled segment. */
export interface SegmentObservation {
  segmentId?: string;
  /** Stratum of the segment frame (default: a single stratum "all"). */
  stratum?: string;
  /** Coca area measured in the segment, ha. */
  cocaHa: number;
  /** Auxiliary value of the segment (e.g. its area in ha, or last year's coca), for the ratio estimator. */
  auxiliary?: number;
}

/** A stratum of the segment frame. */
export interface SegmentStratum {
  id: string;
  /** Number of segments in the frame's stratum (M_h). */
  segments: number;
  /** Total of the auxiliary over all segments of the stratum (ratio estimator only). */
  auxiliaryTotal?: number;
}

export type SegmentEstimator = "expansion" | "ratio";

export interface SegmentEstimateInput {
  segments: readonly SegmentObservation[];
  /** Frame strata; default one stratum "all" of `totalSegments` segments. */
  strata?: readonly SegmentStratum[];
  totalSegments?: number;
  /** Auxiliary total of the whole frame when `strata` is not given. */
  auxiliaryTotal?: number;
  estimator: SegmentEstimator;
  confidence?: number;
  z?: number;
  /** Apply 1 − m_h/M_h. Default false. */
  fpc?: boolean;
}

export interface SegmentEstimate {
  estimator: SegmentEstimator;
  /** Estimated total coca area of the frame, ha. */
  totalHa: number;
  /** Standard error of `totalHa`, ha. */
  seHa: number;
  /** `totalHa ± z·seHa`, as computed. */
  ciHa: [number, number];
  ciLowerBelowZero: boolean;
  /** Ratio estimator: estimated coca ha per unit of auxiliary (R̂ = Ŷ/X̂). */
  ratio?: number;
  /** Known auxiliary total X the ratio is applied to. */
  auxiliaryTotal?: number;
  strata: { id: string; segments: number; sampled: number; meanCocaHa: number; expandedHa: number }[];
  sampleSize: number;
  z: number;
  confidence: number;
  fpc: boolean;
  warnings: string[];
}

interface Group {
  id: string;
  M: number;
  X?: number;
  y: number[];
  x: number[];
}

/**
 * Estimate the total coca area from sampled segments.
 *
 * Expansion: Ŷ = Σ_h M_h ȳ_h, V̂ = Σ_h M_h² (1 − f_h) s²_yh / m_h.
 * Combined ratio: R̂ = Σ_h M_h ȳ_h / Σ_h M_h x̄_h, Ŷ_R = R̂ X,
 * V̂ = Σ_h M_h² (1 − f_h) s²_dh / m_h with d = y − R̂ x (Cochran 1977 eq. 6.50).
 * @example estimateSegmentTotal({segments: [{cocaHa: 12}, {cocaHa: 0}, ...], totalSegments: 400, estimator: "expansion"})
 */
export function estimateSegmentTotal(input: SegmentEstimateInput): SegmentEstimate {
  const { z, confidence } = resolveInterval({ confidence: input.confidence, z: input.z });
  const fpc = input.fpc ?? false;
  const strata: readonly SegmentStratum[] = input.strata ?? [{ id: "all", segments: input.totalSegments ?? NaN, auxiliaryTotal: input.auxiliaryTotal }];
  const groups = new Map<string, Group>();
  for (const s of strata) {
    if (groups.has(s.id)) throw new InputError(`segment stratum "${s.id}" is listed twice`, { field: "strata" });
    if (!(Number.isInteger(s.segments) && s.segments > 0)) {
      throw new InputError(`segment stratum "${s.id}" needs its number of segments in the frame (a whole number > 0), got ${s.segments}`, {
        field: "strata.segments",
      });
    }
    groups.set(s.id, { id: s.id, M: s.segments, X: s.auxiliaryTotal, y: [], x: [] });
  }
  input.segments.forEach((seg, k) => {
    const where = seg.segmentId !== undefined ? `segment ${seg.segmentId}` : `segment #${k + 1}`;
    const g = groups.get(seg.stratum ?? (input.strata ? "" : "all"));
    if (!g) throw new InputError(`${where} is in stratum "${seg.stratum ?? ""}", which is not in the frame's strata`, { field: "segments.stratum" });
    if (!(seg.cocaHa >= 0) || !Number.isFinite(seg.cocaHa))
      throw new InputError(`${where} has an invalid coca area ${seg.cocaHa} ha (expected >= 0)`, { field: "segments.coca_ha" });
    if (input.estimator === "ratio" && (seg.auxiliary === undefined || !(seg.auxiliary >= 0))) {
      throw new InputError(`${where} has no valid auxiliary value; the ratio estimator needs one per segment`, { field: "segments.auxiliary" });
    }
    g.y.push(seg.cocaHa);
    g.x.push(seg.auxiliary ?? 0);
  });

  const warnings: string[] = [];
  for (const g of groups.values()) {
    if (g.y.length === 0) throw new InputError(`segment stratum "${g.id}" (${g.M} segments) has no sampled segment`, { field: "segments" });
    if (g.y.length > g.M)
      throw new InputError(`segment stratum "${g.id}" has ${g.y.length} sampled segments but only ${g.M} in the frame`, { field: "segments" });
    if (g.y.length === 1) {
      warnings.push(`segment stratum "${g.id}" has only 1 sampled segment: its variance cannot be estimated and is taken as 0, so the SE is understated`);
    }
  }

  const mean = (v: readonly number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
  const variance = (v: readonly number[]): number => {
    if (v.length < 2) return 0;
    const m = mean(v);
    return v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1);
  };
  const list = [...groups.values()];
  const f = (g: Group): number => (fpc ? g.y.length / g.M : 0);
  const yHat = list.reduce((s, g) => s + g.M * mean(g.y), 0);

  let totalHa: number;
  let v = 0;
  let ratio: number | undefined;
  let auxiliaryTotal: number | undefined;
  if (input.estimator === "expansion") {
    totalHa = yHat;
    for (const g of list) v += (g.M * g.M * (1 - f(g)) * variance(g.y)) / g.y.length;
  } else {
    auxiliaryTotal = list.reduce((s, g) => {
      if (g.X === undefined || !(g.X >= 0))
        throw new InputError(`the ratio estimator needs the auxiliary total of stratum "${g.id}"`, { field: "strata.auxiliary_total" });
      return s + g.X;
    }, 0);
    const xHat = list.reduce((s, g) => s + g.M * mean(g.x), 0);
    if (!(xHat > 0)) throw new InputError("the sampled segments' auxiliary values are all 0: the ratio is undefined", { field: "segments.auxiliary" });
    ratio = yHat / xHat;
    totalHa = ratio * auxiliaryTotal;
    for (const g of list) {
      const d = g.y.map((y, i) => y - ratio! * g.x[i]!);
      v += (g.M * g.M * (1 - f(g)) * variance(d)) / g.y.length;
    }
    const m = input.segments.length;
    if (m < 30)
      warnings.push(
        `the ratio estimator is biased in small samples (${m} segments); its bias is negligible only when the sample is large (Cochran 1977 sec. 6.8)`,
      );
  }
  const seHa = Math.sqrt(v);
  const ciHa: [number, number] = [totalHa - z * seHa, totalHa + z * seHa];
  if (input.segments.every((s) => s.cocaHa === 0)) {
    warnings.push(`no sampled segment has coca: the estimate is 0 ha with SE 0, which does not show that the frame has none`);
  } else if (seHa === 0) {
    warnings.push("the interval has zero width: no stratum's sample varies, so the SE is not a measure of the uncertainty");
  }
  if (ciHa[0] < 0) {
    warnings.push(
      `the interval's lower bound is below 0 (${ciHa[0].toFixed(2)} ha): reported as computed, not truncated; read it as [0, ${ciHa[1].toFixed(2)}] ha`,
    );
  }
  return {
    estimator: input.estimator,
    totalHa,
    seHa,
    ciHa,
    ciLowerBelowZero: ciHa[0] < 0,
    ratio,
    auxiliaryTotal,
    strata: list.map((g) => ({ id: g.id, segments: g.M, sampled: g.y.length, meanCocaHa: mean(g.y), expandedHa: g.M * mean(g.y) })),
    sampleSize: input.segments.length,
    z,
    confidence,
    fpc,
    warnings,
  };
}
