/**
 * @module raster/read/decode-block
 * Decompress one TIFF strip or tile and undo its predictor, giving the raw sample bytes
 * in the machine's (little-endian) byte order.
 */
import { promisify } from "node:util";
import { inflate as inflateCb, inflateSync, type ZlibOptions } from "node:zlib";
import { DataError } from "../../domain/errors.ts";
import { INSUFFICIENT_SPACE, libdeflate } from "./libdeflate.ts";
import { decodeLzw } from "./lzw.ts";

/** TIFF compression codes this reader supports. */
export const SUPPORTED_COMPRESSION: Readonly<Record<number, string>> = {
  1: "none",
  5: "LZW",
  8: "DEFLATE",
  32946: "DEFLATE",
  32773: "PackBits",
};

export interface BlockLayout {
  /** Width and height of the block in pixels (a strip is imageWidth x rowsPerStrip). */
  width: number;
  height: number;
  /** Samples per pixel inside this block (1 for planar configuration 2). */
  samples: number;
  bytesPerSample: number;
  compression: number;
  predictor: number;
  littleEndian: boolean;
  floatingPoint: boolean;
  /** Most bytes the block may decompress to (a full tile or strip); DEFLATE output beyond it is refused, not allocated. */
  maxDecodedBytes?: number;
}

/** DEFLATE output bound for a block: its declared size plus slack for writers that pad (at least 64 KiB). */
function inflateLimit(layout: BlockLayout): number {
  const expected = layout.width * layout.height * layout.samples * layout.bytesPerSample;
  return Math.max(layout.maxDecodedBytes ?? expected, expected) + 65536;
}

function unpackBits(input: Uint8Array, expected: number): Uint8Array {
  const out = new Uint8Array(expected);
  let i = 0;
  let o = 0;
  while (i < input.length && o < expected) {
    const n = (input[i++]! << 24) >> 24;
    if (n >= 0) {
      const len = Math.min(n + 1, expected - o);
      out.set(input.subarray(i, i + len), o);
      i += n + 1;
      o += len;
    } else if (n !== -128) {
      out.fill(input[i++]!, o, Math.min(o + 1 - n, expected));
      o += 1 - n;
    }
  }
  return out;
}

const inflateAsync = promisify(inflateCb) as (raw: Uint8Array, options: ZlibOptions) => Promise<Buffer>;

/** Decoded bytes of a block. */
function expectedBytes(layout: BlockLayout): number {
  return layout.width * layout.height * layout.samples * layout.bytesPerSample;
}

/**
 * zlib options that inflate a block in one piece: an output chunk of the block's known size (zlib's default
 * 16 KB chunks cost a copy and a round trip per chunk, a quarter of the CPU on 512 KB tiles).
 */
function inflateOptions(layout: BlockLayout): ZlibOptions {
  return { chunkSize: Math.max(64, expectedBytes(layout)) };
}

/**
 * Decode one block, inflating DEFLATE data on libuv's thread pool so that several blocks
 * decompress in parallel (the rest of the decode is the same as decodeBlock): with libdeflate when its
 * binding is built (see libdeflate.ts; `inflater` null forces Node's zlib), else with node:zlib.
 */
export async function decodeBlockAsync(raw: Uint8Array, layout: BlockLayout, name: string, inflater = libdeflate): Promise<Uint8Array> {
  if (layout.compression !== 8 && layout.compression !== 32946) return decodeBlock(raw, layout, name);
  let inflated: Uint8Array | undefined;
  if (inflater) {
    // libdeflate inflates the whole tile in one call into a buffer of its known size. The buffer is not
    // zeroed first (that was a tenth of the read's CPU): only the bytes libdeflate writes are ever used.
    const out = Buffer.allocUnsafeSlow(expectedBytes(layout));
    try {
      const written = await inflater.inflateAsync(raw, out);
      inflated = out.subarray(0, written);
    } catch (error) {
      // More data than the layout says (a padded strip, say): let zlib take it whole.
      if ((error as { libdeflateCode?: number }).libdeflateCode !== INSUFFICIENT_SPACE) {
        throw new DataError(`${name}: corrupt DEFLATE data in a tile or strip (${(error as Error).message})`, { cause: error });
      }
    }
  }
  try {
    inflated ??= await inflateAsync(raw, { ...inflateOptions(layout), maxOutputLength: inflateLimit(layout) });
  } catch (error) {
    throw new DataError(`${name}: corrupt DEFLATE data in a tile or strip (${(error as Error).message})`, { cause: error });
  }
  return decodeBlock(inflated, { ...layout, compression: 1 }, name, true);
}

/**
 * Decode one block. `name` is the file, for error messages. The result holds
 * width*height*samples samples, little-endian, pixel-interleaved.
 */
export function decodeBlock(raw: Uint8Array, layout: BlockLayout, name: string, owned = false): Uint8Array {
  const expected = expectedBytes(layout);
  let bytes: Uint8Array;
  let fresh = owned;
  switch (layout.compression) {
    case 1:
      bytes = raw;
      break;
    case 8:
    case 32946:
      fresh = true;
      try {
        bytes = inflateSync(raw, { ...inflateOptions(layout), maxOutputLength: inflateLimit(layout) });
      } catch (error) {
        throw new DataError(`${name}: corrupt DEFLATE data in a tile or strip (${(error as Error).message})`, { cause: error });
      }
      break;
    case 5:
      bytes = decodeLzw(raw, expected);
      fresh = true;
      break;
    case 32773:
      bytes = unpackBits(raw, expected);
      fresh = true;
      break;
    default:
      throw new DataError(`${name}: unsupported TIFF compression ${layout.compression} (supported: none, LZW, DEFLATE, PackBits)`);
  }
  if (bytes.length < expected) {
    throw new DataError(`${name}: truncated tile or strip (${bytes.length} of ${expected} bytes)`);
  }
  // Typed-array views need aligned memory we own: copy only when the bytes are borrowed or misaligned.
  let out: Uint8Array;
  if (fresh && bytes.byteOffset % 8 === 0) {
    out = bytes.subarray(0, expected);
  } else {
    out = new Uint8Array(expected);
    out.set(bytes.subarray(0, expected));
  }
  if (layout.predictor === 3) {
    undoFloatPredictor(out, layout);
  } else {
    if (!layout.littleEndian && layout.bytesPerSample > 1) swapBytes(out, layout.bytesPerSample);
    if (layout.predictor === 2) undoHorizontalPredictor(out, layout, name);
  }
  return out;
}

function swapBytes(b: Uint8Array, size: number): void {
  for (let i = 0; i < b.length; i += size) {
    for (let j = 0; j < size >> 1; j++) {
      const t = b[i + j]!;
      b[i + j] = b[i + size - 1 - j]!;
      b[i + size - 1 - j] = t;
    }
  }
}

function undoHorizontalPredictor(b: Uint8Array, { width, height, samples, bytesPerSample }: BlockLayout, name: string): void {
  const rowLen = width * samples;
  if (bytesPerSample === 1) {
    for (let r = 0; r < height; r++) {
      const base = r * rowLen;
      for (let i = samples; i < rowLen; i++) b[base + i] = (b[base + i]! + b[base + i - samples]!) & 0xff;
    }
  } else if (bytesPerSample === 2) {
    const a = new Uint16Array(b.buffer, b.byteOffset, b.length / 2);
    for (let r = 0; r < height; r++) {
      const base = r * rowLen;
      for (let i = samples; i < rowLen; i++) a[base + i] = (a[base + i]! + a[base + i - samples]!) & 0xffff;
    }
  } else if (bytesPerSample === 4) {
    const a = new Uint32Array(b.buffer, b.byteOffset, b.length / 4);
    for (let r = 0; r < height; r++) {
      const base = r * rowLen;
      for (let i = samples; i < rowLen; i++) a[base + i] = (a[base + i]! + a[base + i - samples]!) >>> 0;
    }
  } else {
    throw new DataError(`${name}: horizontal predictor with ${bytesPerSample * 8}-bit samples is not supported`);
  }
}

/** Floating-point predictor (Adobe TIFF Technote 3): byte-plane shuffle plus byte differencing. */
function undoFloatPredictor(b: Uint8Array, { width, height, samples, bytesPerSample }: BlockLayout): void {
  const rowSamples = width * samples;
  const rowBytes = rowSamples * bytesPerSample;
  const tmp = new Uint8Array(rowBytes);
  for (let r = 0; r < height; r++) {
    const row = b.subarray(r * rowBytes, (r + 1) * rowBytes);
    for (let i = samples; i < rowBytes; i++) row[i] = (row[i]! + row[i - samples]!) & 0xff;
    tmp.set(row);
    // Byte planes are stored most-significant first, whatever the file's byte order.
    for (let s = 0; s < rowSamples; s++) {
      for (let k = 0; k < bytesPerSample; k++) {
        const src = tmp[k * rowSamples + s]!;
        row[s * bytesPerSample + bytesPerSample - 1 - k] = src;
      }
    }
  }
}
