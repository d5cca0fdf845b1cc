import { describe, expect, it } from "vitest";
import { seriesPoints } from "./series-view.ts";
import type { ComparisonAnswer, RevisionRow } from "../types.ts";

const v = (value: number, published = "2020") => ({ value, published, citation: `c${published}` });

describe("series points", () => {
  const comparison: ComparisonAnswer = {
    country: "BOL",
    region: "national",
    metric: "cultivation_ha",
    unit: "ha",
    base: "UNODC",
    columns: [
      { key: "UNODC", source: "UNODC", sourceTerm: "coca_cultivation", family: "UN" },
      { key: "ONDCP", source: "ONDCP", sourceTerm: "coca_cultivation", family: "US" },
    ],
    years: [
      { year: 2010, values: { UNODC: v(31000), ONDCP: null }, differences: {} },
      { year: 2011, values: { UNODC: v(27200), ONDCP: v(25500, "2013") }, differences: {} },
      // 2012 published by nobody: a gap in both lines.
      { year: 2013, values: { UNODC: v(23000), ONDCP: v(27000) }, differences: {} },
    ],
  };
  const revision: RevisionRow = {
    country: "BOL",
    region: "national",
    year: 2011,
    metric: "cultivation_ha",
    unit: "ha",
    source: "ONDCP",
    sourceTerm: "coca_cultivation",
    from: v(30000, "2012"),
    to: v(25500, "2013"),
    change: -4500,
    relativeChange: -0.15,
  };

  it("gives every series every year of the span, NaN where nothing was published", () => {
    const points = seriesPoints(comparison, []);
    expect(points).toHaveLength(2 * 4);
    const ondcp = points.filter((p) => p.series === "ONDCP").map((p) => p.value);
    expect(ondcp.map((x) => (Number.isNaN(x) ? null : x))).toEqual([null, 25500, null, 27000]);
    const unodc = points.filter((p) => p.series === "UNODC");
    expect(Number.isNaN(unodc.find((p) => p.year === 2012)!.value)).toBe(true);
    expect(unodc.find((p) => p.year === 2010)).toMatchObject({ value: 31000, family: "UN", published: "2020" });
  });

  it("marks revised figures with their previous vintage", () => {
    const points = seriesPoints(comparison, [revision]);
    const revised = points.filter((p) => p.revised);
    expect(revised.map((p) => [p.series, p.year, p.revised!.from.value])).toEqual([["ONDCP", 2011, 30000]]);
  });

  it("attaches a published range to the figure it was published with (same source, year and value), not to another vintage", () => {
    const range = {
      country: "BOL",
      region: "national",
      year: 2011,
      metric: "cultivation_ha",
      source: "UNODC",
      value: 27200,
      low: 25000,
      high: 29000,
      unit: "ha",
      citation: "a fact sheet",
    };
    const points = seriesPoints(comparison, [], [range, { ...range, year: 2013, value: 99 }, { ...range, source: "ONDCP", value: 30000 }]);
    const ranged = points.filter((p) => p.range);
    expect(ranged.map((p) => [p.series, p.year, p.range!.low, p.range!.high])).toEqual([["UNODC", 2011, 25000, 29000]]);
  });
});
