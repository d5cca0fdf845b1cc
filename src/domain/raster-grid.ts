/**
 * @module domain/raster-grid
 * The georeferencing of a raster, shared by imagery, area sampling and the survey.
 */

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

/**
 * A raster's grid. The geotransform is in GDAL order:
 * x = gt[0] + col * gt[1] + row * gt[2];  y = gt[3] + col * gt[4] + row * gt[5]
 * (gt[5] is negative for north-up rasters).
 */
export interface RasterGrid {
  width: number;
  height: number;
  geoTransform: readonly [number, number, number, number, number, number];
  crs: Crs;
}

/** A rectangular window of a raster, in pixels: columns [x0, x1), rows [y0, y1). */
export interface PixelWindow {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Map coordinates of the centre of pixel (col, row). */
export function pixelCenter(grid: RasterGrid, col: number, row: number): [number, number] {
  const gt = grid.geoTransform;
  const c = col + 0.5;
  const r = row + 0.5;
  return [gt[0] + c * gt[1] + r * gt[2], gt[3] + c * gt[4] + r * gt[5]];
}
