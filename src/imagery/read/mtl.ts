/**
 * @module imagery/read/mtl
 * Landsat MTL metadata files (`*_MTL.txt`, ODL "GROUP = / NAME = value" text). USGS files may be
 * padded with NUL bytes after END; those are ignored.
 */
import { DataError } from "../../domain/errors.ts";
import { readTextFile } from "../../io/read-file.ts";

export interface LandsatMtl {
  /** Every NAME = value pair, grouped: group name -> key -> value (quotes removed). */
  groups: Record<string, Record<string, string>>;
  /** Band number (as in FILE_NAME_BAND_n, e.g. "1", "10") -> file name. */
  bandFiles: Record<string, string>;
  /** QA_PIXEL file name when listed. */
  qaPixelFile: string | undefined;
  /** Spacecraft, e.g. "LANDSAT_5", when present (from SPACECRAFT_ID or the product id). */
  spacecraft: string | undefined;
  /** Sun elevation in degrees, when present. */
  sunElevationDeg: number | undefined;
  /**
   * How to turn DN into values: Collection 2 Level-2 surface reflectance (per-band multiplier/offset,
   * 0.0000275 and -0.2), Level-1 top-of-atmosphere reflectance, or DN when neither is given.
   */
  radiometry: "surface-reflectance" | "toa-reflectance" | "dn";
  /** Per band number: multiplier and additive term of the radiometry above. */
  scale: Record<string, { mult: number; add: number }>;
}

/** Parse MTL text. Throws DataError naming `name` when it is not an MTL file. */
export function parseMtl(text: string, name: string): LandsatMtl {
  const clean = text.replace(/\0+/g, "");
  const groups: Record<string, Record<string, string>> = {};
  const stack: string[] = [];
  for (const raw of clean.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "END" || line === "") continue;
    const m = /^([A-Z0-9_]+)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    const [, key, value] = m as unknown as [string, string, string];
    if (key === "GROUP") {
      stack.push(value);
      groups[value] ??= {};
    } else if (key === "END_GROUP") {
      stack.pop();
    } else {
      const g = stack[stack.length - 1] ?? "";
      (groups[g] ??= {})[key] = value.replace(/^"(.*)"$/, "$1");
    }
  }
  if (!Object.keys(groups).some((g) => /METADATA_FILE|LANDSAT_METADATA_FILE/.test(g))) {
    throw new DataError(`${name}: not a Landsat MTL file (no L1_METADATA_FILE or LANDSAT_METADATA_FILE group)`);
  }
  const all: Record<string, string> = {};
  for (const g of Object.values(groups)) Object.assign(all, g);
  const bandFiles: Record<string, string> = {};
  let qaPixelFile: string | undefined;
  for (const [k, v] of Object.entries(all)) {
    const m = /^FILE_NAME_BAND_(\d+)(?:_VCID_\d)?$/.exec(k);
    if (m && !(m[1]! in bandFiles)) bandFiles[m[1]!] = v;
    if (k === "FILE_NAME_QUALITY_L1_PIXEL" || k === "FILE_NAME_QA_PIXEL") qaPixelFile = v;
  }
  const l2 = Object.entries(groups).find(([g]) => g === "LEVEL2_SURFACE_REFLECTANCE_PARAMETERS")?.[1];
  const l1 = groups.LEVEL1_RADIOMETRIC_RESCALING ?? groups.RADIOMETRIC_RESCALING ?? {};
  const scale: Record<string, { mult: number; add: number }> = {};
  let radiometry: LandsatMtl["radiometry"] = "dn";
  const fromGroup = (g: Record<string, string>): void => {
    for (const [k, v] of Object.entries(g)) {
      const m = /^REFLECTANCE_MULT_BAND_(\d+)$/.exec(k);
      const add = g[`REFLECTANCE_ADD_BAND_${m?.[1]}`];
      if (m && add !== undefined) scale[m[1]!] = { mult: Number(v), add: Number(add) };
    }
  };
  if (l2) {
    fromGroup(l2);
    if (Object.keys(scale).length) radiometry = "surface-reflectance";
  } else {
    fromGroup(l1);
    if (Object.keys(scale).length) radiometry = "toa-reflectance";
  }
  const sun = all.SUN_ELEVATION === undefined ? undefined : Number(all.SUN_ELEVATION);
  const productId = all.LANDSAT_PRODUCT_ID ?? all.LANDSAT_SCENE_ID ?? "";
  const spacecraft = all.SPACECRAFT_ID ?? (/^L[CTEO]0?(\d)/.exec(productId) ? `LANDSAT_${/^L[CTEO]0?(\d)/.exec(productId)![1]}` : undefined);
  return { groups, bandFiles, qaPixelFile, spacecraft, sunElevationDeg: sun, radiometry, scale };
}

/** Read and parse an MTL file. */
export async function readMtl(path: string): Promise<LandsatMtl> {
  return parseMtl(await readTextFile(path, { encoding: "latin1", unreadable: "data" }), path);
}
