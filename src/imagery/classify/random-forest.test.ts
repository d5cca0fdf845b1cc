import { describe, expect, it } from "vitest";
import { createRandom } from "../../stats/random.ts";
import { predictForest, trainForest } from "./random-forest.ts";

/** Three Gaussian blobs in 4 features (2 informative, 2 noise), band-major. */
function blobs(n: number, seed: number, spread = 0.3): { x: Float32Array; y: Uint8Array } {
  const r = createRandom(seed);
  const centres = [
    [0, 0],
    [3, 0],
    [0, 3],
  ];
  const x = new Float32Array(4 * n);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const k = i % 3;
    y[i] = k;
    x[i] = centres[k]![0]! + spread * r.normal();
    x[n + i] = centres[k]![1]! + spread * r.normal();
    x[2 * n + i] = r.normal();
    x[3 * n + i] = r.normal();
  }
  return { x, y };
}

function accuracy(pred: Uint8Array, y: Uint8Array): number {
  let ok = 0;
  for (let i = 0; i < y.length; i++) if (pred[i] === y[i]) ok++;
  return ok / y.length;
}

describe("random forest", () => {
  it("separates well-separated classes on held-out samples", () => {
    const train = blobs(600, 1);
    const test = blobs(300, 2);
    const forest = trainForest(train.x, train.y, 600, 4, 3, { trees: 20 }, createRandom(7));
    const out = new Uint8Array(300);
    predictForest(forest, test.x, 300, out);
    expect(accuracy(out, test.y)).toBeGreaterThan(0.99);
  });

  it("is deterministic for a seed and differs across seeds", () => {
    const d = blobs(300, 3, 1.2);
    const a = trainForest(d.x, d.y, 300, 4, 3, { trees: 5 }, createRandom(1));
    const b = trainForest(d.x, d.y, 300, 4, 3, { trees: 5 }, createRandom(1));
    const c = trainForest(d.x, d.y, 300, 4, 3, { trees: 5 }, createRandom(2));
    expect(Array.from(a.threshold)).toEqual(Array.from(b.threshold));
    expect(Array.from(a.threshold)).not.toEqual(Array.from(c.threshold));
  });

  it("fits the training set exactly with unlimited depth and no bootstrap", () => {
    const d = blobs(300, 4, 1.5);
    const forest = trainForest(d.x, d.y, 300, 4, 3, { trees: 1, bootstrap: false, mtry: 4 }, createRandom(1));
    const out = new Uint8Array(300);
    predictForest(forest, d.x, 300, out);
    expect(accuracy(out, d.y)).toBe(1);
  });

  it("honours max depth (a depth-1 tree has 3 nodes)", () => {
    const d = blobs(300, 5);
    const forest = trainForest(d.x, d.y, 300, 4, 3, { trees: 1, maxDepth: 1, mtry: 4 }, createRandom(1));
    expect(forest.feature.length).toBe(3);
    expect(forest.feature[0]).toBeLessThan(2); // an informative feature
  });

  it("honours min samples per leaf", () => {
    const d = blobs(300, 6, 1.5);
    const forest = trainForest(d.x, d.y, 300, 4, 3, { trees: 1, minSamplesLeaf: 20, bootstrap: false }, createRandom(1));
    // Every leaf's class fractions are multiples of 1/count with count >= 20: check via a leaf count bound.
    let leaves = 0;
    for (let n = 0; n < forest.feature.length; n++) if (forest.feature[n] === -1) leaves++;
    expect(leaves).toBeLessThanOrEqual(300 / 20);
    expect(leaves).toBeGreaterThan(1);
  });

  it("writes 255 for pixels with a NaN feature", () => {
    const d = blobs(30, 7);
    const forest = trainForest(d.x, d.y, 30, 4, 3, { trees: 3 }, createRandom(1));
    const x = d.x.slice();
    x[2 * 30 + 5] = NaN;
    const out = new Uint8Array(30);
    predictForest(forest, x, 30, out);
    expect(out[5]).toBe(255);
    expect(out[4]).toBeLessThan(3);
  });

  it("rejects NaN in training features and out-of-range labels", () => {
    const d = blobs(30, 8);
    const x = d.x.slice();
    x[3] = NaN;
    expect(() => trainForest(x, d.y, 30, 4, 3, {}, createRandom(1))).toThrow(/NaN/);
    expect(() => trainForest(d.x, d.y, 30, 4, 2, {}, createRandom(1))).toThrow(/nClasses/);
  });
});
