/**
 * @module report/plot-file
 * `--plot FILE.svg|png` of `coca figures compare`, `coca trend`, `coca survey show` and
 * `coca production estimate`: the command's result as the dashboard's chart (the same chart
 * functions, src/web/charts), drawn in headless Chromium. The builders from a result to a chart are
 * pure; `writePlot` is the I/O.
 */
import { writeFileSync } from "node:fs";
import { InputError } from "../domain/errors.ts";
import type { SurveyResults } from "../domain/survey-results.ts";
import type { Comparison } from "../figures/compare.ts";
import { rangeOf, type PublishedRange } from "../figures/published-ranges.ts";
import type { DrawSummary } from "../production/draw-summary.ts";
import type { SeriesTrend } from "../production/series-trend.ts";
import type { SeriesChartPoint } from "../web/charts/series-chart.ts";
import type { ChartBlock } from "./report-model.ts";
import { reportText, type ReportLang } from "./report-text.ts";
import { renderChart } from "./render-report.ts";

/** The picture format a path asks for, or an InputError naming the flag. */
export function plotFormat(path: string): "svg" | "png" {
  if (/\.svg$/i.test(path)) return "svg";
  if (/\.png$/i.test(path)) return "png";
  throw new InputError(`--plot ${path} must end in .svg or .png`, { field: "plot" });
}

/** Sources side by side (coca figures compare): one line per column, citations numbered in the caption. */
export function comparisonChart(c: Comparison, lang: ReportLang = "en", ranges: readonly PublishedRange[] = []): ChartBlock {
  const x = reportText(lang);
  // Every year of the span, so that a year without a figure breaks the line.
  const byYear = new Map(c.years.map((y) => [y.year, y]));
  const years = c.years.map((y) => y.year);
  const span = years.length === 0 ? [] : Array.from({ length: Math.max(...years) - Math.min(...years) + 1 }, (_, i) => Math.min(...years) + i);
  const points: SeriesChartPoint[] = c.columns.flatMap((col) =>
    span.map((year) => {
      const v = byYear.get(year)?.values[col.key] ?? null;
      const r = v ? rangeOf({ country: c.country, region: c.region, year, metric: c.metric, source: col.source, value: v.value }, ranges) : undefined;
      return {
        year,
        series: col.key,
        value: v ? v.value : Number.NaN,
        citation: v?.citation ?? null,
        revised: false,
        low: r?.low ?? null,
        high: r?.high ?? null,
      };
    }),
  );
  const used = [...new Set(points.filter((p) => p.citation && Number.isFinite(p.value)).map((p) => p.citation!))];
  const ranged = points.filter((p) => p.low != null && p.high != null);
  const rangeNote = ranged.length
    ? ` ${x.t("rangesCaption")}: ${ranged.map((p) => `${p.series} ${p.year} ${x.format.number(p.low)}–${x.format.number(p.high)} ${c.unit}`).join("; ")}.`
    : "";
  const label = c.metric in { cultivation_ha: 1, cocaine_t: 1, leaf_t: 1, eradication_ha: 1 } ? x.t(c.metric as "cultivation_ha") : c.metric;
  return {
    kind: "chart",
    chart: "series",
    alt: `${label} (${c.unit}), ${c.country} ${c.region}: ${c.columns.map((k) => k.key).join(", ")}`,
    caption: `${c.country}, ${c.region}, ${label} (${c.unit}).${rangeNote} ${x.t("sources")}: ${used.map((u, i) => `[${i + 1}] ${u}`).join(" ")}${ranged.length ? ` ${[...new Set(ranged.map((p) => rangeOf({ country: c.country, region: c.region, year: p.year, metric: c.metric, source: c.columns.find((k) => k.key === p.series)!.source, value: p.value }, ranges)!.citation))].join(" ")}` : ""}`,
    input: { points, xLabel: x.t("year"), yLabel: label, unit: c.unit, limits: [], citationNumbers: Object.fromEntries(used.map((u, i) => [u, i + 1])) },
  };
}

/** A series and its trend (coca trend): the fitted points and the 80 % and 95 % prediction bands. */
export function trendChart(t: SeriesTrend, lang: ReportLang = "en"): ChartBlock {
  const x = reportText(lang);
  const points: SeriesChartPoint[] = [
    ...t.series.map((p) => ({ year: p.year, series: t.source, value: p.value, citation: p.citation, revised: false })),
    ...t.excluded.map((p) => ({
      year: p.year,
      series: `${t.source} (${lang === "es" ? "antes del quiebre" : "before the break"})`,
      value: p.value,
      citation: null,
      revised: false,
    })),
  ];
  const used = [...new Set(t.series.map((p) => p.citation))];
  const label = t.metric in { cultivation_ha: 1, cocaine_t: 1, leaf_t: 1, eradication_ha: 1 } ? x.t(t.metric as "cultivation_ha") : t.metric;
  return {
    kind: "chart",
    chart: "series",
    alt: `${label} (${t.unit}), ${t.country} ${t.region}, ${t.source}; ${x.t("trend")} ${t.chosen}`,
    caption: `${x.t("seriesCaption")} (${t.chosen}). ${x.t("sources")}: ${used.map((u, i) => `[${i + 1}] ${u}`).join(" ")}`,
    input: {
      points,
      xLabel: x.t("year"),
      yLabel: label,
      unit: t.unit,
      limits: [],
      citationNumbers: Object.fromEntries(used.map((u, i) => [u, i + 1])),
      trend: { series: t.source, label: `${x.t("trend")} (${t.source})`, points: t.forecast.map((f) => ({ ...f })) },
    },
  };
}

/** A stored survey's estimate per region with its CI against the map's count (coca survey show). */
export function surveyChart(results: SurveyResults, surveyLabel: string, lang: ReportLang = "en"): ChartBlock {
  const x = reportText(lang);
  const rows = [...results.regions]
    .sort((a, b) => b.areaHa - a.areaHa)
    .map((r) => ({ label: r.region, areaHa: r.areaHa, ciLowHa: r.areaCiHa[0], ciHighHa: r.areaCiHa[1], mapAreaHa: r.mapAreaHa }));
  rows.push({
    label: x.t("total"),
    areaHa: results.total.areaHa,
    ciLowHa: results.total.areaCiHa[0],
    ciHighHa: results.total.areaCiHa[1],
    mapAreaHa: results.total.mapAreaHa,
  });
  const conf = Math.round(results.total.confidence * 100);
  return {
    kind: "chart",
    chart: "estimate",
    alt: `${x.t("regions")}: ${rows.map((r) => `${r.label} ${x.format.qty(r.areaHa, "ha")}`).join("; ")}`,
    caption: `${x.t("estimateShort")} ± ${x.t("ci")} ${conf} %; ◆ ${x.t("mapCount")}. ${x.t("source")}: ${surveyLabel}`,
    input: { rows, estimateLabel: x.t("estimateShort"), mapAreaLabel: x.t("mapCount"), ciLabel: x.t("ci") },
  };
}

/** A production estimate's distribution of cocaine (coca production estimate). */
export function productionChart(cocaineT: DrawSummary, source: string, lang: ReportLang = "en"): ChartBlock {
  const x = reportText(lang);
  return {
    kind: "chart",
    chart: "production",
    alt: `${x.t("distribution")}: ${x.t("median")} ${x.format.qty(cocaineT.median, "t", 1)}, 90 % ${x.format.number(cocaineT.ci90[0], 1)}–${x.format.number(cocaineT.ci90[1], 1)} t`,
    caption: `${x.t("distribution")}. ${x.t("source")}: ${source}`,
    input: { histogram: cocaineT.histogram, median: cocaineT.median, ci90: cocaineT.ci90, xLabel: `${x.t("cocaine")} (t)`, yLabel: x.t("draws") },
  };
}

/** Draw a chart block into an SVG or PNG file. */
export async function writePlot(
  block: ChartBlock,
  path: string,
  { lang = "en" as ReportLang, chromiumPath }: { lang?: ReportLang; chromiumPath?: string } = {},
): Promise<string> {
  const format = plotFormat(path);
  const bytes = await renderChart(block, reportText(lang).locale, { format, chromiumPath });
  writeFileSync(path, bytes);
  return path;
}
