/**
 * @module raster/write/tiff-ifd-writer
 * Serialise one TIFF or BigTIFF image file directory (little-endian) with its out-of-line values.
 * The byte size depends only on the tags' types and counts, so a writer can reserve space for the
 * IFD before the tile data and fill it in at the end (the IFD-first layout of a COG).
 */

/** TIFF field types used by the writer. */
export const FIELD = { BYTE: 1, ASCII: 2, SHORT: 3, LONG: 4, DOUBLE: 12, LONG8: 16 } as const;
type FieldType = (typeof FIELD)[keyof typeof FIELD];

const SIZE: Record<FieldType, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 12: 8, 16: 8 };

export interface IfdEntry {
  tag: number;
  type: FieldType;
  values: readonly number[] | string;
}

function countOf(e: IfdEntry): number {
  return typeof e.values === "string" ? Buffer.byteLength(e.values, "latin1") + 1 : e.values.length;
}

/** Bytes the IFD (entries + out-of-line values) takes. */
export function ifdByteLength(entries: readonly IfdEntry[], bigTiff: boolean): number {
  const inline = bigTiff ? 8 : 4;
  let n = (bigTiff ? 8 : 2) + entries.length * (bigTiff ? 20 : 12) + (bigTiff ? 8 : 4);
  for (const e of entries) {
    const bytes = SIZE[e.type] * countOf(e);
    if (bytes > inline) n += bytes + (bytes & 1); // word-align values
  }
  return n;
}

/**
 * Serialise the IFD to be placed at file offset `at`, pointing to the next IFD at `nextIfd` (0: the last);
 * entries are sorted by tag as TIFF requires.
 */
export function encodeIfd(entriesIn: readonly IfdEntry[], at: number, bigTiff: boolean, nextIfd = 0): Uint8Array {
  const entries = [...entriesIn].sort((a, b) => a.tag - b.tag);
  const total = ifdByteLength(entries, bigTiff);
  const buf = new Uint8Array(total);
  const v = new DataView(buf.buffer);
  const inline = bigTiff ? 8 : 4;
  const entrySize = bigTiff ? 20 : 12;
  const head = bigTiff ? 8 : 2;
  if (bigTiff) v.setBigUint64(0, BigInt(entries.length), true);
  else v.setUint16(0, entries.length, true);
  const nextAt = head + entries.length * entrySize;
  if (bigTiff) v.setBigUint64(nextAt, BigInt(nextIfd), true);
  else v.setUint32(nextAt, nextIfd, true);
  let extra = nextAt + (bigTiff ? 8 : 4);
  entries.forEach((e, i) => {
    const p = head + i * entrySize;
    const count = countOf(e);
    const bytes = SIZE[e.type] * count;
    v.setUint16(p, e.tag, true);
    v.setUint16(p + 2, e.type, true);
    if (bigTiff) v.setBigUint64(p + 4, BigInt(count), true);
    else v.setUint32(p + 4, count, true);
    let dst: number;
    const valuePos = p + (bigTiff ? 12 : 8);
    if (bytes <= inline) {
      dst = valuePos;
    } else {
      dst = extra;
      if (bigTiff) v.setBigUint64(valuePos, BigInt(at + extra), true);
      else v.setUint32(valuePos, at + extra, true);
      extra += bytes + (bytes & 1);
    }
    if (typeof e.values === "string") {
      buf.set(Buffer.from(e.values, "latin1"), dst);
      return;
    }
    const vals = e.values;
    for (let k = 0; k < vals.length; k++) {
      const x = vals[k]!;
      switch (e.type) {
        case FIELD.BYTE:
          v.setUint8(dst + k, x);
          break;
        case FIELD.SHORT:
          v.setUint16(dst + 2 * k, x, true);
          break;
        case FIELD.LONG:
          v.setUint32(dst + 4 * k, x, true);
          break;
        case FIELD.DOUBLE:
          v.setFloat64(dst + 8 * k, x, true);
          break;
        case FIELD.LONG8:
          v.setBigUint64(dst + 8 * k, BigInt(x), true);
          break;
      }
    }
  });
  return buf;
}
