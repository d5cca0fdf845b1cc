/**
 * @module raster/read/tiff-ifd
 * Parse a TIFF or BigTIFF header and its first image file directory (the full-resolution
 * image of a COG) into plain tag values. Out-of-line values are read from the source.
 */
import { DataError } from "../../domain/errors.ts";
import type { ByteSource } from "./byte-source.ts";

/** Tag numbers used by the reader and the writer. */
export const TAG = {
  NewSubfileType: 254,
  ImageWidth: 256,
  ImageLength: 257,
  BitsPerSample: 258,
  Compression: 259,
  Photometric: 262,
  StripOffsets: 273,
  SamplesPerPixel: 277,
  RowsPerStrip: 278,
  StripByteCounts: 279,
  PlanarConfiguration: 284,
  Software: 305,
  Predictor: 317,
  ColorMap: 320,
  TileWidth: 322,
  TileLength: 323,
  TileOffsets: 324,
  TileByteCounts: 325,
  ExtraSamples: 338,
  SampleFormat: 339,
  ModelPixelScale: 33550,
  ModelTiepoint: 33922,
  ModelTransformation: 34264,
  GeoKeyDirectory: 34735,
  GeoDoubleParams: 34736,
  GeoAsciiParams: 34737,
  GdalMetadata: 42112,
  GdalNodata: 42113,
} as const;

export type TagValue = number[] | string;

export interface TiffIfd {
  /** The file, for error messages. */
  name: string;
  littleEndian: boolean;
  bigTiff: boolean;
  tags: Map<number, TagValue>;
  /** TIFF field type of each tag (1 BYTE, 2 ASCII, 3 SHORT, 4 LONG, 5 RATIONAL, ..., 16 LONG8). */
  types: Map<number, number>;
}

/**
 * Limits of the reader, so that a malformed file is refused before anything is allocated for it.
 * Every value a tag may carry is also bounded by the file's length (a tag cannot hold more bytes than the file has).
 */
export const TIFF_LIMITS = {
  /** Entries in one IFD. */
  maxIfdEntries: 4096,
  /** Values in one tag (16 Mi: enough tile offsets for a 1 Tpx COG). */
  maxTagValues: 16 * 1024 * 1024,
  /** Bytes of an ASCII tag (GDAL metadata, GeoAsciiParams). */
  maxAsciiBytes: 4 * 1024 * 1024,
} as const;

const TYPE_SIZE: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 16: 8, 17: 8, 18: 8 };
const TYPE_NAME: Record<number, string> = {
  1: "BYTE",
  2: "ASCII",
  3: "SHORT",
  4: "LONG",
  5: "RATIONAL",
  6: "SBYTE",
  7: "UNDEFINED",
  8: "SSHORT",
  9: "SLONG",
  10: "SRATIONAL",
  11: "FLOAT",
  12: "DOUBLE",
  16: "LONG8",
  17: "SLONG8",
  18: "IFD8",
};
/** Field types holding unsigned integers (what sizes, counts and offsets must be). */
const UNSIGNED_TYPES = new Set([1, 3, 4, 16, 18]);
const TAG_NAME = new Map<number, string>(Object.entries(TAG).map(([k, v]) => [v, k]));
const KNOWN_TAGS = new Set<number>(Object.values(TAG));

/** "ImageWidth (256)" */
export function tagName(tag: number): string {
  return `${TAG_NAME.get(tag) ?? "tag"} (${tag})`;
}

function corrupt(source: { name: string }, what: string): DataError {
  return new DataError(`${source.name}: not a readable TIFF (${what})`);
}

/**
 * Read the header and IFD 0 of a TIFF. Throws DataError (naming the file) on anything malformed: offsets and value
 * counts are checked against the file's length before any read, and only the tags the reader uses are decoded.
 */
export async function readFirstIfd(source: ByteSource): Promise<TiffIfd> {
  const head = await source.read(0, 16);
  if (head.length < 8) throw corrupt(source, "file shorter than a TIFF header");
  const order = String.fromCharCode(head[0]!, head[1]!);
  if (order !== "II" && order !== "MM") throw corrupt(source, "no II/MM byte-order mark");
  const le = order === "II";
  const hv = new DataView(head.buffer, head.byteOffset, head.length);
  const magic = hv.getUint16(2, le);
  let bigTiff: boolean;
  let ifdOffset: number;
  if (magic === 42) {
    bigTiff = false;
    ifdOffset = hv.getUint32(4, le);
  } else if (magic === 43) {
    if (head.length < 16) throw corrupt(source, "truncated BigTIFF header");
    bigTiff = true;
    ifdOffset = Number(hv.getBigUint64(8, le));
  } else {
    throw corrupt(source, `magic number ${magic}, expected 42 or 43`);
  }
  // The size is known for local files and, after the first read, for URLs that answer range requests.
  const size = source.sizeBytes ?? Number.MAX_SAFE_INTEGER;
  const countSize = bigTiff ? 8 : 2;
  const entrySize = bigTiff ? 20 : 12;
  const inlineSize = bigTiff ? 8 : 4;
  if (!Number.isSafeInteger(ifdOffset) || ifdOffset < 8 || ifdOffset + countSize > size) {
    throw corrupt(source, `IFD offset ${ifdOffset} outside the file (${size} bytes)`);
  }
  const countBytes = await source.read(ifdOffset, countSize);
  if (countBytes.length < countSize) throw corrupt(source, `IFD offset ${ifdOffset} beyond end of file`);
  const cv = new DataView(countBytes.buffer, countBytes.byteOffset, countBytes.length);
  const n = bigTiff ? Number(cv.getBigUint64(0, le)) : cv.getUint16(0, le);
  if (n === 0 || n > TIFF_LIMITS.maxIfdEntries) throw corrupt(source, `implausible IFD entry count ${n}`);
  if (ifdOffset + countSize + n * entrySize > size) throw corrupt(source, `IFD of ${n} entries runs past the end of the file`);
  const entries = await source.read(ifdOffset + countSize, n * entrySize);
  if (entries.length < n * entrySize) throw corrupt(source, "truncated IFD");
  const ev = new DataView(entries.buffer, entries.byteOffset, entries.length);
  const tags = new Map<number, TagValue>();
  const types = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const p = i * entrySize;
    const tag = ev.getUint16(p, le);
    const type = ev.getUint16(p + 2, le);
    const count = bigTiff ? Number(ev.getBigUint64(p + 4, le)) : ev.getUint32(p + 4, le);
    const size1 = TYPE_SIZE[type];
    if (size1 === undefined) continue; // unknown field type: TIFF 6.0 says ignore it
    if (!KNOWN_TAGS.has(tag) || tags.has(tag)) continue; // unused (or repeated) tags are not decoded
    if (count === 0) continue; // an empty tag says nothing
    const total = size1 * count;
    if (count > TIFF_LIMITS.maxTagValues || total > size) {
      throw corrupt(source, `${tagName(tag)} declares ${count} values (${total} bytes), more than the file can hold`);
    }
    if (type === 2 && total > TIFF_LIMITS.maxAsciiBytes) throw corrupt(source, `${tagName(tag)} text of ${total} bytes (at most ${TIFF_LIMITS.maxAsciiBytes})`);
    let bytes: Uint8Array;
    if (total <= inlineSize) {
      bytes = entries.subarray(p + (bigTiff ? 12 : 8), p + (bigTiff ? 12 : 8) + total);
    } else {
      const off = bigTiff ? Number(ev.getBigUint64(p + 12, le)) : ev.getUint32(p + 8, le);
      if (!Number.isSafeInteger(off) || off + total > size) {
        throw corrupt(source, `${tagName(tag)} values at byte ${off} (${total} bytes) beyond end of file (${size} bytes)`);
      }
      bytes = await source.read(off, total);
      if (bytes.length < total) throw corrupt(source, `${tagName(tag)} values beyond end of file`);
    }
    tags.set(tag, decodeValues(bytes, type, count, le));
    types.set(tag, type);
  }
  return { name: source.name, littleEndian: le, bigTiff, tags, types };
}

function decodeValues(bytes: Uint8Array, type: number, count: number, le: boolean): TagValue {
  if (type === 2) {
    let end = bytes.indexOf(0);
    if (end < 0) end = bytes.length;
    return Buffer.from(bytes.buffer, bytes.byteOffset, end).toString("latin1");
  }
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const out = new Array<number>(count);
  for (let i = 0; i < count; i++) {
    switch (type) {
      case 1:
      case 7:
        out[i] = v.getUint8(i);
        break;
      case 6:
        out[i] = v.getInt8(i);
        break;
      case 3:
        out[i] = v.getUint16(i * 2, le);
        break;
      case 8:
        out[i] = v.getInt16(i * 2, le);
        break;
      case 4:
        out[i] = v.getUint32(i * 4, le);
        break;
      case 9:
        out[i] = v.getInt32(i * 4, le);
        break;
      case 5:
        out[i] = v.getUint32(i * 8, le) / v.getUint32(i * 8 + 4, le);
        break;
      case 10:
        out[i] = v.getInt32(i * 8, le) / v.getInt32(i * 8 + 4, le);
        break;
      case 11:
        out[i] = v.getFloat32(i * 4, le);
        break;
      case 12:
        out[i] = v.getFloat64(i * 8, le);
        break;
      case 16:
      case 18:
        out[i] = Number(v.getBigUint64(i * 8, le));
        break;
      case 17:
        out[i] = Number(v.getBigInt64(i * 8, le));
        break;
    }
  }
  return out;
}

/** A numeric tag's values, or undefined. */
export function numbers(ifd: TiffIfd, tag: number): number[] | undefined {
  const v = ifd.tags.get(tag);
  return Array.isArray(v) ? v : undefined;
}

/** An ASCII tag's value, or undefined. */
export function ascii(ifd: TiffIfd, tag: number): string | undefined {
  const v = ifd.tags.get(tag);
  return typeof v === "string" ? v : undefined;
}

/**
 * An unsigned-integer tag's values (BYTE, SHORT, LONG or LONG8 only), each within [min, max], or undefined when
 * absent. A tag of another type (RATIONAL, DOUBLE, ASCII, signed) or a value out of range is a DataError naming the
 * file and the tag.
 */
export function unsignedValues(
  ifd: TiffIfd,
  tag: number,
  { min = 0, max = Number.MAX_SAFE_INTEGER }: { min?: number; max?: number } = {},
): number[] | undefined {
  const v = ifd.tags.get(tag);
  if (v === undefined) return undefined;
  const type = ifd.types.get(tag)!;
  if (!UNSIGNED_TYPES.has(type) || typeof v === "string") {
    throw corrupt(ifd, `${tagName(tag)} has type ${TYPE_NAME[type] ?? type}; an unsigned integer type is required`);
  }
  for (const x of v) {
    if (!(Number.isSafeInteger(x) && x >= min && x <= max)) throw corrupt(ifd, `${tagName(tag)} value ${x} outside ${min}..${max}`);
  }
  return v;
}

/** One unsigned-integer tag value (the first), within [min, max]; `fallback` when the tag is absent. */
export function unsigned(ifd: TiffIfd, tag: number, bounds: { min?: number; max?: number }, fallback?: number): number | undefined {
  return unsignedValues(ifd, tag, bounds)?.[0] ?? fallback;
}

/** A floating-point (or integer) tag's values, each finite, or undefined when absent; ASCII or non-finite values are refused. */
export function finiteValues(ifd: TiffIfd, tag: number): number[] | undefined {
  const v = ifd.tags.get(tag);
  if (v === undefined) return undefined;
  if (typeof v === "string") throw corrupt(ifd, `${tagName(tag)} is text; numbers are required`);
  for (const x of v) if (!Number.isFinite(x)) throw corrupt(ifd, `${tagName(tag)} value ${x} is not a finite number`);
  return v;
}
