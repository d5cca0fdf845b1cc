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
    // Whole numbers within range by construction: the hot loop needs no checks. Four interleaved
    // histograms break the dependency between consecutive increments of the same bin.
    const bins = raster instanceof Uint8Array ? 256 : MAX_STRATUM_VALUE + 1;
    const h0 = new Uint32Array(bins);
    const h1 = new Uint32Array(bins);
    const h2 = new Uint32Array(bins);
    const h3 = new Uint32Array(bins);
    const n4 = raster.length - (raster.length % 4);
    for (let i = 0; i < n4; i += 4) {
      h0[raster[i]!]!++;
      h1[raster[i + 1]!]!++;
      h2[raster[i + 2]!]!++;
      h3[raster[i + 3]!]!++;
    }
    for (let i = n4; i < raster.length; i++) h0[raster[i]!]!++;
    counts = new Float64Array(bins);
    for (let v = 0; v < bins; v++) counts[v] = h0[v]! + h1[v]! + h2[v]! + h3[v]!;
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
  // Per stratum value: pixels of it seen so far, and the rank wanted next (−1: none).
  // Integer rasters get tables covering their whole range, so the hot loop has no bounds check.
  let size = raster instanceof Uint8Array ? 256 : raster instanceof Uint16Array ? MAX_STRATUM_VALUE + 1 : 0;
  for (const v of ranks.keys()) if (v + 1 > size) size = v + 1;
  // Int32 counters are faster in the hot loop; rasters of 2^31 pixels or more fall back to Float64.
  const big = raster.length >= 2 ** 31;
  const seen = big ? new Float64Array(size) : new Int32Array(size);
  const target = (big ? new Float64Array(size) : new Int32Array(size)).fill(-1);
  const next = new Float64Array(size);
  const lists: (readonly number[])[] = new Array(size);
  let remaining = 0;
  for (const [v, r] of ranks) {
    if (r.length === 0 || v === nodata) continue;
    lists[v] = r;
    target[v] = r[0]!;
    remaining += r.length;
  }
  const out: number[] = [];
  const take = (i: number, v: number): void => {
    out.push(i);
    remaining -= 1;
    const k = ++next[v]!;
    target[v] = k < lists[v]!.length ? lists[v]![k]! : -1;
  };
  if (raster instanceof Uint8Array || raster instanceof Uint16Array) {
    for (let i = 0; i < raster.length && remaining > 0; i++) {
      const v = raster[i]!;
      const t = target[v]!;
      if (t < 0) continue;
      if (seen[v] === t) take(i, v);
      seen[v]! += 1;
    }
    return out;
  }
  const skip = nodata ?? NaN;
  for (let i = 0; i < raster.length && remaining > 0; i++) {
    const v = raster[i]!;
    if (v === skip || !(v >= 0 && v < size)) continue;
    const t = target[v]!;
    if (t < 0) continue;
    if (seen[v] === t) take(i, v);
    seen[v]! += 1;
  }
  return out;
}

/** Frame counts plus, for each row, the count of each stratum's pixels before it: enough to find a ranked pixel's row. */
export interface FrameIndex extends FrameCounts {
  width: number;
  height: number;
  /** rowStarts[r * ids.length + k]: pixels of stratum ids[k] in rows before r (r = 0..height). */
  rowStarts: Float64Array;
}

/**
 * Count the frame and index it by row in one pass, so that `selectIndexed` only
 * rereads the rows that hold a selected pixel. Same result as `countStrata`.
 */
export function indexFrame(raster: StratumRaster, width: number, height: number, nodata?: number | null): FrameIndex {
  checkRasterShape(raster, width, height);
  if (raster instanceof Uint8Array) return indexFrameUint8(raster, width, height, nodata);
  const skip = nodata ?? NaN;
  const lookup = new Int32Array(MAX_STRATUM_VALUE + 1).fill(-1);
  const values: number[] = [];
  let counts = new Float64Array(16);
  const snapshots: Float64Array[] = [];
  const integer = raster instanceof Uint8Array || raster instanceof Uint16Array;
  for (let r = 0; r < height; r++) {
    snapshots.push(counts.slice(0, values.length));
    for (let i = r * width, end = i + width; i < end; i++) {
      const v = raster[i]!;
      if (v === skip) continue;
      if (!integer && (v !== v || !(v >= 0 && v <= MAX_STRATUM_VALUE) || v !== Math.floor(v))) {
        if (v !== v) continue;
        throw new DataError(`stratum raster value ${v} at pixel ${i} is not a whole number in 0-${MAX_STRATUM_VALUE}`);
      }
      let k = lookup[v]!;
      if (k < 0) {
        k = values.length;
        lookup[v] = k;
        values.push(v);
        if (k >= counts.length) {
          const grown = new Float64Array(counts.length * 2);
          grown.set(counts);
          counts = grown;
        }
      }
      counts[k]! += 1;
    }
  }
  snapshots.push(counts.slice(0, values.length));
  // Order strata by value, as countStrata does, and lay the snapshots out in that order.
  const order = values.map((v, k) => ({ v, k })).sort((a, b) => a.v - b.v);
  const q = order.length;
  const rowStarts = new Float64Array((height + 1) * q);
  for (let r = 0; r <= height; r++) {
    const snap = snapshots[r]!;
    for (let j = 0; j < q; j++) rowStarts[r * q + j] = snap[order[j]!.k] ?? 0;
  }
  const sizes = order.map((o) => counts[o.k]!);
  return { ids: order.map((o) => o.v), sizes, validPixels: sizes.reduce((a, b) => a + b, 0), width, height, rowStarts };
}

/** `indexFrame` for 8-bit rasters: four interleaved 256-bin histograms, a cumulative snapshot per row. */
function indexFrameUint8(raster: Uint8Array, width: number, height: number, nodata?: number | null): FrameIndex {
  const h0 = new Uint32Array(256);
  const h1 = new Uint32Array(256);
  const h2 = new Uint32Array(256);
  const h3 = new Uint32Array(256);
  const cumulative = new Float64Array((height + 1) * 256);
  const present: number[] = [];
  for (let r = 0; r < height; r++) {
    const start = r * width;
    const end = start + width;
    const end4 = start + width - (width % 4);
    let i = start;
    for (; i < end4; i += 4) {
      h0[raster[i]!]!++;
      h1[raster[i + 1]!]!++;
      h2[raster[i + 2]!]!++;
      h3[raster[i + 3]!]!++;
    }
    for (; i < end; i++) h0[raster[i]!]!++;
    // Snapshot only the values seen so far (bins never seen stay 0); rescan the 256 bins only
    // when the seen values no longer account for every pixel read, i.e. a new value appeared.
    let total = 0;
    for (let k = 0; k < present.length; k++) {
      const v = present[k]!;
      total += h0[v]! + h1[v]! + h2[v]! + h3[v]!;
    }
    if (total !== end) {
      present.length = 0;
      for (let v = 0; v < 256; v++) if (h0[v]! + h1[v]! + h2[v]! + h3[v]! > 0) present.push(v);
    }
    const base = (r + 1) * 256;
    for (let k = 0; k < present.length; k++) {
      const v = present[k]!;
      cumulative[base + v] = h0[v]! + h1[v]! + h2[v]! + h3[v]!;
    }
  }
  const skip = nodata ?? NaN;
  const ids: number[] = [];
  const sizes: number[] = [];
  const last = height * 256;
  for (let v = 0; v < 256; v++) {
    if (v === skip || cumulative[last + v] === 0) continue;
    ids.push(v);
    sizes.push(cumulative[last + v]!);
  }
  const q = ids.length;
  const rowStarts = new Float64Array((height + 1) * q);
  for (let r = 0; r <= height; r++) for (let j = 0; j < q; j++) rowStarts[r * q + j] = cumulative[r * 256 + ids[j]!]!;
  return { ids, sizes, validPixels: sizes.reduce((a, b) => a + b, 0), width, height, rowStarts };
}

/**
 * Pixel indices of the selected ranks (ascending ranks per stratum value, as for
 * `selectByRank`), rereading only the rows that hold one. Ascending pixel order.
 */
export function selectIndexed(raster: StratumRaster, frame: FrameIndex, ranks: ReadonlyMap<number, readonly number[]>): number[] {
  const { width, height, rowStarts, ids } = frame;
  const q = ids.length;
  // For each needed row: the (stratum position, rank within the row) pairs wanted there.
  const wanted = new Map<number, { j: number; within: number }[]>();
  ids.forEach((v, j) => {
    const list = ranks.get(v);
    if (!list || list.length === 0) return;
    let r = 0;
    for (const rank of list) {
      while (r < height && rowStarts[(r + 1) * q + j]! <= rank) r++;
      if (r >= height) throw new RangeError(`rank ${rank} is beyond the ${frame.sizes[j]} pixels of stratum ${v}`);
      let row = wanted.get(r);
      if (!row) wanted.set(r, (row = []));
      row.push({ j, within: rank - rowStarts[r * q + j]! });
    }
  });
  const position = new Int32Array(MAX_STRATUM_VALUE + 1).fill(-1);
  ids.forEach((v, j) => (position[v] = j));
  const seen = new Float64Array(q);
  const out: number[] = [];
  for (const r of [...wanted.keys()].sort((a, b) => a - b)) {
    const picks = wanted.get(r)!;
    // Targets per stratum in this row, ascending (ranks were ascending).
    const targets: number[][] = Array.from({ length: q }, () => []);
    for (const p of picks) targets[p.j]!.push(p.within);
    const next = new Int32Array(q);
    seen.fill(0);
    let left = picks.length;
    for (let i = r * width, end = i + width; i < end && left > 0; i++) {
      const v = raster[i]!;
      if (!(v >= 0 && v <= MAX_STRATUM_VALUE)) continue;
      const j = position[v]!;
      if (j < 0) continue;
      const t = targets[j]!;
      if (t.length === 0) continue;
      if (next[j]! < t.length && t[next[j]!] === seen[j]) {
        out.push(i);
        next[j]!++;
        left--;
      }
      seen[j]! += 1;
    }
  }
  return out;
}
