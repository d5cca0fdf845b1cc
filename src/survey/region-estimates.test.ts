import { describe, expect, it } from "vitest";
import { estimateByRegion, pointInRings } from "./region-estimates.ts";
import { simulateReferenceLabels } from "./simulate-labels.ts";
import { createRandom } from "../stats/random.ts";

describe("pointInRings", () => {
  const square = [0, 0, 10, 0, 10, 10, 0, 10];
  const hole = [4, 4, 6, 4, 6, 6, 4, 6];
  it("handles holes with the even-odd rule", () => {
    expect(pointInRings(1, 1, [square, hole])).toBe(true);
    expect(pointInRings(5, 5, [square, hole])).toBe(false);
    expect(pointInRings(11, 5, [square])).toBe(false);
  });
});

describe("estimateByRegion", () => {
  // Two strata (map coca / map other); units split between regions A and B.
  const strata = [
    { id: "coca", sizeHa: 100 },
    { id: "other", sizeHa: 900 },
  ];
  const units = [
    ...Array.from({ length: 20 }, (_, i) => ({ stratum: "coca", mapClass: "coca", referenceClass: i < 16 ? "coca" : "other", region: i % 2 ? "A" : "B" })),
    ...Array.from({ length: 40 }, (_, i) => ({
      stratum: "other",
      mapClass: "other",
      referenceClass: i < 2 ? "coca" : "other",
      region: i % 4 === 0 ? "A" : "B",
    })),
  ];

  it("region estimates add up to the total, and so do their point estimates' parts", () => {
    const { total, regions } = estimateByRegion({ strata, units, classes: ["coca", "other"], targetClass: "coca", regions: ["A", "B"], confidence: 0.95 });
    const sum = regions.reduce((s, r) => s + r.areaHa, 0);
    expect(sum).toBeCloseTo(total.areaHa[0]!, 9);
    // Total coca = 100 * 16/20 + 900 * 2/40 = 80 + 45 = 125 ha.
    expect(total.areaHa[0]).toBeCloseTo(125, 9);
    // Region A: coca stratum units 1,3,..,15 are coca and in A (8 of 20) -> 40 ha; other stratum: i=0 in A and coca -> 900/40 = 22.5 ha.
    expect(regions[0]!.areaHa).toBeCloseTo(62.5, 9);
    for (const r of regions) expect(r.areaSeHa).toBeGreaterThan(0);
  });
});

describe("simulateReferenceLabels", () => {
  it("returns the truth without errors and never the truth for a flipped label", () => {
    const truth = new Uint8Array([1, 2, 3, 1, 2, 3]);
    const names = ["a", "b", "c"];
    expect(simulateReferenceLabels({ indices: [0, 1, 2, 5], truth, classNames: names, errorRate: 0, random: createRandom(1) })).toEqual(["a", "b", "c", "c"]);
    const r = createRandom(3);
    let wrong = 0;
    const n = 20_000;
    const idx = Array.from({ length: n }, (_, i) => i % 6);
    const labels = simulateReferenceLabels({ indices: idx, truth, classNames: names, errorRate: 0.1, random: r });
    labels.forEach((l, i) => {
      if (l !== names[truth[idx[i]!]! - 1]) wrong++;
    });
    expect(wrong / n).toBeGreaterThan(0.09);
    expect(wrong / n).toBeLessThan(0.11);
  });
});
