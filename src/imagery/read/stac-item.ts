/**
 * @module imagery/read/stac-item
 * The bands of a STAC Item, read exactly or refused. Pure: takes the parsed Item and says, for every
 * spectral or quality band it offers, which file, which band inside that file, and which scale, offset,
 * nodata and data type its metadata gives. Nothing is guessed silently:
 * - a multi-band asset yields every band its `eo:bands` / `raster:bands` (STAC 1.0) or `bands` (STAC 1.1)
 *   list, band i of the list being band i of the file;
 * - several single-band assets pointing into one multi-band file are matched to the file's bands by the
 *   band descriptions when the file is opened (`matchDescription`), or refused;
 * - scale and offset come from `raster:bands` only; defaults by sensor (Sentinel-2 DN / 10000 with the
 *   processing-baseline offset, Landsat C2 L2 0.0000275 / -0.2) are applied later and to integer files only;
 * - two assets claiming one band is an error naming the Item and the band, except that a single-band
 *   asset is preferred over a multi-band one (e.g. Planetary Computer's `visual` true-colour asset,
 *   which also lists red, green and blue);
 * - assets with role `visual`, `overview` or `thumbnail` are renderings, not measurements, and are skipped.
 */
import { z } from "zod";
import { DataError } from "../../domain/errors.ts";
import { canonicalBandName, type Sensor } from "./band-names.ts";

interface EoBand {
  name?: string;
  common_name?: string;
  "eo:common_name"?: string;
}
interface RasterBand {
  scale?: number;
  offset?: number;
  nodata?: number | string;
  data_type?: string;
  "raster:scale"?: number;
  "raster:offset"?: number;
}
export interface StacAsset {
  href: string;
  type?: string;
  roles?: string[];
  "eo:bands"?: EoBand[];
  "raster:bands"?: RasterBand[];
  /** STAC 1.1 unified bands (eo and raster fields side by side). */
  bands?: (EoBand & RasterBand)[];
  nodata?: number | string;
  data_type?: string;
}
export interface StacItem {
  type?: string;
  id?: string;
  properties?: Record<string, unknown>;
  assets?: Record<string, StacAsset>;
}

/** One band of an Item: the file (href resolved by the caller), its position in the file, and its metadata. */
export interface StacBandRef {
  /** Canonical band name (red, nir, scl, qa_pixel, ...). */
  name: string;
  /** The asset key it came from. */
  asset: string;
  href: string;
  /** 0-based band index in the file; undefined when it must be found by description (`matchDescription`). */
  bandIndex: number | undefined;
  /** Names to look for in the file's band descriptions when `bandIndex` is undefined. */
  matchDescription: string[];
  /** Number of bands the asset declares (checked against the file). */
  declaredBands: number;
  scale?: number;
  offset?: number;
  nodata?: number;
  dataType?: string;
}

const RENDERING_ROLES = new Set(["visual", "overview", "thumbnail"]);

function isRasterAsset(asset: StacAsset): boolean {
  return /\.tiff?($|\?)/i.test(asset.href) || (asset.type ?? "").includes("geotiff");
}

function nodataValue(v: number | string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v === "number") return v;
  if (v === "nan") return NaN;
  if (v === "inf") return Infinity;
  if (v === "-inf") return -Infinity;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

const num = z.number().finite();
const bandSchema = z
  .object({
    name: z.string().optional(),
    common_name: z.string().optional(),
    "eo:common_name": z.string().optional(),
    scale: num.optional(),
    offset: num.optional(),
    nodata: z.union([num, z.string()]).optional(),
    data_type: z.string().optional(),
    "raster:scale": num.optional(),
    "raster:offset": num.optional(),
  })
  .loose();
const assetSchema = z
  .object({
    href: z.string().min(1),
    type: z.string().optional(),
    roles: z.array(z.string()).optional(),
    "eo:bands": z.array(bandSchema).max(1024).optional(),
    "raster:bands": z.array(bandSchema).max(1024).optional(),
    bands: z.array(bandSchema).max(1024).optional(),
    nodata: z.union([num, z.string()]).optional(),
    data_type: z.string().optional(),
  })
  .loose();
const itemSchema = z
  .object({
    type: z.literal("Feature"),
    id: z.string().optional(),
    properties: z.record(z.string(), z.unknown()).nullish(),
    assets: z.record(z.string(), z.unknown()),
  })
  .loose();

/**
 * The Item checked at the edge (zod): a Feature with assets, each asset with a string href and band lists of
 * objects; a DataError names the Item, the asset and the field otherwise.
 */
export function checkStacItem(value: unknown, ref: string): StacItem {
  const item = itemSchema.safeParse(value);
  if (!item.success) {
    const issue = item.error.issues[0];
    throw new DataError(`${ref}: not a STAC Item (${issue ? `${issue.path.join(".") || "the document"}: ${issue.message}` : "invalid"})`);
  }
  for (const [key, asset] of Object.entries(item.data.assets)) {
    const a = assetSchema.safeParse(asset);
    if (!a.success) {
      const issue = a.error.issues[0];
      throw new DataError(`${ref}: asset "${key}" is not a STAC asset (${issue ? `${issue.path.join(".") || "the asset"}: ${issue.message}` : "invalid"})`);
    }
  }
  return item.data as unknown as StacItem;
}

/** The canonical name of a STAC band: the sensor's band name first (B05 -> rededge1), then the common name. */
function bandName(eo: EoBand | undefined, key: string, sensor: Sensor, single: boolean): string | undefined {
  const common = eo?.common_name ?? eo?.["eo:common_name"];
  const candidates = [eo?.name, common, single ? key : undefined].filter((c): c is string => typeof c === "string" && c.length > 0);
  for (const c of candidates) {
    const name = canonicalBandName(c, sensor);
    if (name) return name;
  }
  return undefined;
}

/**
 * Every band of the Item, by canonical name. `resolveHref` turns an asset href into a path or URL.
 * Throws a DataError naming the Item (`ref`) and the band on ambiguity.
 */
export function stacBandRefs(item: StacItem, ref: string, sensor: Sensor, resolveHref: (href: string) => string): StacBandRef[] {
  const claims = new Map<string, { band: StacBandRef; multi: boolean }[]>();
  const hrefUse = new Map<string, string[]>();
  for (const [key, asset] of Object.entries(item.assets ?? {})) {
    if (!isRasterAsset(asset)) continue;
    if ((asset.roles ?? []).some((r) => RENDERING_ROLES.has(r)) || key === "visual") continue;
    const eoBands: EoBand[] = asset["eo:bands"] ?? asset.bands ?? [];
    const rasterBands: RasterBand[] = asset["raster:bands"] ?? asset.bands ?? [];
    if (eoBands.length > 0 && rasterBands.length > 0 && eoBands.length !== rasterBands.length) {
      throw new DataError(
        `${ref}: asset "${key}" lists ${eoBands.length} eo:bands but ${rasterBands.length} raster:bands; cannot tell which metadata belongs to which band`,
      );
    }
    const n = Math.max(eoBands.length, rasterBands.length, 1);
    const href = resolveHref(asset.href);
    hrefUse.set(href, [...(hrefUse.get(href) ?? []), key]);
    for (let i = 0; i < n; i++) {
      const eo = eoBands[i];
      const name = bandName(eo, key, sensor, n === 1);
      if (!name) {
        if (n > 1)
          throw new DataError(
            `${ref}: asset "${key}" band ${i + 1} (${eo?.name ?? eo?.common_name ?? "unnamed"}) has no band name this reader knows; name it with eo:bands name/common_name`,
          );
        continue;
      }
      const rb = rasterBands[i];
      const band: StacBandRef = {
        name,
        asset: key,
        href,
        bandIndex: n > 1 ? i : 0,
        matchDescription: [eo?.name, eo?.common_name, eo?.["eo:common_name"], key, name].filter((s): s is string => typeof s === "string"),
        declaredBands: n,
        scale: rb?.scale ?? rb?.["raster:scale"],
        offset: rb?.offset ?? rb?.["raster:offset"],
        nodata: nodataValue(rb?.nodata ?? asset.nodata),
        dataType: rb?.data_type ?? asset.data_type,
      };
      claims.set(name, [...(claims.get(name) ?? []), { band, multi: n > 1 }]);
    }
  }
  // Single-band assets sharing one file: the band inside the file is found by its description.
  for (const [href, keys] of hrefUse) {
    if (keys.length < 2) continue;
    for (const list of claims.values()) {
      for (const c of list) if (c.band.href === href && !c.multi) c.band.bandIndex = undefined;
    }
  }
  const out: StacBandRef[] = [];
  for (const [name, list] of claims) {
    const singles = list.filter((c) => !c.multi);
    const chosen = singles.length > 0 ? singles : list;
    if (chosen.length > 1) {
      throw new DataError(`${ref}: band "${name}" is claimed by ${chosen.length} assets (${chosen.map((c) => c.band.asset).join(", ")}); keep one`);
    }
    out.push(chosen[0]!.band);
  }
  return out;
}
