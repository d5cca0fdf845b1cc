import { describe, expect, it } from "vitest";
import { computeFeatures, DEFAULT_FEATURE_SPEC, featureNames, parseFeatureSpec, requiredBands, sameFeatureSpec, type FeatureSpec } from "./features.ts";
import { computeIndex, type IndexName } from "./indices.ts";
import { countMask, maskFromQaPixel, maskFromScl, maskNaN, MASK_CLEAR, MASK_CLOUD, MASK_NODATA, MASK_SHADOW, MASK_SNOW, validFromMask } from "./masks.ts";

// Two pixels: a vegetated one and a bare one; reflectance 0..1.
const bands = {
  blue: Float32Array.from([0.03, 0.09]),
  green: Float32Array.from([0.06, 0.12]),
  red: Float32Array.from([0.04, 0.15]),
  nir: Float32Array.from([0.4, 0.24]),
  swir16: Float32Array.from([0.2, 0.32]),
  swir22: Float32Array.from([0.1, 0.25]),
};

// Hand-computed from the formulas (pixel 0 / pixel 1).
const expected: Record<IndexName, [number, number]> = {
  ndvi: [(0.4 - 0.04) / 0.44, (0.24 - 0.15) / 0.39],
  evi: [(2.5 * 0.36) / (0.4 + 0.24 - 0.225 + 1), (2.5 * 0.09) / (0.24 + 0.9 - 0.675 + 1)],
  ndmi: [0.2 / 0.6, -0.08 / 0.56],
  ndwi: [-0.34 / 0.46, -0.12 / 0.36],
  savi: [(1.5 * 0.36) / 0.94, (1.5 * 0.09) / 0.89],
  nbr: [0.3 / 0.5, -0.01 / 0.49],
};

describe("spectral indices", () => {
  for (const [name, [a, b]] of Object.entries(expected) as [IndexName, [number, number]][]) {
    it(`${name} matches the hand-computed values`, () => {
      const out = new Float32Array(2);
      computeIndex(name, bands, 2, out);
      expect(out[0]).toBeCloseTo(a, 5);
      expect(out[1]).toBeCloseTo(b, 5);
    });
  }
  it("gives 0 for a zero denominator and NaN for masked input", () => {
    const out = new Float32Array(2);
    computeIndex("ndvi", { nir: Float32Array.from([0, NaN]), red: Float32Array.from([0, 0.1]) }, 2, out);
    expect(out[0]).toBe(0);
    expect(out[1]).toBeNaN();
  });
});

describe("computeFeatures", () => {
  it("lays features out band-major and blanks masked pixels", () => {
    const spec: FeatureSpec = { version: 1, bands: ["red", "nir"], indices: ["ndvi"], scaling: "surface-reflectance" };
    const f = computeFeatures(bands, 2, spec, { valid: Uint8Array.from([1, 0]) });
    expect(featureNames(spec)).toEqual(["red", "nir", "ndvi"]);
    expect(f.length).toBe(6);
    expect(f[0]).toBeCloseTo(0.04, 6); // red of pixel 0
    expect(f[2]).toBeCloseTo(0.4, 6); // nir of pixel 0
    expect(f[4]).toBeCloseTo(expected.ndvi[0], 5);
    expect([f[1], f[3], f[5]].every(Number.isNaN)).toBe(true);
  });
  it("names the band it is missing", () => {
    expect(() => computeFeatures({ red: bands.red }, 2, DEFAULT_FEATURE_SPEC)).toThrow(/feature band "coastal" is missing/);
  });
  it("knows the bands its indices need, and compares and validates specs", () => {
    const spec: FeatureSpec = { version: 1, bands: [], indices: ["evi", "nbr"], scaling: "surface-reflectance" };
    expect(requiredBands(spec).sort()).toEqual(["blue", "nir", "red", "swir22"]);
    expect(sameFeatureSpec(spec, { ...spec })).toBe(true);
    expect(sameFeatureSpec(spec, { ...spec, scaling: "dn" })).toBe(false);
    expect(parseFeatureSpec(JSON.parse(JSON.stringify(DEFAULT_FEATURE_SPEC)))).toEqual(DEFAULT_FEATURE_SPEC);
    expect(() => parseFeatureSpec({ ...DEFAULT_FEATURE_SPEC, indices: ["ndvi", "magic"] })).toThrow(/indices must be/);
  });
});

describe("masks", () => {
  it("from Sentinel-2 SCL", () => {
    const m = maskFromScl(Uint8Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 200]));
    expect(Array.from(m)).toEqual([1, 1, 0, 3, 0, 0, 0, 0, 2, 2, 2, 4, 1]);
  });
  it("from Landsat QA_PIXEL bits", () => {
    // fill; clear (bit 6); cloud (bit 3); dilated cloud (bit 1); cloud shadow (bit 4); snow (bit 5); cirrus (bit 2)
    const qa = Uint16Array.from([1, 0b1000000, 0b1000, 0b10, 0b10000, 0b100000, 0b100, 21824]);
    expect(Array.from(maskFromQaPixel(qa))).toEqual([MASK_NODATA, MASK_CLEAR, MASK_CLOUD, MASK_CLOUD, MASK_SHADOW, MASK_SNOW, MASK_CLOUD, MASK_CLEAR]);
  });
  it("NaN bands mark nodata; valid and counts follow", () => {
    const mask = new Uint8Array(3);
    maskNaN([Float32Array.from([0.1, NaN, 0.2])], 3, mask);
    expect(Array.from(validFromMask(mask))).toEqual([1, 0, 1]);
    expect(countMask(mask)).toMatchObject({ clear: 2, nodata: 1 });
  });
});
