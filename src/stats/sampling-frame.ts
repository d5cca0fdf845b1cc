/**
 * @module stats/sampling-frame
 * The sampling frame of a raster: the valid (non-nodata) pixels, counted per
 * stratum, and the selection of pixels by rank within a stratum in one pass over
 * a typed array (no per-pixel objects). Stratum sizes used for estimation must be
 * counted on this same frame (same mask, same nodata handling).
 */
import { DataError, InputError } from "../domain/errors.ts";
import type { Random } from "./random.ts";

/** A stratum (or class) raster: one integer value per pixel, row-major. */
export type StratumRaster = Uint8Array | Int8Array | Uint16Array | Int16Array | Int32Array | Uint32Array | Float32Array | Float64Array;

/** The largest stratum value accepted (values are used as array indices). */
export const MAX_STRATUM_VALUE = 65535;

export interface FrameCounts {
  /** Stratum values present, ascending. */
  ids: number[];
  /** Pixels per stratum, in the order of `ids`. */
  sizes: number[];
  /** Valid pixels in total. */
  validPixels: number;
}

/** Check that a raster's length matches its declared size. */
export function checkRasterShape(raster: StratumRaster, width: number, height: number, what = "raster"): void {
  if (!(Number.isInteger(width) && width > 0 && Number.isInteger(height) && height > 0)) {
    throw new InputError(`${what} size must be positive whole numbers, got ${width} × ${height}`);
  }
  if (raster.length !== width * height) throw new DataError(`${what} has ${raster.length} values for ${width} × ${height} pixels`);
}

/** Count valid pixels per stratum value. Values must be whole numbers in 0-65535 (other than nodata). */
export function countStrata(raster: StratumRaster, nodata?: number | null): FrameCounts {
  const skip = nodata ?? NaN;
  let counts: Float64Array;
  if (raster instanceof Uint8Array || raster instanceof Uint16Array) {
    // Whole numbers within range by construction: the hot loop needs no checks.
    counts = new Float64Array(raster instanceof Uint8Array ? 256 : MAX_STRATUM_VALUE + 1);
    for (let i = 0; i < raster.length; i++) counts[raster[i]!]! += 1;
    if (skip >= 0 && skip < counts.length) counts[skip] = 0;
  } else {
    counts = new Float64Array(MAX_STRATUM_VALUE + 1);
    for (let i = 0; i < raster.length; i++) {
      const v = raster[i]!;
      if (v === skip || v !== v) continue;
      if (!(v >= 0 && v <= MAX_STRATUM_VALUE) || v !== Math.floor(v)) {
        throw new DataError(`stratum raster value ${v} at pixel ${i} is not a whole number in 0-${MAX_STRATUM_VALUE}`);
      }
      counts[v]! += 1;
    }
  }
  const ids: number[] = [];
  const sizes: number[] = [];
  let validPixels = 0;
  for (let v = 0; v < counts.length; v++) {
    if (counts[v]! > 0) {
      ids.push(v);
      sizes.push(counts[v]!);
      validPixels += counts[v]!;
    }
  }
  return { ids, sizes, validPixels };
}

/** `k` distinct integers in [0, n), ascending (Floyd's algorithm: k draws, no array of n). */
export function sampleRanks(n: number, k: number, random: Random): number[] {
  if (k > n) throw new RangeError(`cannot draw ${k} distinct ranks from ${n}`);
  if (k === n) return Array.from({ length: n }, (_, i) => i);
  const chosen = new Set<number>();
  for (let j = n - k; j < n; j++) {
    const t = random.int(j + 1);
    chosen.add(chosen.has(t) ? j : t);
  }
  return [...chosen].sort((a, b) => a - b);
}

/**
 * Pixel indices of the selected ranks: for stratum value v, `ranks.get(v)` holds
 * ascending ranks among that stratum's valid pixels in row-major order. One pass.
 * Returns indices grouped in ascending pixel order.
 */
export function selectByRank(raster: StratumRaster, nodata: number | null | undefined, ranks: ReadonlyMap<number, readonly number[]>): number[] {
  let maxId = -1;
  for (const v of ranks.keys()) if (v > maxId) maxId = v;
  const size = maxId + 1;
  const seen = new Float64Array(size);
  const next = new Float64Array(size);
  const target = new Float64Array(size).fill(-1);
  const lists: (readonly number[])[] = new Array(size);
  let remaining = 0;
  for (const [v, r] of ranks) {
    if (r.length === 0) continue;
    lists[v] = r;
    target[v] = r[0]!;
    remaining += r.length;
  }
  const out: number[] = [];
  const skip = nodata ?? NaN;
  for (let i = 0; i < raster.length && remaining > 0; i++) {
    const v = raster[i]!;
    if (v === skip || !(v < size) || target[v]! < 0) continue;
    if (seen[v] === target[v]) {
      out.push(i);
      remaining -= 1;
      const k = ++next[v]!;
      target[v] = k < lists[v]!.length ? lists[v]![k]! : -1;
    }
    seen[v]! += 1;
  }
  return out;
}
