/**
 * @module imagery/classify/random-forest
 * A random forest classifier (Breiman 2001, "Random Forests", Machine Learning 45:5-32) on flat typed arrays:
 * CART trees grown on bootstrap samples with Gini impurity, `mtry` features tried at each node,
 * and inference over band-major feature blocks with the trees stored as flat arrays.
 *
 * Why our own: the npm packages (ml-random-forest 2.1 over ml-cart and ml-matrix, @jsmlt/jsmlt) take
 * `number[][]` rows, build one object per tree node and predict one row at a time through recursive
 * calls, so a 10980 x 10980 scene would need 120 million row arrays; none keeps the trees as flat
 * arrays that can be saved, transferred to a worker or walked over a typed-array tile.
 */
import type { Random } from "../../stats/random.ts";
import { WASM_BLOCK_PX, WASM_FOREST_AVAILABLE, WasmForest } from "./forest-wasm.ts";

/** Training parameters, named after scikit-learn's RandomForestClassifier where they match. */
export interface ForestParams {
  /** Number of trees (sklearn n_estimators). */
  trees: number;
  /** Maximum tree depth; 0 = unlimited (sklearn max_depth=None). */
  maxDepth: number;
  /** Features tried at each split; 0 = floor(sqrt(nFeatures)) (sklearn max_features="sqrt"). */
  mtry: number;
  /** Minimum samples in a node to split it (sklearn min_samples_split). */
  minSamplesSplit: number;
  /** Minimum samples in each child (sklearn min_samples_leaf). */
  minSamplesLeaf: number;
  /** Draw a bootstrap sample (with replacement) for each tree (sklearn bootstrap). */
  bootstrap: boolean;
}

export const DEFAULT_FOREST_PARAMS: ForestParams = {
  trees: 100,
  maxDepth: 0,
  mtry: 0,
  minSamplesSplit: 2,
  minSamplesLeaf: 1,
  bootstrap: true,
};

/**
 * A trained forest. All trees share the node arrays; tree t starts at node `roots[t]`.
 * A node n is a leaf when `feature[n] === -1`; otherwise samples with
 * `x[feature[n]] <= threshold[n]` go to `left[n]`, the others to `right[n]`.
 * `value[n * nClasses + k]` is the fraction of (bootstrap) training samples of class k in leaf n.
 */
export interface Forest {
  nFeatures: number;
  nClasses: number;
  roots: Int32Array;
  feature: Int32Array;
  threshold: Float32Array;
  left: Int32Array;
  right: Int32Array;
  value: Float32Array;
}

/** Growable node storage used while training. */
class NodeBuffer {
  feature = new Int32Array(1024);
  threshold = new Float32Array(1024);
  left = new Int32Array(1024);
  right = new Int32Array(1024);
  value: Float32Array;
  length = 0;
  constructor(readonly nClasses: number) {
    this.value = new Float32Array(1024 * nClasses);
  }
  add(): number {
    if (this.length === this.feature.length) {
      const cap = this.length * 2;
      this.feature = grow(this.feature, new Int32Array(cap));
      this.threshold = grow(this.threshold, new Float32Array(cap));
      this.left = grow(this.left, new Int32Array(cap));
      this.right = grow(this.right, new Int32Array(cap));
      this.value = grow(this.value, new Float32Array(cap * this.nClasses));
    }
    const n = this.length++;
    this.feature[n] = -1;
    return n;
  }
}

function grow<T extends Int32Array | Float32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/**
 * Train a random forest.
 * @param x band-major features: feature f of sample i at `x[f * nSamples + i]` (NaN not allowed)
 * @param y class index of each sample, 0..nClasses-1
 * @param random seeded source (bootstrap draws and feature choice)
 */
export function trainForest(
  x: Float32Array,
  y: Uint8Array,
  nSamples: number,
  nFeatures: number,
  nClasses: number,
  params: Partial<ForestParams>,
  random: Random,
): Forest {
  const p = { ...DEFAULT_FOREST_PARAMS, ...params };
  if (nSamples < 1) throw new RangeError("cannot train a forest on zero samples");
  if (x.length !== nSamples * nFeatures) throw new RangeError(`features length ${x.length} != nSamples ${nSamples} x nFeatures ${nFeatures}`);
  if (y.length !== nSamples) throw new RangeError(`labels length ${y.length} != nSamples ${nSamples}`);
  if (!(p.trees >= 1)) throw new RangeError(`trees must be >= 1, got ${p.trees}`);
  for (let i = 0; i < nSamples; i++) if (y[i]! >= nClasses) throw new RangeError(`label ${y[i]} at sample ${i} is not below nClasses ${nClasses}`);
  for (let i = 0; i < x.length; i++) if (Number.isNaN(x[i]!)) throw new RangeError(`feature value at ${i} is NaN; mask samples before training`);
  const mtry = Math.min(nFeatures, p.mtry > 0 ? p.mtry : Math.max(1, Math.floor(Math.sqrt(nFeatures))));
  const maxDepth = p.maxDepth > 0 ? p.maxDepth : Infinity;
  const minLeaf = Math.max(1, p.minSamplesLeaf);
  const minSplit = Math.max(2, p.minSamplesSplit, 2 * minLeaf);

  const nodes = new NodeBuffer(nClasses);
  const roots = new Int32Array(p.trees);
  const idx = new Int32Array(nSamples);
  const keys = new Float64Array(nSamples);
  const featOrder = new Int32Array(nFeatures);
  const leftCounts = new Float64Array(nClasses);
  const totalCounts = new Float64Array(nClasses);
  // Work stack: node id, start, end, depth.
  const stack: number[] = [];

  for (let t = 0; t < p.trees; t++) {
    if (p.bootstrap) for (let i = 0; i < nSamples; i++) idx[i] = random.int(nSamples);
    else for (let i = 0; i < nSamples; i++) idx[i] = i;
    const root = nodes.add();
    roots[t] = root;
    stack.push(root, 0, nSamples, 0);
    while (stack.length > 0) {
      const depth = stack.pop()!;
      const end = stack.pop()!;
      const start = stack.pop()!;
      const node = stack.pop()!;
      const n = end - start;
      totalCounts.fill(0);
      for (let j = start; j < end; j++) totalCounts[y[idx[j]!]!]! += 1;
      let parentGini = 1;
      for (let k = 0; k < nClasses; k++) parentGini -= (totalCounts[k]! / n) ** 2;
      let split = false;
      if (depth < maxDepth && n >= minSplit && parentGini > 1e-12) {
        // Gini gain search over up to mtry non-constant features (as sklearn does, constant
        // features do not count against mtry).
        for (let f = 0; f < nFeatures; f++) featOrder[f] = f;
        let bestScore = Infinity;
        let bestFeature = -1;
        let bestThreshold = 0;
        let tried = 0;
        for (let fi = 0; fi < nFeatures && tried < mtry; fi++) {
          const swap = fi + random.int(nFeatures - fi);
          const f = featOrder[swap]!;
          featOrder[swap] = featOrder[fi]!;
          featOrder[fi] = f;
          const base = f * nSamples;
          // Sort (value, label) pairs at once: key = orderable bits of the float32 value * 256 + label.
          for (let j = start; j < end; j++) {
            const s = idx[j]!;
            keys[j - start] = orderedBits(x[base + s]!) * 256 + y[s]!;
          }
          const sorted = keys.subarray(0, n).sort();
          const lo = Math.floor(sorted[0]! / 256);
          const hi = Math.floor(sorted[n - 1]! / 256);
          if (lo === hi) continue;
          tried++;
          leftCounts.fill(0);
          for (let j = 0; j < n - 1; j++) {
            const key = sorted[j]!;
            const label = key % 256;
            leftCounts[label]! += 1;
            const nextBits = Math.floor(sorted[j + 1]! / 256);
            const prevBits = Math.floor(key / 256);
            if (nextBits === prevBits) continue;
            const nl = j + 1;
            const nr = n - nl;
            if (nl < minLeaf || nr < minLeaf) continue;
            // Weighted child impurity nl*gini(L) + nr*gini(R) = n - sum(l^2)/nl - sum(r^2)/nr.
            let sl = 0;
            let sr = 0;
            for (let k = 0; k < nClasses; k++) {
              const l = leftCounts[k]!;
              const r = totalCounts[k]! - l;
              sl += l * l;
              sr += r * r;
            }
            const score = n - sl / nl - sr / nr;
            if (score < bestScore - 1e-12) {
              bestScore = score;
              bestFeature = f;
              const a = fromOrderedBits(prevBits);
              const b = fromOrderedBits(nextBits);
              let mid = Math.fround(a / 2 + b / 2);
              if (!(mid >= a && mid < b)) mid = a;
              bestThreshold = mid;
            }
          }
        }
        if (bestFeature >= 0 && bestScore < n * parentGini - 1e-12) {
          // Partition idx[start, end) by the chosen split.
          const base = bestFeature * nSamples;
          let i = start;
          let j = end - 1;
          while (i <= j) {
            if (x[base + idx[i]!]! <= bestThreshold) i++;
            else {
              const tmp = idx[i]!;
              idx[i] = idx[j]!;
              idx[j] = tmp;
              j--;
            }
          }
          const l = nodes.add();
          const r = nodes.add();
          nodes.feature[node] = bestFeature;
          nodes.threshold[node] = bestThreshold;
          nodes.left[node] = l;
          nodes.right[node] = r;
          stack.push(r, i, end, depth + 1, l, start, i, depth + 1);
          split = true;
        }
      }
      if (!split) {
        nodes.feature[node] = -1;
        nodes.left[node] = -1;
        nodes.right[node] = -1;
        const off = node * nClasses;
        for (let k = 0; k < nClasses; k++) nodes.value[off + k] = totalCounts[k]! / n;
      }
    }
  }
  const m = nodes.length;
  return {
    nFeatures,
    nClasses,
    roots,
    feature: nodes.feature.slice(0, m),
    threshold: nodes.threshold.slice(0, m),
    left: nodes.left.slice(0, m),
    right: nodes.right.slice(0, m),
    value: nodes.value.slice(0, m * nClasses),
  };
}

const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);

/** Map a float32 to an unsigned integer with the same order (IEEE 754 sign-magnitude flip). */
function orderedBits(v: number): number {
  F32[0] = v;
  const u = U32[0]!;
  return u & 0x80000000 ? ~u >>> 0 : (u | 0x80000000) >>> 0;
}

function fromOrderedBits(b: number): number {
  U32[0] = b & 0x80000000 ? (b & 0x7fffffff) >>> 0 : ~b >>> 0;
  return F32[0]!;
}

/**
 * The forest laid out for inference (converted once per forest at first use; the model file keeps the `Forest` arrays):
 * one record of 4 words per node in one buffer, each tree's nodes renumbered depth-first so that the two children
 * of a node are adjacent (right = left + 4 words) and a step is `left + 4 * (x > threshold)` with no branch.
 * Internal node: word 0 = feature, word 1 = threshold (float32), word 2 = word offset of the left child.
 * Leaf: word 0 = -1, word 2 = its class when the leaf is pure (one vote) or -1, word 3 = its node index in `Forest.value`.
 */
interface InferenceLayout {
  nodesI: Int32Array;
  nodesF: Float32Array;
  /** Word offset of each tree's root. */
  roots: Int32Array;
}

const LAYOUTS = new WeakMap<Forest, InferenceLayout>();

function inferenceLayout(forest: Forest): InferenceLayout {
  const cached = LAYOUTS.get(forest);
  if (cached) return cached;
  const { nClasses, feature, threshold, left, right, value } = forest;
  const nNodes = feature.length;
  // Slots needed: every node as often as the trees reach it (once each for a trained forest; a node shared by two
  // trees gets a copy in each). A cycle or a runaway sharing is refused instead of walked forever.
  const maxSlots = 4 * nNodes + 64;
  let nSlots = 0;
  const count: number[] = [];
  for (let t = 0; t < forest.roots.length; t++) {
    const root = forest.roots[t]!;
    if (!(root >= 0 && root < nNodes)) throw new RangeError(`tree ${t}: root ${root} is not a node`);
    count.push(root);
    while (count.length > 0) {
      const n = count.pop()!;
      if (++nSlots > maxSlots) throw new RangeError(`the forest's nodes do not form trees (more than ${maxSlots} steps from the roots)`);
      if (feature[n]! >= 0) {
        const l = left[n]!;
        const r = right[n]!;
        if (!(l >= 0 && l < nNodes && r >= 0 && r < nNodes)) throw new RangeError(`node ${n}: children ${l}, ${r} are not nodes`);
        count.push(r, l);
      }
    }
  }
  const buffer = new ArrayBuffer(nSlots * 16);
  const nodesI = new Int32Array(buffer);
  const nodesF = new Float32Array(buffer);
  const roots = new Int32Array(forest.roots.length);
  // Stack of (original node, new slot); slots handed out in pairs for children.
  const stack = new Int32Array(2 * nSlots + 2);
  let next = 0;
  for (let t = 0; t < roots.length; t++) {
    const root = forest.roots[t]!;
    roots[t] = next * 4;
    let sp = 0;
    stack[sp++] = root;
    stack[sp++] = next++;
    while (sp > 0) {
      const slot = stack[--sp]!;
      const n = stack[--sp]!;
      const w = slot * 4;
      if (feature[n]! >= 0) {
        const l = left[n]!;
        const r = right[n]!;
        const ls = next;
        next += 2;
        nodesI[w] = feature[n]!;
        nodesF[w + 1] = threshold[n]!;
        nodesI[w + 2] = ls * 4;
        // Right pushed first so the left subtree is laid out right after its parent's children.
        stack[sp++] = r;
        stack[sp++] = ls + 1;
        stack[sp++] = l;
        stack[sp++] = ls;
      } else {
        let pure = -1;
        for (let k = 0; k < nClasses; k++) if (value[n * nClasses + k] === 1) pure = k;
        // A step from a leaf stays on it: feature 0, threshold +Infinity (x > +Infinity is false for every x), left = itself.
        nodesI[w] = 0;
        nodesF[w + 1] = Infinity;
        nodesI[w + 2] = w;
        nodesI[w + 3] = -1 - (pure >= 0 ? pure : nClasses + n);
      }
    }
  }
  const layout = { nodesI, nodesF, roots };
  LAYOUTS.set(forest, layout);
  return layout;
}

function addVotes(votes: Float32Array, vo: number, value: Float32Array, nodesI: Int32Array, w: number, nClasses: number): void {
  const leaf = -1 - nodesI[w + 3]!;
  if (leaf < nClasses) votes[vo + leaf]! += 1;
  else {
    const off = (leaf - nClasses) * nClasses;
    for (let k = 0; k < nClasses; k++) votes[vo + k]! += value[off + k]!;
  }
}

/** Pixels per block in inference: the block's features and votes stay in cache while each tree is walked. */
const BLOCK_PX = 1024;

/**
 * Class probabilities (mean of the trees' leaf distributions, as scikit-learn's predict_proba)
 * and the arg-max class index per pixel.
 * @param x band-major features of `nPixels` pixels (feature f of pixel i at `x[f * nPixels + i]`)
 * @param out receives the class index 0..nClasses-1, or 255 where any feature is NaN
 */
export function predictForest(
  forest: Forest,
  x: Float32Array,
  nPixels: number,
  out: Uint8Array,
  { wasm = WASM_FOREST_AVAILABLE }: { wasm?: boolean } = {},
): void {
  const { nFeatures } = forest;
  if (x.length < nFeatures * nPixels) throw new RangeError(`features length ${x.length} < nFeatures ${nFeatures} x nPixels ${nPixels}`);
  if (out.length < nPixels) throw new RangeError(`output length ${out.length} < nPixels ${nPixels}`);
  if (wasm) predictWasm(wasmForest(forest), x, nPixels, out);
  else predictJs(forest, x, nPixels, out);
}

const WASM_FORESTS = new WeakMap<Forest, WasmForest>();

function wasmForest(forest: Forest): WasmForest {
  let w = WASM_FORESTS.get(forest);
  if (!w) {
    w = new WasmForest(forest, inferenceLayout(forest));
    WASM_FORESTS.set(forest, w);
  }
  return w;
}

/** The WebAssembly walk (forest-wasm.ts): the block's records and votes live in the kernel's memory. */
function predictWasm(wf: WasmForest, x: Float32Array, nPixels: number, out: Uint8Array): void {
  const { nFeatures, xb } = wf;
  for (let b0 = 0; b0 < nPixels; b0 += WASM_BLOCK_PX) {
    const bn = Math.min(nPixels, b0 + WASM_BLOCK_PX) - b0;
    for (let f = 0; f < nFeatures; f++) xb.set(x.subarray(f * nPixels + b0, f * nPixels + b0 + bn), f * WASM_BLOCK_PX);
    out.set(wf.classify(bn), b0);
  }
}

/** The JavaScript walk: where WebAssembly SIMD is missing, and the reference the kernel is tested against. */
function predictJs(forest: Forest, x: Float32Array, nPixels: number, out: Uint8Array): void {
  const { nFeatures, nClasses, value } = forest;
  const { nodesI, nodesF, roots } = inferenceLayout(forest);
  const nTrees = roots.length;
  const votes = new Float32Array(BLOCK_PX * nClasses);
  const valid = new Uint8Array(BLOCK_PX);
  // The block's features pixel-interleaved (feature f of block pixel j at j * nFeatures + f): one pixel's walk touches one or two cache lines.
  const xb = new Float32Array(nFeatures * BLOCK_PX);
  for (let b0 = 0; b0 < nPixels; b0 += BLOCK_PX) {
    const b1 = Math.min(nPixels, b0 + BLOCK_PX);
    const bn = b1 - b0;
    valid.fill(1, 0, bn);
    for (let f = 0; f < nFeatures; f++) {
      const base = f * nPixels + b0;
      for (let j = 0; j < bn; j++) {
        const v = x[base + j]!;
        xb[j * nFeatures + f] = v;
        if (v !== v) valid[j] = 0;
      }
    }
    votes.fill(0, 0, bn * nClasses);
    for (let t = 0; t < nTrees; t++) {
      const root = roots[t]!;
      // Eight pixels walk the tree together: their independent chains of loads overlap in the CPU. Each step is
      // branch-free (the comparison becomes 0 or 4 words), a pixel that has reached its leaf steps in place, and the
      // loop body takes two steps before testing whether all eight stand on leaves (word 3 < 0).
      // (A NaN feature sends a pixel left here; such pixels are written as 255 whatever their walk.)
      let j = 0;
      for (; j + 8 <= bn; j += 8) {
        const p0 = j * nFeatures;
        const p1 = p0 + nFeatures;
        const p2 = p1 + nFeatures;
        const p3 = p2 + nFeatures;
        const p4 = p3 + nFeatures;
        const p5 = p4 + nFeatures;
        const p6 = p5 + nFeatures;
        const p7 = p6 + nFeatures;
        let n0 = root;
        let n1 = root;
        let n2 = root;
        let n3 = root;
        let n4 = root;
        let n5 = root;
        let n6 = root;
        let n7 = root;
        do {
          n0 = nodesI[n0 + 2]! + (Number(xb[p0 + nodesI[n0]!]! > nodesF[n0 + 1]!) << 2);
          n1 = nodesI[n1 + 2]! + (Number(xb[p1 + nodesI[n1]!]! > nodesF[n1 + 1]!) << 2);
          n2 = nodesI[n2 + 2]! + (Number(xb[p2 + nodesI[n2]!]! > nodesF[n2 + 1]!) << 2);
          n3 = nodesI[n3 + 2]! + (Number(xb[p3 + nodesI[n3]!]! > nodesF[n3 + 1]!) << 2);
          n4 = nodesI[n4 + 2]! + (Number(xb[p4 + nodesI[n4]!]! > nodesF[n4 + 1]!) << 2);
          n5 = nodesI[n5 + 2]! + (Number(xb[p5 + nodesI[n5]!]! > nodesF[n5 + 1]!) << 2);
          n6 = nodesI[n6 + 2]! + (Number(xb[p6 + nodesI[n6]!]! > nodesF[n6 + 1]!) << 2);
          n7 = nodesI[n7 + 2]! + (Number(xb[p7 + nodesI[n7]!]! > nodesF[n7 + 1]!) << 2);
          n0 = nodesI[n0 + 2]! + (Number(xb[p0 + nodesI[n0]!]! > nodesF[n0 + 1]!) << 2);
          n1 = nodesI[n1 + 2]! + (Number(xb[p1 + nodesI[n1]!]! > nodesF[n1 + 1]!) << 2);
          n2 = nodesI[n2 + 2]! + (Number(xb[p2 + nodesI[n2]!]! > nodesF[n2 + 1]!) << 2);
          n3 = nodesI[n3 + 2]! + (Number(xb[p3 + nodesI[n3]!]! > nodesF[n3 + 1]!) << 2);
          n4 = nodesI[n4 + 2]! + (Number(xb[p4 + nodesI[n4]!]! > nodesF[n4 + 1]!) << 2);
          n5 = nodesI[n5 + 2]! + (Number(xb[p5 + nodesI[n5]!]! > nodesF[n5 + 1]!) << 2);
          n6 = nodesI[n6 + 2]! + (Number(xb[p6 + nodesI[n6]!]! > nodesF[n6 + 1]!) << 2);
          n7 = nodesI[n7 + 2]! + (Number(xb[p7 + nodesI[n7]!]! > nodesF[n7 + 1]!) << 2);
        } while (
          (nodesI[n0 + 3]! & nodesI[n1 + 3]! & nodesI[n2 + 3]! & nodesI[n3 + 3]! & nodesI[n4 + 3]! & nodesI[n5 + 3]! & nodesI[n6 + 3]! & nodesI[n7 + 3]!) >=
          0
        );
        addVotes(votes, j * nClasses, value, nodesI, n0, nClasses);
        addVotes(votes, (j + 1) * nClasses, value, nodesI, n1, nClasses);
        addVotes(votes, (j + 2) * nClasses, value, nodesI, n2, nClasses);
        addVotes(votes, (j + 3) * nClasses, value, nodesI, n3, nClasses);
        addVotes(votes, (j + 4) * nClasses, value, nodesI, n4, nClasses);
        addVotes(votes, (j + 5) * nClasses, value, nodesI, n5, nClasses);
        addVotes(votes, (j + 6) * nClasses, value, nodesI, n6, nClasses);
        addVotes(votes, (j + 7) * nClasses, value, nodesI, n7, nClasses);
      }
      for (; j < bn; j++) {
        const p = j * nFeatures;
        let n = root;
        while (nodesI[n + 3]! >= 0) n = nodesI[n + 2]! + (Number(xb[p + nodesI[n]!]! > nodesF[n + 1]!) << 2);
        addVotes(votes, j * nClasses, value, nodesI, n, nClasses);
      }
    }
    for (let i = 0; i < bn; i++) {
      if (!valid[i]) {
        out[b0 + i] = 255;
        continue;
      }
      const vo = i * nClasses;
      let best = 0;
      let bestV = votes[vo]!;
      for (let k = 1; k < nClasses; k++) {
        const v = votes[vo + k]!;
        if (v > bestV) {
          bestV = v;
          best = k;
        }
      }
      out[b0 + i] = best;
    }
  }
}
