/**
 * @module stats/post-stratified
 * Estimators for a simple random sample (or a systematic sample treated as one):
 * post-stratified by map class with the known mapped areas, or as a single
 * stratum. Both give valid, non-zero variances: the SRS case must never come out
 * as a zero-width interval (EnMAP-Box issue #909).
 *
 * Post-stratification (Cochran 1977 sec. 5A.9; Olofsson et al. 2013 sec. 2.2):
 * the stratified estimator with the realised post-stratum sample sizes, variance
 * Σ_h W_h² (1 − f_h) s²_h / n_h conditional on those sizes (Holt & Smith 1979).
 */
import { InputError } from "../domain/errors.ts";
import type { AreaEstimate } from "./area-estimate.ts";
import type { IntervalMethod } from "./interval-method.ts";
import { estimateStratified } from "./stratified-estimator.ts";

/** A unit of a simple random sample: its map label and its reference label. */
export interface SrsUnit {
  mapClass: string;
  referenceClass: string;
  unitId?: string;
}

export interface PostStratifiedInput {
  units: readonly SrsUnit[];
  /** Mapped area of every map class over the frame the sample was drawn from, ha; `sizeUnits` (pixels) for the fpc. */
  mappedAreas: readonly { mapClass: string; sizeHa: number; sizeUnits?: number }[];
  classes?: readonly string[];
  confidence?: number;
  z?: number;
  fpc?: boolean;
  /** Interval procedure (default: the stratified score interval). */
  interval?: IntervalMethod;
}

/**
 * Post-stratified estimate of area and accuracy from a simple random sample,
 * with the map classes as post-strata.
 * @example estimatePostStratified({units, mappedAreas: [{mapClass: "coca", sizeHa: 900}, {mapClass: "other", sizeHa: 99100}]})
 */
export function estimatePostStratified(input: PostStratifiedInput): AreaEstimate {
  const sampled = new Map<string, number>();
  for (const u of input.units) sampled.set(u.mapClass, (sampled.get(u.mapClass) ?? 0) + 1);
  for (const m of input.mappedAreas) {
    if ((sampled.get(m.mapClass) ?? 0) === 0 && m.sizeHa > 0) {
      throw new InputError(
        `post-stratum "${m.mapClass}" (${m.sizeHa} ha mapped) has no sample unit: merge it with another map class, or use the one-stratum SRS estimator`,
        { field: "units" },
      );
    }
  }
  const estimate = estimateStratified({
    strata: input.mappedAreas.map((m) => ({ id: m.mapClass, sizeHa: m.sizeHa, sizeUnits: m.sizeUnits })),
    units: input.units.map((u) => ({ stratum: u.mapClass, mapClass: u.mapClass, referenceClass: u.referenceClass, unitId: u.unitId })),
    classes: input.classes,
    confidence: input.confidence,
    z: input.z,
    fpc: input.fpc,
    interval: input.interval,
    mappedAreaHa: undefined,
    estimator: "post-stratified",
  });
  // The mapped areas are known here: report them rather than their sample estimate.
  const known = new Map(input.mappedAreas.map((m) => [m.mapClass, m.sizeHa]));
  estimate.mappedAreaHa = estimate.classes.map((c) => known.get(c) ?? 0);
  estimate.mappedAreaEstimated = false;
  return estimate;
}

export interface SimpleRandomInput {
  units: readonly SrsUnit[];
  /** Area of the frame, ha. */
  totalAreaHa: number;
  /** Pixels in the frame, for the fpc. */
  totalUnits?: number;
  classes?: readonly string[];
  confidence?: number;
  z?: number;
  fpc?: boolean;
  /** Interval procedure (default: the stratified score interval). */
  interval?: IntervalMethod;
}

/** The plain SRS estimator: the whole sample as one stratum (p̂_k = n_k/n, V̂ = p̂(1 − p̂)/(n − 1)). */
export function estimateSimpleRandom(input: SimpleRandomInput): AreaEstimate {
  return estimateStratified({
    strata: [{ id: "frame", sizeHa: input.totalAreaHa, sizeUnits: input.totalUnits }],
    units: input.units.map((u) => ({ stratum: "frame", mapClass: u.mapClass, referenceClass: u.referenceClass, unitId: u.unitId })),
    classes: input.classes,
    confidence: input.confidence,
    z: input.z,
    fpc: input.fpc,
    interval: input.interval,
    estimator: "simple-random",
  });
}
