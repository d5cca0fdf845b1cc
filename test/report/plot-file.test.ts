/**
 * `--plot FILE.svg|png`: the result of a command as the dashboard's chart. The builders are checked on
 * their own; drawing goes through headless Chromium (skipped without it).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/domain/errors.ts";
import type { Comparison } from "../../src/figures/compare.ts";
import { comparisonChart, plotFormat, writePlot } from "../../src/report/plot-file.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const comparison: Comparison = {
  country: "BOL",
  region: "national",
  metric: "cultivation_ha",
  unit: "ha",
  base: "UNODC",
  columns: [
    { key: "UNODC", source: "UNODC", sourceTerm: "area", family: "UN" },
    { key: "ONDCP", source: "ONDCP", sourceTerm: "area", family: "US" },
  ],
  years: [
    {
      year: 2018,
      values: {
        UNODC: { value: 23_100, published: "2019", citation: "UNODC 2019", citationKind: "producer" },
        ONDCP: { value: 32_900, published: "2019", citation: "ONDCP 2019", citationKind: "producer" },
      },
      differences: {},
    },
    { year: 2020, values: { UNODC: { value: 29_400, published: "2021", citation: "UNODC 2021", citationKind: "producer" }, ONDCP: null }, differences: {} },
  ],
};

describe("--plot", () => {
  it("takes .svg or .png only", () => {
    expect(plotFormat("a.SVG")).toBe("svg");
    expect(plotFormat("b.png")).toBe("png");
    expect(() => plotFormat("c.pdf")).toThrow(InputError);
  });

  it("draws every year of the span, a year without a figure as a gap, citations numbered", () => {
    const block = comparisonChart(comparison);
    if (block.chart !== "series") throw new Error("expected a series chart");
    const unodc = block.input.points.filter((p) => p.series === "UNODC").map((p) => [p.year, p.value]);
    expect(unodc).toEqual([
      [2018, 23_100],
      [2019, Number.NaN],
      [2020, 29_400],
    ]);
    expect(block.input.citationNumbers).toEqual({ "UNODC 2019": 1, "UNODC 2021": 2, "ONDCP 2019": 3 });
    expect(block.caption).toContain("[2] UNODC 2021");
  });

  it("draws a published range as an interval on its figure's point and names it in the caption", () => {
    const range = {
      country: "BOL",
      region: "national",
      year: 2020,
      metric: "cultivation_ha" as const,
      source: "UNODC",
      value: 29_400,
      low: 27_000,
      high: 31_000,
      unit: "ha",
      citation: "a fact sheet",
      notes: "",
    };
    const block = comparisonChart(comparison, "en", [range, { ...range, value: 1 }]);
    if (block.chart !== "series") throw new Error("expected a series chart");
    expect(block.input.points.filter((p) => p.low != null).map((p) => [p.series, p.year, p.low, p.high])).toEqual([["UNODC", 2020, 27_000, 31_000]]);
    expect(block.caption).toContain("vertical bars: published ranges: UNODC 2020 27,000–31,000 ha");
    expect(block.caption).toContain("a fact sheet");
  });

  it.skipIf(!existsSync(CHROMIUM))(
    "writes a standalone SVG with the legend and a PNG",
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "coca-plot-"));
      try {
        await writePlot(comparisonChart(comparison), join(dir, "c.svg"), { chromiumPath: CHROMIUM });
        const svg = readFileSync(join(dir, "c.svg"), "utf8");
        expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg')).toBe(true);
        expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
        expect(svg).toMatch(/<text[^>]*>UNODC<\/text>/);
        expect(svg).toMatch(/<title>[^<]*UNODC 2021/);
        await writePlot(comparisonChart(comparison), join(dir, "c.png"), { chromiumPath: CHROMIUM });
        expect([...readFileSync(join(dir, "c.png")).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    120_000,
  );
});
