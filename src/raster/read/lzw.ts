/**
 * @module raster/read/lzw
 * TIFF LZW decompression (TIFF 6.0 section 13: MSB-first codes of 9-12 bits,
 * ClearCode 256, EndOfInformation 257, code width grows one code early).
 */

const CLEAR = 256;
const EOI = 257;
const MAX_CODES = 4096;

/** Decompress one TIFF LZW strip or tile into a buffer of `expectedBytes`. */
export function decodeLzw(input: Uint8Array, expectedBytes: number): Uint8Array {
  const out = new Uint8Array(expectedBytes);
  // The dictionary as (prefix code, last byte, length) so that no string is materialised.
  const prefix = new Int32Array(MAX_CODES);
  const suffix = new Uint8Array(MAX_CODES);
  const length = new Int32Array(MAX_CODES);
  const first = new Uint8Array(MAX_CODES);
  for (let i = 0; i < 256; i++) {
    prefix[i] = -1;
    suffix[i] = i;
    length[i] = 1;
    first[i] = i;
  }
  let next = 258;
  let width = 9;
  let bitPos = 0;
  const totalBits = input.length * 8;
  let outPos = 0;
  let prev = -1;
  const readCode = (): number => {
    if (bitPos + width > totalBits) return EOI;
    const byte = bitPos >>> 3;
    const chunk = ((input[byte]! << 16) | ((input[byte + 1] ?? 0) << 8) | (input[byte + 2] ?? 0)) >>> 0;
    const code = (chunk >>> (24 - (bitPos & 7) - width)) & ((1 << width) - 1);
    bitPos += width;
    return code;
  };
  const emit = (code: number): void => {
    const len = length[code]!;
    let c = code;
    const end = outPos + len;
    for (let p = end - 1; p >= outPos; p--) {
      if (p < expectedBytes) out[p] = suffix[c]!;
      c = prefix[c]!;
    }
    outPos = end;
  };
  while (outPos < expectedBytes) {
    const code = readCode();
    if (code === EOI) break;
    if (code === CLEAR) {
      next = 258;
      width = 9;
      const c = readCode();
      if (c === EOI) break;
      emit(c);
      prev = c;
      continue;
    }
    if (prev < 0) {
      emit(code);
      prev = code;
      continue;
    }
    if (code < next) {
      emit(code);
      if (next < MAX_CODES) {
        prefix[next] = prev;
        suffix[next] = first[code]!;
        length[next] = length[prev]! + 1;
        first[next] = first[prev]!;
        next++;
      }
    } else {
      // KwKwK case: the code being defined is prev + first byte of prev.
      if (next < MAX_CODES) {
        prefix[next] = prev;
        suffix[next] = first[prev]!;
        length[next] = length[prev]! + 1;
        first[next] = first[prev]!;
        next++;
      }
      emit(code >= next ? next - 1 : code);
    }
    prev = code;
    if (next + 1 >= 1 << width && width < 12) width++;
  }
  return out;
}
