/**
 * @module raster/write/overview
 * Overview pyramids as GDAL's COG driver makes them: levels halve the size (rounding up) until both
 * dimensions fit in one block, and each level is reduced 2 x 2 from the one above it by nearest
 * (GDAL's pick: the lower-right pixel of each 2 x 2), mode (the most frequent valid value, ties to the
 * first in reading order) or average (of the valid pixels, rounded for integer samples). Nodata and NaN
 * are left out; a 2 x 2 with no valid pixel stays nodata.
 */
import type { RasterArray } from "../read/sample-type.ts";

export type OverviewResampling = "nearest" | "mode" | "average";

export interface LevelSize {
  width: number;
  height: number;
}

/** Sizes of the overview levels (largest first) of a `width` x `height` image with square blocks of `blockPx`. */
export function overviewSizes(width: number, height: number, blockPx: number): LevelSize[] {
  const out: LevelSize[] = [];
  let w = width;
  let h = height;
  while (w > blockPx || h > blockPx) {
    w = Math.ceil(w / 2);
    h = Math.ceil(h / 2);
    out.push({ width: w, height: h });
  }
  return out;
}

/**
 * Reduce `src` (`srcW` x `srcH`, row-major) by 2 into `dst` (row stride `dstStride`) at (`dstX`, `dstY`):
 * it writes ceil(srcW / 2) x ceil(srcH / 2) pixels. `fill` is written where no source pixel is valid.
 */
export function reduce2x(
  src: RasterArray,
  srcW: number,
  srcH: number,
  dst: RasterArray,
  dstStride: number,
  dstX: number,
  dstY: number,
  resampling: OverviewResampling,
  nodata: number | null,
  fill: number,
  integer: boolean,
): void {
  const outW = (srcW + 1) >> 1;
  const outH = (srcH + 1) >> 1;
  // NaN never equals itself, so `v === v && v !== nd` is "valid" for every nodata choice.
  const nd = nodata === null || Number.isNaN(nodata) ? NaN : nodata;
  for (let oy = 0; oy < outH; oy++) {
    const r0 = 2 * oy * srcW;
    const r1 = Math.min(2 * oy + 1, srcH - 1) * srcW;
    const o = (dstY + oy) * dstStride + dstX;
    for (let ox = 0; ox < outW; ox++) {
      const x0 = 2 * ox;
      const x1 = x0 + 1 < srcW ? x0 + 1 : x0;
      const a = src[r0 + x0]!;
      const b = src[r0 + x1]!;
      const c = src[r1 + x0]!;
      const d = src[r1 + x1]!;
      let v: number;
      if (resampling === "nearest") {
        v = d;
      } else if (resampling === "average") {
        let sum = 0;
        let n = 0;
        if (a === a && a !== nd) {
          sum += a;
          n++;
        }
        if (b === b && b !== nd) {
          sum += b;
          n++;
        }
        if (c === c && c !== nd) {
          sum += c;
          n++;
        }
        if (d === d && d !== nd) {
          sum += d;
          n++;
        }
        v = n === 0 ? fill : integer ? Math.round(sum / n) : sum / n;
      } else if (a === b && a === c && a === d) {
        // A uniform block (most of a class map): its value, or the fill when it is nodata (mode4's answer, sooner).
        v = a === a && a !== nd ? a : fill;
      } else {
        v = mode4(a, b, c, d, nd, fill);
      }
      dst[o + ox] = v;
    }
  }
}

function mode4(a: number, b: number, c: number, d: number, nd: number, fill: number): number {
  let best = fill;
  let bestN = 0;
  if (a === a && a !== nd) {
    best = a;
    bestN = 1 + (b === a ? 1 : 0) + (c === a ? 1 : 0) + (d === a ? 1 : 0);
    if (bestN >= 3) return a;
  }
  if (b === b && b !== nd && b !== a) {
    const n = 1 + (c === b ? 1 : 0) + (d === b ? 1 : 0);
    if (n > bestN) {
      best = b;
      bestN = n;
    }
  }
  if (c === c && c !== nd && c !== a && c !== b) {
    const n = 1 + (d === c ? 1 : 0);
    if (n > bestN) {
      best = c;
      bestN = n;
    }
  }
  if (bestN === 0 && d === d && d !== nd) best = d;
  return best;
}
