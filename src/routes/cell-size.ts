/**
 * @module routes/cell-size
 * Cell sizes in metres of a raster grid, as least-cost paths need them: planar on projected grids, on the
 * ellipsoid (per row) on geographic ones. Rotated grids are refused.
 */
import { DataError } from "../domain/errors.ts";
import type { RasterGrid } from "../domain/raster-grid.ts";
import { ellipsoidOf, metresPerUnit } from "../raster/cell-area.ts";

export interface CellSizeM {
  /** Cell width in metres: one number (projected), or one per row (geographic: it shrinks with latitude). */
  widthM: number | Float64Array;
  /** Cell height in metres (geographic: the mean over the rows; it varies by less than 1e-4 within a few degrees). */
  heightM: number;
  /** How the sizes were found, for the output's record. */
  how: string;
}

/**
 * Cell sizes of `grid` in metres. Geographic grids: width N(φ)·cos φ·Δλ at each row's central latitude and height
 * M(φ)·Δφ (N, M: the prime-vertical and meridional radii of curvature of the CRS's ellipsoid).
 */
export function cellSizeM(grid: RasterGrid, ref: string): CellSizeM {
  const gt = grid.geoTransform;
  if (gt[2] !== 0 || gt[4] !== 0) throw new DataError(`${ref}: rotated grids are not supported for routes (reproject it north-up with gdalwarp)`);
  if (!grid.crs.geographic) {
    const m = metresPerUnit(grid);
    return { widthM: Math.abs(gt[1]) * m, heightM: Math.abs(gt[5]) * m, how: `projected CRS ${grid.crs.name}: planar cell size` };
  }
  const { aM, es } = ellipsoidOf(grid);
  const rad = Math.PI / 180;
  const dLon = Math.abs(gt[1]) * rad;
  const dLat = Math.abs(gt[5]) * rad;
  const widths = new Float64Array(grid.height);
  let heightSum = 0;
  for (let r = 0; r < grid.height; r++) {
    const phi = (gt[3] + (r + 0.5) * gt[5]) * rad;
    if (!(Math.abs(phi) < Math.PI / 2)) throw new DataError(`${ref}: row ${r} lies outside latitudes -90..90 (${phi / rad}°); not a geographic grid`);
    const s = Math.sin(phi);
    const w = 1 - es * s * s;
    const n = aM / Math.sqrt(w);
    const mer = (aM * (1 - es)) / (w * Math.sqrt(w));
    widths[r] = n * Math.cos(phi) * dLon;
    heightSum += mer * dLat;
  }
  return {
    widthM: widths,
    heightM: heightSum / grid.height,
    how: `geographic CRS ${grid.crs.name}: cell widths per row and mean height on its ellipsoid (a=${aM})`,
  };
}
