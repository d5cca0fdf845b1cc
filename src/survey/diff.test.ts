import { describe, expect, it } from "vitest";
import { comparability, diffSurveys } from "./diff.ts";

const base = {
  config: { seed: 1, design: { n: 300 } },
  provenance: { inputs: [{ role: "scene", sha256: "aa" }], stages: [{ name: "classify", seconds: 1 }] },
  results: { total: { areaHa: 100 }, createdAt: "x" },
  estimates: [{ region: "total", className: "coca", areaHa: 100 }],
};

describe("diffSurveys", () => {
  it("finds nothing between a survey and its rerun, ignoring timings", () => {
    const rerun = structuredClone(base);
    rerun.provenance.stages[0]!.seconds = 2;
    rerun.results.createdAt = "y";
    expect(diffSurveys(base, rerun).identical).toBe(true);
  });

  it("reports changed inputs, config values and estimates", () => {
    const other = structuredClone(base);
    other.config.design.n = 500;
    other.provenance.inputs[0]!.sha256 = "bb";
    other.estimates[0]!.areaHa = 120;
    other.results.total.areaHa = 120;
    const d = diffSurveys(base, other);
    expect(d.identical).toBe(false);
    expect(d.config).toEqual([{ path: "design.n", a: 300, b: 500 }]);
    expect(d.inputs).toEqual([{ path: "0.sha256", a: "aa", b: "bb" }]);
    expect(d.estimates).toEqual([{ region: "total", className: "coca", aHa: 100, bHa: 120, deltaHa: 20 }]);
    expect(d.results).toEqual([{ path: "total.areaHa", a: 100, b: 120 }]);
  });

  it("matches inputs by role, not by position, and says whether a region's change exceeds the combined SE", () => {
    const a = {
      country: "PER",
      config: { targetClass: "coca" },
      provenance: {
        inputs: [
          { role: "scene", path: "s1.tif", sha256: "s1" },
          { role: "scene", path: "s2.tif", sha256: "s2" },
          { role: "regions", path: "r.geojson", sha256: "r" },
        ],
      },
      results: {},
      estimates: [
        { region: "VRAEM", className: "coca", areaHa: 1000, areaSeHa: 30 },
        { region: "Huallaga", className: "coca", areaHa: 500, areaSeHa: 40 },
        { region: "VRAEM", className: "pasture", areaHa: 9, areaSeHa: 1 },
      ],
    };
    // The same scenes in the other order, one region changed by 60 ha (SE 30 and 40: combined 50).
    const b = structuredClone(a);
    b.provenance.inputs = [a.provenance.inputs[1]!, a.provenance.inputs[0]!, { role: "regions", path: "r2.geojson", sha256: "r2" }];
    b.estimates[0]!.areaHa = 1060;
    b.estimates[0]!.areaSeHa = 40;
    const d = diffSurveys(a, b);
    expect(d.inputsByRole).toEqual([{ role: "regions", onlyInA: ["sha256:r"], onlyInB: ["sha256:r2"] }]);
    const vraem = d.regions.find((r) => r.region === "VRAEM")!;
    expect(vraem.deltaHa).toBe(60);
    expect(vraem.combinedSeHa).toBeCloseTo(Math.sqrt(30 ** 2 + 40 ** 2), 12);
    expect(vraem.exceedsCombinedSe).toBe(true);
    expect(vraem.exceeds95).toBe(false);
    expect(d.regions.map((r) => r.region)).toEqual(["Huallaga", "VRAEM"]);
    expect(d.regions.find((r) => r.region === "Huallaga")!.exceedsCombinedSe).toBe(false);
  });

  it("refuses surveys of different countries or target classes, with the reason", () => {
    const s = (country: string, targetClass: string, id: number) => ({ id, country, config: { targetClass }, provenance: {}, results: {}, estimates: [] });
    expect(comparability(s("PER", "coca", 1), s("PER", "coca", 2))).toEqual({ comparable: true });
    expect(comparability(s("PER", "coca", 1), s("BOL", "coca", 2))).toEqual({
      comparable: false,
      reason: expect.stringMatching(/survey 1 is of PER and survey 2 of BOL/),
    });
    expect(comparability(s("PER", "coca", 1), s("PER", "pasture", 2))).toEqual({
      comparable: false,
      reason: expect.stringMatching(/"coca" and survey 2 "pasture"/),
    });
  });
});
