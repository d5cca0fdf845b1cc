/**
 * @module routes/coarse-grid
 * A raster shrunk to a small grid the store and the API can carry (at most `maxSide` cells a side):
 * block statistics over factor x factor cells, NaN cells left out, values to 4 significant digits,
 * with the grid's four corners in WGS 84 so a map can draw it as an image. The big rasters stay files.
 */
import { z } from "zod";
import { gridCornersWgs84, type RasterGrid } from "../domain/raster-grid.ts";

export const coarseGridSchema = z.object({
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** Cells of the source raster per coarse cell, along each axis. */
  factor: z.number().int().positive(),
  /** How a coarse cell summarises its block: mean (cost) or max (current: pinch points stay visible). */
  statistic: z.enum(["mean", "max"]),
  unit: z.string(),
  /** Top-left, top-right, bottom-right, bottom-left corners, [lon, lat] (WGS 84). */
  cornersLonLat: z.array(z.tuple([z.number(), z.number()])).length(4),
  min: z.number().nullable(),
  max: z.number().nullable(),
  /** Row-major, top row first; null where the whole block is nodata. */
  values: z.array(z.number().nullable()),
});
export type CoarseGrid = z.infer<typeof coarseGridSchema>;

const round4 = (v: number): number => Number(v.toPrecision(4));

/** Shrink `values` on `grid` to at most `maxSide` cells a side by block mean or max. */
export function coarseGrid(
  values: Float32Array,
  grid: RasterGrid,
  { maxSide = 128, statistic, unit }: { maxSide?: number; statistic: "mean" | "max"; unit: string },
): CoarseGrid {
  const factor = Math.max(1, Math.ceil(Math.max(grid.width, grid.height) / maxSide));
  const w = Math.ceil(grid.width / factor);
  const h = Math.ceil(grid.height / factor);
  const sum = new Float64Array(w * h);
  const count = new Uint32Array(w * h);
  const mx = new Float64Array(w * h).fill(-Infinity);
  for (let r = 0; r < grid.height; r++) {
    const rr = Math.floor(r / factor) * w;
    for (let c = 0; c < grid.width; c++) {
      const v = values[r * grid.width + c]!;
      if (!Number.isFinite(v)) continue;
      const k = rr + Math.floor(c / factor);
      sum[k]! += v;
      count[k]! += 1;
      if (v > mx[k]!) mx[k] = v;
    }
  }
  const out: (number | null)[] = new Array<number | null>(w * h);
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 0; k < w * h; k++) {
    if (count[k] === 0) {
      out[k] = null;
      continue;
    }
    const v = round4(statistic === "mean" ? sum[k]! / count[k]! : mx[k]!);
    out[k] = v;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const corners = gridCornersWgs84(grid).map(([x, y]) => [x, y] as [number, number]);
  return {
    width: w,
    height: h,
    factor,
    statistic,
    unit,
    cornersLonLat: corners,
    min: lo === Infinity ? null : lo,
    max: hi === -Infinity ? null : hi,
    values: out,
  };
}
