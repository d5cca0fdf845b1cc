/**
 * @module domain/raster-grid
 * The georeferencing of a raster, shared by imagery, area sampling, the survey and the API: the grid
 * type, pixel <-> map coordinates through the geotransform (general affine, rotation terms included),
 * map <-> WGS 84 longitude/latitude (one rule for "is this CRS already WGS 84?", converters on proj4),
 * the grid's corners and bounding box in WGS 84, and the even-odd point-in-rings test.
 */
import proj4 from "proj4";
import { DataError } from "./errors.ts";

/** A coordinate reference system as read from GeoKeys (or given by EPSG code). */
export interface Crs {
  /** EPSG code when known (e.g. 32718 for UTM 18S, 4326 for WGS 84). */
  epsg?: number;
  /** A proj4 definition string usable with the proj4 library. */
  proj4: string;
  /** True for a geographic (lon/lat degrees) CRS. */
  geographic: boolean;
  /** A human-readable name, e.g. "WGS 84 / UTM zone 18S". */
  name: string;
}

/** A GDAL-order geotransform (see `RasterGrid`). */
export type GeoTransform = readonly [number, number, number, number, number, number];

/**
 * A raster's grid. The geotransform is in GDAL order:
 * x = gt[0] + col * gt[1] + row * gt[2];  y = gt[3] + col * gt[4] + row * gt[5]
 * (gt[5] is negative for north-up rasters).
 */
export interface RasterGrid {
  width: number;
  height: number;
  geoTransform: GeoTransform;
  crs: Crs;
}

/** A rectangular window of a raster, in pixels: columns [x0, x1), rows [y0, y1). */
export interface PixelWindow {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** A position [x, y]: map coordinates, pixel coordinates or [lon, lat] as the name says. */
export type XY = [number, number];

/**
 * Map coordinates of continuous pixel coordinates (col, row): (0, 0) is the top-left corner of the
 * top-left pixel, (col + 0.5, row + 0.5) the centre of pixel (col, row).
 */
export function pixelToMap(grid: Pick<RasterGrid, "geoTransform">, col: number, row: number): XY {
  const gt = grid.geoTransform;
  return [gt[0] + col * gt[1] + row * gt[2], gt[3] + col * gt[4] + row * gt[5]];
}

/** Map coordinates of the centre of pixel (col, row). */
export function pixelCenter(grid: Pick<RasterGrid, "geoTransform">, col: number, row: number): XY {
  return pixelToMap(grid, col + 0.5, row + 0.5);
}

/**
 * The inverse geotransform as a function: map (x, y) -> continuous pixel coordinates (col, row), the
 * inverse of `pixelToMap` (floor them for the pixel holding the point). Throws a DataError naming
 * `what` (e.g. "the scene") when the geotransform is singular.
 */
export function mapToPixelTransform(grid: Pick<RasterGrid, "geoTransform">, what = "the raster"): (x: number, y: number) => XY {
  const gt = grid.geoTransform;
  const det = gt[1] * gt[5] - gt[2] * gt[4];
  if (det === 0 || !Number.isFinite(det)) throw new DataError(`${what}'s geotransform is singular`);
  return (x, y) => {
    const dx = x - gt[0];
    const dy = y - gt[3];
    return [(gt[5] * dx - gt[2] * dy) / det, (-gt[4] * dx + gt[1] * dy) / det];
  };
}

/** Continuous pixel coordinates (col, row) of map (x, y); see `mapToPixelTransform`. */
export function mapToPixel(grid: Pick<RasterGrid, "geoTransform">, x: number, y: number): XY {
  return mapToPixelTransform(grid)(x, y);
}

/** The proj4 definition of WGS 84 longitude/latitude (EPSG:4326, axis order lon, lat). */
export const WGS84_PROJ4 = "+proj=longlat +datum=WGS84 +no_defs";

/** The WGS 84 geographic CRS. */
export const WGS84: Crs = { epsg: 4326, proj4: WGS84_PROJ4, geographic: true, name: "WGS 84" };

/**
 * Whether coordinates of `crs` are already WGS 84 longitude/latitude: EPSG:4326, or, with no EPSG
 * code, a geographic CRS whose proj4 definition is on the WGS 84 datum. Other geographic CRSs
 * (SIRGAS 2000, PSAD56, NAD83) are not: they go through proj4 like projected ones.
 */
export function isWgs84(crs: Crs): boolean {
  if (crs.epsg !== undefined) return crs.epsg === 4326;
  if (!crs.geographic) return false;
  const def = crs.proj4.trim();
  if (/^(EPSG:4326|WGS84)$/i.test(def)) return true;
  return /\+proj=longlat\b/.test(def) && /\+datum=WGS84\b/.test(def) && !/\+towgs84=/.test(def);
}

/** Whether two CRSs are known to be the same (both with the same EPSG code). */
export function sameCrs(a: Crs, b: Crs): boolean {
  return a.epsg !== undefined && a.epsg === b.epsg;
}

function converter(crs: Crs, what: string): proj4.Converter {
  try {
    return proj4(crs.proj4, WGS84_PROJ4);
  } catch (error) {
    throw new DataError(`cannot convert ${what} (${crs.name}, ${crs.proj4}) to WGS 84: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * A function from coordinates of `crs` to WGS 84 [lon, lat]: the identity when `isWgs84(crs)`, else proj4.
 * Throws a DataError naming `what` (e.g. "the map's CRS") when proj4 does not know the definition.
 */
export function toWgs84Transform(crs: Crs, what = "the CRS"): (xy: readonly [number, number]) => XY {
  if (isWgs84(crs)) return (xy) => [xy[0], xy[1]];
  const conv = converter(crs, what);
  return (xy) => conv.forward([xy[0], xy[1]]) as XY;
}

/** A function from WGS 84 [lon, lat] to coordinates of `crs` (the inverse of `toWgs84Transform`). */
export function fromWgs84Transform(crs: Crs, what = "the CRS"): (lonLat: readonly [number, number]) => XY {
  if (isWgs84(crs)) return (p) => [p[0], p[1]];
  const conv = converter(crs, what);
  return (p) => conv.inverse([p[0], p[1]]) as XY;
}

/** The four corners of the grid in its own CRS: top-left, top-right, bottom-right, bottom-left (of the pixel edges). */
export function gridCorners(grid: RasterGrid): [XY, XY, XY, XY] {
  return [pixelToMap(grid, 0, 0), pixelToMap(grid, grid.width, 0), pixelToMap(grid, grid.width, grid.height), pixelToMap(grid, 0, grid.height)];
}

/** The four corners of the grid in WGS 84 [lon, lat]: top-left, top-right, bottom-right, bottom-left. */
export function gridCornersWgs84(grid: RasterGrid): [XY, XY, XY, XY] {
  const toWgs84 = toWgs84Transform(grid.crs, "the grid's CRS");
  return gridCorners(grid).map((p) => toWgs84(p)) as [XY, XY, XY, XY];
}

/**
 * The grid's bounding box in WGS 84, [minLon, minLat, maxLon, maxLat], from its outline sampled at
 * `stepsPerEdge` points per edge (a projected grid's straight edges are curves in lon/lat).
 */
export function gridBboxWgs84(grid: RasterGrid, stepsPerEdge = 16): [number, number, number, number] {
  const toWgs84 = toWgs84Transform(grid.crs, "the grid's CRS");
  const { width: w, height: h } = grid;
  let minLon = Infinity,
    minLat = Infinity,
    maxLon = -Infinity,
    maxLat = -Infinity;
  for (let k = 0; k <= stepsPerEdge; k++) {
    const t = k / stepsPerEdge;
    for (const [col, row] of [
      [t * w, 0],
      [w, t * h],
      [(1 - t) * w, h],
      [0, (1 - t) * h],
    ] as const) {
      const [lon, lat] = toWgs84(pixelToMap(grid, col, row));
      if (lon < minLon) minLon = lon;
      if (lon > maxLon) maxLon = lon;
      if (lat < minLat) minLat = lat;
      if (lat > maxLat) maxLat = lat;
    }
  }
  return [minLon, minLat, maxLon, maxLat];
}

/**
 * Even-odd point-in-polygon over flat rings [x0, y0, x1, y1, ...], in any one coordinate space: a point
 * inside an exterior ring and inside one of its holes is outside; several polygons (a multipolygon's
 * exteriors and holes, all listed together) are fine. Rings may be closed or not.
 */
export function pointInRings(x: number, y: number, rings: readonly (readonly number[])[]): boolean {
  let inside = false;
  for (const ring of rings) {
    const n = ring.length / 2;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const xi = ring[2 * i]!,
        yi = ring[2 * i + 1]!;
      const xj = ring[2 * j]!,
        yj = ring[2 * j + 1]!;
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}
