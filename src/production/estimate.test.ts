import { describe, expect, it } from "vitest";
import { InputError } from "../domain/errors.ts";
import { createRandom } from "../stats/random.ts";
import { estimateProduction } from "./estimate.ts";
import { compileModel, pointEstimate } from "./model.ts";
import { runMonteCarlo } from "./monte-carlo.ts";
import { loadParameterSets } from "./parameter-set-loader.ts";
import type { Parameter, ParameterSet } from "./parameter-set.ts";
import { leafBalance, publishedRounding, reproducePublished } from "./reproduce.ts";
import { fig } from "./test-support/figures.ts";

const sets = await loadParameterSets();
const byName = (name: string): ParameterSet => sets.find((s) => s.name === name)!;

const fixed = (value: number, unit: string): Parameter => ({
  value,
  unit,
  distribution: { kind: "fixed" },
  status: "assumption",
  reason: "test",
  uncertaintyReason: "none",
  citation: "test",
});

describe("Peru 2016 leaf balance (UNODC/DEVIDA fact sheet)", () => {
  const params = byName("unodc-per-2016");

  it("43,900 ha x 2,415 kg/ha gives about 106,000 t of leaf, within the rounding of the published 105,960 t", () => {
    const model = compileModel(params, [{ region: "national", areaHa: 43_900 }]);
    const point = pointEstimate(model);
    expect(point.leafT).toBeCloseTo(106_018.5, 6);
    const [row] = reproducePublished(params, [{ region: "national", areaHa: 43_900 }], { leafT: fig("PER", 2016, "UNODC", "leaf_t", 105_960) });
    expect(row!.residual).toBeCloseTo(58.5, 6);
    // Area rounded to 100 ha (+-50 ha x 2,415) and yield to 1 kg/ha (+-0.5 x 43,900) and the figure to 10 t.
    expect(row!.tolerance).toBeCloseTo(120.75 + 21.95 + 5, 6);
    expect(row!.withinRounding).toBe(true);
  });

  it("published leaf minus 10,728 t traditional and 163 t industrial use leaves 95,069 t", () => {
    expect(leafBalance({ leafT: 105_960, traditionalLeafT: 10_728, industrialLeafT: 163 }).netLeafT).toBe(95_069);
    const d = params.deductions!;
    expect(d.traditionalLeafT!.value).toBe(10_728);
    expect(d.industrialLeafT!.value).toBe(163);
    const point = pointEstimate(compileModel(params, [{ region: "national", areaHa: 43_900 }]));
    expect(point.netLeafT).toBeCloseTo(106_018.5 - 10_728 - 163, 6);
  });
});

describe("Bolivia 2005 regional areas x regional yields (UNODC fact sheet)", () => {
  const params = byName("unodc-bol-2004-2005");

  it("reproduces the published 42,000 t of leaf to its rounding, residual shown", () => {
    const regions = [
      { region: "Chapare (Tropico de Cochabamba)", areaHa: 7_000 },
      { region: "Yungas de La Paz", areaHa: 18_100 },
      { region: "Apolo (Norte de La Paz)", areaHa: 300 },
    ];
    // 7,000 x 2,764 + (11,700 x 936 + 6,400 x 1,798) + 300 x 936 = 42,087.2 t
    const [row] = reproducePublished(params, regions, { leafT: fig("BOL", 2005, "UNODC", "leaf_t", 42_000) });
    expect(row!.model).toBeCloseTo(42_087.2, 6);
    expect(row!.residual).toBeCloseTo(87.2, 6);
    expect(row!.withinRounding).toBe(true);
  });

  it("2004 reproduces 49,000 t the same way", () => {
    const regions = [
      { region: "Chapare", areaHa: 10_100 },
      { region: "Yungas de La Paz", areaHa: 17_300 },
      { region: "Apolo", areaHa: 300 },
    ];
    const [row] = reproducePublished(params, regions, { leafT: fig("BOL", 2004, "UNODC", "leaf_t", 49_000) });
    expect(row!.model).toBeCloseTo(27_916.4 + 11_700 * 0.936 + 5_600 * 1.798 + 300 * 0.936, 6);
    expect(Math.abs(row!.residual)).toBeLessThan(500);
    expect(row!.withinRounding).toBe(true);
  });

  it("caps a zone's area at its region's area", () => {
    const point = pointEstimate(compileModel(params, [{ region: "Yungas de La Paz", areaHa: 5_000 }]));
    expect(point.leafT).toBeCloseTo(5_000 * 0.936, 9);
  });
});

describe("publishedRounding", () => {
  it("reads the step from trailing zeros and decimals", () => {
    expect(publishedRounding(42_000)).toBe(1_000);
    expect(publishedRounding(7_000)).toBe(100);
    expect(publishedRounding(105_960)).toBe(10);
    expect(publishedRounding(2_415)).toBe(1);
    expect(publishedRounding(0.45)).toBeCloseTo(0.01, 12);
  });
});

describe("Monte Carlo", () => {
  const params = byName("unodc-per-2016");
  const regions = [{ region: "national", areaHa: 43_900, areaSeHa: 2_000 }];

  it("is reproducible draw for draw from the seed", () => {
    const model = compileModel(params, regions);
    const a = runMonteCarlo(model, { draws: 5_000, random: createRandom(7) });
    const b = runMonteCarlo(model, { draws: 5_000, random: createRandom(7) });
    const c = runMonteCarlo(model, { draws: 5_000, random: createRandom(8) });
    expect(Array.from(a.cocaineT)).toEqual(Array.from(b.cocaineT));
    a.columns.forEach((col, i) => expect(Array.from(col)).toEqual(Array.from(b.columns[i]!)));
    expect(Array.from(a.cocaineT)).not.toEqual(Array.from(c.cocaineT));
  });

  it("a parameter set with zero uncertainty gives a zero-width interval equal to the point estimate", () => {
    const set: ParameterSet = {
      ...params,
      name: "fixed",
      regions: [{ region: "national", yieldKgHa: fixed(2_415, "kg/ha/yr") }],
      deductions: { traditionalLeafT: fixed(10_728, "t"), industrialLeafT: fixed(163, "t") },
      conversion: { kind: "leaf-per-cocaine", leafKgPerKgCocaine: fixed(584, "kg/kg") },
    };
    const est = estimateProduction({
      country: "PER",
      year: 2016,
      regions: [{ region: "national", areaHa: 43_900 }],
      params: set,
      draws: 1_000,
      random: createRandom(1),
    });
    const expected = (43_900 * 2.415 - 10_728 - 163) / 584;
    expect(est.pointEstimate.cocaineT).toBeCloseTo(expected, 9);
    for (const v of [est.cocaineT.mean, est.cocaineT.median, ...est.cocaineT.ci90, ...est.cocaineT.ci95]) expect(v).toBeCloseTo(expected, 9);
    expect(est.cocaineT.ci95[1] - est.cocaineT.ci95[0]).toBe(0);
    expect(est.sensitivity.tornado).toEqual([]);
  });

  it("the published set's draws centre on its point estimate", () => {
    const est = estimateProduction({
      country: "PER",
      year: 2016,
      regions: [{ region: "national", areaHa: 43_900 }],
      params,
      draws: 100_000,
      random: createRandom(2016),
    });
    // Leaf is linear in the normal yield, so its mean is the point estimate up to Monte Carlo error (sd/sqrt(n) ~ 0.03%).
    expect(Math.abs(est.leafT!.mean / est.pointEstimate.leafT! - 1)).toBeLessThan(0.003);
    expect(est.cocaineT.ci90[0]).toBeLessThan(est.pointEstimate.cocaineT);
    expect(est.cocaineT.ci90[1]).toBeGreaterThan(est.pointEstimate.cocaineT);
    expect(est.cocaineT.histogram.counts.reduce((a, b) => a + b, 0)).toBe(100_000);
    expect(est.parameters.every((p) => p.citation.length > 0 && ["published", "assumption", "derived"].includes(p.status))).toBe(true);
  });

  it("propagates the area's own standard error", () => {
    const narrow = estimateProduction({
      country: "PER",
      year: 2016,
      regions: [{ region: "national", areaHa: 43_900 }],
      params,
      draws: 20_000,
      random: createRandom(3),
    });
    const wide = estimateProduction({
      country: "PER",
      year: 2016,
      regions: [{ region: "national", areaHa: 43_900, areaSeHa: 8_000 }],
      params,
      draws: 20_000,
      random: createRandom(3),
    });
    expect(wide.cocaineT.sd).toBeGreaterThan(narrow.cocaineT.sd);
    expect(wide.sensitivity.firstOrder.map((s) => s.slot)).toContain("area:national");
  });
});

describe("model variants", () => {
  it("per-hectare conversion: Colombia UNODC 2020 area x derived kg/ha, no leaf", () => {
    const params = byName("unodc-col-2017-2023");
    const est = estimateProduction({
      country: "COL",
      year: 2020,
      regions: [{ region: "national", areaHa: 143_000 }],
      params,
      draws: 2_000,
      random: createRandom(1),
    });
    const kgHa = params.conversion.kind === "per-hectare" ? params.conversion.cocaineKgPerHa.value : NaN;
    expect(est.pointEstimate.cocaineT).toBeCloseTo(143 * kgHa, 9);
    expect(est.leafT).toBeNull();
    expect(est.pointEstimate.leafT).toBeNull();
  });

  it("alkaloid x lab efficiency and young fields", () => {
    const set: ParameterSet = {
      name: "alkaloid-test",
      source: "TEST",
      sourceFamily: "UN",
      country: "PER",
      period: { from: 2000, to: 2030 },
      description: "test",
      regions: [{ region: "national", yieldKgHa: fixed(2_000, "kg/ha/yr"), youngAreaShare: fixed(0.2, "fraction"), youngYieldFactor: fixed(0.25, "fraction") }],
      conversion: { kind: "alkaloid", alkaloidContent: fixed(0.006, "fraction"), labEfficiency: fixed(0.5, "fraction") },
    };
    const p = pointEstimate(compileModel(set, [{ region: "national", areaHa: 1_000 }]));
    // 1,000 ha x 2 t/ha x (1 - 0.2 x 0.75) = 1,700 t leaf; x 0.006 x 0.5 = 5.1 t
    expect(p.leafT).toBeCloseTo(1_700, 9);
    expect(p.cocaineT).toBeCloseTo(5.1, 9);
  });

  it("refuses a region the set does not cover, and a negative area", () => {
    const set = byName("unodc-bol-2004-2005");
    const noNational: ParameterSet = { ...set, regions: set.regions.filter((r) => r.region !== "national") };
    expect(() => compileModel(noNational, [{ region: "Beni", areaHa: 10 }])).toThrow(InputError);
    expect(() => compileModel(set, [{ region: "national", areaHa: -1 }])).toThrow(/must be a number >= 0/);
  });
});
