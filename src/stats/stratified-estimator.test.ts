import { describe, expect, it } from "vitest";
import { InputError } from "../domain/errors.ts";
import { estimateFromErrorMatrix } from "./olofsson-estimator.ts";
import { estimateStratified, type LabelledUnit } from "./stratified-estimator.ts";

// Stehman (2014) IJRS 35:4923-4939, numerical example (Table 2): 4 strata of 10 units
// each, strata ≠ map classes. Expected values as printed by R mapaccuracy's stehman2014()
// example and asserted in PyMapAccuracy's tests (7 significant digits); the paper prints
// them to 2-3 decimals (pp. 4932-4936).
const rep = (x: string, k: number): string[] => Array.from({ length: k }, () => x);
const s = [...rep("A", 10), ...rep("B", 10), ...rep("C", 10), ...rep("D", 10)];
const m = [...rep("A", 7), ...rep("B", 3), "A", ...rep("B", 11), ...rep("C", 6), "B", "B", ...rep("D", 10)];
const r = [
  ...rep("A", 5),
  "C",
  "B",
  "A",
  "B",
  "C",
  "A",
  ...rep("B", 5),
  "A",
  "A",
  "B",
  "B",
  ...rep("C", 5),
  "D",
  "D",
  "B",
  "B",
  "A",
  ...rep("D", 7),
  "C",
  "C",
  "B",
];
const stehmanUnits: LabelledUnit[] = s.map((stratum, i) => ({ stratum, mapClass: m[i]!, referenceClass: r[i]!, unitId: `u${i + 1}` }));
const stehmanStrata = [
  { id: "A", sizeHa: 40000, sizeUnits: 40000 },
  { id: "B", sizeHa: 30000, sizeUnits: 30000 },
  { id: "C", sizeHa: 20000, sizeUnits: 20000 },
  { id: "D", sizeHa: 10000, sizeUnits: 10000 },
];

describe("estimateStratified: Stehman (2014) numerical example", () => {
  const e = estimateStratified({ strata: stehmanStrata, units: stehmanUnits, classes: ["A", "B", "C", "D"], z: 1.96 });

  it("reproduces the point estimates", () => {
    expect(e.areaProportion[0]).toBeCloseTo(0.35, 7);
    expect(e.areaProportion[2]).toBeCloseTo(0.2, 7);
    expect(e.overallAccuracy).toBeCloseTo(0.63, 7);
    expect(e.usersAccuracy[1]).toBeCloseTo(0.5744681, 7);
    expect(e.producersAccuracy[1]).toBeCloseTo(0.7941176, 7);
    expect(e.errorMatrixProportions[1]![2]).toBeCloseTo(0.08, 7);
    expect(e.areaHa[0]).toBeCloseTo(35000, 3);
    expect(e.mappedAreaEstimated).toBe(true);
  });

  it("reproduces the standard errors (with the fpc, as Stehman 2014 applies it)", () => {
    const e = estimateStratified({ strata: stehmanStrata, units: stehmanUnits, classes: ["A", "B", "C", "D"], fpc: true });
    expect(e.areaProportionSe[0]).toBeCloseTo(0.0822478, 7);
    expect(e.areaProportionSe[2]).toBeCloseTo(0.06427977, 8);
    expect(e.overallAccuracySe).toBeCloseTo(0.08464219, 8);
    expect(e.usersAccuracySe[1]).toBeCloseTo(0.1247822, 7);
    expect(e.producersAccuracySe[1]).toBeCloseTo(0.1165479, 7);
    expect(e.areaSeHa[0]).toBeCloseTo(0.0822478 * 100000, 1);
  });

  it("gives the hand-computed SE without the fpc", () => {
    // Stratum shares of class A: 6/10, 3/10, 1/10, 0/10; V = Σ W_h² s²_h / n_h.
    const v = ((0.16 * (6 - 3.6)) / 9 + (0.09 * (3 - 0.9)) / 9 + (0.04 * (1 - 0.1)) / 9) / 10;
    expect(e.areaProportionSe[0]).toBeCloseTo(Math.sqrt(v), 12);
    expect(e.fpc).toBe(false);
  });

  it("applies the finite-population correction only when asked", () => {
    const f = estimateStratified({ strata: stehmanStrata, units: stehmanUnits, classes: ["A", "B", "C", "D"], fpc: true });
    // V with fpc = Σ_h W_h² (1 − 10/N_h) s²_h / n_h; for OA recompute by hand from the strata.
    const w = [0.4, 0.3, 0.2, 0.1];
    const correct: number[][] = [0, 1, 2, 3].map((h) => Array.from({ length: 10 }, (_, k) => (m[h * 10 + k] === r[h * 10 + k] ? 1 : 0)));
    let v = 0;
    correct.forEach((ys, h) => {
      const mean = ys.reduce((a, b) => a + b, 0) / 10;
      const s2 = ys.reduce((a, y) => a + (y - mean) ** 2, 0) / 9;
      v += (w[h]! ** 2 * (1 - 10 / stehmanStrata[h]!.sizeUnits) * s2) / 10;
    });
    expect(f.overallAccuracySe).toBeCloseTo(Math.sqrt(v), 12);
    expect(f.overallAccuracySe).toBeLessThan(e.overallAccuracySe);
    expect(f.fpc).toBe(true);
  });

  it("reports the z it used and derives it from the confidence level by default", () => {
    expect(e.z).toBe(1.96);
    const d = estimateStratified({ strata: stehmanStrata, units: stehmanUnits, confidence: 0.9, interval: "normal" });
    expect(d.z).toBeCloseTo(1.644853627, 8);
    expect(d.confidence).toBe(0.9);
    expect(d.areaCiHa[0]![1] - d.areaHa[0]!).toBeCloseTo(d.z * d.areaSeHa[0]!, 9);
  });
});

describe("estimateStratified: degenerate cases", () => {
  const strata = [
    { id: "coca", sizeHa: 100, sizeUnits: 1111 },
    { id: "other", sizeHa: 9900, sizeUnits: 110000 },
  ];
  const unit = (stratum: string, mapClass: string, referenceClass: string): LabelledUnit => ({ stratum, mapClass, referenceClass });

  it("warns loudly about a stratum with one unit and still gives its share of the estimate", () => {
    const e = estimateStratified({
      strata,
      units: [unit("coca", "coca", "coca"), unit("other", "other", "other"), unit("other", "other", "coca"), unit("other", "other", "other")],
      classes: ["coca", "other"],
    });
    expect(e.warnings.some((w) => w.includes('stratum "coca" has only 1 sample unit') && w.includes("understated"))).toBe(true);
    expect(e.areaHa[0]).toBeCloseTo(100 + 9900 / 3, 9);
  });

  it("gives a class never observed 0 ha with a warning", () => {
    const e = estimateStratified({
      strata,
      units: [unit("coca", "coca", "other"), unit("coca", "coca", "other"), unit("other", "other", "other"), unit("other", "other", "other")],
      classes: ["coca", "other"],
    });
    expect(e.areaHa[0]).toBe(0);
    expect(e.areaSeHa[0]).toBe(0);
    expect(e.producersAccuracy[0]).toBeNull();
    expect(e.warnings.some((w) => w.includes('reference class "coca" was never observed'))).toBe(true);
  });

  it("reports a lower bound below 0 as computed and flags it", () => {
    const units = [
      unit("coca", "coca", "coca"),
      unit("coca", "coca", "other"),
      ...Array.from({ length: 30 }, () => unit("other", "other", "other")),
      unit("other", "other", "coca"),
    ];
    const e = estimateStratified({ strata, units, classes: ["coca", "other"], interval: "normal" });
    expect(e.areaCiHa[0]![0]).toBeLessThan(0);
    expect(e.areaCiHa[0]![0]).toBeCloseTo(e.areaHa[0]! - e.z * e.areaSeHa[0]!, 9);
    expect(e.areaCiLowerBelowZero).toEqual([true, false]);
    expect(e.warnings.some((w) => w.includes("lower bound below 0") && w.includes("not truncated"))).toBe(true);
    // The default score interval stays within [0, total] for the same sample, and the small count is flagged.
    const score = estimateStratified({ strata, units, classes: ["coca", "other"] });
    expect(score.areaHa).toEqual(e.areaHa);
    expect(score.areaSeHa).toEqual(e.areaSeHa);
    expect(score.areaCiHa[0]![0]).toBeGreaterThanOrEqual(0);
    expect(score.areaCiHa[0]![1]).toBeGreaterThan(e.areaCiHa[0]![1]);
    expect(score.areaCiLowerBelowZero).toEqual([false, false]);
    expect(score.smallCounts.map((c) => [c.class, c.stratum, c.count])).toEqual([
      ["coca", "coca", 1],
      ["coca", "other", 1],
    ]);
    expect(score.warnings.some((w) => w.includes('"other" (1 of 31 units') && w.includes("fewer than 5 sample units"))).toBe(true);
  });

  it("flags a zero-width interval when every stratum has one unit (a design fed to the wrong estimator)", () => {
    // Units of a simple random sample given one stratum each: no variance is estimable.
    const e = estimateStratified({
      strata: [
        { id: "u1", sizeHa: 50 },
        { id: "u2", sizeHa: 50 },
      ],
      units: [unit("u1", "coca", "coca"), unit("u2", "other", "other")],
      classes: ["coca", "other"],
    });
    expect(e.areaSeHa[0]).toBe(0);
    expect(e.warnings.some((w) => w.includes("zero width"))).toBe(true);
    expect(e.warnings.filter((w) => w.includes("only 1 sample unit"))).toHaveLength(2);
  });

  it("rejects bad input with errors naming the problem", () => {
    const ok = [unit("coca", "coca", "coca"), unit("coca", "coca", "coca"), unit("other", "other", "other"), unit("other", "other", "other")];
    const bad =
      (patch: Partial<Parameters<typeof estimateStratified>[0]>): (() => unknown) =>
      () =>
        estimateStratified({ strata, units: ok, classes: ["coca", "other"], ...patch });
    expect(bad({ units: [...ok, { ...unit("forest", "coca", "coca"), unitId: "u9" }] })).toThrow(
      /unit u9 is in stratum "forest", which is not in the strata list/,
    );
    expect(bad({ units: [...ok, unit("coca", "coca", "maize")] })).toThrow(/reference class "maize", which is not in the legend/);
    expect(bad({ units: [...ok, unit("coca", "palm", "coca")] })).toThrow(/map class "palm"/);
    expect(bad({ units: ok.slice(0, 2) })).toThrow(/stratum "other" \(9900 ha\) has no sample units/);
    expect(bad({ strata: [...strata, { id: "coca", sizeHa: 1 }] })).toThrow(/listed twice/);
    expect(bad({ strata: [{ id: "coca", sizeHa: -1 }, strata[1]!] })).toThrow(/invalid size -1 ha/);
    expect(bad({ strata: [{ id: "coca", sizeHa: 100 }, strata[1]!], fpc: true })).toThrow(/number of units \(pixels\) of stratum "coca"/);
    expect(bad({ strata: [{ id: "coca", sizeHa: 100, sizeUnits: 1 }, strata[1]!], fpc: true })).toThrow(/2 sample units but only 1 units/);
    expect(bad({ confidence: 1.5 })).toThrow(InputError);
    expect(bad({ z: -1 })).toThrow(/z must be a positive number/);
    expect(bad({ classes: ["coca", "coca"] })).toThrow(/appears twice/);
  });
});

describe("Olofsson closed form and per-unit estimator agree under fpc", () => {
  it("gives identical results with the finite-population correction on small strata", () => {
    const classes = ["coca", "bare", "forest"];
    const counts = [
      [18, 4, 3],
      [2, 20, 3],
      [1, 2, 40],
    ];
    const pixels = [60, 90, 400];
    const m = estimateFromErrorMatrix({ classes, mappedAreaHa: pixels.map((p) => p * 0.09), mappedAreaUnits: pixels, sampleCounts: counts, fpc: true });
    const units: LabelledUnit[] = [];
    counts.forEach((row, i) =>
      row.forEach((c, j) => {
        for (let k = 0; k < c; k++) units.push({ stratum: classes[i]!, mapClass: classes[i]!, referenceClass: classes[j]! });
      }),
    );
    const u = estimateStratified({ strata: classes.map((id, i) => ({ id, sizeHa: pixels[i]! * 0.09, sizeUnits: pixels[i]! })), units, classes, fpc: true });
    const flat = (e: typeof m): number[] => [
      ...e.areaHa,
      ...e.areaSeHa,
      ...(e.usersAccuracySe as number[]),
      ...(e.producersAccuracySe as number[]),
      e.overallAccuracySe,
    ];
    flat(u).forEach((x, i) => expect(x).toBeCloseTo(flat(m)[i]!, 9));
    const noFpc = estimateFromErrorMatrix({ classes, mappedAreaHa: pixels.map((p) => p * 0.09), sampleCounts: counts });
    expect(m.areaSeHa[0]).toBeLessThan(noFpc.areaSeHa[0]!);
  });
});
