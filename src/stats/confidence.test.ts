import { describe, expect, it } from "vitest";
import { confidenceForZ, inverseNormalCdf, resolveInterval, zForConfidence } from "./confidence.ts";

describe("confidence", () => {
  it("gives the standard z values", () => {
    // Reference values: Python statistics.NormalDist().inv_cdf (Wichura AS241).
    expect(zForConfidence(0.95)).toBeCloseTo(1.9599639845400536, 13);
    expect(zForConfidence(0.9)).toBeCloseTo(1.6448536269514715, 13);
    expect(zForConfidence(0.99)).toBeCloseTo(2.5758293035489, 12);
    expect(inverseNormalCdf(0.5)).toBe(0);
    expect(inverseNormalCdf(0.3)).toBeCloseTo(-0.5244005127080407, 13);
    expect(inverseNormalCdf(1e-10)).toBeCloseTo(-6.361340902404056, 11);
    expect(inverseNormalCdf(1 - 1e-10)).toBeCloseTo(6.361340902, 6);
  });

  it("lets an explicit z win and reports the confidence it stands for", () => {
    expect(resolveInterval({ z: 1.96 })).toEqual({ z: 1.96, confidence: expect.closeTo(0.9500042, 6) });
    expect(resolveInterval({ confidence: 0.95, z: 1.96 }).z).toBe(1.96);
    expect(resolveInterval().z).toBeCloseTo(1.959964, 6);
    expect(confidenceForZ(2.575829304)).toBeCloseTo(0.99, 6);
  });

  it("rejects levels outside (0, 1) and non-positive z", () => {
    expect(() => zForConfidence(95)).toThrow(/confidence must be between 0 and 1/);
    expect(() => zForConfidence(0)).toThrow(/confidence/);
    expect(() => resolveInterval({ z: 0 })).toThrow(/z must be a positive number/);
    expect(() => inverseNormalCdf(1)).toThrow(RangeError);
  });
});
