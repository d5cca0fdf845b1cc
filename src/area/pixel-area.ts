/**
 * @module area/pixel-area
 * Area of a raster's pixels in hectares: constant for a projected grid (from the
 * geotransform and the CRS's linear unit), per row for a geographic grid (on the
 * authalic sphere, R = 6,371,007.2 m).
 */
import { DataError } from "../domain/errors.ts";
import type { RasterGrid } from "../domain/raster-grid.ts";

const AUTHALIC_RADIUS_M = 6_371_007.2;

/** Metres per CRS unit from a proj4 string (+to_meter or +units), default 1. */
export function metresPerUnit(proj4: string): number {
  const toMeter = /\+to_meter=([0-9.eE+-]+)/.exec(proj4);
  if (toMeter) return Number(toMeter[1]);
  const units = /\+units=([a-z-]+)/.exec(proj4)?.[1];
  switch (units) {
    case undefined:
    case "m":
      return 1;
    case "km":
      return 1000;
    case "ft":
      return 0.3048;
    case "us-ft":
      return 1200 / 3937;
    default:
      throw new DataError(`unsupported CRS linear unit "${units}" (expected m, km, ft or us-ft)`);
  }
}

/** Area in ha of one pixel in each row (`Float64Array` of length height). */
export function pixelAreaHaByRow(grid: RasterGrid): Float64Array {
  const gt = grid.geoTransform;
  const out = new Float64Array(grid.height);
  if (!grid.crs.geographic) {
    const m = metresPerUnit(grid.crs.proj4);
    const areaM2 = Math.abs(gt[1] * gt[5] - gt[2] * gt[4]) * m * m;
    out.fill(areaM2 / 10_000);
    return out;
  }
  if (gt[2] !== 0 || gt[4] !== 0) throw new DataError("a rotated geographic grid is not supported for pixel areas");
  const dLon = (Math.abs(gt[1]) * Math.PI) / 180;
  for (let r = 0; r < grid.height; r++) {
    const lat1 = ((gt[3] + r * gt[5]) * Math.PI) / 180;
    const lat2 = ((gt[3] + (r + 1) * gt[5]) * Math.PI) / 180;
    out[r] = (AUTHALIC_RADIUS_M ** 2 * dLon * Math.abs(Math.sin(lat1) - Math.sin(lat2))) / 10_000;
  }
  return out;
}
