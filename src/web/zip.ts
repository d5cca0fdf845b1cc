/**
 * @module web/zip
 * A ZIP archive of a few small files, stored without compression (method 0), names in UTF-8 (flag bit 11): what the
 * dashboard's CSV downloads need to hand over a CSV with its sidecars as one file. Layout per PKWARE's APPNOTE.TXT
 * (4.3: local file headers, central directory, end of central directory record); CRC-32 as in 4.4.7 (ISO 3309,
 * polynomial 0xEDB88320 reflected). No ZIP64: every file and the archive stay far below 4 GiB.
 */

export interface ZipEntry {
  name: string;
  data: Uint8Array | string;
}

let table: Uint32Array | undefined;

/** CRC-32 of `bytes` (the ZIP and PNG one). */
export function crc32(bytes: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = table[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** MS-DOS time and date of `d` (local time, 2-second resolution, years from 1980). */
function dosTime(d: Date): { time: number; date: number } {
  const year = Math.max(1980, d.getFullYear());
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1),
    date: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

/** The archive's bytes: each entry stored as it is, in the order given, dated `modified`. */
export function zipStored(entries: readonly ZipEntry[], modified: Date = new Date()): Uint8Array<ArrayBuffer> {
  const utf8 = new TextEncoder();
  const { time, date } = dosTime(modified);
  const files = entries.map((e) => {
    const name = utf8.encode(e.name);
    const data = typeof e.data === "string" ? utf8.encode(e.data) : e.data;
    return { name, data, crc: crc32(data) };
  });
  const localSize = files.reduce((n, f) => n + 30 + f.name.length + f.data.length, 0);
  const centralSize = files.reduce((n, f) => n + 46 + f.name.length, 0);
  const out = new Uint8Array(localSize + centralSize + 22);
  const view = new DataView(out.buffer);
  let at = 0;
  const u16 = (v: number): void => {
    view.setUint16(at, v, true);
    at += 2;
  };
  const u32 = (v: number): void => {
    view.setUint32(at, v >>> 0, true);
    at += 4;
  };
  const bytes = (b: Uint8Array): void => {
    out.set(b, at);
    at += b.length;
  };
  const offsets: number[] = [];
  for (const f of files) {
    offsets.push(at);
    u32(0x04034b50); // local file header signature
    u16(20); // version needed: 2.0
    u16(0x0800); // general purpose flags: bit 11, names in UTF-8
    u16(0); // method: stored
    u16(time);
    u16(date);
    u32(f.crc);
    u32(f.data.length); // compressed size
    u32(f.data.length); // uncompressed size
    u16(f.name.length);
    u16(0); // extra field length
    bytes(f.name);
    bytes(f.data);
  }
  const centralStart = at;
  files.forEach((f, i) => {
    u32(0x02014b50); // central directory header signature
    u16(20); // version made by: 2.0, MS-DOS attributes
    u16(20);
    u16(0x0800);
    u16(0);
    u16(time);
    u16(date);
    u32(f.crc);
    u32(f.data.length);
    u32(f.data.length);
    u16(f.name.length);
    u16(0); // extra field length
    u16(0); // comment length
    u16(0); // disk number start
    u16(0); // internal attributes
    u32(0); // external attributes
    u32(offsets[i]!);
    bytes(f.name);
  });
  u32(0x06054b50); // end of central directory signature
  u16(0);
  u16(0);
  u16(files.length);
  u16(files.length);
  u32(centralSize);
  u32(centralStart);
  u16(0); // comment length
  return out;
}
