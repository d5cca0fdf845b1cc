/**
 * @module routes/route-rasters
 * The raster edges of route analysis: one band read whole as float with nodata as NaN (DEMs, cost rasters), a
 * land-cover band as codes, and the outputs (cost surface, accumulated cost, back-links) written as tiled COG-layout
 * GeoTIFFs with what made them in their metadata.
 */
import { DataError, InputError } from "../domain/errors.ts";
import type { RasterGrid } from "../domain/raster-grid.ts";
import { openRaster } from "../raster/read/raster-source.ts";
import { writeRaster } from "../raster/write/write-raster.ts";
import { MOVE_DC, MOVE_DR } from "./accumulated-cost.ts";

/** Metadata item holding the record of a cost surface (JSON): model, factors, inputs, unit. */
export const COST_RECORD_KEY = "COCA_ROUTES_COST";

export interface FloatBand {
  ref: string;
  grid: RasterGrid;
  /** Values with the file's nodata (and non-finite values) as NaN. */
  values: Float32Array;
  band: number;
  bandName: string;
  /** Dataset metadata items of the file. */
  metadata: Record<string, string>;
}

/** Read band `band` (1-based) of a raster whole, nodata as NaN. `what` names the input in errors ("DEM", "cost raster"). */
export async function readFloatBand(ref: string, band: number, what: string): Promise<FloatBand> {
  let source;
  try {
    source = await openRaster(ref);
  } catch (error) {
    const msg = (error as Error).message;
    if (/unknown CRS \(no GeoKeys/.test(msg)) {
      throw new DataError(
        `${ref}: the ${what} has no CRS, so its cell size in metres is unknown; refusing (assign one with gdal_edit.py -a_srs EPSG:32718, or reproject with gdalwarp -t_srs)`,
        { cause: error },
      );
    }
    throw error;
  }
  try {
    if (!Number.isInteger(band) || band < 1 || band > source.bandCount) {
      throw new InputError(`${ref}: no band ${band} in the ${what} (it has ${source.bandCount}: ${source.bandNames.join(", ")})`, { field: "band" });
    }
    const { width, height } = source.grid;
    const [raw] = await source.readWindow({ x0: 0, y0: 0, x1: width, y1: height }, { bands: [band - 1] });
    const values = new Float32Array(width * height);
    const nodata = source.nodata;
    for (let i = 0; i < values.length; i++) {
      const v = raw![i]!;
      values[i] = !Number.isFinite(v) || (nodata !== null && v === nodata) ? NaN : v;
    }
    // Float32 nodata such as -3.4e38 does not survive the float64 comparison exactly: compare in float32 too.
    if (nodata !== null && Number.isFinite(nodata)) {
      const nd32 = Math.fround(nodata);
      for (let i = 0; i < values.length; i++) if (values[i] === nd32) values[i] = NaN;
    }
    return { ref, grid: source.grid, values, band, bandName: source.bandNames[band - 1]!, metadata: { ...source.metadata.dataset } };
  } finally {
    await source.close();
  }
}

/** Read band 1 of a land-cover raster as codes, with its nodata code. */
export async function readCodes(ref: string): Promise<{ grid: RasterGrid; codes: Uint8Array | Uint16Array; nodata: number | null }> {
  const source = await openRaster(ref);
  try {
    if (source.sampleType !== "uint8" && source.sampleType !== "uint16") {
      throw new DataError(`${ref}: a land-cover map must hold integer class codes (uint8 or uint16), found ${source.sampleType}`);
    }
    const { width, height } = source.grid;
    const [codes] = await source.readWindow({ x0: 0, y0: 0, x1: width, y1: height }, { bands: [0] });
    return { grid: source.grid, codes: codes as Uint8Array | Uint16Array, nodata: source.nodata };
  } finally {
    await source.close();
  }
}

/** True when two grids have the same size, CRS and geotransform (to 1e-6 of a cell). */
export function sameGrid(a: RasterGrid, b: RasterGrid): boolean {
  if (a.width !== b.width || a.height !== b.height || a.crs.proj4 !== b.crs.proj4) return false;
  const tol = 1e-6 * Math.max(Math.abs(a.geoTransform[1]), Math.abs(a.geoTransform[5]));
  return a.geoTransform.every((v, i) => Math.abs(v - b.geoTransform[i]!) <= tol);
}

/** Write one float32 band (NaN = nodata) with a description and metadata items. */
export async function writeFloatRaster(
  path: string,
  grid: RasterGrid,
  values: Float32Array,
  bandName: string,
  metadata: Record<string, string>,
): Promise<void> {
  await writeRaster(path, [values], { grid, sampleType: "float32", nodata: NaN, bandNames: [bandName], metadata });
}

/** The back-link codes as text for the raster's metadata: code -> [row offset, column offset] of the move. */
export function backlinkLegend(): string {
  const moves: Record<string, [number, number]> = {};
  for (let k = 1; k <= 16; k++) moves[k] = [MOVE_DR[k]!, MOVE_DC[k]!];
  return JSON.stringify({ source: 0, unreached: 255, moveIntoCell: moves, note: "the previous cell is (row - dr, col - dc)" });
}

/** Write the back-link raster (uint8; 255 = unreached = nodata). */
export async function writeBacklinks(path: string, grid: RasterGrid, backlinks: Uint8Array, metadata: Record<string, string>): Promise<void> {
  await writeRaster(path, [backlinks], {
    grid,
    sampleType: "uint8",
    nodata: 255,
    bandNames: ["backlink"],
    metadata: { ...metadata, COCA_ROUTES_BACKLINKS: backlinkLegend() },
  });
}
