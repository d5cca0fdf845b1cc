/**
 * @module raster/read/geokeys
 * The CRS and geotransform of a GeoTIFF from its GeoKeys and model tags (GeoTIFF 1.1, OGC 19-008).
 */
import { DataError } from "../../domain/errors.ts";
import type { Crs, RasterGrid } from "../../domain/raster-grid.ts";
import { crsFromEpsg } from "./epsg.ts";
import { ascii, numbers, TAG, type TiffIfd } from "./tiff-ifd.ts";

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

/** GeoKey id -> value (number, or string for ASCII keys). */
export function readGeoKeys(ifd: TiffIfd): Map<number, number | string> {
  const dir = numbers(ifd, TAG.GeoKeyDirectory);
  const keys = new Map<number, number | string>();
  if (!dir || dir.length < 4) return keys;
  const doubles = numbers(ifd, TAG.GeoDoubleParams) ?? [];
  const asciiParams = ascii(ifd, TAG.GeoAsciiParams) ?? "";
  const n = dir[3]!;
  for (let i = 0; i < n; i++) {
    const [id, location, count, offset] = dir.slice(4 + i * 4, 8 + i * 4) as [number, number, number, number];
    if (location === 0) keys.set(id, offset);
    else if (location === TAG.GeoDoubleParams) keys.set(id, doubles[offset] ?? NaN);
    else if (location === TAG.GeoAsciiParams) keys.set(id, asciiParams.slice(offset, offset + count).replace(/\|$/, ""));
  }
  return keys;
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
    throw new DataError(`${name}: unknown CRS EPSG:${pcs}${citation ? ` (${citation})` : ""}; the EPSG registry has no usable definition for it (projected CRSs must be in metres): reproject with gdalwarp -t_srs`);
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

/** The GDAL-order geotransform from ModelTransformation or ModelTiepoint + ModelPixelScale. */
export function geoTransformFromTags(ifd: TiffIfd, keys: Map<number, number | string>, name: string): RasterGrid["geoTransform"] {
  // PixelIsPoint: raster coordinate (i, j) is a pixel centre, so the corner lies half a pixel before it (as GDAL reads it).
  const shift = keys.get(GEOKEY.GTRasterType) === 2 ? 0.5 : 0;
  const m = numbers(ifd, TAG.ModelTransformation);
  if (m && m.length >= 16) {
    return [m[3]! - shift * (m[0]! + m[1]!), m[0]!, m[1]!, m[7]! - shift * (m[4]! + m[5]!), m[4]!, m[5]!];
  }
  const tie = numbers(ifd, TAG.ModelTiepoint);
  const scale = numbers(ifd, TAG.ModelPixelScale);
  if (!tie || tie.length < 6 || !scale || scale.length < 2) {
    throw new DataError(`${name}: no georeferencing (ModelTiepoint/ModelPixelScale or ModelTransformation tags missing)`);
  }
  const [i, j, , x, y] = tie as [number, number, number, number, number];
  const sx = scale[0]!;
  const sy = scale[1]!;
  return [x - (i + shift) * sx, sx, 0, y + (j + shift) * sy, 0, -sy];
}
