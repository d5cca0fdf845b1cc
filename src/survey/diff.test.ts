import { describe, expect, it } from "vitest";
import { diffSurveys } from "./diff.ts";

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
});
