import { describe, expect, it } from "vitest";
import { impliedRatios, impliedTrends } from "./implied.ts";
import { colombiaFigures, fig } from "./test-support/figures.ts";

describe("implied ratios", () => {
  it("cocaine kg per ha for every (country, year, source) with area and cocaine", () => {
    const rows = impliedRatios(colombiaFigures());
    expect(rows).toHaveLength(10);
    const us2020 = rows.find((r) => r.source === "ONDCP" && r.year === 2020)!;
    expect(us2020.cocaineKgPerHa).toBeCloseTo((1_010 * 1000) / 245_000, 12);
    expect(us2020.citations).toHaveLength(2);
  });

  it("leaf yield and leaf per kg of cocaine where leaf is published (Peru 2005: 106,000 t leaf, 180 t, 48,200 ha)", () => {
    const rows = impliedRatios([
      fig("PER", 2005, "UNODC", "leaf_t", 106_000),
      fig("PER", 2005, "UNODC", "cocaine_t", 180),
      fig("PER", 2005, "UNODC", "cultivation_ha", 48_200),
    ]);
    expect(rows[0]!.leafKgPerKgCocaine).toBeCloseTo(106_000 / 180, 9);
    expect(rows[0]!.leafYieldKgHa).toBeCloseTo(106_000_000 / 48_200, 9);
  });

  it("the trend of implied kg/ha: ONDCP Peru rose from 2012 to 2021", () => {
    const pairs: [number, number, number][] = [
      [2012, 50_500, 307],
      [2013, 59_500, 359],
      [2014, 46_500, 353],
      [2015, 53_000, 409],
      [2016, 44_000, 409],
      [2017, 49_800, 486],
      [2018, 52_100, 509],
      [2019, 72_000, 705],
      [2021, 84_400, 785],
    ];
    const figs = pairs.flatMap(([y, a, c]) => [fig("PER", y, "ONDCP", "cultivation_ha", a), fig("PER", y, "ONDCP", "cocaine_t", c)]);
    const [t] = impliedTrends(impliedRatios(figs));
    expect(t!.n).toBe(9);
    expect(t!.pctPerYear).toBeGreaterThan(0);
    expect(t!.ci95[0]).toBeGreaterThan(0);
    expect(t!.summary).toMatch(/rose/);
  });
});
