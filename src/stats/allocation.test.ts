import { describe, expect, it } from "vitest";
import { allocateSample, describeCountCheck, expectedCountCheck, parseAllocation } from "./allocation.ts";

describe("allocateSample", () => {
  const sizes = [200_000, 150_000, 3_200_000, 6_450_000];

  it("allocates proportionally, equally and by Neyman, summing to n", () => {
    expect(allocateSample({ n: 640, sizes, rule: "proportional" }).sampleSizes).toEqual([13, 9, 205, 413]);
    expect(allocateSample({ n: 640, sizes, rule: "equal" }).sampleSizes).toEqual([160, 160, 160, 160]);
    const sd = [0.7, 0.6, 0.9, 0.95].map((u) => Math.sqrt(u * (1 - u)));
    const neyman = allocateSample({ n: 641, sizes, rule: "neyman", sd }).sampleSizes;
    expect(neyman.reduce((a, b) => a + b, 0)).toBe(641);
    // n_h ∝ N_h S_h: W·S = 0.00917, 0.00735, 0.096, 0.14058 (Σ 0.25309).
    expect(neyman).toEqual([23, 19, 243, 356]);
  });

  it("gives rare strata a minimum and the rest proportionally (min:75)", () => {
    const a = allocateSample({ n: 640, sizes, rule: parseAllocation("min:75") });
    expect(a.sampleSizes.slice(0, 2)).toEqual([75, 75]);
    // The remaining 490 split 3.2 : 6.45 between the stable strata.
    expect(a.sampleSizes.slice(2)).toEqual([162, 328]);
  });

  it("never exceeds a stratum's size and gives every non-empty stratum 2 units", () => {
    const a = allocateSample({ n: 100, sizes: [3, 1, 10_000, 0], rule: "equal", ids: ["a", "b", "c", "d"] });
    expect(a.sampleSizes).toEqual([3, 1, 96, 0]);
    const p = allocateSample({ n: 100, sizes: [10, 100_000], rule: "proportional", ids: ["coca", "other"] });
    expect(p.sampleSizes).toEqual([2, 98]);
    expect(p.warnings[0]).toMatch(/stratum coca would get 0 unit\(s\) under proportional allocation; raised to 2/);
  });

  it("rejects bad rules and sizes", () => {
    expect(() => parseAllocation("optimal")).toThrow(/unknown allocation "optimal"/);
    expect(() => parseAllocation("min:0")).toThrow(/min:N/);
    expect(() => allocateSample({ n: 100, sizes: [50, 60], rule: { minimum: 75 } })).toThrow(/min:75 needs at least 110 units/);
    expect(() => allocateSample({ n: 1000, sizes: [50, 60], rule: "equal" })).toThrow(/exceeds the 110 units/);
    expect(() => allocateSample({ n: 10, sizes: [50, 60], rule: "neyman" })).toThrow(/Neyman allocation needs/);
    expect(() => allocateSample({ n: 0, sizes: [50], rule: "equal" })).toThrow(/whole number > 0/);
  });
});

describe("expectedCountCheck", () => {
  // The rare-omission design: mapped coca 31,100 px (p 0.8), the rest 3,968,900 px (p 0.005), n = 600, 200/400.
  const sizes = [31_100, 3_968_900];
  const anticipated = [0.8, 0.005];

  it("flags a large stratum expecting fewer than 5 coca units and suggests raising it to ⌈5/p⌉", () => {
    const check = expectedCountCheck({ n: 600, sizes, rule: "proportional", ids: ["coca", "other"], sampleSizes: [200, 400], anticipated });
    expect(check.low.map((r) => [r.stratum, r.expectedCount, r.needed])).toEqual([["other", 2, 1000]]);
    expect(check.low[0]!.shareOfClass).toBeCloseTo((3_968_900 * 0.005) / (3_968_900 * 0.005 + 31_100 * 0.8), 12);
    // 1,000 units for "other" do not fit in 600: n grows to 1,002 (2 for the coca stratum).
    expect(check.suggestion).toEqual({ n: 1002, sampleSizes: [2, 1000] });
    expect(describeCountCheck(check, "coca")[0]).toMatch(
      /stratum other \(400 units × anticipated 0\.005 = 2\.0 expected; it holds 44% of coca\).*n = 1002, allocation 2\/1000/,
    );
  });

  it("is quiet when every material stratum expects 5 or more", () => {
    expect(expectedCountCheck({ n: 1200, sizes, rule: "proportional", sampleSizes: [200, 1000], anticipated }).low).toEqual([]);
    // A stratum with a negligible share of the class is not flagged, however few it expects.
    expect(expectedCountCheck({ n: 600, sizes: [31_100, 3_968_900], rule: "proportional", sampleSizes: [200, 400], anticipated: [0.8, 0.0001] }).low).toEqual(
      [],
    );
  });

  it("keeps per-stratum minimums in the allocation and re-splits the rest by the rule", () => {
    const a = allocateSample({ n: 1500, sizes, rule: "proportional", minimums: [0, 1000] });
    expect(a.sampleSizes).toEqual([12, 1488]);
    const b = allocateSample({ n: 1500, sizes, rule: "equal", minimums: [0, 1000] });
    expect(b.sampleSizes).toEqual([500, 1000]);
    expect(() => allocateSample({ n: 900, sizes, rule: "equal", minimums: [0, 1000] })).toThrow(/minimums need at least 1000 units, but n is 900/);
  });
});
