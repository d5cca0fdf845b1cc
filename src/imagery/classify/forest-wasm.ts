/**
 * @module imagery/classify/forest-wasm
 * The forest walk as a WebAssembly kernel, generated per forest (the number of classes and the feature stride are
 * baked in as constants). Written by hand as bytes because the walk is the hot loop of classification (most of a
 * scene's CPU time) and WebAssembly runs it without the bounds check on every typed-array load that JavaScript pays:
 * measured 1.5-2x the JavaScript walk (bench/rf.bench.ts). No library walks a forest laid out this way.
 *
 * Memory of one `WasmForest` (byte addresses): the nodes (16 bytes each, as the inference layout of
 * random-forest.ts but with byte addresses: word 0 = byte offset of the node's feature row in the block, word 1 =
 * threshold, word 2 = address of the left child (the right child follows it), word 3 = 0, or on a leaf
 * -1 - the address of its class distribution), the leaves' class distributions (padded to a multiple of 4 classes;
 * one shared row per class for pure leaves), then a block of features (band-major, copied row by row from the
 * caller's arrays) and its votes.
 *
 * `walk(root, xb, n, votes)` walks one tree for n pixels, eight at a time with independent chains of loads, each
 * step branch-free (left + 16 * (x > threshold); a leaf steps onto itself), and adds each pixel's leaf distribution
 * to its votes with 4-wide SIMD adds. The votes come out as the JavaScript walk's: float32 sums in the same order.
 */
import { F32, I32, funcType, memoryModule, op, uleb, vec } from "../compute/wasm-encoder.ts";
import type { Forest } from "./random-forest.ts";

const K = 8;
const i32LtS = [0x48];
const v128Load = (offset: number): number[] => op.simd(0x00, 2, ...uleb(offset));
const v128Store = (offset: number): number[] => op.simd(0x0b, 2, ...uleb(offset));
const f32x4Add = op.simd(0xe4);
const f32Ne = [0x5c];
const i32Or = [0x72];
const select = [0x1b];
const i32Store8 = [0x3a, 0x00, 0x00];

/**
 * `finish(n, xb, votes, classes)`: for each of the block's n pixels, the first class with the largest vote (as the
 * JavaScript arg-max), or 255 where any of its `nFeatures` features is NaN, one byte per pixel at `classes`.
 */
function finishCode(nFeatures: number, nClasses: number, vstride: number): number[] {
  // params: 0 n, 1 xb, 2 votes, 3 classes; locals: 4 j, 5 best, 6 nan, 7 bestV (f32), 8 v (f32).
  const [N, XB, VOTES, OUT, J, BEST, NAN, BESTV, VAL] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const body: number[] = [...op.block, ...op.loop, ...op.localGet(J), ...op.localGet(N), ...op.i32GeU, ...op.brIf(1)];
  body.push(...op.i32Const(0), ...op.localSet(NAN));
  for (let f = 0; f < nFeatures; f++) {
    body.push(
      ...op.localGet(XB),
      ...op.f32Load(f * WASM_BLOCK_PX * 4),
      ...op.localTee(VAL),
      ...op.localGet(VAL),
      ...f32Ne,
      ...op.localGet(NAN),
      ...i32Or,
      ...op.localSet(NAN),
    );
  }
  body.push(...op.i32Const(0), ...op.localSet(BEST), ...op.localGet(VOTES), ...op.f32Load(0), ...op.localSet(BESTV));
  for (let k = 1; k < nClasses; k++) {
    // if (v > bestV) { best = k; bestV = v } as two selects on the same comparison.
    body.push(...op.localGet(VOTES), ...op.f32Load(4 * k), ...op.localSet(VAL));
    body.push(...op.i32Const(k), ...op.localGet(BEST), ...op.localGet(VAL), ...op.localGet(BESTV), ...op.f32Gt, ...select, ...op.localSet(BEST));
    body.push(...op.localGet(VAL), ...op.localGet(BESTV), ...op.localGet(VAL), ...op.localGet(BESTV), ...op.f32Gt, ...select, ...op.localSet(BESTV));
  }
  body.push(...op.localGet(OUT), ...op.localGet(J), ...op.i32Add, ...op.i32Const(255), ...op.localGet(BEST), ...op.localGet(NAN), ...select, ...i32Store8);
  body.push(...op.localGet(J), ...op.i32Const(1), ...op.i32Add, ...op.localSet(J));
  body.push(...op.localGet(XB), ...op.i32Const(4), ...op.i32Add, ...op.localSet(XB));
  body.push(...op.localGet(VOTES), ...op.i32Const(vstride), ...op.i32Add, ...op.localSet(VOTES));
  body.push(...op.br(0), ...op.end, ...op.end, ...op.end);
  return [
    ...vec([
      [...uleb(3), I32],
      [...uleb(2), F32],
    ]),
    ...body,
  ];
}

/** The kernel module for vote rows of `vstride` bytes (a multiple of 16); pixels are 4 bytes apart in each feature's row. */
function buildWalkModule(vstride: number, nFeatures = 1, nClasses = 1): Uint8Array {
  const stride = 4;
  // params: 0 root, 1 xb, 2 n, 3 votes; locals: 4 j, 5 p, 6 v, 7 leaf row, 8.. chains.
  const [ROOT, XB, N, VOTES, J, P, V, ROW] = [0, 1, 2, 3, 4, 5, 6, 7];
  const chain = (c: number): number => 8 + c;
  const step = (n: number, pixelOffset: number): number[] => [
    ...op.localGet(n),
    ...op.i32Load(8),
    ...op.localGet(P),
    ...op.localGet(n),
    ...op.i32Load(0),
    ...op.i32Add,
    ...op.f32Load(pixelOffset),
    ...op.localGet(n),
    ...op.f32Load(4),
    ...op.f32Gt,
    ...op.i32Const(4),
    ...op.i32Shl,
    ...op.i32Add,
    ...op.localSet(n),
  ];
  const addLeaf = (n: number, voteOffset: number): number[] => {
    const code = [...op.i32Const(-1), ...op.localGet(n), ...op.i32Load(12), ...op.i32Sub, ...op.localSet(ROW)];
    for (let q = 0; q < vstride; q += 16) {
      code.push(
        ...op.localGet(V),
        ...op.localGet(V),
        ...v128Load(voteOffset + q),
        ...op.localGet(ROW),
        ...v128Load(q),
        ...f32x4Add,
        ...v128Store(voteOffset + q),
      );
    }
    return code;
  };
  const advance = (pixels: number): number[] => [
    ...op.localGet(J),
    ...op.i32Const(pixels),
    ...op.i32Add,
    ...op.localSet(J),
    ...op.localGet(P),
    ...op.i32Const(pixels * stride),
    ...op.i32Add,
    ...op.localSet(P),
    ...op.localGet(V),
    ...op.i32Const(pixels * vstride),
    ...op.i32Add,
    ...op.localSet(V),
  ];
  const body: number[] = [...op.localGet(XB), ...op.localSet(P), ...op.localGet(VOTES), ...op.localSet(V)];
  // Eight pixels at a time while eight remain.
  body.push(...op.block, ...op.loop, ...op.localGet(J), ...op.i32Const(K), ...op.i32Add, ...op.localGet(N), ...op.i32GtU, ...op.brIf(1));
  for (let c = 0; c < K; c++) body.push(...op.localGet(ROOT), ...op.localSet(chain(c)));
  body.push(...op.loop);
  for (let twice = 0; twice < 2; twice++) for (let c = 0; c < K; c++) body.push(...step(chain(c), c * stride));
  for (let c = 0; c < K; c++) {
    body.push(...op.localGet(chain(c)), ...op.i32Load(12));
    if (c > 0) body.push(...op.i32And);
  }
  body.push(...op.i32Const(0), ...op.i32GeS, ...op.brIf(0), ...op.end);
  for (let c = 0; c < K; c++) body.push(...addLeaf(chain(c), c * vstride));
  body.push(...advance(K), ...op.br(0), ...op.end, ...op.end);
  // The rest one at a time.
  const n0 = chain(0);
  body.push(...op.block, ...op.loop, ...op.localGet(J), ...op.localGet(N), ...op.i32GeU, ...op.brIf(1));
  body.push(...op.localGet(ROOT), ...op.localSet(n0));
  body.push(
    ...op.block,
    ...op.loop,
    ...op.localGet(n0),
    ...op.i32Load(12),
    ...op.i32Const(0),
    ...i32LtS,
    ...op.brIf(1),
    ...step(n0, 0),
    ...op.br(0),
    ...op.end,
    ...op.end,
  );
  body.push(...addLeaf(n0, 0), ...advance(1), ...op.br(0), ...op.end, ...op.end);
  body.push(...op.end);
  const code = [...vec([[...uleb(4 + K), I32]]), ...body];
  const finish = finishCode(nFeatures, nClasses, vstride);
  return memoryModule(
    [funcType([I32, I32, I32, I32])],
    [
      { name: "walk", type: 0, code },
      { name: "finish", type: 0, code: finish },
    ],
  );
}

/** The JavaScript inference layout this kernel is built from (random-forest.ts). */
export interface WordLayout {
  nodesI: Int32Array;
  nodesF: Float32Array;
  roots: Int32Array;
}

/** Pixels per block: the block's records and votes stay in cache while each tree is walked. */
export const WASM_BLOCK_PX = 1024;

/** A forest in its own WebAssembly memory, with the walk kernel instantiated on it. */
export class WasmForest {
  readonly nFeatures: number;
  readonly nClasses: number;
  /** Classes padded to a multiple of 4 (a vote row). */
  readonly classStride: number;
  /** Byte addresses of the trees' roots. */
  readonly roots: Int32Array;
  /** The block's features, band-major as the caller's (feature f of block pixel j at f * WASM_BLOCK_PX + j). */
  readonly xb: Float32Array;
  /** The block's votes (class k of block pixel j at j * classStride + k). */
  readonly votes: Float32Array;
  /** The block's classes (`finish`): the arg-max class, 255 where a feature is NaN. */
  readonly classes: Uint8Array;
  private readonly walkTree: (root: number, xb: number, n: number, votes: number) => void;
  private readonly finishBlock: (n: number, xb: number, votes: number, classes: number) => void;

  constructor(forest: Forest, layout: WordLayout) {
    const { nFeatures, nClasses, value } = forest;
    this.nFeatures = nFeatures;
    this.nClasses = nClasses;
    const cs = Math.ceil(nClasses / 4) * 4;
    this.classStride = cs;
    const { nodesI, nodesF } = layout;
    const nSlots = nodesI.length / 4;
    // Rows of class distributions: one per class (pure leaves), then one per impure leaf.
    const impure = new Map<number, number>();
    for (let w = 0; w < nodesI.length; w += 4) {
      const c = nodesI[w + 3]!;
      if (c < 0 && -1 - c >= nClasses && !impure.has(-1 - c - nClasses)) impure.set(-1 - c - nClasses, nClasses + impure.size);
    }
    const nodesBytes = nSlots * 16;
    const valuesAt = nodesBytes;
    const xbAt = valuesAt + (nClasses + impure.size) * cs * 4;
    const votesAt = xbAt + Math.ceil((WASM_BLOCK_PX * nFeatures * 4) / 16) * 16;
    const classesAt = votesAt + WASM_BLOCK_PX * cs * 4;
    const total = classesAt + WASM_BLOCK_PX;
    const memory = new WebAssembly.Memory({ initial: Math.ceil(total / 65536) });
    const mi = new Int32Array(memory.buffer);
    const mf = new Float32Array(memory.buffer);
    for (let w = 0; w < nodesI.length; w += 4) {
      const c = nodesI[w + 3]!;
      if (c >= 0) {
        mi[w] = nodesI[w]! * WASM_BLOCK_PX * 4;
        mf[w + 1] = nodesF[w + 1]!;
        mi[w + 2] = nodesI[w + 2]! * 4;
        mi[w + 3] = 0;
      } else {
        const code = -1 - c;
        const row = code < nClasses ? code : impure.get(code - nClasses)!;
        mi[w] = 0;
        mf[w + 1] = Infinity;
        mi[w + 2] = w * 4;
        mi[w + 3] = -1 - (valuesAt + row * cs * 4);
      }
    }
    const rowsF = valuesAt / 4;
    for (let k = 0; k < nClasses; k++) mf[rowsF + k * cs + k] = 1;
    for (const [node, row] of impure) for (let k = 0; k < nClasses; k++) mf[rowsF + row * cs + k] = value[node * nClasses + k]!;
    this.roots = layout.roots.map((w) => w * 4);
    this.xb = new Float32Array(memory.buffer, xbAt, WASM_BLOCK_PX * nFeatures);
    this.votes = new Float32Array(memory.buffer, votesAt, WASM_BLOCK_PX * cs);
    this.classes = new Uint8Array(memory.buffer, classesAt, WASM_BLOCK_PX);
    const module = new WebAssembly.Module(buildWalkModule(cs * 4, nFeatures, nClasses) as Uint8Array<ArrayBuffer>);
    const instance = new WebAssembly.Instance(module, { env: { memory } });
    this.walkTree = instance.exports.walk as WasmForest["walkTree"];
    this.finishBlock = instance.exports.finish as WasmForest["finishBlock"];
  }

  /** Classes of the block's first `n` pixels (features in `xb`): votes zeroed, every tree walked, the arg-max taken. */
  classify(n: number): Uint8Array {
    const xb = this.xb.byteOffset;
    const votes = this.votes.byteOffset;
    this.votes.fill(0, 0, n * this.classStride);
    for (let t = 0; t < this.roots.length; t++) this.walkTree(this.roots[t]!, xb, n, votes);
    this.finishBlock(n, xb, votes, this.classes.byteOffset);
    return this.classes.subarray(0, n);
  }
}

/** True when this runtime runs the kernel (WebAssembly with SIMD). */
export const WASM_FOREST_AVAILABLE: boolean = (() => {
  try {
    return WebAssembly.validate(buildWalkModule(16) as Uint8Array<ArrayBuffer>);
  } catch {
    return false;
  }
})();
