/**
 * @module raster/write/geotiff-writer
 * A streaming, tiled, DEFLATE-compressed GeoTIFF writer in COG layout: the header and the image file
 * directory come first (space is reserved for them), then the tiles, written one at a time as they are
 * produced so memory stays at a few tiles whatever the image size. It writes the CRS GeoKeys (EPSG code),
 * the geotransform, nodata, band descriptions, scale/offset, a colour table and class names (GDAL_METADATA),
 * all of which `gdalinfo` shows. Files whose raw size could pass 4 GiB are written as BigTIFF.
 * No overviews are written.
 */
import { open, type FileHandle } from "node:fs/promises";
import { promisify } from "node:util";
import { deflate as deflateCb } from "node:zlib";
import { DataError } from "../../domain/errors.ts";
import type { RasterGrid } from "../../domain/raster-grid.ts";
import { escapeXml } from "../read/gdal-metadata.ts";
import type { Rgba } from "../read/raster-source.ts";
import { allocRaster, BYTES_PER_SAMPLE, type RasterArray, type SampleType } from "../read/sample-type.ts";
import { TAG } from "../read/tiff-ifd.ts";
import { encodeIfd, FIELD, ifdByteLength, type IfdEntry } from "./tiff-ifd-writer.ts";

const deflate = promisify(deflateCb);

export const DEFAULT_TILE_SIZE_PX = 512;

export interface GeoTiffWriterOptions {
  grid: RasterGrid;
  sampleType: SampleType;
  bandCount: number;
  tileSizePx?: number;
  nodata?: number | null;
  /** Band descriptions (GDAL "Description"). */
  bandNames?: readonly string[];
  /** Per-band GDAL scale and offset (value = raw * scale + offset). */
  scales?: readonly number[];
  offsets?: readonly number[];
  /** Colour table, index = code (single-band uint8 only): written as a TIFF palette. */
  colorTable?: readonly Rgba[];
  /** Class names of codes 1..K, stored as the CLASS_NAMES metadata item (a JSON list). */
  classNames?: readonly string[];
  /** Extra dataset-level metadata items. */
  metadata?: Readonly<Record<string, string>>;
  /** zlib level, 1 (fast) to 9 (small). Default 6. */
  compressionLevel?: number;
  /** TIFF horizontal differencing predictor (2) for integer samples; default none (1). */
  predictor?: 1 | 2;
}

export interface GeoTiffWriter {
  readonly tilesAcross: number;
  readonly tilesDown: number;
  readonly tileSizePx: number;
  /**
   * Write one tile: `bands[b]` holds the tile's pixels (tile width x height of the clipped window, row-major);
   * edge tiles are padded to the full tile size with nodata. Several calls may be in flight (their compression
   * overlaps); tiles are stored in the order of the calls.
   */
  writeTile(tileCol: number, tileRow: number, bands: readonly RasterArray[]): Promise<void>;
  /** Write the directory and close the file. Every tile must have been written. */
  finish(): Promise<void>;
  /** Close without finishing (the caller removes the file). */
  abort(): Promise<void>;
}

/** Start writing a GeoTIFF at `path` (normally a temp path from withAtomicOutput). */
export async function createGeoTiffWriter(path: string, options: GeoTiffWriterOptions): Promise<GeoTiffWriter> {
  const { grid, sampleType, bandCount } = options;
  const tile = options.tileSizePx ?? DEFAULT_TILE_SIZE_PX;
  if (tile % 16 !== 0) throw new RangeError(`tile size must be a multiple of 16, got ${tile}`);
  const epsg = grid.crs.epsg;
  if (epsg === undefined) throw new DataError(`${path}: cannot write a CRS without an EPSG code (${grid.crs.name})`);
  const across = Math.ceil(grid.width / tile);
  const down = Math.ceil(grid.height / tile);
  const planar = bandCount > 1 ? 2 : 1;
  const nTiles = across * down * bandCount;
  const bps = BYTES_PER_SAMPLE[sampleType];
  const rawBytes = across * down * tile * tile * bandCount * bps;
  const bigTiff = rawBytes > 3.5 * 2 ** 30;
  const offsets = new Array<number>(nTiles).fill(0);
  const counts = new Array<number>(nTiles).fill(0);
  const written = new Uint8Array(across * down);
  const nodata = options.nodata ?? null;
  const predictor = options.predictor ?? 1;
  const level = options.compressionLevel ?? 6;

  const entries = (): IfdEntry[] => buildEntries(options, { tile, planar, offsets, counts, bigTiff, epsg, predictor });
  const ifdAt = bigTiff ? 16 : 8;
  const dataStart = ifdAt + ifdByteLength(entries(), bigTiff);
  const fh: FileHandle = await open(path, "w");
  let position = dataStart + ((8 - (dataStart % 8)) % 8);
  let closed = false;
  let chain: Promise<unknown> = Promise.resolve();
  const fill = nodata === null || Number.isNaN(nodata) ? (sampleType.startsWith("float") && nodata !== null ? NaN : 0) : nodata;

  return {
    tilesAcross: across,
    tilesDown: down,
    tileSizePx: tile,
    async writeTile(tc, tr, bands) {
      if (!(tc >= 0 && tc < across && tr >= 0 && tr < down)) throw new RangeError(`tile (${tc}, ${tr}) outside ${across} x ${down}`);
      if (bands.length !== bandCount) throw new RangeError(`expected ${bandCount} bands, got ${bands.length}`);
      const w = Math.min(tile, grid.width - tc * tile);
      const h = Math.min(tile, grid.height - tr * tile);
      const compressed = await Promise.all(
        bands.map(async (band) => {
          if (band.length !== w * h) throw new RangeError(`tile (${tc}, ${tr}) band has ${band.length} pixels, expected ${w} x ${h}`);
          let full: RasterArray = band;
          if (w !== tile || h !== tile) {
            full = allocRaster(sampleType, tile * tile);
            if (fill !== 0) full.fill(fill);
            for (let y = 0; y < h; y++) full.set(band.subarray(y * w, (y + 1) * w) as never, y * tile);
          } else if (predictor === 2) {
            full = band.slice();
          }
          if (predictor === 2) applyHorizontalPredictor(full, tile);
          const bytes = new Uint8Array(full.buffer, full.byteOffset, full.byteLength);
          return deflate(bytes, { level });
        }),
      );
      // Tiles compress concurrently but reach the file in the order writeTile was called.
      const previous = chain;
      const mine = (async () => {
        await previous;
        for (let b = 0; b < bandCount; b++) {
          const data = compressed[b]!;
          const index = b * across * down + tr * across + tc;
          offsets[index] = position;
          counts[index] = data.length;
          const at = position;
          position += data.length;
          await fh.write(data, 0, data.length, at);
        }
        written[tr * across + tc] = 1;
      })();
      chain = mine.catch(() => undefined);
      await mine;
    },
    async finish() {
      await chain;
      const missing = written.indexOf(0);
      if (missing >= 0) throw new Error(`${path}: tile ${missing % across},${Math.floor(missing / across)} was never written`);
      if (!bigTiff && position > 2 ** 32 - 1) throw new Error(`${path}: over 4 GiB in classic TIFF`);
      const header = new Uint8Array(ifdAt);
      const hv = new DataView(header.buffer);
      header[0] = 0x49;
      header[1] = 0x49;
      if (bigTiff) {
        hv.setUint16(2, 43, true);
        hv.setUint16(4, 8, true);
        hv.setBigUint64(8, BigInt(ifdAt), true);
      } else {
        hv.setUint16(2, 42, true);
        hv.setUint32(4, ifdAt, true);
      }
      const ifd = encodeIfd(entries(), ifdAt, bigTiff);
      await fh.write(header, 0, header.length, 0);
      await fh.write(ifd, 0, ifd.length, ifdAt);
      await fh.sync();
      await fh.close();
      closed = true;
    },
    async abort() {
      await chain;
      if (!closed) await fh.close();
      closed = true;
    },
  };
}

function applyHorizontalPredictor(a: RasterArray, width: number): void {
  const rows = a.length / width;
  for (let r = 0; r < rows; r++) {
    const base = r * width;
    for (let i = width - 1; i > 0; i--) a[base + i] = a[base + i]! - a[base + i - 1]!;
  }
}

function buildEntries(
  o: GeoTiffWriterOptions,
  x: { tile: number; planar: number; offsets: number[]; counts: number[]; bigTiff: boolean; epsg: number; predictor: number },
): IfdEntry[] {
  const { grid, sampleType, bandCount } = o;
  const bits = BYTES_PER_SAMPLE[sampleType] * 8;
  const format = sampleType.startsWith("float") ? 3 : sampleType.startsWith("int") ? 2 : 1;
  const palette = o.colorTable !== undefined && bandCount === 1 && sampleType === "uint8";
  const [ox, px, , oy, , py] = grid.geoTransform;
  const geographic = grid.crs.geographic;
  const geoKeys = [1, 1, 0, 3, 1024, 0, 1, geographic ? 2 : 1, 1025, 0, 1, 1, geographic ? 2048 : 3072, 0, 1, x.epsg];
  const offType = x.bigTiff ? FIELD.LONG8 : FIELD.LONG;
  const e: IfdEntry[] = [
    { tag: TAG.ImageWidth, type: FIELD.LONG, values: [grid.width] },
    { tag: TAG.ImageLength, type: FIELD.LONG, values: [grid.height] },
    { tag: TAG.BitsPerSample, type: FIELD.SHORT, values: new Array(bandCount).fill(bits) },
    { tag: TAG.Compression, type: FIELD.SHORT, values: [8] },
    { tag: TAG.Photometric, type: FIELD.SHORT, values: [palette ? 3 : 1] },
    { tag: TAG.SamplesPerPixel, type: FIELD.SHORT, values: [bandCount] },
    { tag: TAG.PlanarConfiguration, type: FIELD.SHORT, values: [x.planar] },
    { tag: TAG.Software, type: FIELD.ASCII, values: "Coca Monitor" },
    { tag: TAG.TileWidth, type: FIELD.LONG, values: [x.tile] },
    { tag: TAG.TileLength, type: FIELD.LONG, values: [x.tile] },
    { tag: TAG.TileOffsets, type: offType, values: x.offsets },
    { tag: TAG.TileByteCounts, type: offType, values: x.counts },
    { tag: TAG.SampleFormat, type: FIELD.SHORT, values: new Array(bandCount).fill(format) },
    { tag: TAG.ModelPixelScale, type: FIELD.DOUBLE, values: [px, -py, 0] },
    { tag: TAG.ModelTiepoint, type: FIELD.DOUBLE, values: [0, 0, 0, ox, oy, 0] },
    { tag: TAG.GeoKeyDirectory, type: FIELD.SHORT, values: geoKeys },
  ];
  if (x.predictor === 2) e.push({ tag: TAG.Predictor, type: FIELD.SHORT, values: [2] });
  if (bandCount > 1) e.push({ tag: TAG.ExtraSamples, type: FIELD.SHORT, values: new Array(bandCount - 1).fill(0) });
  if (palette) {
    const n = 256;
    const cmap = new Array<number>(3 * n).fill(0);
    o.colorTable!.slice(0, n).forEach(([r, g, b], i) => {
      cmap[i] = r * 257;
      cmap[n + i] = g * 257;
      cmap[2 * n + i] = b * 257;
    });
    e.push({ tag: TAG.ColorMap, type: FIELD.SHORT, values: cmap });
  }
  const md = gdalMetadataXml(o);
  if (md) e.push({ tag: TAG.GdalMetadata, type: FIELD.ASCII, values: md });
  if (o.nodata !== undefined && o.nodata !== null) {
    e.push({ tag: TAG.GdalNodata, type: FIELD.ASCII, values: Number.isNaN(o.nodata) ? "nan" : String(o.nodata) });
  }
  return e;
}

function gdalMetadataXml(o: GeoTiffWriterOptions): string | undefined {
  const items: string[] = [];
  const item = (name: string, value: string, sample?: number, role?: string): void => {
    items.push(
      `  <Item name="${escapeXml(name)}"${sample === undefined ? "" : ` sample="${sample}"`}${role ? ` role="${role}"` : ""}>${escapeXml(value)}</Item>`,
    );
  };
  for (const [k, v] of Object.entries(o.metadata ?? {})) item(k, v);
  if (o.classNames) item("CLASS_NAMES", JSON.stringify(o.classNames));
  o.bandNames?.forEach((n, i) => item("DESCRIPTION", n, i, "description"));
  o.offsets?.forEach((v, i) => item("OFFSET", String(v), i, "offset"));
  o.scales?.forEach((v, i) => item("SCALE", String(v), i, "scale"));
  return items.length ? `<GDALMetadata>\n${items.join("\n")}\n</GDALMetadata>` : undefined;
}
