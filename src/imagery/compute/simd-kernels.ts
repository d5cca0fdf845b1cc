/**
 * @module imagery/compute/simd-kernels
 * The spectral indices as WebAssembly SIMD kernels, written here as bytes (no toolchain): one generated function
 * computes any list of indices in one pass that reads each band once, four pixels at a time.
 *
 * Each pixel is computed in float64 exactly as the scalar code in indices.ts does it (the float32 inputs widened,
 * the same operations in the same order, a zero denominator giving 0, then rounded once to float32), so the results
 * equal the scalar kernel's bit for bit (NaN stays NaN). Inputs and outputs live in the kernel's own linear memory
 * (`SimdArena`): callers either allocate their arrays there (the benchmark) or copy a tile's bands in and the
 * features out (computeFeatures). `simdKernels` is null where WebAssembly SIMD is unavailable; callers then use the
 * scalar code.
 */
import { INDEX_BANDS, type IndexName } from "./indices.ts";
import { I32, V128, funcType, memoryModule, op, uleb, vec } from "./wasm-encoder.ts";

// SIMD opcodes (WebAssembly 2.0); memarg = alignment log2 (4 bytes: float32 arrays), offset 0.
const v128Load = op.simd(0x00, 2, 0);
const v128Store = op.simd(0x0b, 2, 0);
// Half-vector loads and stores (two float32 at byte offset 0 or 8): they run on the load and store ports, where the
// shuffles that split and join halves would queue on the one shuffle port with the promotes and demotes.
const v128Load64Zero = (offset: number): number[] => op.simd(0x5d, 3, offset);
const v128Store64Lane0 = (offset: number): number[] => [...op.simd(0x5b, 3, offset), 0];
const v128ConstF64 = (x: number): number[] => {
  const b = new Uint8Array(16);
  new Float64Array(b.buffer).fill(x);
  return op.simd(0x0c, ...b);
};
const f64x2Eq = op.simd(0x47);
const bitselect = op.simd(0x52);
const f32x4DemoteZero = op.simd(0x5e);
const f64x2PromoteLow = op.simd(0x5f);
const f32x4Add = op.simd(0xe4);
const f64x2 = { add: op.simd(0xf0), sub: op.simd(0xf1), mul: op.simd(0xf2), div: op.simd(0xf3) };

// --- the index formulas, as indices.ts evaluates them ---------------------------------------------------------

/** An expression over the bands of one half (two pixels as float64). */
type Expr = { band: string } | { k: number } | { op: "add" | "sub" | "mul"; a: Expr; b: Expr };
const band = (b: string): Expr => ({ band: b });
const k = (x: number): Expr => ({ k: x });
const add = (a: Expr, b: Expr): Expr => ({ op: "add", a, b });
const sub = (a: Expr, b: Expr): Expr => ({ op: "sub", a, b });
const mul = (a: Expr, b: Expr): Expr => ({ op: "mul", a, b });
/** numerator / denominator, 0 where the denominator is 0 (as `d === 0 ? 0 : n / d`). */
interface Ratio {
  num: Expr;
  den: Expr;
}
const nd = (a: string, b: string): Ratio => ({ num: sub(band(a), band(b)), den: add(band(a), band(b)) });
const FORMULAS: Readonly<Record<IndexName, Ratio>> = {
  ndvi: nd("nir", "red"),
  ndmi: nd("nir", "swir16"),
  ndwi: nd("green", "nir"),
  nbr: nd("nir", "swir22"),
  // d = nir + red + 0.5; 1.5 * (nir - red) / d
  savi: { num: mul(k(1.5), sub(band("nir"), band("red"))), den: add(add(band("nir"), band("red")), k(0.5)) },
  // d = nir + 6 red - 7.5 blue + 1; 2.5 * (nir - red) / d
  evi: {
    num: mul(k(2.5), sub(band("nir"), band("red"))),
    den: add(sub(add(band("nir"), mul(k(6), band("red"))), mul(k(7.5), band("blue"))), k(1)),
  },
};

/** The bands `indices` read, in a stable order. */
export function bandsOfIndices(indices: readonly IndexName[]): string[] {
  return [...new Set(indices.flatMap((i) => INDEX_BANDS[i]))];
}

/**
 * A module importing `env.memory` and exporting `add(a, b, out, n)` (out = a + b over float32: the streaming-bandwidth reference with
 * NDVI's traffic) and `indices(band pointers..., output pointers..., n)` for `indices` over `bands`; pointers are byte
 * offsets into memory, n a multiple of 4 (callers do the remainder).
 */
function buildModule(indices: readonly IndexName[], bands: readonly string[]): Uint8Array {
  const nIn = bands.length;
  const nOut = indices.length;
  // indices(): params are the band pointers, the output pointers, n; locals: i, end, addr (i32), then per band lo/hi,
  // den and the two results (v128).
  const pN = nIn + nOut;
  const lI = pN + 1;
  const lEnd = lI + 1;
  const lAddr = lEnd + 1; // the address of the current pixels in a band or an output
  const lLo = (b: number): number => lAddr + 1 + 2 * b;
  const lHi = (b: number): number => lAddr + 2 + 2 * b;
  const lDen = lAddr + 1 + 2 * nIn;
  const lRes = lDen + 1; // two: lo and hi results
  const expr = (e: Expr, half: "lo" | "hi"): number[] => {
    if ("band" in e) return op.localGet(half === "lo" ? lLo(bands.indexOf(e.band)) : lHi(bands.indexOf(e.band)));
    if ("k" in e) return v128ConstF64(e.k);
    return [...expr(e.a, half), ...expr(e.b, half), ...f64x2[e.op]];
  };
  const ratio = (r: Ratio, half: "lo" | "hi"): number[] => [
    ...expr(r.den, half),
    ...op.localSet(lDen),
    ...v128ConstF64(0),
    ...expr(r.num, half),
    ...op.localGet(lDen),
    ...f64x2.div,
    ...op.localGet(lDen),
    ...v128ConstF64(0),
    ...f64x2Eq,
    ...bitselect,
  ];
  const body: number[] = [
    // end = (n & ~3) * 4
    ...op.localGet(pN),
    ...op.i32Const(-4),
    ...op.i32And,
    ...op.i32Const(2),
    ...op.i32Shl,
    ...op.localSet(lEnd),
    ...op.block,
    ...op.loop,
    ...op.localGet(lI),
    ...op.localGet(lEnd),
    ...op.i32GeU,
    ...op.brIf(1),
  ];
  bands.forEach((_, b) => {
    body.push(...op.localGet(b), ...op.localGet(lI), ...op.i32Add, ...op.localTee(lAddr), ...v128Load64Zero(0), ...f64x2PromoteLow, ...op.localSet(lLo(b)));
    body.push(...op.localGet(lAddr), ...v128Load64Zero(8), ...f64x2PromoteLow, ...op.localSet(lHi(b)));
  });
  indices.forEach((idx, o) => {
    body.push(...ratio(FORMULAS[idx], "lo"), ...op.localSet(lRes), ...ratio(FORMULAS[idx], "hi"), ...op.localSet(lRes + 1));
    body.push(...op.localGet(nIn + o), ...op.localGet(lI), ...op.i32Add, ...op.localTee(lAddr));
    body.push(...op.localGet(lRes), ...f32x4DemoteZero, ...v128Store64Lane0(0));
    body.push(...op.localGet(lAddr), ...op.localGet(lRes + 1), ...f32x4DemoteZero, ...v128Store64Lane0(8));
  });
  body.push(...op.localGet(lI), ...op.i32Const(16), ...op.i32Add, ...op.localSet(lI), ...op.br(0), ...op.end, ...op.end, ...op.end);
  const indicesLocals = vec([
    [...uleb(3), I32],
    [...uleb(2 * nIn + 3), V128],
  ]);
  const indicesCode = [...indicesLocals, ...body];

  // add(a, b, out, n): out = a + b, float32, 4 at a time.
  const addBody = [
    ...op.localGet(3),
    ...op.i32Const(-4),
    ...op.i32And,
    ...op.i32Const(2),
    ...op.i32Shl,
    ...op.localSet(5),
    ...op.block,
    ...op.loop,
    ...op.localGet(4),
    ...op.localGet(5),
    ...op.i32GeU,
    ...op.brIf(1),
    ...op.localGet(2),
    ...op.localGet(4),
    ...op.i32Add,
    ...op.localGet(0),
    ...op.localGet(4),
    ...op.i32Add,
    ...v128Load,
    ...op.localGet(1),
    ...op.localGet(4),
    ...op.i32Add,
    ...v128Load,
    ...f32x4Add,
    ...v128Store,
    ...op.localGet(4),
    ...op.i32Const(16),
    ...op.i32Add,
    ...op.localSet(4),
    ...op.br(0),
    ...op.end,
    ...op.end,
    ...op.end,
  ];
  const addCode = [...vec([[...uleb(2), I32]]), ...addBody];

  return memoryModule(
    [funcType(Array.from({ length: pN + 1 }, () => I32)), funcType([I32, I32, I32, I32])],
    [
      { name: "indices", type: 0, code: indicesCode },
      { name: "add", type: 1, code: addCode },
    ],
  );
}

// --- the arena and the kernels --------------------------------------------------------------------------------

interface Kernel {
  indices: (...args: number[]) => void;
  add: (a: number, b: number, out: number, n: number) => void;
}

const compiled = new Map<string, WebAssembly.Module>();

function moduleFor(indices: readonly IndexName[], bands: readonly string[]): WebAssembly.Module {
  const key = `${indices.join(",")}|${bands.join(",")}`;
  let module = compiled.get(key);
  if (!module) {
    module = new WebAssembly.Module(buildModule(indices, bands) as Uint8Array<ArrayBuffer>);
    compiled.set(key, module);
  }
  return module;
}

/**
 * Float32 arrays inside one WebAssembly memory that the kernels run on (16-byte aligned, bump-allocated). Views
 * stay valid until the memory grows (`reserve`, `alloc`): take every view of a computation after reserving for all.
 */
export class SimdArena {
  readonly memory = new WebAssembly.Memory({ initial: 1 });
  private readonly kernels = new Map<string, Kernel>();
  private top = 0;

  constructor(bytes = 0) {
    this.reserve(bytes);
  }

  /** Make room for `bytes` in total (growing the memory detaches earlier views). */
  reserve(bytes: number): void {
    const have = this.memory.buffer.byteLength;
    if (bytes > have) this.memory.grow(Math.ceil((bytes - have) / 65536));
  }

  /** Free everything allocated (the memory stays). */
  reset(): void {
    this.top = 0;
  }

  /** A Float32Array of n values in the arena. */
  alloc(n: number): Float32Array {
    const bytes = Math.ceil((n * 4) / 16) * 16;
    this.reserve(this.top + bytes);
    const a = new Float32Array(this.memory.buffer, this.top, n);
    this.top += bytes;
    return a;
  }

  private kernel(indices: readonly IndexName[], bands: readonly string[]): Kernel {
    const key = `${indices.join(",")}|${bands.join(",")}`;
    let kernel = this.kernels.get(key);
    if (!kernel) {
      kernel = new WebAssembly.Instance(moduleFor(indices, bands), { env: { memory: this.memory } }).exports as unknown as Kernel;
      this.kernels.set(key, kernel);
    }
    return kernel;
  }

  private own(a: Float32Array, n: number): number {
    if (a.buffer !== this.memory.buffer) throw new RangeError("simd kernels: an array is not in this arena (or the arena grew since it was taken)");
    if (a.length < n) throw new RangeError(`simd kernels: an array holds ${a.length} values, need ${n}`);
    return a.byteOffset;
  }

  /** out = a + b over n float32 values: the streaming reference (two reads and a write, as NDVI). */
  add(a: Float32Array, b: Float32Array, out: Float32Array, n = a.length): void {
    this.kernel(["ndvi"], ["nir", "red"]).add(this.own(a, n), this.own(b, n), this.own(out, n), n);
    for (let i = n & ~3; i < n; i++) out[i] = a[i]! + b[i]!;
  }

  /**
   * `indices` of n pixels in one pass that reads each band once: `bands` maps the band names they need
   * (bandsOfIndices) to arrays in this arena; outs[k] (in this arena) receives indices[k]. The last n % 4 pixels are
   * left to `scalarTail(from)`.
   */
  indices(
    indices: readonly IndexName[],
    bands: Readonly<Record<string, Float32Array>>,
    outs: readonly Float32Array[],
    n: number,
    scalarTail: (from: number) => void,
  ): void {
    if (outs.length !== indices.length) throw new RangeError(`simd kernels: ${indices.length} indices, ${outs.length} outputs`);
    const names = bandsOfIndices(indices);
    const args = names.map((b) => {
      const a = bands[b];
      if (!a) throw new RangeError(`simd kernels: band "${b}" is missing`);
      return this.own(a, n);
    });
    this.kernel(indices, names).indices(...args, ...outs.map((o) => this.own(o, n)), n);
    if (n % 4 !== 0) scalarTail(n & ~3);
  }
}

/** True when this runtime compiles WebAssembly SIMD (Node 16.4+); else the scalar kernels are used. */
export const SIMD_AVAILABLE: boolean = (() => {
  try {
    return WebAssembly.validate(buildModule(["ndvi"], ["nir", "red"]) as Uint8Array<ArrayBuffer>);
  } catch {
    return false;
  }
})();
