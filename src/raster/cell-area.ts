/**
 * @module raster/cell-area
 * The ground area of raster cells in hectares: planar on projected grids, ellipsoidal on geographic ones.
 */
import proj4 from "proj4";
import { DataError } from "../domain/errors.ts";
import type { RasterGrid } from "../domain/raster-grid.ts";

const M2_PER_HA = 10_000;

/** The ellipsoid of a CRS: semi-major axis in metres and squared eccentricity. */
export interface Ellipsoid {
  aM: number;
  es: number;
}

interface ProjParams {
  a?: number;
  es?: number;
  to_meter?: number;
  units?: string;
}

function projParams(grid: RasterGrid): ProjParams {
  try {
    return proj4.Proj(grid.crs.proj4) as unknown as ProjParams;
  } catch (error) {
    throw new DataError(`unknown CRS "${grid.crs.name}" (${grid.crs.proj4}): ${(error as Error).message}`, { cause: error });
  }
}

/** The ellipsoid of the grid's CRS, from its proj4 definition. */
export function ellipsoidOf(grid: RasterGrid): Ellipsoid {
  const p = projParams(grid);
  if (!(p.a! > 0) || !(p.es! >= 0)) throw new DataError(`CRS "${grid.crs.name}" has no usable ellipsoid`);
  return { aM: p.a!, es: p.es! };
}

/** Metres per map unit of a projected CRS (1 for metres; from +to_meter or +units otherwise). */
export function metresPerUnit(grid: RasterGrid): number {
  const p = projParams(grid);
  if (p.to_meter !== undefined && p.to_meter > 0) return p.to_meter;
  if (p.units === undefined || p.units === "m") return 1;
  if (p.units === "km") return 1000;
  if (p.units === "ft") return 0.3048;
  if (p.units === "us-ft") return 1200 / 3937;
  throw new DataError(`CRS "${grid.crs.name}" has linear unit "${p.units}" that Coca Monitor cannot convert to metres`);
}

/**
 * Area of the ellipsoidal quadrangle between latitudes phi1 and phi2 (radians) spanning
 * dLambda radians of longitude, in m². Integral of the ellipsoid's area element
 * (Snyder 1987, Map Projections: A Working Manual, USGS PP 1395, eq. 3-12 for the authalic q):
 * A = a^2 (1 - e^2) dLambda / 2 * [q(phi2) - q(phi1)], q(phi) = sin(phi)/(1 - e^2 sin^2 phi) + ln((1 + e sin phi)/(1 - e sin phi)) / (2e).
 * This is the quantity GRASS's G_area_of_cell_at_row() computes for lat/lon locations.
 */
export function quadrangleAreaM2(ellipsoid: Ellipsoid, phi1: number, phi2: number, dLambda: number): number {
  const { aM, es } = ellipsoid;
  const q = (phi: number): number => {
    const s = Math.sin(phi);
    if (es === 0) return 2 * s;
    const e = Math.sqrt(es);
    return s / (1 - es * s * s) + Math.log((1 + e * s) / (1 - e * s)) / (2 * e);
  };
  return Math.abs(((aM * aM * (1 - es) * dLambda) / 2) * (q(phi2) - q(phi1)));
}

/**
 * The area in hectares of one cell in each row of the grid (`result[row]`).
 * Projected grids: |det(geotransform)| in m², the same for every row.
 * Geographic grids (north-up, no rotation): the ellipsoidal quadrangle of each row.
 */
export function cellAreaHaByRow(grid: RasterGrid): Float64Array {
  const gt = grid.geoTransform;
  const out = new Float64Array(grid.height);
  if (!grid.crs.geographic) {
    const m = metresPerUnit(grid);
    out.fill((Math.abs(gt[1] * gt[5] - gt[2] * gt[4]) * m * m) / M2_PER_HA);
    return out;
  }
  if (gt[2] !== 0 || gt[4] !== 0) throw new DataError(`a rotated geographic grid (${grid.crs.name}) is not supported for ellipsoidal cell areas`);
  const ell = ellipsoidOf(grid);
  const rad = Math.PI / 180;
  const dLambda = Math.abs(gt[1]) * rad;
  for (let r = 0; r < grid.height; r++) {
    const lat1 = gt[3] + r * gt[5];
    const lat2 = lat1 + gt[5];
    out[r] = quadrangleAreaM2(ell, lat1 * rad, lat2 * rad, dLambda) / M2_PER_HA;
  }
  return out;
}
