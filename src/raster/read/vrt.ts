/**
 * @module raster/read/vrt
 * A GDAL VRT of simple sources as a RasterSource: the mosaics and band stacks that `gdalbuildvrt`
 * writes (SimpleSource, and ComplexSource carrying only a NODATA value). Each source is a window of a
 * GeoTIFF (or another such VRT) copied unchanged into a window of the same size; nothing is resampled,
 * scaled or warped, so the values read are exactly the source files' values. Anything else (warped
 * datasets, derived bands, kernel filters, scaling, lookup tables, a source window of another size than
 * its destination, mixed data types) is refused with a message naming the file and the element.
 * Later sources overwrite earlier ones where they overlap, as GDAL does.
 */
import { dirname, isAbsolute, resolve } from "node:path";
import { XMLParser } from "fast-xml-parser";
import { DataError, NotFoundError } from "../../domain/errors.ts";
import type { PixelWindow, RasterGrid } from "../../domain/raster-grid.ts";
import { readTextFile } from "../../io/read-file.ts";
import { isUrl } from "./byte-source.ts";
import { crsFromEpsg } from "./epsg.ts";
import type { GdalMetadata } from "./gdal-metadata.ts";
import type { RasterSource, ReadOptions, Rgba } from "./raster-source.ts";
import { allocRaster, type RasterArray, type SampleType } from "./sample-type.ts";

/** Nesting limit for VRTs whose sources are VRTs. */
const MAX_DEPTH = 4;

const DATA_TYPES: Record<string, SampleType> = {
  Byte: "uint8",
  Int8: "int8",
  UInt16: "uint16",
  Int16: "int16",
  UInt32: "uint32",
  Int32: "int32",
  Float32: "float32",
  Float64: "float64",
};

interface Rect {
  xOff: number;
  yOff: number;
  xSize: number;
  ySize: number;
}
interface VrtSource {
  file: string;
  /** 0-based band of the source file. */
  band: number;
  src: Rect;
  dst: Rect;
  /** ComplexSource NODATA: source pixels with this value are not copied. */
  nodata: number | null;
}
interface VrtBand {
  description: string | undefined;
  nodata: number | null;
  sources: VrtSource[];
  scale: number | undefined;
  offset: number | undefined;
}

/** True when `ref` names a VRT (by extension). */
export function isVrtRef(ref: string): boolean {
  return /\.vrt($|\?)/i.test(ref);
}

type Xml = Record<string, unknown>;
const asList = (v: unknown): Xml[] => (v === undefined ? [] : Array.isArray(v) ? (v as Xml[]) : [v as Xml]);
const text = (v: unknown): string | undefined => {
  if (v === undefined || v === null) return undefined;
  if (typeof v === "object") return (v as Xml)["#text"] === undefined ? undefined : String((v as Xml)["#text"]);
  return String(v);
};

/** The EPSG code of a VRT's SRS: "EPSG:n", or the CRS's own (last) AUTHORITY/ID in WKT 1 or 2. */
function epsgOfSrs(srs: string): number | undefined {
  const direct = /^\s*EPSG:(\d+)\s*$/i.exec(srs);
  if (direct) return Number(direct[1]);
  const ids = [...srs.matchAll(/(?:AUTHORITY\[\s*"EPSG"\s*,\s*"?(\d+)"?\s*\]|ID\[\s*"EPSG"\s*,\s*(\d+)\s*\])/gi)];
  const last = ids.at(-1);
  return last ? Number(last[1] ?? last[2]) : undefined;
}

function rect(el: unknown, file: string, what: string): Rect {
  const e = (el ?? {}) as Xml;
  const r = { xOff: Number(e["@_xOff"]), yOff: Number(e["@_yOff"]), xSize: Number(e["@_xSize"]), ySize: Number(e["@_ySize"]) };
  if (!Object.values(r).every((v) => Number.isFinite(v))) throw new DataError(`${file}: ${what} is missing or not numeric`);
  return r;
}

const REFUSED_SOURCE_CHILDREN = ["ScaleOffset", "ScaleRatio", "LUT", "ColorTableComponent", "Exponent", "SrcMin", "SrcMax", "DstMin", "DstMax", "UseMaskBand"];

/** Open a VRT (path or URL) of simple sources. */
export async function openVrt(
  ref: string,
  openSource: (ref: string, depth: number) => Promise<RasterSource>,
  depth = 0,
  signal?: AbortSignal,
): Promise<RasterSource> {
  if (depth > MAX_DEPTH) throw new DataError(`${ref}: VRTs nested more than ${MAX_DEPTH} deep`);
  let xml: string;
  if (isUrl(ref)) {
    const r = await fetch(ref, { signal });
    if (r.status === 404) throw new NotFoundError(`${ref}: not found (HTTP 404)`);
    if (!r.ok) throw new DataError(`${ref}: HTTP ${r.status}`);
    xml = await r.text();
  } else {
    xml = await readTextFile(ref, { unreadable: "data" });
  }
  let doc: Xml;
  try {
    doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@_", parseTagValue: false, parseAttributeValue: false }).parse(xml) as Xml;
  } catch (error) {
    throw new DataError(`${ref}: not valid VRT XML (${(error as Error).message})`, { cause: error });
  }
  const ds = doc.VRTDataset as Xml | undefined;
  if (!ds || typeof ds !== "object") throw new DataError(`${ref}: not a GDAL VRT (no VRTDataset element)`);
  if (ds["@_subClass"])
    throw new DataError(
      `${ref}: VRT subClass "${String(ds["@_subClass"])}" (warped or derived datasets) is not supported; only simple sources are read. Warp with gdalwarp to a GeoTIFF, or use coca imagery mosaic`,
    );
  const width = Number(ds["@_rasterXSize"]);
  const height = Number(ds["@_rasterYSize"]);
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0 && width * height <= 2 ** 40)) {
    throw new DataError(`${ref}: rasterXSize/rasterYSize missing or invalid`);
  }
  const gtText = text(ds.GeoTransform);
  const gt = gtText?.split(",").map((v) => Number(v.trim()));
  if (!gt || gt.length !== 6 || !gt.every(Number.isFinite)) throw new DataError(`${ref}: no GeoTransform (a VRT without georeferencing cannot be used)`);
  const srs = text(ds.SRS);
  if (!srs) throw new DataError(`${ref}: no SRS (the VRT has no CRS)`);
  const epsg = epsgOfSrs(srs);
  const crs = epsg === undefined ? undefined : crsFromEpsg(epsg);
  if (!crs) throw new DataError(`${ref}: unknown CRS${epsg === undefined ? " (the SRS names no EPSG code)" : ` EPSG:${epsg}`}; reproject with gdalwarp -t_srs`);
  const grid: RasterGrid = { width, height, geoTransform: gt as unknown as RasterGrid["geoTransform"], crs };

  const bandEls = asList(ds.VRTRasterBand);
  if (bandEls.length === 0) throw new DataError(`${ref}: no VRTRasterBand`);
  let sampleType: SampleType | undefined;
  const base = isUrl(ref) ? ref : dirname(resolve(ref));
  const bands: VrtBand[] = bandEls.map((b, i) => {
    const where = `${ref}: band ${i + 1}`;
    if (b["@_subClass"]) throw new DataError(`${where}: subClass "${String(b["@_subClass"])}" (derived bands) is not supported`);
    const t = DATA_TYPES[String(b["@_dataType"] ?? "")];
    if (!t) throw new DataError(`${where}: data type "${String(b["@_dataType"])}" is not supported`);
    if (sampleType !== undefined && t !== sampleType)
      throw new DataError(`${where}: data type ${t} differs from band 1's ${sampleType}; mixed band types are not supported`);
    sampleType = t;
    for (const kind of ["KernelFilteredSource", "AveragedSource", "NoDataFromMaskSource"]) {
      if (b[kind] !== undefined) throw new DataError(`${where}: ${kind} is not supported; only simple sources are read`);
    }
    const nd = text(b.NoDataValue);
    const sources: VrtSource[] = [];
    for (const [kind, list] of [
      ["SimpleSource", asList(b.SimpleSource)],
      ["ComplexSource", asList(b.ComplexSource)],
    ] as const) {
      for (const s of list) {
        for (const child of REFUSED_SOURCE_CHILDREN) {
          if (s[child] === undefined) continue;
          if (child === "ScaleRatio" && Number(text(s[child])) === 1) continue;
          if (child === "ScaleOffset" && Number(text(s[child])) === 0) continue;
          throw new DataError(`${where}: ${kind} with ${child} (scaling or lookup) is not supported; only simple sources are read`);
        }
        const fileEl = s.SourceFilename;
        const name = text(fileEl);
        if (!name) throw new DataError(`${where}: ${kind} without SourceFilename`);
        const relative = typeof fileEl === "object" && String((fileEl as Xml)["@_relativeToVRT"] ?? "0") === "1";
        const file =
          isUrl(name) || isAbsolute(name) || !relative
            ? isUrl(name) || isAbsolute(name)
              ? name
              : resolve(name)
            : isUrl(base)
              ? new URL(name, base).href
              : resolve(base, name);
        const srcBand = Number(text(s.SourceBand) ?? "1");
        if (!Number.isInteger(srcBand) || srcBand < 1) throw new DataError(`${where}: SourceBand "${text(s.SourceBand)}" is not a band number`);
        const src = rect(s.SrcRect, ref, `${kind} SrcRect`);
        const dst = rect(s.DstRect, ref, `${kind} DstRect`);
        if (src.xSize !== dst.xSize || src.ySize !== dst.ySize) {
          throw new DataError(
            `${where}: a ${kind} of ${name} resamples (SrcRect ${src.xSize}x${src.ySize} into DstRect ${dst.xSize}x${dst.ySize}); only same-size sources are read`,
          );
        }
        const snd = text(s.NODATA);
        sources.push({ file, band: srcBand - 1, src, dst, nodata: snd === undefined ? null : Number(snd) });
      }
    }
    const scale = text(b.Scale);
    const offset = text(b.Offset);
    return {
      description: text(b.Description),
      nodata: nd === undefined ? null : nd.toLowerCase() === "nan" ? NaN : Number(nd),
      sources,
      scale: scale === undefined ? undefined : Number(scale),
      offset: offset === undefined ? undefined : Number(offset),
    };
  });
  const type = sampleType!;

  const opened = new Map<string, Promise<RasterSource>>();
  const source = (file: string): Promise<RasterSource> => {
    let p = opened.get(file);
    if (!p) {
      p = openSource(file, depth + 1)
        .then(
          (s) => s,
          (error: unknown) => {
            // A source that cannot be opened is the VRT's problem too: name both.
            if (error instanceof DataError || error instanceof NotFoundError) {
              const Kind = error.constructor as new (message: string, options?: { cause?: unknown }) => Error;
              throw new Kind(`${ref}: source ${error.message}`, { cause: error });
            }
            throw error;
          },
        )
        .then((s) => {
          if (s.sampleType !== type) {
            void s.close();
            throw new DataError(`${ref}: source ${file} holds ${s.sampleType}, the VRT says ${type}; converting types is not supported`);
          }
          return s;
        });
      opened.set(file, p);
    }
    return p;
  };
  let colorTable: readonly Rgba[] | undefined;
  const first = bands[0]!.sources[0];
  if (first) colorTable = (await source(first.file)).colorTable;
  const metadata: GdalMetadata = {
    dataset: {},
    bands: bands.map(() => ({})),
    descriptions: bands.map((b) => b.description),
    scales: bands.map((b) => b.scale),
    offsets: bands.map((b) => b.offset),
  };
  const nodata = bands[0]!.nodata;

  const readWindow = async (window: PixelWindow, options: ReadOptions = {}): Promise<RasterArray[]> => {
    const { x0, y0, x1, y1 } = window;
    if (!(x0 >= 0 && y0 >= 0 && x1 <= width && y1 <= height && x1 > x0 && y1 > y0)) {
      throw new RangeError(`${ref}: window [${x0},${y0})-(${x1},${y1}) outside the ${width}x${height} raster`);
    }
    const wanted = options.bands ?? bands.map((_, i) => i);
    const ww = x1 - x0;
    const out: RasterArray[] = [];
    for (const bi of wanted) {
      const band = bands[bi];
      if (!band) throw new RangeError(`${ref}: band index ${bi} out of range (raster has ${bands.length} bands)`);
      const arr = allocRaster(type, ww * (y1 - y0));
      if (band.nodata !== null && band.nodata !== 0) arr.fill(band.nodata);
      for (const s of band.sources) {
        // Destination rectangle clipped to the window and to the VRT, then to the source file.
        const dx0 = Math.max(x0, s.dst.xOff);
        const dy0 = Math.max(y0, s.dst.yOff);
        const dx1 = Math.min(x1, s.dst.xOff + s.dst.xSize);
        const dy1 = Math.min(y1, s.dst.yOff + s.dst.ySize);
        if (dx1 <= dx0 || dy1 <= dy0) continue;
        const src = await source(s.file);
        const sx0 = s.src.xOff + (dx0 - s.dst.xOff);
        const sy0 = s.src.yOff + (dy0 - s.dst.yOff);
        const cx0 = Math.max(0, sx0);
        const cy0 = Math.max(0, sy0);
        const cx1 = Math.min(src.grid.width, sx0 + (dx1 - dx0));
        const cy1 = Math.min(src.grid.height, sy0 + (dy1 - dy0));
        if (cx1 <= cx0 || cy1 <= cy0) continue;
        if (s.band >= src.bandCount) throw new DataError(`${ref}: SourceBand ${s.band + 1} of ${s.file}, which has ${src.bandCount} bands`);
        const [block] = await src.readWindow({ x0: cx0, y0: cy0, x1: cx1, y1: cy1 }, { bands: [s.band], signal: options.signal });
        const bw = cx1 - cx0;
        const skip = s.nodata;
        for (let r = 0; r < cy1 - cy0; r++) {
          const o = (cy0 - sy0 + dy0 - y0 + r) * ww + (cx0 - sx0 + dx0 - x0);
          const row = block!.subarray(r * bw, (r + 1) * bw);
          if (skip === null) arr.set(row as never, o);
          else for (let c = 0; c < bw; c++) if (row[c] !== skip) arr[o + c] = row[c]!;
        }
      }
      out.push(arr);
    }
    return out;
  };

  return {
    ref,
    grid,
    bandCount: bands.length,
    bandNames: bands.map((b, i) => b.description || `band${i + 1}`),
    nodata,
    sampleType: type,
    blockWidth: Math.min(512, width),
    blockHeight: Math.min(512, height),
    tiled: true,
    compression: "vrt",
    colorTable,
    metadata,
    readWindow,
    async *tiles(options = {}) {
      const size = options.tileSizePx ?? 512;
      for (let ty = 0; ty < height; ty += size) {
        for (let tx = 0; tx < width; tx += size) {
          const window = { x0: tx, y0: ty, x1: Math.min(tx + size, width), y1: Math.min(ty + size, height) };
          yield { window, data: await readWindow(window, options) };
        }
      }
    },
    async close() {
      const all = await Promise.allSettled([...opened.values()]);
      await Promise.all(all.flatMap((r) => (r.status === "fulfilled" ? [r.value.close()] : [])));
    },
  };
}
