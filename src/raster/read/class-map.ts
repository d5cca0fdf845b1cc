/**
 * @module raster/read/class-map
 * `readClassMap(path)`: a uint8 class raster (as written by the classify pipeline, or any GDAL class raster)
 * with its class names. Code 0 is nodata; code k (1..K) is `classNames[k - 1]`.
 *
 * Class names are read from the GDAL_METADATA item CLASS_NAMES (a JSON list, written by Coca Monitor), else from
 * GDAL category names in a `.aux.xml` sidecar, else they are "class 1", "class 2", ... up to the largest code seen
 * in the colour table.
 */
import { readFile } from "node:fs/promises";
import { DataError } from "../../domain/errors.ts";
import type { PixelWindow, RasterGrid } from "../../domain/raster-grid.ts";
import { isUrl } from "./byte-source.ts";
import { unescapeXml } from "./gdal-metadata.ts";
import { openRaster, type RasterSource, type Rgba } from "./raster-source.ts";

export interface ClassMap {
  readonly ref: string;
  readonly grid: RasterGrid;
  /** classNames[k - 1] names code k. */
  readonly classNames: readonly string[];
  /** Colour of each code (index = code), when the file has a colour table. */
  readonly colorTable: readonly Rgba[] | undefined;
  /** Raw nodata value of the file (0 for Coca Monitor maps), or null. */
  readonly nodata: number | null;
  readonly source: RasterSource;
  /** Codes over a window, row-major (into `options.into` when it fits: use the array returned). */
  readWindow(window: PixelWindow, options?: { signal?: AbortSignal; into?: Uint8Array }): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** Open a class map. Throws DataError when it is not a single-band uint8 raster. */
export async function readClassMap(ref: string): Promise<ClassMap> {
  const source = await openRaster(ref);
  if (source.sampleType !== "uint8" || source.bandCount !== 1) {
    await source.close();
    throw new DataError(`${ref}: not a class map (expected 1 band of uint8 codes, found ${source.bandCount} band(s) of ${source.sampleType})`);
  }
  let classNames = parseClassNames(source.metadata.dataset.CLASS_NAMES ?? source.metadata.bands[0]?.CLASS_NAMES);
  if (!classNames && !isUrl(ref)) classNames = await categoryNamesFromAux(`${ref}.aux.xml`);
  classNames ??= Array.from({ length: Math.max(1, (source.colorTable?.length ?? 256) - 1) }, (_, i) => `class ${i + 1}`);
  return {
    ref,
    grid: source.grid,
    classNames,
    colorTable: source.colorTable,
    nodata: source.nodata,
    source,
    async readWindow(window, { signal, into } = {}) {
      return (await source.readWindow(window, { signal, into: into ? [into] : undefined }))[0] as Uint8Array;
    },
    close: () => source.close(),
  };
}

/**
 * The CLASS_NAMES metadata item (a JSON list of names, code k = names[k - 1]), or undefined when it is absent
 * or not such a list. GDAL and rasterio write the item XML-escaped once more (`[&quot;forest&quot;, ...]`),
 * which is undone here.
 */
export function parseClassNames(text: string | undefined): string[] | undefined {
  if (!text) return undefined;
  try {
    const v = JSON.parse(text.includes("&quot;") ? unescapeXml(text) : text) as unknown;
    if (Array.isArray(v) && v.every((s) => typeof s === "string")) return v;
  } catch {
    // fall through: not JSON
  }
  return undefined;
}

/** GDAL PAM category names (index = code); code 0's name is dropped since 0 is nodata here. */
async function categoryNamesFromAux(path: string): Promise<string[] | undefined> {
  let xml: string;
  try {
    xml = await readFile(path, "utf8");
  } catch {
    return undefined;
  }
  const block = /<CategoryNames>([\s\S]*?)<\/CategoryNames>/.exec(xml)?.[1];
  if (!block) return undefined;
  const names = [...block.matchAll(/<Category>([\s\S]*?)<\/Category>|<Category\s*\/>/g)].map((m) => unescapeXml(m[1] ?? ""));
  return names.slice(1);
}
