import { describe, expect, it } from "vitest";
import { createRandom } from "../stats/random.ts";
import { sortedQuantile } from "./draw-summary.ts";
import { quantiles, quantilesInRange, selectInPlace } from "./select.ts";

describe("selection", () => {
  it("gives the same quantiles as a full sort, with ties and in any order of probabilities", () => {
    const r = createRandom(9);
    for (const n of [1, 2, 3, 10, 601, 5_000]) {
      const a = new Float64Array(n);
      for (let i = 0; i < n; i++) a[i] = Math.round(r.normal() * 20) / 4; // many ties
      const ps = [0.975, 0, 0.5, 0.025, 1, 0.05, 0.95, 0.333];
      const sorted = a.slice().sort();
      expect(quantiles(a, ps).map((v) => v + 0)).toEqual(ps.map((p) => sortedQuantile(sorted, p) + 0));
    }
  });

  it("places the k-th smallest at k", () => {
    const a = Float64Array.from([5, 1, 4, 2, 3, 9, 0, 7]);
    selectInPlace(a, 3);
    expect(a[3]).toBe(3);
    for (let i = 0; i < 3; i++) expect(a[i]).toBeLessThanOrEqual(3);
    for (let i = 4; i < a.length; i++) expect(a[i]).toBeGreaterThanOrEqual(3);
  });

  it("gives the same quantiles by bucket counts as by selection: smooth, tied, skewed, with a spike at zero", () => {
    const r = createRandom(4);
    const ps = [0.025, 0.05, 0.5, 0.95, 0.975, 0, 1, 0.3333];
    const makers: ((i: number) => number)[] = [
      () => r.normal(),
      () => Math.round(r.normal() * 3), // few distinct values: whole buckets of ties
      () => Math.exp(3 * r.normal()), // most values in the lowest buckets
      () => Math.max(0, r.normal() - 1.5), // 93% exactly zero, as netLeafT can be
      (i) => (i % 2 === 0 ? 1 : 2) + r.next() * 1e-12, // two tight clusters at the ends of the range
    ];
    for (const n of [40_000, 250_001]) {
      for (const make of makers) {
        const a = Float64Array.from({ length: n }, (_, i) => make(i));
        let min = Infinity;
        let max = -Infinity;
        for (const v of a) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
        const copy = a.slice();
        expect(quantilesInRange(a, ps, min, max, new Float64Array(n)).map((v) => v + 0)).toEqual(quantiles(a, ps).map((v) => v + 0)); // -0 and 0 tie
        expect(a).toEqual(copy); // not modified
      }
    }
  });

  it("falls back to plain selection when a value lies outside the stated range", () => {
    const a = Float64Array.from({ length: 50_000 }, (_, i) => i);
    expect(quantilesInRange(a, [0.5, 1], 0, 40_000)).toEqual(quantiles(a, [0.5, 1]));
  });
});
