/**
 * @module raster/write/geotiff-writer
 * A streaming, tiled, DEFLATE-compressed Cloud Optimized GeoTIFF writer, laid out as GDAL's COG driver
 * lays it out (`gdalinfo` reports LAYOUT=COG): the TIFF header, GDAL's ghost header (LAYOUT=IFDS_BEFORE_DATA,
 * BLOCK_ORDER=ROW_MAJOR, BLOCK_LEADER=SIZE_AS_UINT4, BLOCK_TRAILER=LAST_4_BYTES_REPEATED), the image file
 * directories of the image and of its overviews, then the tiles: smallest overview first, full resolution
 * last, each tile preceded by its size and followed by its last 4 bytes.
 * Tiles are taken one at a time as they are produced and spilled to a sibling file; overviews are reduced
 * from them on the way (one row of blocks per level in memory), and finish() writes the directories and
 * copies the tiles into place, so memory stays flat whatever the image size. It writes the CRS GeoKeys
 * (EPSG code), the geotransform, nodata, band descriptions, scale/offset, a colour table and class names
 * (GDAL_METADATA), all of which `gdalinfo` shows. Files whose raw size could pass 4 GiB are written as BigTIFF.
 */
import { rmSync } from "node:fs";
import { open, rm, type FileHandle } from "node:fs/promises";
import { promisify } from "node:util";
import { deflate as deflateCb } from "node:zlib";
import { DataError } from "../../domain/errors.ts";
import type { RasterGrid } from "../../domain/raster-grid.ts";
import { escapeXml } from "../read/gdal-metadata.ts";
import type { Rgba } from "../read/raster-source.ts";
import { allocRaster, BYTES_PER_SAMPLE, type RasterArray, type SampleType } from "../read/sample-type.ts";
import { TAG } from "../read/tiff-ifd.ts";
import { overviewSizes, reduce2x, type OverviewResampling } from "./overview.ts";
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
  /**
   * Overview resampling, or "none" for no overviews. Default "mode" for class maps (a colour table or class
   * names), "average" otherwise; or one per band (e.g. "mode" for a scene-classification band). Levels halve
   * until the image fits in one block, as GDAL's COG driver does.
   */
  overviews?: OverviewResampling | "none" | readonly OverviewResampling[];
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

/** The ghost header GDAL's COG driver writes after the TIFF header (GDAL_STRUCTURAL_METADATA). */
const GHOST_BODY =
  "LAYOUT=IFDS_BEFORE_DATA\nBLOCK_ORDER=ROW_MAJOR\nBLOCK_LEADER=SIZE_AS_UINT4\nBLOCK_TRAILER=LAST_4_BYTES_REPEATED\nKNOWN_INCOMPATIBLE_EDITION=NO\n ";
const GHOST = `GDAL_STRUCTURAL_METADATA_SIZE=${String(GHOST_BODY.length).padStart(6, "0")} bytes\n${GHOST_BODY}`;
/** Bytes copied from the spill file to the output per read. */
const COPY_CHUNK = 8 * 2 ** 20;

/** One resolution level: level 0 is the image, then the overviews, largest first. */
interface Level {
  width: number;
  height: number;
  across: number;
  down: number;
  /** Per band x tile (band-major): where the record (leader, data, trailer) sits in the spill file, and the data length. */
  spillAt: Float64Array;
  length: Float64Array;
  /** Final TileOffsets / TileByteCounts, filled by finish(). */
  offsets: number[];
  counts: number[];
  /** Overview levels: rows of blocks being filled from the level above, by block row. */
  strips: Map<number, { bands: RasterArray[]; rows: number; filled: number }>;
}

/** Start writing a GeoTIFF at `path` (normally a temp path from withAtomicOutput). */
export async function createGeoTiffWriter(path: string, options: GeoTiffWriterOptions): Promise<GeoTiffWriter> {
  const { grid, sampleType, bandCount } = options;
  const tile = options.tileSizePx ?? DEFAULT_TILE_SIZE_PX;
  if (tile % 16 !== 0) throw new RangeError(`tile size must be a multiple of 16, got ${tile}`);
  const epsg = grid.crs.epsg;
  if (epsg === undefined) throw new DataError(`${path}: cannot write a CRS without an EPSG code (${grid.crs.name})`);
  const categorical = options.colorTable !== undefined || options.classNames !== undefined;
  const resampling = options.overviews ?? (categorical ? "mode" : "average");
  if (typeof resampling !== "string" && resampling.length !== bandCount)
    throw new RangeError(`${resampling.length} overview resamplings for ${bandCount} bands`);
  const bandResampling = (b: number): OverviewResampling => (typeof resampling === "string" ? (resampling as OverviewResampling) : resampling[b]!);
  const sizes = [{ width: grid.width, height: grid.height }, ...(resampling === "none" ? [] : overviewSizes(grid.width, grid.height, tile))];
  const levels: Level[] = sizes.map(({ width, height }) => {
    const across = Math.ceil(width / tile);
    const down = Math.ceil(height / tile);
    const n = across * down * bandCount;
    return {
      width,
      height,
      across,
      down,
      spillAt: new Float64Array(n),
      length: new Float64Array(n),
      offsets: new Array<number>(n).fill(0),
      counts: new Array<number>(n).fill(0),
      strips: new Map(),
    };
  });
  const level0 = levels[0]!;
  const { across, down } = level0;
  const planar = bandCount > 1 ? 2 : 1;
  const bps = BYTES_PER_SAMPLE[sampleType];
  const rawBytes = levels.reduce((s, l) => s + l.across * l.down * tile * tile * bandCount * bps, 0);
  const bigTiff = rawBytes > 3.5 * 2 ** 30;
  const written = new Uint8Array(across * down);
  const nodata = options.nodata ?? null;
  const predictor = options.predictor ?? 1;
  const level = options.compressionLevel ?? 6;
  const integer = !sampleType.startsWith("float");
  const fill = nodata === null || Number.isNaN(nodata) ? (sampleType.startsWith("float") && nodata !== null ? NaN : 0) : nodata;

  const entries = (k: number): IfdEntry[] =>
    buildEntries(options, {
      tile,
      planar,
      level: levels[k]!,
      overview: k > 0,
      bigTiff,
      epsg,
      predictor,
    });
  const headerBytes = bigTiff ? 16 : 8;
  const ifdAt: number[] = [];
  let end = headerBytes + GHOST.length;
  for (let k = 0; k < levels.length; k++) {
    end += end & 1; // IFDs start on a word boundary
    ifdAt.push(end);
    end += ifdByteLength(entries(k), bigTiff);
  }
  const dataStart = end;
  // Tiles go to a spill file as they come (memory stays flat); finish() writes the directories, then copies
  // the tiles in COG order: smallest overview first, the full resolution last.
  const spillPath = `${path}.tiles`;
  const fh: FileHandle = await open(path, "w");
  let spill: FileHandle;
  try {
    spill = await open(spillPath, "w+");
  } catch (error) {
    await fh.close();
    throw error;
  }
  // A crash or Ctrl-C leaves no spill file behind (withAtomicOutput removes the output's temp file likewise).
  const removeSpill = (): void => rmSync(spillPath, { force: true });
  process.once("exit", removeSpill);
  let spillEnd = 0;
  let closed = false;
  let chain: Promise<unknown> = Promise.resolve();

  const padTile = (band: RasterArray, w: number, h: number, stride: number, x0: number, alwaysCopy: boolean): RasterArray => {
    if (w === tile && h === tile && stride === tile && !alwaysCopy) return band;
    const full = allocRaster(sampleType, tile * tile);
    if (fill !== 0 && (w !== tile || h !== tile)) full.fill(fill);
    for (let y = 0; y < h; y++) full.set(band.subarray(y * stride + x0, y * stride + x0 + w) as never, y * tile);
    return full;
  };
  const compress = (full: RasterArray): Promise<Buffer> => {
    if (predictor === 2) applyHorizontalPredictor(full, tile);
    return deflate(new Uint8Array(full.buffer, full.byteOffset, full.byteLength), { level });
  };
  /** Append one tile's bands to the spill file as leader (size), data, trailer (its last 4 bytes). Call in order. */
  const spillTile = async (k: number, tc: number, tr: number, compressed: readonly Uint8Array[]): Promise<void> => {
    const l = levels[k]!;
    for (let b = 0; b < bandCount; b++) {
      const data = compressed[b]!;
      const leader = new Uint8Array(4);
      new DataView(leader.buffer).setUint32(0, data.length, true);
      const trailer = new Uint8Array(4);
      trailer.set(data.subarray(Math.max(0, data.length - 4)));
      const index = b * l.across * l.down + tr * l.across + tc;
      l.spillAt[index] = spillEnd;
      l.length[index] = data.length;
      const at = spillEnd;
      spillEnd += data.length + 8;
      await spill.writev([leader, data, trailer], at);
    }
  };
  /** Reduce a window of level k - 1 (at x0, y0 in that level, w x h) into level k's strips. */
  const reduceInto = (k: number, bands: readonly RasterArray[], x0: number, y0: number, w: number, h: number): void => {
    const l = levels[k];
    if (l === undefined) return;
    const ox = x0 / 2;
    const oy = y0 / 2;
    const s = Math.floor(oy / tile);
    let strip = l.strips.get(s);
    if (strip === undefined) {
      const rows = Math.min(tile, l.height - s * tile);
      strip = {
        bands: bands.map(() => allocRaster(sampleType, l.width * rows)),
        rows,
        filled: 0,
      };
      l.strips.set(s, strip);
    }
    for (let b = 0; b < bandCount; b++) {
      reduce2x(bands[b]!, w, h, strip.bands[b]!, l.width, ox, oy - s * tile, bandResampling(b), nodata, fill, integer);
    }
    strip.filled += ((w + 1) >> 1) * ((h + 1) >> 1);
  };
  /** Write every complete overview strip (and reduce it into the next level). Runs inside the write chain. */
  const flushStrips = async (): Promise<void> => {
    for (let k = 1; k < levels.length; k++) {
      const l = levels[k]!;
      for (const [s, strip] of [...l.strips]) {
        if (strip.filled < l.width * strip.rows) continue;
        l.strips.delete(s);
        const tiles = await Promise.all(
          Array.from({ length: l.across }, (_, tc) => {
            const w = Math.min(tile, l.width - tc * tile);
            return Promise.all(strip.bands.map((band) => compress(padTile(band, w, strip.rows, l.width, tc * tile, true))));
          }),
        );
        for (let tc = 0; tc < l.across; tc++) await spillTile(k, tc, s, tiles[tc]!);
        reduceInto(k + 1, strip.bands, 0, s * tile, l.width, strip.rows);
      }
    }
  };

  return {
    tilesAcross: across,
    tilesDown: down,
    tileSizePx: tile,
    async writeTile(tc, tr, bands) {
      if (!(tc >= 0 && tc < across && tr >= 0 && tr < down)) throw new RangeError(`tile (${tc}, ${tr}) outside ${across} x ${down}`);
      if (bands.length !== bandCount) throw new RangeError(`expected ${bandCount} bands, got ${bands.length}`);
      const w = Math.min(tile, grid.width - tc * tile);
      const h = Math.min(tile, grid.height - tr * tile);
      for (const band of bands) {
        if (band.length !== w * h) throw new RangeError(`tile (${tc}, ${tr}) band has ${band.length} pixels, expected ${w} x ${h}`);
      }
      if (written[tr * across + tc] === 1) throw new RangeError(`tile (${tc}, ${tr}) written twice`);
      written[tr * across + tc] = 1;
      // The first overview takes its share now, whatever the order of the calls.
      reduceInto(1, bands, tc * tile, tr * tile, w, h);
      const compressed = await Promise.all(bands.map((band) => compress(padTile(band, w, h, w, 0, predictor === 2))));
      // Tiles compress concurrently but reach the file in the order writeTile was called.
      const previous = chain;
      const mine = (async () => {
        await previous;
        await spillTile(0, tc, tr, compressed);
        await flushStrips();
      })();
      chain = mine.catch(() => undefined);
      await mine;
    },
    async finish() {
      await chain;
      const missing = written.indexOf(0);
      if (missing >= 0) throw new Error(`${path}: tile ${missing % across},${Math.floor(missing / across)} was never written`);
      await flushStrips();
      const left = levels.findIndex((l) => l.strips.size > 0);
      if (left >= 0) throw new Error(`${path}: overview ${left} incomplete (internal error)`);
      // Final places: smallest overview first, each level's tiles in row-major order, bands of a tile together.
      const runs: { from: number; to: number; at: number }[] = [];
      let position = dataStart;
      for (let k = levels.length - 1; k >= 0; k--) {
        const l = levels[k]!;
        const perBand = l.across * l.down;
        for (let t = 0; t < perBand; t++) {
          for (let b = 0; b < bandCount; b++) {
            const i = b * perBand + t;
            const from = l.spillAt[i]!;
            const bytes = l.length[i]! + 8;
            l.offsets[i] = position + 4;
            l.counts[i] = l.length[i]!;
            const last = runs[runs.length - 1];
            if (last !== undefined && last.to === from && last.to - last.from < COPY_CHUNK) last.to += bytes;
            else runs.push({ from, to: from + bytes, at: position });
            position += bytes;
          }
        }
      }
      if (!bigTiff && position > 2 ** 32 - 1) throw new Error(`${path}: over 4 GiB in classic TIFF`);
      const head = new Uint8Array(headerBytes + GHOST.length);
      const hv = new DataView(head.buffer);
      head[0] = 0x49;
      head[1] = 0x49;
      if (bigTiff) {
        hv.setUint16(2, 43, true);
        hv.setUint16(4, 8, true);
        hv.setBigUint64(8, BigInt(ifdAt[0]!), true);
      } else {
        hv.setUint16(2, 42, true);
        hv.setUint32(4, ifdAt[0]!, true);
      }
      head.set(Buffer.from(GHOST, "latin1"), headerBytes);
      await fh.write(head, 0, head.length, 0);
      for (let k = 0; k < levels.length; k++) {
        const ifd = encodeIfd(entries(k), ifdAt[k]!, bigTiff, ifdAt[k + 1] ?? 0);
        await fh.write(ifd, 0, ifd.length, ifdAt[k]!);
      }
      const buf = Buffer.allocUnsafe(COPY_CHUNK + 64 * 2 ** 10);
      for (const run of runs) {
        for (let p = run.from; p < run.to;) {
          const n = Math.min(buf.length, run.to - p);
          const { bytesRead } = await spill.read(buf, 0, n, p);
          if (bytesRead !== n) throw new Error(`${spillPath}: short read (${bytesRead} of ${n} bytes)`);
          await fh.write(buf, 0, n, run.at + (p - run.from));
          p += n;
        }
      }
      await fh.sync();
      await fh.close();
      await spill.close();
      await rm(spillPath, { force: true });
      process.removeListener("exit", removeSpill);
      closed = true;
    },
    async abort() {
      await chain;
      if (!closed) {
        await fh.close();
        await spill.close();
        await rm(spillPath, { force: true });
        process.removeListener("exit", removeSpill);
      }
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
  x: {
    tile: number;
    planar: number;
    level: Level;
    overview: boolean;
    bigTiff: boolean;
    epsg: number;
    predictor: number;
  },
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
    { tag: TAG.ImageWidth, type: FIELD.LONG, values: [x.level.width] },
    { tag: TAG.ImageLength, type: FIELD.LONG, values: [x.level.height] },
    {
      tag: TAG.BitsPerSample,
      type: FIELD.SHORT,
      values: new Array(bandCount).fill(bits),
    },
    { tag: TAG.Compression, type: FIELD.SHORT, values: [8] },
    { tag: TAG.Photometric, type: FIELD.SHORT, values: [palette ? 3 : 1] },
    { tag: TAG.SamplesPerPixel, type: FIELD.SHORT, values: [bandCount] },
    { tag: TAG.PlanarConfiguration, type: FIELD.SHORT, values: [x.planar] },
    { tag: TAG.TileWidth, type: FIELD.LONG, values: [x.tile] },
    { tag: TAG.TileLength, type: FIELD.LONG, values: [x.tile] },
    { tag: TAG.TileOffsets, type: offType, values: x.level.offsets },
    { tag: TAG.TileByteCounts, type: offType, values: x.level.counts },
    {
      tag: TAG.SampleFormat,
      type: FIELD.SHORT,
      values: new Array(bandCount).fill(format),
    },
  ];
  if (x.overview) {
    e.push({ tag: TAG.NewSubfileType, type: FIELD.LONG, values: [1] }); // reduced-resolution image
  } else {
    e.push(
      { tag: TAG.Software, type: FIELD.ASCII, values: "Coca Monitor" },
      { tag: TAG.ModelPixelScale, type: FIELD.DOUBLE, values: [px, -py, 0] },
      {
        tag: TAG.ModelTiepoint,
        type: FIELD.DOUBLE,
        values: [0, 0, 0, ox, oy, 0],
      },
      { tag: TAG.GeoKeyDirectory, type: FIELD.SHORT, values: geoKeys },
    );
  }
  if (x.predictor === 2) e.push({ tag: TAG.Predictor, type: FIELD.SHORT, values: [2] });
  if (bandCount > 1)
    e.push({
      tag: TAG.ExtraSamples,
      type: FIELD.SHORT,
      values: new Array(bandCount - 1).fill(0),
    });
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
  const md = x.overview ? undefined : gdalMetadataXml(o);
  if (md) e.push({ tag: TAG.GdalMetadata, type: FIELD.ASCII, values: md });
  if (o.nodata !== undefined && o.nodata !== null) {
    e.push({
      tag: TAG.GdalNodata,
      type: FIELD.ASCII,
      values: Number.isNaN(o.nodata) ? "nan" : String(o.nodata),
    });
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
