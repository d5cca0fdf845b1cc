/**
 * @module raster/write/png
 * A minimal PNG encoder (8-bit RGBA, no interlace, filter 0 per row, zlib via node:zlib), enough for
 * class-map overviews without an image library. PNG spec: https://www.w3.org/TR/png-3/ (chunks, CRC-32).
 */
import { deflateSync } from "node:zlib";

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array, start: number, end: number): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out, 4, 8 + data.length));
  return out;
}

/** Encode `rgba` (width x height x 4 bytes, row-major) as a PNG file. */
export function encodePngRgba(rgba: Uint8Array, widthPx: number, heightPx: number): Uint8Array {
  if (rgba.length !== widthPx * heightPx * 4) {
    throw new RangeError(`rgba has ${rgba.length} bytes, expected ${widthPx} x ${heightPx} x 4 = ${widthPx * heightPx * 4}`);
  }
  const header = new Uint8Array(13);
  const hv = new DataView(header.buffer);
  hv.setUint32(0, widthPx);
  hv.setUint32(4, heightPx);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type RGBA
  const stride = widthPx * 4;
  const raw = new Uint8Array((stride + 1) * heightPx);
  for (let y = 0; y < heightPx; y++) {
    raw[y * (stride + 1)] = 0; // filter: none
    raw.set(rgba.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", new Uint8Array(deflateSync(raw))),
    chunk("IEND", new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
