/**
 * @module stats/buffer-stratum
 * A stratification that isolates omission: map classes as strata, plus a buffer
 * stratum of pixels not mapped as the target class (e.g. coca) but within a
 * distance of it, where missed fields tend to hide. Sampling the buffer at a
 * higher rate cuts the variance of the omission term (Olofsson et al. 2014,
 * sec. 4.2; Stehman 2014 handles the strata ≠ map classes estimation).
 */
import { InputError } from "../domain/errors.ts";
import { checkRasterShape, type StratumRaster } from "./sampling-frame.ts";

export interface BufferStrataInput {
  map: StratumRaster;
  width: number;
  height: number;
  nodata?: number | null;
  /** Map code of the target class (e.g. coca). */
  targetCode: number;
  /** Buffer half-width in pixels (a square window: Chebyshev distance ≤ radiusPx). */
  radiusPx: number;
  /** Stratum code for the buffer; must not be a map code. */
  bufferCode: number;
}

/**
 * Strata raster: each pixel keeps its map code, except non-target pixels within
 * `radiusPx` of a target pixel, which get `bufferCode`. Nodata stays nodata.
 * Separable running-window dilation: O(pixels), independent of the radius.
 */
export function bufferStrata({ map, width, height, nodata, targetCode, radiusPx, bufferCode }: BufferStrataInput): Uint16Array {
  checkRasterShape(map, width, height, "class map");
  if (!(Number.isInteger(radiusPx) && radiusPx >= 1))
    throw new InputError(`the buffer width must be a whole number of pixels >= 1, got ${radiusPx}`, { field: "bufferPx" });
  if (!(Number.isInteger(bufferCode) && bufferCode >= 0 && bufferCode <= 65535))
    throw new InputError(`the buffer stratum code must be 0-65535, got ${bufferCode}`, { field: "bufferCode" });
  const skip = nodata ?? NaN;
  // Horizontal pass: count of target pixels in [c − r, c + r] per row.
  const rowHits = new Uint8Array(width * height);
  let anyTarget = false;
  for (let r = 0; r < height; r++) {
    const base = r * width;
    let count = 0;
    for (let c = 0; c < Math.min(radiusPx, width); c++) if (map[base + c] === targetCode) count++;
    for (let c = 0; c < width; c++) {
      const add = c + radiusPx;
      if (add < width && map[base + add] === targetCode) count++;
      const drop = c - radiusPx - 1;
      if (drop >= 0 && map[base + drop] === targetCode) count--;
      if (count > 0) {
        rowHits[base + c] = 1;
        anyTarget = true;
      }
    }
  }
  if (!anyTarget) throw new InputError(`the class map has no pixel of class ${targetCode} to buffer`, { field: "bufferClass" });
  const out = new Uint16Array(width * height);
  // Vertical pass over the row hits, then assign codes.
  for (let c = 0; c < width; c++) {
    let count = 0;
    for (let r = 0; r < Math.min(radiusPx, height); r++) count += rowHits[r * width + c]!;
    for (let r = 0; r < height; r++) {
      const add = r + radiusPx;
      if (add < height) count += rowHits[add * width + c]!;
      const drop = r - radiusPx - 1;
      if (drop >= 0) count -= rowHits[drop * width + c]!;
      const i = r * width + c;
      const v = map[i]!;
      if (v === bufferCode && v !== skip) throw new InputError(`the buffer stratum code ${bufferCode} is already a map code`, { field: "bufferCode" });
      out[i] = v !== skip && v !== targetCode && count > 0 ? bufferCode : v;
    }
  }
  return out;
}
