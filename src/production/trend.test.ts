import { describe, expect, it } from "vitest";
import { backtest, fitTrend, fitTrendModel } from "./trend.ts";
import { seriesTrend } from "./series-trend.ts";
import type { MethodologyBreak } from "./methodology-breaks.ts";
import { peruCultivation } from "./test-support/figures.ts";
import { studentTQuantile, normalQuantile, studentTCdf } from "./special-functions.ts";

describe("distribution functions", () => {
  it("match published tables", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(studentTQuantile(0.975, 6)).toBeCloseTo(2.446912, 5);
    expect(studentTQuantile(0.9, 3)).toBeCloseTo(1.637744, 5);
    expect(studentTCdf(0, 5)).toBeCloseTo(0.5, 12);
  });
});

describe("trend models", () => {
  const exact = [2010, 2011, 2012, 2013, 2014, 2015, 2016].map((year, i) => ({ year, value: 1000 * 1.1 ** i }));

  it("log-linear recovers an exact exponential growth and forecasts the held-out years without error", () => {
    const fit = fitTrendModel("log-linear", exact);
    expect(Math.exp(fit.parameters.slopeLogPerYear!)).toBeCloseTo(1.1, 12);
    const bt = backtest("log-linear", exact, 4);
    expect(bt.errors.map((e) => e.year)).toEqual([2014, 2015, 2016]);
    for (const e of bt.errors) expect(e.forecast).toBeCloseTo(e.actual, 6);
  });

  it("rolling-origin backtest on held-out years of Peru's UNODC series: each held-out year is forecast from the years before it only", () => {
    const pts = peruCultivation()
      .filter((f) => f.source === "UNODC")
      .map((f) => ({ year: f.year, value: f.value }))
      .sort((a, b) => a.year - b.year);
    const bt = backtest("drift", pts, 4);
    expect(bt.origins).toBe(pts.length - 4);
    const first = bt.errors[0]!;
    // Drift fitted on 1999, 2004, 2005, 2007 -> forecast 2008.
    const mu = Math.log(53_700 / 38_700) / 8;
    expect(first.year).toBe(2008);
    expect(first.forecast).toBeCloseTo(53_700 * Math.exp(mu), 6);
    expect(first.actual).toBe(56_100);
    const fit = fitTrend(pts);
    expect(fit.backtest.map((b) => b.model).sort()).toEqual(["drift", "holt", "holt-damped", "log-linear"]);
    expect(new Set(fit.backtest.map((b) => b.origins)).size).toBe(1);
    const best = Math.min(...fit.backtest.map((b) => b.maeLog));
    expect(fit.backtest.find((b) => b.model === fit.chosen)!.maeLog).toBe(best);
    for (const f of fit.forecast) {
      expect(f.pi95[0]).toBeLessThan(f.pi80[0]);
      expect(f.pi80[0]).toBeLessThan(f.median);
      expect(f.median).toBeLessThan(f.pi80[1]);
      expect(f.pi80[1]).toBeLessThan(f.pi95[1]);
    }
  });

  it("the probability that next year exceeds this year follows the fitted direction", () => {
    const noisyUp = exact.map((p, i) => ({ year: p.year, value: p.value * (i % 2 ? 1.02 : 0.98) }));
    const up = fitTrend(noisyUp);
    expect(up.exceedance.year).toBe(2017);
    expect(up.exceedance.probability).toBeGreaterThan(0.5);
    const down = fitTrend(noisyUp.map((p, i) => ({ year: p.year, value: noisyUp[noisyUp.length - 1 - i]!.value })));
    expect(down.exceedance.probability).toBeLessThan(0.5);
  });
});

describe("methodology breaks", () => {
  const breaks: MethodologyBreak[] = [
    { country: "PER", source: "DEVIDA", metrics: "*", year: 2018, kind: "source-change", description: "DEVIDA from 2018", citation: "[DEVIDA]" },
  ];

  it("does not fit across a break without saying so", () => {
    const t = seriesTrend(peruCultivation(), breaks, { country: "PER", metric: "cultivation_ha", source: "DEVIDA" });
    expect(t.series.map((p) => p.year)).toEqual([2018, 2019, 2020, 2021, 2022, 2023, 2024]);
    expect(t.excluded.map((p) => p.year)).toEqual([2017]);
    expect(t.notes[0]).toMatch(/methodology break in 2018/);
    expect(t.fittedAcrossBreaks).toBe(false);
    const across = seriesTrend(peruCultivation(), breaks, { country: "PER", metric: "cultivation_ha", source: "DEVIDA", acrossBreaks: true });
    expect(across.series).toHaveLength(8);
    expect(across.fittedAcrossBreaks).toBe(true);
    expect(across.notes[0]).toMatch(/ACROSS/);
  });

  it("a family series that changes source is split at the change", () => {
    const t = seriesTrend(peruCultivation(), [], { country: "PER", metric: "cultivation_ha", source: "national" });
    expect(t.source).toBe("national");
    const fam = seriesTrend(
      peruCultivation().map((f) => ({ ...f, sourceFamily: "UN" as const })),
      [],
      { country: "PER", metric: "cultivation_ha", source: "UN" },
    );
    expect(fam.breaks.some((b) => b.detected && b.kind === "source-change")).toBe(true);
    expect(fam.series.every((p) => p.source === fam.series[0]!.source)).toBe(true);
  });

  it("defaults to the source with the most recent data", () => {
    expect(seriesTrend(peruCultivation(), breaks, { country: "PER", metric: "cultivation_ha" }).source).toBe("DEVIDA");
  });
});
