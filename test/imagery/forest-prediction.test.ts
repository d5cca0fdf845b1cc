/**
 * predictForest (the inference layout: depth-first nodes with adjacent children, branch-free eight-pixel walks), both
 * the WebAssembly kernel (forest-wasm.ts, the default) and the JavaScript walk (the fallback), gives
 * exactly the classes of the plain definition, one pixel and one tree at a time over the `Forest` arrays
 * (`x <= threshold` goes left, float32 votes summed in tree order, the first largest vote wins, 255 where a feature is NaN),
 * on the Landsat scene of ../shared and on the SIMULATED scene, with deep (pure-leaf) and shallow (mixed-leaf) forests.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readLabels } from "../../src/imagery/classify/labels.ts";
import { WASM_FOREST_AVAILABLE } from "../../src/imagery/classify/forest-wasm.ts";
import { predictForest as predictDefault, trainForest, type Forest } from "../../src/imagery/classify/random-forest.ts";
import { featureSpecForScene, sceneFeatureSource } from "../../src/imagery/classify/scene-features.ts";
import { collectSamples } from "../../src/imagery/classify/train.ts";
import { openScene } from "../../src/imagery/read/scene.ts";
import { synthesizeScene } from "../../src/imagery/synth/synthesize-scene.ts";
import { createRandom } from "../../src/stats/random.ts";
import { hasShared, sharedPath } from "../support/shared.ts";

/** The definition: each pixel walks each tree from its root over the Forest arrays. */
function predictReference(forest: Forest, x: Float32Array, nPixels: number): Uint8Array {
  const { nFeatures, nClasses, roots, feature, threshold, left, right, value } = forest;
  const out = new Uint8Array(nPixels);
  const votes = new Float32Array(nClasses);
  for (let i = 0; i < nPixels; i++) {
    let nan = false;
    for (let f = 0; f < nFeatures; f++) if (Number.isNaN(x[f * nPixels + i]!)) nan = true;
    if (nan) {
      out[i] = 255;
      continue;
    }
    votes.fill(0);
    for (let t = 0; t < roots.length; t++) {
      let n = roots[t]!;
      while (feature[n]! >= 0) n = x[feature[n]! * nPixels + i]! <= threshold[n]! ? left[n]! : right[n]!;
      let pure = -1;
      for (let k = 0; k < nClasses; k++) if (value[n * nClasses + k] === 1) pure = k;
      if (pure >= 0) votes[pure]! += 1;
      else for (let k = 0; k < nClasses; k++) votes[k]! += value[n * nClasses + k]!;
    }
    let best = 0;
    for (let k = 1; k < nClasses; k++) if (votes[k]! > votes[best]!) best = k;
    out[i] = best;
  }
  return out;
}

/** Both walks must give the same classes: the default (WebAssembly) one is returned after checking the JavaScript one. */
function predictForest(forest: Forest, x: Float32Array, nPixels: number, out: Uint8Array): void {
  const js = new Uint8Array(nPixels);
  predictDefault(forest, x, nPixels, js, { wasm: false });
  predictDefault(forest, x, nPixels, out);
  expect(differences(out.subarray(0, nPixels), js)).toBe(0);
}

it("runs the WebAssembly walk on this runtime (Node 20 has WebAssembly SIMD)", () => {
  expect(WASM_FOREST_AVAILABLE).toBe(true);
});

function differences(a: Uint8Array, b: Uint8Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) d++;
  return d;
}

async function sceneCase(scenePath: string, labelsPath: string, params: { trees: number; maxDepth: number }) {
  const scene = await openScene(scenePath);
  try {
    const source = sceneFeatureSource(scene, featureSpecForScene(scene));
    const { width, height } = scene.grid;
    const random = createRandom(1);
    const s = await collectSamples(source, readLabels(labelsPath, "class"), { validationFraction: 0.3, random });
    const forest = trainForest(s.xTrain, s.yTrain, s.nTrain, s.nFeatures, s.classes.length, params, random);
    const x = await source.readFeatures({ x0: 0, y0: 0, x1: width, y1: height });
    const nPixels = width * height;
    const ours = new Uint8Array(nPixels);
    predictForest(forest, x, nPixels, ours);
    return { ours, reference: predictReference(forest, x, nPixels), forest };
  } finally {
    await scene.close();
  }
}

const amazon = sharedPath("data/rstoolbox-amazon");
const landsat = join(amazon, "lsat_tm5_7band_dn.tif");
const landsatLabels = join(amazon, "training_polygons_lsat.geojson");

describe.skipIf(!hasShared("forest prediction on the Landsat scene", landsat, landsatLabels))("forest prediction on the Landsat scene", () => {
  for (const params of [
    { trees: 40, maxDepth: 0 },
    { trees: 25, maxDepth: 4 },
  ]) {
    it(`equals the per-pixel definition on every pixel (${params.trees} trees, depth ${params.maxDepth || "unlimited"})`, async () => {
      const { ours, reference } = await sceneCase(landsat, landsatLabels, params);
      expect(differences(ours, reference)).toBe(0);
    });
  }
});

describe("forest prediction on the SIMULATED scene", () => {
  const dir = mkdtempSync(join(tmpdir(), "forest-prediction-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it("equals the per-pixel definition on every pixel, masked pixels included (deep and shallow forests)", async () => {
    const synth = await synthesizeScene({ seed: 7, sizePx: 400, outDir: dir });
    for (const params of [
      { trees: 30, maxDepth: 0 },
      { trees: 20, maxDepth: 5 },
    ]) {
      const { ours, reference } = await sceneCase(synth.scenePath, synth.trainingPath, params);
      expect(ours.filter((c) => c === 255).length).toBeGreaterThan(0);
      expect(differences(ours, reference)).toBe(0);
    }
  }, 120_000);
});

describe("forest prediction over any node numbering", () => {
  it("walks a forest whose children are not adjacent nor after their parent, and a node two trees share", () => {
    // One tree: node 3 is the root (f0 <= 0.5 ? node 0 : node 2); node 2 splits f1 <= 0 into leaves 4 (class 1) and 1 (mixed, mostly class 2); node 0 is a class-0 leaf, and alone the second tree (shared with the first).
    const forest: Forest = {
      nFeatures: 2,
      nClasses: 3,
      roots: new Int32Array([3, 0]),
      feature: new Int32Array([-1, -1, 1, 0, -1]),
      threshold: new Float32Array([0, 0, 0, 0.5, 0]),
      left: new Int32Array([-1, -1, 4, 0, -1]),
      right: new Int32Array([-1, -1, 1, 2, -1]),
      value: new Float32Array([1, 0, 0, 0.25, 0, 0.75, 0, 0, 0, 0, 0, 0, 0, 1, 0]),
    };
    const n = 37;
    const x = new Float32Array(2 * n);
    for (let i = 0; i < n; i++) {
      x[i] = (i % 5) * 0.3;
      x[n + i] = (i % 3) - 1;
    }
    x[n + 36] = NaN;
    const out = new Uint8Array(n);
    predictForest(forest, x, n, out);
    expect(Array.from(out)).toEqual(Array.from(predictReference(forest, x, n)));
    expect(new Set(out)).toEqual(new Set([0, 255]));
    // Without the second tree the mixed leaf and the class-1 leaf show.
    const one = { ...forest, roots: new Int32Array([3]) };
    predictForest(one, x, n, out);
    expect(Array.from(out)).toEqual(Array.from(predictReference(one, x, n)));
    expect(new Set(out)).toEqual(new Set([0, 1, 2, 255]));
  });

  it("refuses nodes that loop instead of walking forever", () => {
    const forest: Forest = {
      nFeatures: 1,
      nClasses: 2,
      roots: new Int32Array([0]),
      feature: new Int32Array([0, -1]),
      threshold: new Float32Array([0, 0]),
      left: new Int32Array([0, -1]),
      right: new Int32Array([1, -1]),
      value: new Float32Array([0, 0, 1, 0]),
    };
    expect(() => predictForest(forest, new Float32Array(4), 4, new Uint8Array(4))).toThrow(/do not form trees/);
  });
});
