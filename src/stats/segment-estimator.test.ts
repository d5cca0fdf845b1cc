import { describe, expect, it } from "vitest";
import { estimateSegmentTotal } from "./segment-estimator.ts";

describe("estimateSegmentTotal", () => {
  // 5 sampled segments of 100 ha from a frame of 50; coca measured in each.
  const coca = [12, 0, 3, 20, 5];
  const segments = coca.map((cocaHa, i) => ({ segmentId: `s${i}`, cocaHa, auxiliary: [100, 80, 90, 120, 110][i] }));

  it("expansion estimator: M·ȳ with SE M·s/√m (× √(1 − f) with fpc)", () => {
    const e = estimateSegmentTotal({ segments, totalSegments: 50, estimator: "expansion", z: 1.96 });
    const mean = 8;
    const s2 = coca.reduce((a, y) => a + (y - mean) ** 2, 0) / 4;
    expect(e.totalHa).toBeCloseTo(400, 10);
    expect(e.seHa).toBeCloseTo(50 * Math.sqrt(s2 / 5), 10);
    expect(e.ciHa[0]).toBeCloseTo(400 - 1.96 * e.seHa, 10);
    const f = estimateSegmentTotal({ segments, totalSegments: 50, estimator: "expansion", fpc: true });
    expect(f.seHa).toBeCloseTo(e.seHa * Math.sqrt(1 - 5 / 50), 10);
  });

  it("combined ratio estimator over strata (Cochran 1977 eq. 6.50)", () => {
    const strata = [
      { id: "high", segments: 20, auxiliaryTotal: 2000 },
      { id: "low", segments: 30, auxiliaryTotal: 3100 },
    ];
    const seg = segments.map((s, i) => ({ ...s, stratum: i < 2 ? "high" : "low" }));
    const e = estimateSegmentTotal({ segments: seg, strata, estimator: "ratio" });
    const yHat = (20 * (12 + 0)) / 2 + (30 * (3 + 20 + 5)) / 3;
    const xHat = (20 * (100 + 80)) / 2 + (30 * (90 + 120 + 110)) / 3;
    const r = yHat / xHat;
    expect(e.ratio).toBeCloseTo(r, 12);
    expect(e.totalHa).toBeCloseTo(r * 5100, 9);
    const v = (ys: number[], xs: number[], M: number): number => {
      const d = ys.map((y, i) => y - r * xs[i]!);
      const m = d.reduce((a, b) => a + b, 0) / d.length;
      return (M * M * d.reduce((a, b) => a + (b - m) ** 2, 0)) / (d.length - 1) / d.length;
    };
    expect(e.seHa).toBeCloseTo(Math.sqrt(v([12, 0], [100, 80], 20) + v([3, 20, 5], [90, 120, 110], 30)), 9);
    expect(e.warnings.some((w) => w.includes("biased in small samples"))).toBe(true);
  });

  it("is honest about degenerate samples", () => {
    const none = estimateSegmentTotal({ segments: [{ cocaHa: 0 }, { cocaHa: 0 }], totalSegments: 10, estimator: "expansion" });
    expect(none.totalHa).toBe(0);
    expect(none.warnings[0]).toMatch(/no sampled segment has coca/);
    const one = estimateSegmentTotal({ segments: [{ cocaHa: 4 }], totalSegments: 10, estimator: "expansion" });
    expect(one.warnings.some((w) => w.includes("only 1 sampled segment"))).toBe(true);
    expect(one.warnings.some((w) => w.includes("zero width"))).toBe(true);
    const wide = estimateSegmentTotal({ segments: [{ cocaHa: 0 }, { cocaHa: 0 }, { cocaHa: 30 }], totalSegments: 100, estimator: "expansion" });
    expect(wide.ciLowerBelowZero).toBe(true);
    expect(wide.warnings.some((w) => w.includes("lower bound is below 0"))).toBe(true);
  });

  it("rejects bad input", () => {
    expect(() => estimateSegmentTotal({ segments, estimator: "expansion" })).toThrow(/number of segments in the frame/);
    expect(() => estimateSegmentTotal({ segments: [{ cocaHa: -1 }], totalSegments: 5, estimator: "expansion" })).toThrow(/invalid coca area -1 ha/);
    expect(() => estimateSegmentTotal({ segments: [{ cocaHa: 1 }], totalSegments: 5, estimator: "ratio" })).toThrow(/auxiliary value/);
    expect(() => estimateSegmentTotal({ segments, totalSegments: 5, estimator: "ratio" })).toThrow(/auxiliary total of stratum "all"/);
    expect(() => estimateSegmentTotal({ segments, totalSegments: 3, estimator: "expansion" })).toThrow(/5 sampled segments but only 3/);
    expect(() => estimateSegmentTotal({ segments: [{ cocaHa: 1, stratum: "x" }], strata: [{ id: "a", segments: 4 }], estimator: "expansion" })).toThrow(
      /stratum "x", which is not/,
    );
  });
});
