import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DataError, NotFoundError } from "../../domain/errors.ts";
import { createRandom } from "../../stats/random.ts";
import { DEFAULT_FEATURE_SPEC, featureNames, type FeatureSpec } from "../compute/features.ts";
import { accuracyReport } from "./accuracy.ts";
import { assertFeaturesMatch, loadModel, predictInto, saveModel, type Model } from "./model.ts";
import { DEFAULT_FOREST_PARAMS, trainForest } from "./random-forest.ts";

const SPEC: FeatureSpec = { version: 1, bands: ["red", "nir"], indices: ["ndvi"], scaling: "surface-reflectance" };

function tinyModel(): { model: Model; x: Float32Array; n: number } {
  const n = 200;
  const r = createRandom(3);
  const x = new Float32Array(3 * n);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 2;
    const red = y[i] ? 0.04 + 0.02 * r.next() : 0.12 + 0.05 * r.next();
    const nir = y[i] ? 0.3 + 0.1 * r.next() : 0.2 + 0.05 * r.next();
    x[i] = red;
    x[n + i] = nir;
    x[2 * n + i] = (nir - red) / (nir + red);
  }
  const params = { ...DEFAULT_FOREST_PARAMS, trees: 7 };
  const forest = trainForest(x, y, n, 3, 2, params, createRandom(1));
  const model: Model = {
    classes: ["bare", "coca"],
    featureNames: featureNames(SPEC),
    spec: SPEC,
    params,
    seed: 1,
    trainingAccuracy: 1,
    provenance: { trainingPixels: n, trainingPolygons: 2, validationPixels: 0, validationPolygons: 0 },
    forest,
  };
  return { model, x, n };
}

describe("model file", () => {
  const dir = mkdtempSync(join(tmpdir(), "model-"));

  it("round-trips: the loaded model predicts exactly as the saved one, codes 1..K and 0 for masked", () => {
    const { model, x, n } = tinyModel();
    const path = join(dir, "m.json");
    saveModel(model, path);
    const loaded = loadModel(path);
    expect(loaded.classes).toEqual(["bare", "coca"]);
    expect(loaded.spec).toEqual(SPEC);
    expect(loaded.params.trees).toBe(7);
    expect(Array.from(loaded.forest.threshold)).toEqual(Array.from(model.forest.threshold));
    const xm = x.slice();
    xm[n + 3] = NaN;
    const a = new Uint8Array(n);
    const b = new Uint8Array(n);
    predictInto(model, xm, n, a);
    predictInto(loaded, xm, n, b);
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(a[3]).toBe(0);
    expect(a[0]).toBe(1);
    expect(a[1]).toBe(2);
  });

  it("refuses a model whose features do not match the scene", () => {
    const { model } = tinyModel();
    expect(() => assertFeaturesMatch(model, SPEC)).not.toThrow();
    expect(() => assertFeaturesMatch(model, DEFAULT_FEATURE_SPEC)).toThrow(DataError);
    expect(() => assertFeaturesMatch(model, { ...SPEC, bands: ["nir", "red"] })).toThrow(/needs features \[red, nir, ndvi\]/);
    expect(() => assertFeaturesMatch(model, { ...SPEC, scaling: "dn" })).toThrow(/surface-reflectance/);
  });

  it("refuses an unknown version, a corrupt file and a missing one, naming the file", () => {
    const { model } = tinyModel();
    const path = join(dir, "v.json");
    saveModel(model, path);
    const json = JSON.parse(readFileSync(path, "utf8"));
    writeFileSync(path, JSON.stringify({ ...json, version: 2 }));
    expect(() => loadModel(path)).toThrow(new RegExp(`model file ${path} has format version 2`));
    writeFileSync(path, readFileSync(path, "utf8").slice(0, 100));
    expect(() => loadModel(path)).toThrow(/is corrupt: not valid JSON/);
    const tampered = { ...json, forest: { ...json.forest, threshold: Buffer.alloc(json.forest.nNodes * 4).toString("base64") } };
    writeFileSync(path, JSON.stringify(tampered));
    expect(() => loadModel(path)).toThrow(/checksum/);
    writeFileSync(path, JSON.stringify({ hello: 1 }));
    expect(() => loadModel(path)).toThrow(/not a Coca Monitor model file/);
    expect(() => loadModel(join(dir, "nope.json"))).toThrow(NotFoundError);
  });
});

describe("accuracy report", () => {
  it("matches a hand-computed 3-class case", () => {
    // reference: A A A A B B B C C C ; map: A A A B B B C C C A
    const ref = new Uint8Array([0, 0, 0, 0, 1, 1, 1, 2, 2, 2]);
    const map = new Uint8Array([0, 0, 0, 1, 1, 1, 2, 2, 2, 0]);
    const r = accuracyReport(ref, map, ["A", "B", "C"]);
    expect(r.matrix).toEqual([
      [3, 1, 0],
      [0, 2, 1],
      [1, 0, 2],
    ]);
    expect(r.overallAccuracy).toBeCloseTo(7 / 10, 12);
    // producer's = diagonal / row total; user's = diagonal / column total
    expect(r.producersAccuracy).toEqual([3 / 4, 2 / 3, 2 / 3]);
    expect(r.usersAccuracy).toEqual([3 / 4, 2 / 3, 2 / 3]);
    const r2 = accuracyReport(new Uint8Array([0, 0, 1]), new Uint8Array([0, 1, 1]), ["A", "B", "C"]);
    expect(r2.usersAccuracy[0]).toBe(1);
    expect(r2.usersAccuracy[1]).toBe(0.5);
    expect(r2.producersAccuracy[0]).toBe(0.5);
    expect(r2.producersAccuracy[2]).toBeNaN();
  });
});
