import { describe, expect, it } from "vitest";
import { createRandom } from "../stats/random.ts";
import { sortedQuantile } from "./draw-summary.ts";
import { quantiles, selectInPlace } from "./select.ts";

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
});
