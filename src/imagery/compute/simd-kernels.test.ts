import { describe, expect, it } from "vitest";
import { createRandom } from "../../stats/random.ts";
import { computeFeatures, DEFAULT_FEATURE_SPEC, type FeatureSpec } from "./features.ts";
import { computeIndex, INDEX_NAMES, type IndexName } from "./indices.ts";
import { bandsOfIndices, SIMD_AVAILABLE, SimdArena } from "./simd-kernels.ts";

const BANDS = ["coastal", "blue", "green", "red", "rededge1", "rededge2", "rededge3", "nir", "nir08", "nir09", "swir16", "swir22"];

/** Reflectance-like values with the awkward cases mixed in: NaN (masked), zeros, opposite signs summing to 0, negatives. */
function fill(a: Float32Array, seed: number): void {
  const random = createRandom(seed);
  for (let i = 0; i < a.length; i++) {
    const u = random.next();
    a[i] = u < 0.02 ? NaN : u < 0.05 ? 0 : u < 0.07 ? -0.25 : u < 0.09 ? 0.25 : random.next() * 0.8 - 0.05;
  }
}

/** Same bits, or both NaN. */
function sameValues(a: Float32Array, b: Float32Array): number {
  let bad = 0;
  for (let i = 0; i < a.length; i++) if (!(Object.is(a[i], b[i]) || (Number.isNaN(a[i]) && Number.isNaN(b[i])))) bad++;
  return bad;
}

describe.skipIf(!SIMD_AVAILABLE)("WebAssembly SIMD index kernels", () => {
  for (const n of [4, 1001, 4096 + 3]) {
    it(`equal the scalar kernels bit for bit, every index and all at once (${n} px)`, () => {
      const arena = new SimdArena((BANDS.length + INDEX_NAMES.length) * (n * 4 + 16) + 65536);
      const bands: Record<string, Float32Array> = {};
      for (const [k, b] of bandsOfIndices(INDEX_NAMES).entries()) fill((bands[b] = arena.alloc(n)), 10 + k);
      // opposite values in nir and red: nir + red = 0 exactly, which must give 0, not NaN
      bands.nir![1] = 0.25;
      bands.red![1] = -0.25;
      const outs = INDEX_NAMES.map(() => arena.alloc(n));
      arena.indices(INDEX_NAMES, bands, outs, n, (from) => {
        const tail = Object.fromEntries(Object.entries(bands).map(([b, a]) => [b, a.subarray(from)]));
        INDEX_NAMES.forEach((idx, k) => computeIndex(idx, tail, n - from, outs[k]!, from));
      });
      for (const [k, idx] of INDEX_NAMES.entries()) {
        const ref = new Float32Array(n);
        computeIndex(idx, bands, n, ref);
        expect(sameValues(outs[k]!, ref), idx).toBe(0);
        // one index alone (its own generated kernel)
        const one = arena.alloc(n);
        arena.indices([idx], bands, [one], n, (from) => {
          const tail = Object.fromEntries(Object.entries(bands).map(([b, a]) => [b, a.subarray(from)]));
          computeIndex(idx, tail, n - from, one, from);
        });
        expect(sameValues(one, ref), `${idx} alone`).toBe(0);
      }
      expect(outs[0]![1]).toBe(0);
    });
  }

  it("computeFeatures gives the same features with and without the kernel (masks included)", () => {
    const n = 777;
    const bands: Record<string, Float32Array> = {};
    BANDS.forEach((b, k) => fill((bands[b] = new Float32Array(n)), 100 + k));
    const valid = Uint8Array.from({ length: n }, (_, i) => (i % 13 === 0 ? 0 : 1));
    const specs: FeatureSpec[] = [DEFAULT_FEATURE_SPEC, { ...DEFAULT_FEATURE_SPEC, bands: ["red"], indices: ["savi", "ndvi"] as IndexName[] }];
    for (const spec of specs) {
      const simd = computeFeatures(bands, n, spec, { valid });
      const scalar = computeFeatures(bands, n, spec, { valid, simd: false });
      expect(sameValues(simd, scalar)).toBe(0);
    }
  });

  it("refuses arrays outside its memory", () => {
    const arena = new SimdArena(65536);
    const a = arena.alloc(8);
    expect(() => arena.add(a, new Float32Array(8), a)).toThrow(/not in this arena/);
  });

  it("out = a + b (the bandwidth reference) adds", () => {
    const arena = new SimdArena(65536);
    const [a, b, c] = [arena.alloc(10), arena.alloc(10), arena.alloc(10)];
    a.set(Array.from({ length: 10 }, (_, i) => i));
    b.fill(0.5);
    arena.add(a, b, c);
    expect(Array.from(c)).toEqual(Array.from({ length: 10 }, (_, i) => i + 0.5));
  });
});
