import { describe, expect, it } from "vitest";
import { expectedStandardError, sampleSizeForClassArea, sampleSizeForOverallAccuracy } from "./sample-size.ts";

describe("sample size", () => {
  it("Cochran's form for a class area reaches its target SE under Neyman allocation", () => {
    const weights = [0.01, 0.04, 0.95];
    const p = [0.8, 0.1, 0.005];
    const r = sampleSizeForClassArea({ weights, anticipatedProportion: p, targetSeHa: 50, totalAreaHa: 100_000 });
    const sd = p.map((x) => Math.sqrt(x * (1 - x)));
    const sum = weights.reduce((s, w, h) => s + w * sd[h]!, 0);
    const nNeyman = weights.map((w, h) => (r.nUnrounded * w * sd[h]!) / sum);
    expect(expectedStandardError({ weights, sd, sampleSizes: nNeyman }) * 100_000).toBeCloseTo(50, 8);
    expect(r.n).toBe(Math.ceil(r.nUnrounded));
  });

  it("the fpc term lowers n for a small frame", () => {
    const base = { weights: [0.5, 0.5], anticipatedProportion: [0.5, 0.1], targetSeHa: 1, totalAreaHa: 100 };
    expect(sampleSizeForClassArea({ ...base, populationUnits: 1000 }).nUnrounded).toBeLessThan(sampleSizeForClassArea(base).nUnrounded);
  });

  it("rejects impossible targets", () => {
    expect(() => sampleSizeForOverallAccuracy({ weights: [1], usersAccuracy: [0.9], targetSe: 0 })).toThrow(/target SE/);
    expect(() => sampleSizeForOverallAccuracy({ weights: [1, 1], usersAccuracy: [0.9], targetSe: 0.01 })).toThrow(/1 entries for 2 strata/);
    expect(() => sampleSizeForClassArea({ weights: [1], anticipatedProportion: [1.2], targetSeHa: 5, totalAreaHa: 10 })).toThrow(/proportion in \[0, 1\]/);
    expect(() => sampleSizeForClassArea({ weights: [1], anticipatedProportion: [0], targetSeHa: 5, totalAreaHa: 10 })).toThrow(/n = 0/);
  });
});
