/**
 * @module raster/read/raster-source
 * `openRaster(pathOrUrl)`: a GeoTIFF or COG opened for windowed reads, from a local path or an
 * http(s) URL (range requests). Reads decode only the tiles or strips a window touches.
 */
import type { Rgba } from "../../domain/class-legend.ts";
import { DataError } from "../../domain/errors.ts";
import type { PixelWindow, RasterGrid } from "../../domain/raster-grid.ts";
import { openByteSource, type ByteSource } from "./byte-source.ts";
import { isVrtRef, openVrt } from "./vrt.ts";
import { decodeBlockAsync, SUPPORTED_COMPRESSION, type BlockLayout } from "./decode-block.ts";
import { parseGdalMetadata, type GdalMetadata } from "./gdal-metadata.ts";
import { crsFromGeoKeys, geoTransformFromTags, readGeoKeys } from "./geokeys.ts";
import { allocRaster, BYTES_PER_SAMPLE, sampleTypeFromTiff, viewRaster, type RasterArray, type SampleType } from "./sample-type.ts";
import { ascii, readFirstIfd, TAG, unsigned, unsignedValues, type TiffIfd } from "./tiff-ifd.ts";
import { INSUFFICIENT_SPACE, libdeflate, SHORT_READ, type NativeInflater } from "./libdeflate.ts";

/** One RGBA entry (0-255 each) of a colour table. */
export type { Rgba };

export interface ReadOptions {
  /** 0-based band indices to read (default: all). */
  bands?: readonly number[];
  signal?: AbortSignal;
  /**
   * Arrays to read into, one per requested band (the window's size, the raster's sample type), so that a loop over
   * strips reuses one allocation. A source may ignore them (or they may not fit): always use the arrays returned.
   */
  into?: readonly RasterArray[];
}

export interface RasterTile {
  window: PixelWindow;
  /** One array per requested band, window-sized, row-major. */
  data: RasterArray[];
}

/** An open raster. Close it when done. */
export interface RasterSource {
  /** The path or URL it was opened from. */
  readonly ref: string;
  readonly grid: RasterGrid;
  readonly bandCount: number;
  /** Band names: GDAL band descriptions where present, else "band1", "band2", ... */
  readonly bandNames: readonly string[];
  /** The nodata value (GDAL_NODATA tag), or null. NaN for float rasters with nodata "nan". */
  readonly nodata: number | null;
  readonly sampleType: SampleType;
  /** Tile (or strip) size in pixels. */
  readonly blockWidth: number;
  readonly blockHeight: number;
  readonly tiled: boolean;
  readonly compression: string;
  /** Palette of a paletted (class) raster, index -> RGBA; undefined otherwise. */
  readonly colorTable: readonly Rgba[] | undefined;
  /** GDAL metadata items, descriptions, scales and offsets. */
  readonly metadata: GdalMetadata;
  /** Read a window; one typed array per requested band (window width x height, row-major). */
  readWindow(window: PixelWindow, options?: ReadOptions): Promise<RasterArray[]>;
  /**
   * Iterate over the raster in windows of `tileSizePx` (default: the file's tile size, at least 256 and at most 4096;
   * for a stripped file, bands of whole strips about 4 Mpx in size).
   */
  tiles(options?: ReadOptions & { tileSizePx?: number }): AsyncGenerator<RasterTile, void, undefined>;
  close(): Promise<void>;
}

/** Windows of at least this many bytes a band take their arrays from the native pool of recycled buffers (see native/libdeflate). */
const RECYCLE_MIN_BYTES = 1 << 20;

/**
 * Limits of the reader. A file beyond them is refused at open with a DataError naming it, so that no read allocates
 * more than a block's bytes per block and a window's pixels per band.
 */
export const RASTER_LIMITS = {
  /** Width or height, pixels (2^22: a 10 m grid 41,943 km wide). */
  maxDimensionPx: 4_194_304,
  /** Bands (SamplesPerPixel). */
  maxBands: 1024,
  /** Tile width or height, pixels. */
  maxTilePx: 16_384,
  /** Decoded bytes of one tile or strip (256 MiB). */
  maxBlockBytes: 256 * 1024 * 1024,
} as const;

/** The GDAL_NODATA text as a number (NaN for "nan", +-Infinity for "inf"), null when absent; other text is refused. */
function parseNodata(text: string | undefined, name: string): number | null {
  if (text === undefined || text === "") return null;
  if (/^[+-]?nan$/i.test(text)) return NaN;
  if (/^[+-]?inf(inity)?$/i.test(text)) return text.startsWith("-") ? -Infinity : Infinity;
  const value = Number(text);
  if (!Number.isFinite(value) || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) {
    throw new DataError(`${name}: not a readable TIFF (GDAL_NODATA "${text.slice(0, 40)}" is not a number)`);
  }
  return value;
}

/** The palette of a paletted TIFF: ColorMap must hold 3 x 2^bits 16-bit values. */
function readColorTable(ifd: TiffIfd, bits: number, name: string): Rgba[] | undefined {
  const cmap = unsignedValues(ifd, TAG.ColorMap, { max: 65535 });
  if (!cmap) return undefined;
  if (bits > 16 || cmap.length !== 3 * 2 ** bits) {
    throw new DataError(
      `${name}: not a readable TIFF (ColorMap of ${cmap.length} values for ${bits}-bit samples, expected ${bits > 16 ? "none" : 3 * 2 ** bits})`,
    );
  }
  const n = cmap.length / 3;
  return Array.from({ length: n }, (_, i) => [cmap[i]! >> 8, cmap[n + i]! >> 8, cmap[2 * n + i]! >> 8, 255] as const);
}

/** Open a GeoTIFF/COG (or a GDAL VRT of simple sources) at a local path or http(s) URL. Errors name the file and the problem. */
export async function openRaster(
  ref: string,
  {
    signal,
    inflater = libdeflate,
  }: { signal?: AbortSignal; /** The native inflater (default: libdeflate when built); null forces node:zlib. */ inflater?: NativeInflater | null } = {},
): Promise<RasterSource> {
  return openRasterAt(ref, 0, signal, inflater);
}

async function openRasterAt(ref: string, depth: number, signal: AbortSignal | undefined, inflater: NativeInflater | null): Promise<RasterSource> {
  if (isVrtRef(ref)) return openVrt(ref, (r, d) => openRasterAt(r, d, signal, inflater), depth, signal);
  const source = await openByteSource(ref, { signal });
  let isVrt: boolean;
  try {
    isVrt = new TextDecoder()
      .decode(await source.read(0, 16))
      .trimStart()
      .startsWith("<VRTDataset");
    if (!isVrt) return await openFromByteSource(source, inflater);
  } catch (error) {
    await source.close();
    throw error;
  }
  await source.close();
  return openVrt(ref, (r, d) => openRasterAt(r, d, signal, inflater), depth, signal);
}

/** Windows covering a width x height raster in row-major order, `size` pixels on a side. */
export function* windowsOf(width: number, height: number, size: number): Generator<PixelWindow> {
  for (let y0 = 0; y0 < height; y0 += size) {
    for (let x0 = 0; x0 < width; x0 += size) {
      yield { x0, y0, x1: Math.min(x0 + size, width), y1: Math.min(y0 + size, height) };
    }
  }
}

/** Copy one band out of pixel-interleaved block rows (a hot loop: kept small and monomorphic per type). */
function copyInterleaved(
  dst: RasterArray,
  src: RasterArray,
  o: { rows: number; rowLen: number; srcStart: number; srcStride: number; samples: number; dstStart: number; dstStride: number },
): void {
  const { rows, rowLen, samples } = o;
  for (let r = 0; r < rows; r++) {
    let s = o.srcStart + r * o.srcStride;
    const d0 = o.dstStart + r * o.dstStride;
    const d1 = d0 + rowLen;
    for (let d = d0; d < d1; d++, s += samples) dst[d] = src[s]!;
  }
}

/** Copy every band out of pixel-interleaved block rows in one pass (unrolled for 2-4 bands, the common cases). */
function copyAllInterleaved(
  dsts: RasterArray[],
  src: RasterArray,
  o: { rows: number; rowLen: number; srcStart: number; srcStride: number; samples: number; dstStart: number; dstStride: number },
): void {
  const { rows, rowLen, samples } = o;
  if ((samples === 4 || samples === 2) && src instanceof Uint16Array && src.byteOffset % 4 === 0) {
    copyPairsUint16(dsts, new Uint32Array(src.buffer, src.byteOffset, src.length >> 1), o);
    return;
  }
  const a = dsts[0]!;
  const b = dsts[1]!;
  const c = dsts[2] ?? a;
  const e = dsts[3] ?? a;
  for (let r = 0; r < rows; r++) {
    let s = o.srcStart + r * o.srcStride;
    const d0 = o.dstStart + r * o.dstStride;
    const d1 = d0 + rowLen;
    if (samples === 4) {
      for (let d = d0; d < d1; d++, s += 4) {
        a[d] = src[s]!;
        b[d] = src[s + 1]!;
        c[d] = src[s + 2]!;
        e[d] = src[s + 3]!;
      }
    } else if (samples === 3) {
      for (let d = d0; d < d1; d++, s += 3) {
        a[d] = src[s]!;
        b[d] = src[s + 1]!;
        c[d] = src[s + 2]!;
      }
    } else if (samples === 2) {
      for (let d = d0; d < d1; d++, s += 2) {
        a[d] = src[s]!;
        b[d] = src[s + 1]!;
      }
    } else {
      for (let d = d0; d < d1; d++) for (let k = 0; k < samples; k++) dsts[k]![d] = src[s++]!;
    }
  }
}

/**
 * The uint16 case of copyAllInterleaved, reading two samples per 32-bit load (little-endian: the first sample is the
 * low half), which halves the loads of the most common multispectral layout (4 bands of uint16).
 */
function copyPairsUint16(
  dsts: RasterArray[],
  src: Uint32Array,
  o: { rows: number; rowLen: number; srcStart: number; srcStride: number; samples: number; dstStart: number; dstStride: number },
): void {
  const { rows, rowLen, samples } = o;
  const a = dsts[0]!;
  const b = dsts[1]!;
  const c = dsts[2] ?? a;
  const e = dsts[3] ?? a;
  for (let r = 0; r < rows; r++) {
    let s = (o.srcStart + r * o.srcStride) >> 1;
    const d0 = o.dstStart + r * o.dstStride;
    const d1 = d0 + rowLen;
    if (samples === 4) {
      for (let d = d0; d < d1; d++, s += 2) {
        const w0 = src[s]!;
        const w1 = src[s + 1]!;
        a[d] = w0 & 0xffff;
        b[d] = w0 >>> 16;
        c[d] = w1 & 0xffff;
        e[d] = w1 >>> 16;
      }
    } else {
      for (let d = d0; d < d1; d++, s++) {
        const w = src[s]!;
        a[d] = w & 0xffff;
        b[d] = w >>> 16;
      }
    }
  }
}

async function openFromByteSource(source: ByteSource, inflater: NativeInflater | null): Promise<RasterSource> {
  const name = source.name;
  const ifd = await readFirstIfd(source);
  const limits = RASTER_LIMITS;
  const width = unsigned(ifd, TAG.ImageWidth, { min: 1, max: limits.maxDimensionPx });
  const height = unsigned(ifd, TAG.ImageLength, { min: 1, max: limits.maxDimensionPx });
  if (width === undefined || height === undefined) throw new DataError(`${name}: not a readable TIFF (no image width/height)`);
  const spp = unsigned(ifd, TAG.SamplesPerPixel, { min: 1, max: limits.maxBands }, 1)!;
  const bitsList = unsignedValues(ifd, TAG.BitsPerSample, { max: 64 }) ?? [1];
  const formatList = unsignedValues(ifd, TAG.SampleFormat, { max: 6 }) ?? [1];
  const bits = bitsList[0]!;
  const format = formatList[0]!;
  if (bitsList.some((b) => b !== bits) || formatList.some((f) => f !== format)) {
    throw new DataError(`${name}: unsupported sample format (bands of mixed types: ${bitsList.join(",")} bits)`);
  }
  const sampleType = sampleTypeFromTiff(bits, format);
  if (!sampleType) {
    const kind =
      ({ 1: "unsigned integer", 2: "signed integer", 3: "floating point", 5: "complex integer", 6: "complex float" } as Record<number, string>)[format] ??
      `code ${format}`;
    throw new DataError(`${name}: unsupported sample format ${bits}-bit ${kind} (supported: 8/16/32-bit integers, 32/64-bit floats)`);
  }
  const compression = unsigned(ifd, TAG.Compression, { max: 65535 }, 1)!;
  if (!(compression in SUPPORTED_COMPRESSION)) {
    throw new DataError(`${name}: unsupported TIFF compression ${compression} (supported: none, LZW, DEFLATE, PackBits)`);
  }
  const predictor = unsigned(ifd, TAG.Predictor, { max: 65535 }, 1)!;
  if (predictor !== 1 && predictor !== 2 && predictor !== 3) throw new DataError(`${name}: unsupported TIFF predictor ${predictor}`);
  const bps = BYTES_PER_SAMPLE[sampleType];
  if (predictor === 2 && bps > 4) throw new DataError(`${name}: unsupported TIFF predictor 2 (horizontal) with ${bits}-bit samples`);
  if (predictor === 3 && format !== 3) throw new DataError(`${name}: not a readable TIFF (predictor 3 is for floating-point samples, these are ${sampleType})`);
  const planar = unsigned(ifd, TAG.PlanarConfiguration, { max: 65535 }, 1)!;
  if (planar !== 1 && planar !== 2) throw new DataError(`${name}: not a readable TIFF (PlanarConfiguration ${planar}, expected 1 or 2)`);
  const tileW = unsigned(ifd, TAG.TileWidth, { min: 1, max: limits.maxTilePx });
  const tileH = unsigned(ifd, TAG.TileLength, { min: 1, max: limits.maxTilePx });
  if ((tileW === undefined) !== (tileH === undefined)) throw new DataError(`${name}: not a readable TIFF (TileWidth without TileLength or the reverse)`);
  const tiled = tileW !== undefined && tileH !== undefined;
  const blockWidth = tiled ? tileW : width;
  const blockHeight = tiled ? tileH : Math.min(unsigned(ifd, TAG.RowsPerStrip, { min: 1 }) ?? height, height);
  const samplesPerBlock = planar === 2 ? 1 : spp;
  const blockBytes = blockWidth * blockHeight * samplesPerBlock * bps;
  if (blockBytes > limits.maxBlockBytes) {
    throw new DataError(
      `${name}: ${tiled ? "tiles" : "strips"} of ${blockWidth} x ${blockHeight} pixels x ${samplesPerBlock} samples (${blockBytes} bytes) exceed the reader's ${limits.maxBlockBytes}-byte limit per block: rewrite it tiled (gdal_translate -co TILED=YES)`,
    );
  }
  const across = Math.ceil(width / blockWidth);
  const down = Math.ceil(height / blockHeight);
  const blocksNeeded = across * down * (planar === 2 ? spp : 1);
  const size = source.sizeBytes;
  const offsets = unsignedValues(ifd, tiled ? TAG.TileOffsets : TAG.StripOffsets, { max: size ?? Number.MAX_SAFE_INTEGER });
  const counts = unsignedValues(ifd, tiled ? TAG.TileByteCounts : TAG.StripByteCounts, { max: size ?? Number.MAX_SAFE_INTEGER });
  if (!offsets || !counts || offsets.length < blocksNeeded || counts.length < blocksNeeded) {
    throw new DataError(`${name}: not a readable TIFF (${tiled ? "tile" : "strip"} offsets missing or short: ${offsets?.length ?? 0} of ${blocksNeeded})`);
  }
  /** Decoded bytes of block `index` (the last strip of a stripped image may be shorter). */
  const blockRows = (index: number): number => {
    if (tiled) return blockHeight;
    const row = Math.floor((index % (across * down)) / across);
    return Math.min(blockHeight, height - row * blockHeight);
  };
  for (let i = 0; i < blocksNeeded; i++) {
    const count = counts[i]!;
    if (count === 0) continue;
    if (size !== undefined && offsets[i]! + count > size) {
      throw new DataError(`${name}: truncated file (${tiled ? "tile" : "strip"} ${i} ends at byte ${offsets[i]! + count}, file has ${size})`);
    }
    const expected = blockWidth * blockRows(i) * samplesPerBlock * bps;
    if (compression === 1 && count < expected) {
      throw new DataError(`${name}: truncated file (uncompressed ${tiled ? "tile" : "strip"} ${i} has ${count} of ${expected} bytes)`);
    }
  }
  const keys = readGeoKeys(ifd);
  const crs = crsFromGeoKeys(keys, name);
  const geoTransform = geoTransformFromTags(ifd, keys, name);
  const metadata = parseGdalMetadata(ascii(ifd, TAG.GdalMetadata), spp);
  const nodataText = ascii(ifd, TAG.GdalNodata)?.trim();
  const nodata = parseNodata(nodataText, name);
  const colorTable = (unsigned(ifd, TAG.Photometric, { max: 65535 }, 1) ?? 1) === 3 ? readColorTable(ifd, bits, name) : undefined;
  const bandNames = metadata.descriptions.map((d, i) => d || `band${i + 1}`);
  const fill = nodata === null ? 0 : nodata;

  const readBlock = async (index: number, blockRow: number): Promise<RasterArray | null> => {
    const count = counts[index]!;
    if (count === 0) return null; // sparse block: nodata
    const raw = await source.read(offsets[index]!, count);
    if (raw.length < count) throw new DataError(`${name}: truncated file (block ${index} is short: ${raw.length} of ${count} bytes)`);
    const layout: BlockLayout = {
      width: blockWidth,
      // The last strip of a stripped image may be shorter than RowsPerStrip.
      height: tiled ? blockHeight : Math.min(blockHeight, height - blockRow * blockHeight),
      samples: planar === 2 ? 1 : spp,
      bytesPerSample: bps,
      compression,
      predictor,
      littleEndian: ifd.littleEndian,
      floatingPoint: format === 3,
      maxDecodedBytes: blockBytes,
    };
    return viewRaster(sampleType, await decodeBlockAsync(raw, layout, name, inflater));
  };

  // Tiles that libdeflate can take whole on libuv's pool: inflate, predictor and the copy into the bands all off the main
  // thread (see native/libdeflate). Anything else (zlib, big-endian, floating-point predictor, strips) decodes here.
  const scatter =
    inflater?.inflateScatterAsync &&
    tiled &&
    (compression === 8 || compression === 32946) &&
    (predictor === 1 || predictor === 2) &&
    (ifd.littleEndian || bps === 1) &&
    bps <= 4
      ? inflater.inflateScatterAsync.bind(inflater)
      : undefined;
  /** Inflate tile `index` straight into `dsts` (one per sample, null to skip); false when the tile holds more than its size (the caller decodes it the other way). */
  const scatterTile = async (
    index: number,
    dsts: (RasterArray | null)[],
    window: { rows: number; rowLen: number; srcX: number; srcY: number; dstStart: number; dstStride: number },
  ): Promise<boolean> => {
    const count = counts[index]!;
    if (count === 0) return true; // sparse tile: nodata
    const layout = { width: blockWidth, height: blockHeight, samples: samplesPerBlock, bytesPerSample: bps, predictor, ...window };
    let written: number;
    try {
      if (source.fd !== undefined) {
        // A local file: the pool thread reads the tile too (pread), so no buffer per tile reaches JavaScript.
        written = await scatter!(null, dsts, { ...layout, fd: source.fd, offset: offsets[index]!, count });
      } else {
        const raw = await source.read(offsets[index]!, count);
        if (raw.length < count) throw new DataError(`${name}: truncated file (block ${index} is short: ${raw.length} of ${count} bytes)`);
        written = await scatter!(raw, dsts, layout);
      }
    } catch (error) {
      if (error instanceof DataError) throw error;
      const code = (error as { libdeflateCode?: number }).libdeflateCode;
      if (code === INSUFFICIENT_SPACE) return false;
      if (code === SHORT_READ) throw new DataError(`${name}: truncated file (block ${index} is short of its ${count} bytes)`);
      throw new DataError(`${name}: corrupt DEFLATE data in a tile or strip (${(error as Error).message})`, { cause: error });
    }
    if (written < blockBytes) throw new DataError(`${name}: truncated tile or strip (${written} of ${blockBytes} bytes)`);
    return true;
  };

  // Strips span the image's width, so windows side by side need the same strips: keep the last decoded ones
  // (up to 64 MiB) rather than decode a strip again for every window across it. Tiles are not cached.
  const STRIP_CACHE_BYTES = 64 * 1024 * 1024;
  const stripCache = new Map<number, Promise<RasterArray | null>>();
  const blockOf = (index: number, blockRow: number): Promise<RasterArray | null> => {
    if (tiled || blockBytes > STRIP_CACHE_BYTES / 2) return readBlock(index, blockRow);
    const hit = stripCache.get(index);
    if (hit) {
      stripCache.delete(index);
      stripCache.set(index, hit);
      return hit;
    }
    const p = readBlock(index, blockRow);
    stripCache.set(index, p);
    while (stripCache.size * blockBytes > STRIP_CACHE_BYTES) stripCache.delete(stripCache.keys().next().value!);
    p.catch(() => {
      if (stripCache.get(index) === p) stripCache.delete(index);
    });
    return p;
  };

  const arrayType = allocRaster(sampleType, 0).constructor;
  const readWindow = async (window: PixelWindow, options: ReadOptions = {}): Promise<RasterArray[]> => {
    const { x0, y0, x1, y1 } = window;
    if (!(x0 >= 0 && y0 >= 0 && x1 <= width && y1 <= height && x1 > x0 && y1 > y0)) {
      throw new RangeError(`${name}: window [${x0},${y0})-(${x1},${y1}) outside the ${width}x${height} raster`);
    }
    const bands = options.bands ?? Array.from({ length: spp }, (_, i) => i);
    for (const b of bands) {
      if (!(Number.isInteger(b) && b >= 0 && b < spp)) throw new RangeError(`${name}: band index ${b} out of range (raster has ${spp} bands)`);
    }
    const ww = x1 - x0;
    const wh = y1 - y0;
    const bc0 = Math.floor(x0 / blockWidth);
    const bc1 = Math.floor((x1 - 1) / blockWidth);
    const br0 = Math.floor(y0 / blockHeight);
    const br1 = Math.floor((y1 - 1) / blockHeight);
    const jobs: { index: number; br: number; bc: number; target: number[] }[] = [];
    for (let br = br0; br <= br1; br++) {
      for (let bc = bc0; bc <= bc1; bc++) {
        if (planar === 2) {
          bands.forEach((b, k) => jobs.push({ index: b * across * down + br * across + bc, br, bc, target: [k] }));
        } else {
          jobs.push({ index: br * across + bc, br, bc, target: bands.map((_, k) => k) });
        }
      }
    }
    // Every sample of the window is written by its block, but for sparse blocks (none in the file): fill only then.
    const sparse = jobs.some((job) => counts[job.index] === 0);
    const into = options.into;
    const reuse = into !== undefined && into.length === bands.length && into.every((a) => a.length === ww * wh && a.constructor === arrayType);
    const bytes = ww * wh * bps;
    const recycled = !reuse && bytes >= RECYCLE_MIN_BYTES ? inflater?.allocRecycled : undefined;
    const out = reuse ? [...into] : bands.map(() => (recycled ? viewRaster(sampleType, new Uint8Array(recycled(bytes))) : allocRaster(sampleType, ww * wh)));
    // Given or recycled arrays hold old samples, new ones zeros.
    if (sparse && (fill !== 0 || reuse || recycled)) for (const o of out) o.fill(fill);
    // Fetch a few blocks at a time so remote reads overlap while memory stays small.
    const CONCURRENCY = 16;
    if (scatter && new Set(bands).size === bands.length) {
      // A sliding window of CONCURRENCY tiles in flight (not batches: a batch waits for its slowest tile while the pool
      // threads stand idle). Every tile in flight has finished with the arrays (and the file) before an error propagates.
      const fallback = new Array<boolean>(jobs.length).fill(false);
      let next = 0;
      let failure: { error: unknown } | undefined;
      const lane = async (): Promise<void> => {
        while (next < jobs.length && !failure) {
          const n = next++;
          const job = jobs[n]!;
          try {
            options.signal?.throwIfAborted();
            const bx0 = job.bc * blockWidth;
            const by0 = job.br * blockHeight;
            const cx0 = Math.max(x0, bx0);
            const cy0 = Math.max(y0, by0);
            const dsts: (RasterArray | null)[] = Array.from({ length: samplesPerBlock }, () => null);
            if (planar === 2) dsts[0] = out[job.target[0]!]!;
            else job.target.forEach((k) => (dsts[bands[k]!] = out[k]!));
            const done = await scatterTile(job.index, dsts, {
              rows: Math.min(y1, by0 + blockHeight) - cy0,
              rowLen: Math.min(x1, bx0 + blockWidth) - cx0,
              srcX: cx0 - bx0,
              srcY: cy0 - by0,
              dstStart: (cy0 - y0) * ww + (cx0 - x0),
              dstStride: ww,
            });
            if (!done) fallback[n] = true;
          } catch (error) {
            failure ??= { error };
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(CONCURRENCY, jobs.length) }, lane));
      if (failure) throw failure.error;
      const leftovers = jobs.filter((_, n) => fallback[n]);
      jobs.splice(0, jobs.length, ...leftovers);
    }
    for (let j = 0; j < jobs.length; j += CONCURRENCY) {
      options.signal?.throwIfAborted();
      const batch = jobs.slice(j, j + CONCURRENCY);
      const blocks = await Promise.all(batch.map((job) => blockOf(job.index, job.br)));
      batch.forEach((job, n) => {
        const block = blocks[n];
        if (!block) return;
        const bx0 = job.bc * blockWidth;
        const by0 = job.br * blockHeight;
        const cx0 = Math.max(x0, bx0);
        const cx1 = Math.min(x1, bx0 + blockWidth);
        const cy0 = Math.max(y0, by0);
        const cy1 = Math.min(y1, by0 + blockHeight);
        const rowLen = cx1 - cx0;
        const samples = planar === 2 ? 1 : spp;
        if (samples > 1 && job.target.length === samples && bands.every((b, i) => b === i)) {
          // Every band of a pixel-interleaved block: one sequential pass writes all bands.
          copyAllInterleaved(out, block, {
            rows: cy1 - cy0,
            rowLen,
            srcStart: ((cy0 - by0) * blockWidth + (cx0 - bx0)) * samples,
            srcStride: blockWidth * samples,
            samples,
            dstStart: (cy0 - y0) * ww + (cx0 - x0),
            dstStride: ww,
          });
          return;
        }
        for (const k of job.target) {
          const dst = out[k]!;
          const band = planar === 2 ? 0 : bands[k]!;
          if (samples === 1) {
            for (let y = cy0; y < cy1; y++) {
              const s = (y - by0) * blockWidth + (cx0 - bx0);
              dst.set(block.subarray(s, s + rowLen) as never, (y - y0) * ww + (cx0 - x0));
            }
          } else {
            copyInterleaved(dst, block, {
              rows: cy1 - cy0,
              rowLen,
              srcStart: ((cy0 - by0) * blockWidth + (cx0 - bx0)) * samples + band,
              srcStride: blockWidth * samples,
              samples,
              dstStart: (cy0 - y0) * ww + (cx0 - x0),
              dstStride: ww,
            });
          }
        }
      });
    }
    return out;
  };

  return {
    ref: name,
    grid: { width, height, geoTransform, crs },
    bandCount: spp,
    bandNames,
    nodata,
    sampleType,
    blockWidth,
    blockHeight,
    tiled,
    compression: SUPPORTED_COMPRESSION[compression]!,
    colorTable,
    metadata,
    readWindow,
    async *tiles(options = {}) {
      let windows: Iterable<PixelWindow>;
      if (options.tileSizePx !== undefined || tiled) {
        // Square windows of the block width, but never more than 4096 px a side (a 16384 x 16 tile stays a small read).
        windows = windowsOf(width, height, options.tileSizePx ?? Math.min(4096, Math.max(256, blockWidth)));
      } else {
        // Strips span the width: windows of whole strips (about 4 Mpx each) decode every strip once.
        const rows = Math.max(1, Math.floor(4_194_304 / width / blockHeight)) * blockHeight;
        windows = Array.from({ length: Math.ceil(height / rows) }, (_, k) => ({ x0: 0, y0: k * rows, x1: width, y1: Math.min(height, (k + 1) * rows) }));
      }
      for (const window of windows) {
        yield { window, data: await readWindow(window, options) };
      }
    },
    close: () => {
      stripCache.clear();
      return source.close();
    },
  };
}
