import { describe, expect, it } from "vitest";
import { NotFoundError } from "../domain/errors.ts";
import { reconcileCountry, reconcileYear } from "./reconcile.ts";
import { colombiaFigures } from "./test-support/figures.ts";

describe("US vs UN reconciliation", () => {
  it("Colombia 2020: area and per-hectare terms add up to the total log-ratio", () => {
    const d = reconcileYear(colombiaFigures(), "COL", 2020);
    expect(d.us).toMatchObject({ source: "ONDCP", areaHa: 245_000, cocaineT: 1_010 });
    expect(d.un).toMatchObject({ source: "UNODC", areaHa: 143_000, cocaineT: 1_228 });
    expect(d.logRatio.total).toBeCloseTo(Math.log(1_010 / 1_228), 14);
    expect(d.logRatio.area).toBeCloseTo(Math.log(245_000 / 143_000), 14);
    expect(d.logRatio.area + d.logRatio.perHectare).toBeCloseTo(d.logRatio.total, 14);
    expect(d.percent.area).toBeCloseTo(71.33, 2);
    expect(d.percent.perHectare).toBeCloseTo(-52.0, 1);
    expect(d.sentence).toContain("the US (ONDCP) counts 71% more coca but assumes 52% less cocaine per hectare than the UN (UNODC)");
    expect(d.sentence).toContain("18% less cocaine");
  });

  it("across years says which effect moved", () => {
    const rec = reconcileCountry(colombiaFigures(), "COL");
    expect(rec.years.map((y) => y.year)).toEqual([2017, 2018, 2019, 2020, 2021]);
    for (const c of rec.changes) expect(c.change.area + c.change.perHectare).toBeCloseTo(c.change.total, 14);
    // 2020 -> 2021: UNODC area jumps 143,000 -> 204,000 while ONDCP falls: the area gap closes.
    const last = rec.changes.find((c) => c.from === 2020)!;
    expect(last.drivenBy).toBe("area");
    expect(last.change.area).toBeLessThan(0);
  });

  it("says so when a side is missing", () => {
    expect(() => reconcileYear(colombiaFigures(), "COL", 2015)).toThrow(NotFoundError);
  });
});
