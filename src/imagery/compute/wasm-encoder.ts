/**
 * @module imagery/compute/wasm-encoder
 * A tiny WebAssembly encoder for the hand-built kernels (the spectral indices, the forest walk): LEB128 numbers,
 * sections, vectors, names and the opcodes the kernels use. The kernels are generated as bytes at run time because
 * they are specialised to their inputs (the list of indices; the forest's classes), and so that no toolchain is
 * needed to build the package.
 */

export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

export const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
export const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
export const name = (s: string): number[] => [...uleb(s.length), ...new TextEncoder().encode(s)];

/** Value types. */
export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;

/** memarg: alignment log2 and offset in bytes. */
const memarg = (align: number, offset: number): number[] => [...uleb(align), ...uleb(offset)];

export const op = {
  localGet: (i: number) => [0x20, ...uleb(i)],
  localSet: (i: number) => [0x21, ...uleb(i)],
  localTee: (i: number) => [0x22, ...uleb(i)],
  i32Const: (v: number) => [0x41, ...sleb(v)],
  i32Load: (offset = 0) => [0x28, ...memarg(2, offset)],
  i32Store: (offset = 0) => [0x36, ...memarg(2, offset)],
  f32Load: (offset = 0) => [0x2a, ...memarg(2, offset)],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i32And: [0x71],
  i32Shl: [0x74],
  i32GeU: [0x4f],
  i32GtU: [0x4b],
  i32GeS: [0x4e],
  f32Gt: [0x5e],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  br: (d: number) => [0x0c, ...uleb(d)],
  brIf: (d: number) => [0x0d, ...uleb(d)],
  end: [0x0b],
  simd: (code: number, ...rest: number[]) => [0xfd, ...uleb(code), ...rest],
};

/** A module's header. */
export const WASM_HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

/** The import of `env.memory` (at least `minPages` pages of 64 KiB). */
export const importMemory = (minPages = 1): number[] => section(2, vec([[...name("env"), ...name("memory"), 0x02, 0x00, ...uleb(minPages)]]));

/** A function type: `params` i32/f32/v128 value types in, nothing out. */
export const funcType = (params: readonly number[]): number[] => [0x60, ...vec(params.map((p) => [p])), 0x00];

/**
 * A whole module importing `env.memory` and exporting `functions` in order, each of type `types[type]` with `code` (its
 * locals, then its body ending in `end`).
 */
export function memoryModule(types: readonly number[][], functions: readonly { name: string; type: number; code: number[] }[]): Uint8Array {
  return Uint8Array.from([
    ...WASM_HEADER,
    ...section(1, vec([...types])),
    ...importMemory(1),
    ...section(3, vec(functions.map((f) => [f.type]))),
    ...section(7, vec(functions.map((f, i) => [...name(f.name), 0x00, i]))),
    ...section(10, vec(functions.map((f) => [...uleb(f.code.length), ...f.code]))),
  ]);
}
