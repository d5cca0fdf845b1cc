/**
 * @module raster/read/geokeys
 * The CRS and geotransform of a GeoTIFF from its GeoKeys and model tags (GeoTIFF 1.1, OGC 19-008).
 */
import { DataError } from "../../domain/errors.ts";
import type { Crs, RasterGrid } from "../../domain/raster-grid.ts";
import { crsFromEpsg } from "./epsg.ts";
import { ascii, finiteValues, TAG, unsignedValues, type TiffIfd } from "./tiff-ifd.ts";

export const GEOKEY = {
  GTModelType: 1024,
  GTRasterType: 1025,
  GTCitation: 1026,
  GeographicType: 2048,
  GeogCitation: 2049,
  GeogAngularUnits: 2054,
  ProjectedCSType: 3072,
  PCSCitation: 3073,
  Projection: 3074,
  ProjLinearUnits: 3076,
} as const;

const USER_DEFINED = 32767;

/**
 * GeoKey id -> value (number, or string for ASCII keys). The directory is checked against its own length before it
 * is walked: SHORT values, a key count that fits in it, and key values that point inside GeoDoubleParams and
 * GeoAsciiParams; anything else is a DataError naming the file.
 */
export function readGeoKeys(ifd: TiffIfd): Map<number, number | string> {
  const keys = new Map<number, number | string>();
  if (!ifd.tags.has(TAG.GeoKeyDirectory)) return keys;
  const bad = (what: string): DataError => new DataError(`${ifd.name}: not a readable GeoTIFF (GeoKeyDirectory ${what})`);
  if (ifd.types.get(TAG.GeoKeyDirectory) !== 3) throw bad("must be of type SHORT");
  const dir = unsignedValues(ifd, TAG.GeoKeyDirectory, { max: 65535 })!;
  if (dir.length < 4) throw bad(`has ${dir.length} values, fewer than its 4-value header`);
  const n = dir[3]!;
  if (4 + n * 4 > dir.length) throw bad(`declares ${n} keys but holds ${Math.floor((dir.length - 4) / 4)}`);
  const doubles = finiteOrNaN(ifd);
  const asciiParams = ascii(ifd, TAG.GeoAsciiParams) ?? "";
  for (let i = 0; i < n; i++) {
    const p = 4 + i * 4;
    const id = dir[p]!;
    const location = dir[p + 1]!;
    const count = dir[p + 2]!;
    const offset = dir[p + 3]!;
    if (location === 0) keys.set(id, offset);
    else if (location === TAG.GeoDoubleParams) {
      if (offset + Math.max(count, 1) > doubles.length) throw bad(`key ${id} points past GeoDoubleParams (${doubles.length} values)`);
      keys.set(id, doubles[offset]!);
    } else if (location === TAG.GeoAsciiParams) {
      if (offset + count > asciiParams.length + 1) throw bad(`key ${id} points past GeoAsciiParams (${asciiParams.length} characters)`);
      keys.set(id, asciiParams.slice(offset, offset + count).replace(/\|$/, ""));
    }
  }
  return keys;
}

/** GeoDoubleParams as numbers (a non-numeric tag is refused). */
function finiteOrNaN(ifd: TiffIfd): number[] {
  const v = ifd.tags.get(TAG.GeoDoubleParams);
  if (v === undefined) return [];
  if (typeof v === "string") throw new DataError(`${ifd.name}: not a readable GeoTIFF (GeoDoubleParams is text)`);
  return v;
}

/** The CRS of a GeoTIFF, or a DataError naming `name` when it has none or an unknown one. */
export function crsFromGeoKeys(keys: Map<number, number | string>, name: string): Crs {
  const pcs = keys.get(GEOKEY.ProjectedCSType);
  const gcs = keys.get(GEOKEY.GeographicType);
  const model = keys.get(GEOKEY.GTModelType);
  const citation = String(keys.get(GEOKEY.PCSCitation) ?? keys.get(GEOKEY.GTCitation) ?? keys.get(GEOKEY.GeogCitation) ?? "");
  if (typeof pcs === "number" && pcs !== USER_DEFINED) {
    const crs = crsFromEpsg(pcs);
    if (crs) return crs;
    throw new DataError(
      `${name}: unknown CRS EPSG:${pcs}${citation ? ` (${citation})` : ""}; the EPSG registry has no usable definition for it (projected CRSs must be in metres): reproject with gdalwarp -t_srs`,
    );
  }
  if (pcs === USER_DEFINED || model === 1) {
    // A user-defined projected CRS: accept UTM by projection code (16001-16060 north, 16101-16160 south) on WGS 84.
    const proj = keys.get(GEOKEY.Projection);
    if (typeof proj === "number" && (gcs === 4326 || gcs === undefined)) {
      if (proj >= 16001 && proj <= 16060) return crsFromEpsg(32600 + proj - 16000)!;
      if (proj >= 16101 && proj <= 16160) return crsFromEpsg(32700 + proj - 16100)!;
    }
    throw new DataError(`${name}: unknown CRS (user-defined projection${citation ? ` "${citation}"` : ""}); reproject it to an EPSG code with gdalwarp -t_srs`);
  }
  if (typeof gcs === "number" && gcs !== USER_DEFINED) {
    const crs = crsFromEpsg(gcs);
    if (crs) return crs;
    throw new DataError(`${name}: unknown CRS EPSG:${gcs}${citation ? ` (${citation})` : ""}`);
  }
  if (gcs === USER_DEFINED) {
    throw new DataError(`${name}: unknown CRS (user-defined geographic CRS${citation ? ` "${citation}"` : ""})`);
  }
  throw new DataError(`${name}: unknown CRS (no GeoKeys: not a GeoTIFF, or the CRS is missing)`);
}

/** The GDAL-order geotransform from ModelTransformation or ModelTiepoint + ModelPixelScale; finite and invertible. */
export function geoTransformFromTags(ifd: TiffIfd, keys: Map<number, number | string>, name: string): RasterGrid["geoTransform"] {
  // PixelIsPoint: raster coordinate (i, j) is a pixel centre, so the corner lies half a pixel before it (as GDAL reads it).
  const shift = keys.get(GEOKEY.GTRasterType) === 2 ? 0.5 : 0;
  const m = finiteValues(ifd, TAG.ModelTransformation);
  let gt: RasterGrid["geoTransform"];
  if (m && m.length >= 16) {
    gt = [m[3]! - shift * (m[0]! + m[1]!), m[0]!, m[1]!, m[7]! - shift * (m[4]! + m[5]!), m[4]!, m[5]!];
  } else {
    const tie = finiteValues(ifd, TAG.ModelTiepoint);
    const scale = finiteValues(ifd, TAG.ModelPixelScale);
    if (!tie || tie.length < 6 || !scale || scale.length < 2) {
      throw new DataError(`${name}: no georeferencing (ModelTiepoint/ModelPixelScale or ModelTransformation tags missing)`);
    }
    const [i, j, , x, y] = tie as [number, number, number, number, number];
    const sx = scale[0]!;
    const sy = scale[1]!;
    gt = [x - (i + shift) * sx, sx, 0, y + (j + shift) * sy, 0, -sy];
  }
  const det = gt[1] * gt[5] - gt[2] * gt[4];
  if (!gt.every(Number.isFinite) || !Number.isFinite(det) || det === 0) {
    throw new DataError(`${name}: not a readable GeoTIFF (degenerate georeferencing: pixel size ${gt[1]} x ${gt[5]}, rotation ${gt[2]}, ${gt[4]})`);
  }
  return gt;
}
