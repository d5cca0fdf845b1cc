/**
 * @module area/read-frame
 * The sampling frame of a design, read from disk: a class map (GeoTIFF/COG) and
 * optionally a separate stratification raster on the same grid. A pixel is in
 * the frame when neither raster has nodata there. Reads through the imagery
 * reader (src/raster/read), whole rasters into typed arrays.
 */
import { DataError, InputError } from "../domain/errors.ts";
import type { RasterGrid } from "../domain/raster-grid.ts";
import { parseClassNames } from "../raster/read/class-map.ts";
import { openRaster } from "../imagery/read/index.ts";
import { MAX_STRATUM_VALUE, type StratumRaster } from "../stats/sampling-frame.ts";
import { cellAreaHaByRow } from "../raster/cell-area.ts";

/** Value marking pixels outside the frame in `strata` when the two rasters' nodata are combined (reserved). */
export const FRAME_NODATA = 65535;

export interface AreaFrame {
  mapPath: string;
  strataPath?: string;
  grid: RasterGrid;
  /** Map class code per pixel, row-major. */
  map: StratumRaster;
  mapNodata: number | null;
  /** Stratum per pixel (the map itself when no strata raster is given). */
  strata: StratumRaster;
  /** Nodata of `strata` (FRAME_NODATA when map and strata nodata were combined). */
  strataNodata: number | null;
  /** Map class name per code (from the file's CLASS_NAMES metadata or `classNames`), else the code. */
  className(code: number): string;
  /** Hectares of one pixel in each row. */
  pixelAreaHa: Float64Array;
}

export const INTEGER_TYPES: ReadonlySet<string> = new Set(["uint8", "int8", "uint16", "int16", "uint32", "int32"]);

async function readWhole(path: string, what: string): Promise<{ grid: RasterGrid; data: StratumRaster; nodata: number | null; names?: string[] }> {
  const source = await openRaster(path);
  try {
    if (source.bandCount !== 1) throw new DataError(`${path}: a ${what} must have 1 band, found ${source.bandCount}`);
    if (!INTEGER_TYPES.has(source.sampleType)) {
      throw new DataError(`${path}: a ${what} must hold integer codes, found ${source.sampleType} samples`);
    }
    const { width, height } = source.grid;
    const [data] = await source.readWindow({ x0: 0, y0: 0, x1: width, y1: height });
    const names = parseClassNames(source.metadata.dataset.CLASS_NAMES ?? source.metadata.bands[0]?.CLASS_NAMES);
    return { grid: source.grid, data: data as StratumRaster, nodata: source.nodata, names };
  } finally {
    await source.close();
  }
}

/** Same size, geotransform (to 1e-9 relative) and CRS. */
export function sameGrid(a: RasterGrid, b: RasterGrid): boolean {
  return (
    a.width === b.width &&
    a.height === b.height &&
    a.geoTransform.every((v, i) => Math.abs(v - b.geoTransform[i]!) <= 1e-9 * Math.max(1, Math.abs(v))) &&
    a.crs.proj4 === b.crs.proj4
  );
}

/**
 * Read the frame. `nodata` overrides the map's nodata; `classNames` maps codes to
 * names (overriding the file's). A Coca Monitor class map stores code k's name as
 * CLASS_NAMES[k − 1] (code 0 is nodata).
 */
export async function readAreaFrame({
  mapPath,
  strataPath,
  nodata,
  classNames,
}: {
  mapPath: string;
  strataPath?: string;
  nodata?: number;
  classNames?: ReadonlyMap<number, string>;
}): Promise<AreaFrame> {
  const map = await readWhole(mapPath, "class map");
  const mapNodata = nodata ?? map.nodata;
  const className = (code: number): string => classNames?.get(code) ?? (map.names && code >= 1 ? map.names[code - 1] : undefined) ?? String(code);
  let strata: StratumRaster = map.data;
  let strataNodata = mapNodata;
  if (strataPath) {
    const s = await readWhole(strataPath, "strata raster");
    if (!sameGrid(map.grid, s.grid)) {
      throw new DataError(
        `${strataPath}: the strata raster is not on the class map's grid (${s.grid.width} × ${s.grid.height} vs ${map.grid.width} × ${map.grid.height}, ` +
          `or a different origin, pixel size or CRS); resample it onto ${mapPath} first (gdalwarp -tr/-te)`,
      );
    }
    // Combine both rasters' nodata into one frame mask on a copy of the strata.
    // Uint16 keeps it at 2 bytes a pixel; 65535 is reserved for "outside the frame".
    const combined = new Uint16Array(s.data.length);
    const mn = mapNodata ?? NaN;
    const sn = s.nodata ?? NaN;
    for (let i = 0; i < combined.length; i++) {
      const m = map.data[i]!;
      const v = s.data[i]!;
      if (m === mn || v === sn) {
        combined[i] = FRAME_NODATA;
      } else if (v >= 0 && v < FRAME_NODATA && v === Math.floor(v)) {
        combined[i] = v;
      } else {
        throw new DataError(`${strataPath}: stratum value ${v} at pixel ${i} is not a whole number in 0-${FRAME_NODATA - 1}`);
      }
    }
    strata = combined;
    strataNodata = FRAME_NODATA;
  }
  if (map.grid.crs.proj4 === "") throw new InputError(`${mapPath}: the class map has no CRS; coordinates cannot be written`);
  return { mapPath, strataPath, grid: map.grid, map: map.data, mapNodata, strata, strataNodata, className, pixelAreaHa: cellAreaHaByRow(map.grid) };
}

/** Hectares per stratum: Σ of pixel areas over the frame (rows differ on geographic grids). */
export function stratumAreasHa(frame: AreaFrame): Map<number, number> {
  const { width, height } = frame.grid;
  const sums = new Float64Array(MAX_STRATUM_VALUE + 1);
  const skip = frame.strataNodata ?? NaN;
  for (let r = 0; r < height; r++) {
    const a = frame.pixelAreaHa[r]!;
    for (let i = r * width, end = i + width; i < end; i++) {
      const v = frame.strata[i]!;
      if (v === skip || !(v >= 0 && v <= MAX_STRATUM_VALUE)) continue;
      sums[v]! += a;
    }
  }
  const out = new Map<number, number>();
  sums.forEach((a, v) => {
    if (a > 0) out.set(v, a);
  });
  return out;
}
