import { describe, expect, it } from "vitest";
import { createRandom } from "../stats/random.ts";
import { compileModel } from "./model.ts";
import { runMonteCarlo } from "./monte-carlo.ts";
import type { Parameter, ParameterSet } from "./parameter-set.ts";
import { sensitivity } from "./sensitivity.ts";
import { sampleParameter, parameterQuantile } from "./distribution.ts";

const p = (value: number, distribution: Parameter["distribution"]): Parameter => ({
  value,
  unit: "u",
  distribution,
  status: "assumption",
  reason: "test",
  uncertaintyReason: "test",
  citation: "test",
});

describe("sensitivity", () => {
  it("first-order shares follow the log-variance of a product model; the tornado ranks the wider parameter first", () => {
    // cocaine = area x yield / ratio with independent lognormals: shares ~ sdLog^2 / sum(sdLog^2).
    const set: ParameterSet = {
      name: "s",
      source: "T",
      sourceFamily: "UN",
      country: "PER",
      period: { from: 2000, to: 2030 },
      description: "t",
      regions: [{ region: "national", yieldKgHa: p(2_000, { kind: "lognormal", sdLog: 0.05 }) }],
      conversion: { kind: "leaf-per-cocaine", leafKgPerKgCocaine: p(500, { kind: "lognormal", sdLog: 0.1 }) },
    };
    const model = compileModel(set, [{ region: "national", areaHa: 1_000 }]);
    const mc = runMonteCarlo(model, { draws: 100_000, random: createRandom(11) });
    const s = sensitivity(model, mc.columns, mc.cocaineT);
    expect(s.firstOrder[0]!.slot).toBe("leafKgPerKgCocaine");
    expect(s.firstOrder[0]!.share).toBeCloseTo(0.8, 1);
    expect(s.firstOrder[1]!.share).toBeCloseTo(0.2, 1);
    expect(s.interactionShare).toBeLessThan(0.05);
    expect(s.tornado.map((r) => r.slot)).toEqual(["leafKgPerKgCocaine", "yield:national"]);
    expect(s.tornado[0]!.cocaineTAtLow).toBeGreaterThan(s.tornado[0]!.cocaineTAtHigh);
  });
});

describe("distributions", () => {
  it("triangular and uniform draws have their textbook means; bounds truncate", () => {
    const r = createRandom(5);
    const tri = sampleParameter(p(2, { kind: "triangular", min: 0, max: 6, mode: 3 }), r, new Float64Array(50_000));
    expect(tri.reduce((a, b) => a + b, 0) / tri.length).toBeCloseTo(3, 1);
    const uni = sampleParameter(p(1, { kind: "uniform", min: 0, max: 2 }), r, new Float64Array(50_000));
    expect(uni.reduce((a, b) => a + b, 0) / uni.length).toBeCloseTo(1, 1);
    const trunc = sampleParameter({ ...p(1, { kind: "normal", sd: 1 }), bounds: { min: 0.5 } }, r, new Float64Array(10_000));
    expect(Math.min(...trunc)).toBeGreaterThanOrEqual(0.5);
    expect(parameterQuantile(p(10, { kind: "lognormal", sdLog: 0.1 }), 0.5)).toBeCloseTo(10, 12);
  });
});
