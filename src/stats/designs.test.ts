import { describe, expect, it } from "vitest";
import { createRandom } from "./random.ts";
import { countStrata, indexFrame, sampleRanks, selectByRank, selectIndexed } from "./sampling-frame.ts";
import { designSimpleRandomSample } from "./simple-random-design.ts";
import { designStratifiedSample } from "./stratified-design.ts";
import { designSystematicSample } from "./systematic-design.ts";

const W = 60;
const H = 40;
// Stratum 1 a 10 × 6 block, 2 the rest of the left half, 3 the right half; nodata 0 in row 0.
const raster = new Uint16Array(W * H);
for (let r = 0; r < H; r++) for (let c = 0; c < W; c++) raster[r * W + c] = r === 0 ? 0 : c < 10 && r < 7 ? 1 : c < 30 ? 2 : 3;

describe("sampling frame", () => {
  it("counts strata without nodata", () => {
    expect(countStrata(raster, 0)).toEqual({ ids: [1, 2, 3], sizes: [60, 1110, 1170], validPixels: 2340 });
    expect(() => countStrata(new Float32Array([1.5]), 0)).toThrow(/not a whole number/);
  });

  it("indexed selection (rows reread only where needed) equals the full-pass selection", () => {
    const random = createRandom(21);
    for (const make of [(n: number) => new Uint8Array(n), (n: number) => new Uint16Array(n), (n: number) => new Int32Array(n)]) {
      const w = 37;
      const h = 23;
      const r = make(w * h);
      for (let i = 0; i < r.length; i++) r[i] = random.int(5) === 0 ? 0 : 1 + random.int(4) * (r instanceof Uint8Array ? 1 : 300);
      const frame = indexFrame(r, w, h, 0);
      const counts = countStrata(r, 0);
      expect({ ids: frame.ids, sizes: frame.sizes, validPixels: frame.validPixels }).toEqual(counts);
      const ranks = new Map(counts.ids.map((id, k) => [id, sampleRanks(counts.sizes[k]!, Math.min(counts.sizes[k]!, 1 + random.int(40)), random)]));
      expect(selectIndexed(r, frame, ranks)).toEqual(selectByRank(r, 0, ranks));
    }
  });

  it("draws distinct sorted ranks", () => {
    const r = sampleRanks(1000, 50, createRandom(3));
    expect(new Set(r).size).toBe(50);
    expect([...r].sort((a, b) => a - b)).toEqual(r);
    expect(r.every((x) => x >= 0 && x < 1000)).toBe(true);
  });
});

describe("designStratifiedSample", () => {
  it("selects n_h distinct pixels inside each stratum, reproducibly", () => {
    const make = (seed: number) =>
      designStratifiedSample({ strataRaster: raster, width: W, height: H, nodata: 0, n: 120, allocation: { minimum: 30 }, random: createRandom(seed) });
    const a = make(7);
    expect(a.strata.map((s) => s.sampleSize)).toEqual([30, 44, 46]);
    for (const u of a.units) {
      expect(raster[u.row * W + u.col]).toBe(u.stratum);
      expect(u.inclusionProbability).toBeCloseTo(a.strata.find((s) => s.id === u.stratum)!.sampleSize / a.strata.find((s) => s.id === u.stratum)!.sizePx, 12);
    }
    expect(new Set(a.units.map((u) => u.index)).size).toBe(120);
    expect(make(7).units).toEqual(a.units);
    expect(make(8).units).not.toEqual(a.units);
    expect(a.units[0]!.unitId).toBe("u0001");
  });

  it("derives n from a target SE of a class's area and reports the expected SE", () => {
    const d = designStratifiedSample({
      strataRaster: raster,
      width: W,
      height: H,
      nodata: 0,
      allocation: "neyman",
      random: createRandom(1),
      target: { kind: "class-area", seHa: 5, pixelAreaHa: 0.09, anticipated: (s) => (s === 1 ? 0.8 : s === 2 ? 0.1 : 0.02) },
    });
    expect(d.sampleSize!.n).toBe(d.units.length);
    expect(d.expectedSe! * 2340 * 0.09).toBeLessThanOrEqual(5.0001);
    expect(d.expectedSe! * 2340 * 0.09).toBeGreaterThan(4.5);
  });

  it("selects every pixel uniformly over many draws", () => {
    const hits = new Float64Array(W * H);
    const random = createRandom(99);
    for (let k = 0; k < 400; k++) {
      for (const u of designStratifiedSample({ strataRaster: raster, width: W, height: H, nodata: 0, sampleSizes: new Map([[1, 6]]), random }).units)
        hits[u.index]! += 1;
    }
    // Stratum 1 has 60 pixels, 6 drawn 400 times: 40 hits each on average.
    const inStratum = [...hits].filter((_, i) => raster[i] === 1);
    expect(Math.min(...inStratum)).toBeGreaterThan(20);
    expect(Math.max(...inStratum)).toBeLessThan(65);
    expect([...hits].filter((_, i) => raster[i] !== 1).every((h) => h === 0)).toBe(true);
  });

  it("rejects bad input", () => {
    const base = { strataRaster: raster, width: W, height: H, nodata: 0, random: createRandom(1) };
    expect(() => designStratifiedSample({ ...base })).toThrow(/give a sample size n or a target/);
    expect(() => designStratifiedSample({ ...base, width: 10 })).toThrow(/2400 values for 10 × 40/);
    expect(() => designStratifiedSample({ ...base, sampleSizes: new Map([[9, 2]]) })).toThrow(/stratum 9, which has no pixels/);
    expect(() => designStratifiedSample({ ...base, sampleSizes: new Map([[1, 61]]) })).toThrow(/has 60 pixels; cannot sample 61/);
    expect(() => designStratifiedSample({ ...base, strataRaster: new Uint16Array(W * H), n: 5 })).toThrow(/no valid pixels/);
  });
});

describe("simple random and systematic designs", () => {
  it("simple random: n distinct valid pixels with π = n/N", () => {
    const d = designSimpleRandomSample({ strataRaster: raster, width: W, height: H, nodata: 0, n: 50, random: createRandom(5) });
    expect(d.units).toHaveLength(50);
    expect(new Set(d.units.map((u) => u.index)).size).toBe(50);
    expect(d.units.every((u) => raster[u.index] !== 0 && u.inclusionProbability === 50 / 2340)).toBe(true);
    expect(d.strata.reduce((s, h) => s + h.sampleSize, 0)).toBe(50);
    expect(() => designSimpleRandomSample({ strataRaster: raster, width: W, height: H, nodata: 0, n: 5000, random: createRandom(5) })).toThrow(
      /exceeds the 2340 valid pixels/,
    );
  });

  it("systematic: a grid with a random start, π = 1/step²", () => {
    const d = designSystematicSample({ strataRaster: raster, width: W, height: H, nodata: 0, n: 60, random: createRandom(2) });
    const step = d.grid!.stepPx;
    expect(step).toBe(Math.round(Math.sqrt(2340 / 60)));
    expect(d.units.every((u) => (u.row - d.grid!.offsetRow) % step === 0 && (u.col - d.grid!.offsetCol) % step === 0)).toBe(true);
    expect(d.units.every((u) => u.inclusionProbability === 1 / step ** 2 && raster[u.index] !== 0)).toBe(true);
    expect(d.warnings[0]).toMatch(/estimate it as a simple random sample/);
  });
});
