/**
 * @module web/views/series-view
 * (b) One country's time series: each source its own line (US, UN, DEVIDA, governments), years without a
 * figure left as gaps, revised figures ringed, Bolivia's legal limit drawn; a table and CSV of the same.
 */
import * as Plot from "@observablehq/plot";
import { getJson } from "../api-client.ts";
import { add, downloads, errorBox, h, note, viewWidth, table } from "../dom.ts";
import { chartFormat } from "../charts/chart-text.ts";
import { citationList, seriesChartOptions } from "../charts/series-chart.ts";
import { countryName, familyLabel, fmtDate, fmtNumber, fmtQty, locale, t, type StringKey } from "../i18n.ts";
import type { AppState, View } from "../state.ts";
import type { ComparisonAnswer, PolicyInstrumentRow, PublishedRangeRow, RevisionRow } from "../types.ts";

const COUNTRIES = ["BOL", "PER", "COL"] as const;
const METRICS = ["cultivation_ha", "cocaine_t", "leaf_t", "eradication_ha"] as const;
type SeriesMetric = (typeof METRICS)[number];

export interface SeriesPoint {
  year: number;
  series: string;
  family: string;
  /** NaN where the source published nothing that year: Plot breaks the line there. */
  value: number;
  published: string | null;
  citation: string | null;
  revised: RevisionRow | null;
  /** The range published around the value (e.g. UNODC Colombia's production), if any. */
  range: PublishedRangeRow | null;
}

/** One point per series and year of the whole span, NaN where missing, so lines show gaps. */
export function seriesPoints(comparison: ComparisonAnswer, revisions: readonly RevisionRow[], ranges: readonly PublishedRangeRow[] = []): SeriesPoint[] {
  if (comparison.years.length === 0) return [];
  const years = comparison.years.map((y) => y.year);
  const first = Math.min(...years);
  const last = Math.max(...years);
  const byYear = new Map(comparison.years.map((y) => [y.year, y]));
  const revisedKey = new Map<string, RevisionRow>();
  for (const r of revisions) {
    if (r.region.toLowerCase() !== comparison.region.toLowerCase()) continue;
    // The latest revision of a (source, term, year) wins.
    revisedKey.set(JSON.stringify([r.source, r.year]), r);
    revisedKey.set(JSON.stringify([`${r.source}: ${r.sourceTerm}`, r.year]), r);
  }
  const out: SeriesPoint[] = [];
  for (const column of comparison.columns) {
    for (let year = first; year <= last; year++) {
      const v = byYear.get(year)?.values[column.key] ?? null;
      out.push({
        year,
        series: column.key,
        family: column.family,
        value: v ? v.value : Number.NaN,
        published: v?.published ?? null,
        citation: v?.citation ?? null,
        revised: v ? (revisedKey.get(JSON.stringify([column.key, year])) ?? null) : null,
        range: v
          ? (ranges.find(
              (r) =>
                r.source === column.source &&
                r.year === year &&
                r.value === v.value &&
                r.metric === comparison.metric &&
                r.region.toLowerCase() === comparison.region.toLowerCase(),
            ) ?? null)
          : null,
      });
    }
  }
  return out;
}

interface TrendAnswer {
  source: string;
  chosen: string;
  series: { year: number }[];
  forecast: { year: number; median: number; pi80: [number, number]; pi95: [number, number] }[];
}

type PlotElement = (SVGSVGElement | HTMLElement) & { scale(name: "x" | "y"): { apply(v: number): number } | undefined };

/** The drawn point nearest to a click (within 24 px), if any. */
function nearestPoint(chart: PlotElement, e: MouseEvent, points: readonly SeriesPoint[]): SeriesPoint | undefined {
  const x = chart.scale("x");
  const y = chart.scale("y");
  // The chart's own SVG, not a legend swatch's.
  const svg = chart instanceof SVGSVGElement ? chart : chart.querySelector<SVGSVGElement>(":scope > svg");
  if (!x || !y || !svg) return undefined;
  const box = svg.getBoundingClientRect();
  const scale = svg.width.baseVal.value > 0 ? svg.width.baseVal.value / box.width : 1;
  const px = (e.clientX - box.left) * scale;
  const py = (e.clientY - box.top) * scale;
  let best: SeriesPoint | undefined;
  let bestD = 24 * 24;
  for (const p of points) {
    if (!Number.isFinite(p.value)) continue;
    const d = (x.apply(p.year) - px) ** 2 + (y.apply(p.value) - py) ** 2;
    if (d < bestD) {
      bestD = d;
      best = p;
    }
  }
  return best;
}

/** A clicked point: value, source, citation, vintage and revisions. */
export function pointDetails(p: SeriesPoint, unit: string, citations: readonly string[]): HTMLElement {
  return h(
    "div",
    { "data-testid": "point-details" },
    h("h3", {}, `${p.series} ${p.year}`),
    h("span", { class: "big" }, fmtQty(p.value, unit)),
    h("dl", { class: "kv" }, [
      h("dt", {}, t("citation")),
      h("dd", { "data-testid": "point-citation" }, p.citation ? `[${citations.indexOf(p.citation) + 1}] ${p.citation}` : "—"),
      ...(p.range
        ? [
            h("dt", {}, t("publishedRange")),
            h("dd", { "data-testid": "point-range" }, `${fmtNumber(p.range.low)}–${fmtQty(p.range.high, unit)} (${p.range.citation})`),
          ]
        : []),
      h("dt", {}, t("vintage")),
      h("dd", {}, fmtDate(p.published)),
      h("dt", {}, t("revisions")),
      h(
        "dd",
        {},
        p.revised
          ? `${fmtQty(p.revised.from.value, unit)} (${fmtDate(p.revised.from.published)}; ${p.revised.from.citation}) → ${fmtQty(p.revised.to.value, unit)} (${fmtDate(p.revised.to.published)})`
          : t("noRevision"),
      ),
    ]),
  );
}

function unitOf(metric: SeriesMetric): string {
  return metric.endsWith("_ha") ? "ha" : "t";
}

export const seriesView: View = async (root, state: AppState) => {
  const route = state.route.view === "series" ? state.route : { view: "series" as const, country: "BOL" };
  const country = (COUNTRIES as readonly string[]).includes(route.country) ? route.country : "BOL";
  let metric: SeriesMetric = "cultivation_ha";
  const body = h("div");
  const metricSelect = h(
    "select",
    { id: "metric-select" },
    METRICS.map((m) => h("option", { value: m }, `${t(m as StringKey)} (${unitOf(m)})`)),
  );
  root.append(
    h("h2", {}, `${countryName(country)}: ${t("navSeries").toLowerCase()}`),
    h(
      "div",
      { class: "row panel" },
      h("span", { id: "country-label" }, t("country")),
      h(
        "div",
        { class: "row", role: "group", "aria-labelledby": "country-label" },
        COUNTRIES.map((c) => h("a", { href: `#/series/${c}`, class: "button-link", "aria-current": c === country ? "page" : undefined }, countryName(c))),
      ),
      h("label", { for: "metric-select" }, t("metric")),
      metricSelect,
    ),
    body,
  );

  const draw = async (): Promise<void> => {
    body.replaceChildren(h("p", {}, t("loading")));
    try {
      const q = `country=${country}&metric=${metric}&region=national`;
      const [comparison, revisions, limits, trend, ranges] = await Promise.all([
        getJson<ComparisonAnswer>(`/v1/figures/compare?${q}`),
        getJson<{ revisions: RevisionRow[] }>(`/v1/figures/revisions?country=${country}&metric=${metric}`),
        getJson<{ instruments: PolicyInstrumentRow[] }>(`/v1/limits?country=${country}`),
        // The trend may be impossible (too few points): the chart is drawn without its bands then.
        getJson<TrendAnswer>(`/v1/trends?country=${country}&metric=${metric}`).catch(() => undefined),
        getJson<{ ranges: PublishedRangeRow[] }>(`/v1/figures/ranges?country=${country}&metric=${metric}`),
      ]);
      const points = seriesPoints(comparison, revisions.revisions, ranges.ranges);
      const unit = comparison.unit || unitOf(metric);
      body.replaceChildren();
      if (points.length === 0) {
        body.append(h("p", {}, t("noData")));
        return;
      }
      const limitRows = limits.instruments.filter((i) => i.kind === "legal_limit" && i.metric === metric && i.region.toLowerCase() === "national");
      const years = points.map((p) => p.year);
      const first = Math.min(...years);
      const last = Math.max(...years);
      const limitSegments = limitRows
        .map((i) => ({
          ...i,
          x1: Math.max(first, i.fromYear ?? first),
          x2: Math.min(last, i.toYear ?? last),
          label: `${t("legalLimit")}: ${fmtQty(i.value, i.unit)}`,
          longLabel: `${t("legalLimit")}: ${fmtQty(i.value, i.unit)} (${i.name})`,
        }))
        .filter((s) => s.x1 <= s.x2);
      const series = [...new Set(points.map((p) => p.series))];
      const families = [...new Set(points.map((p) => p.family))];
      const bands =
        trend && trend.forecast.length > 0
          ? { series: trend.source, label: `${t("trend")} (${trend.source}): ${t("predictionBands")}`, points: trend.forecast }
          : undefined;
      const chartPoints = points.map((p) => ({
        year: p.year,
        series: p.series,
        value: p.value,
        citation: p.citation,
        revised: p.revised !== null,
        low: p.range?.low ?? null,
        high: p.range?.high ?? null,
      }));
      const ranged = points.filter((p) => p.range !== null);
      const chart = Plot.plot(
        seriesChartOptions({
          points: chartPoints,
          xLabel: t("year"),
          yLabel: t(metric as StringKey),
          unit,
          limits: limitSegments,
          trend: bands,
          year: state.year,
          width: Math.min(1100, Math.max(320, viewWidth() - 24)),
          format: chartFormat(locale()),
        }),
      );
      const citations = citationList(chartPoints);
      const caption = `${countryName(country)}, ${t(metric as StringKey)} (${unit}), ${first}–${last}. ${t("sources")}: ${series.join(", ")}.`;
      const pointPanel = h("div", { class: "panel point-panel", id: "point-panel", "aria-live": "polite" }, note(t("clickPoint")));
      chart.addEventListener("click", (e: Event) => {
        const p = nearestPoint(chart as PlotElement, e as MouseEvent, points);
        if (p) pointPanel.replaceChildren(pointDetails(p, unit, citations));
      });
      add(
        body,
        h(
          "figure",
          {
            class: "chart",
            id: "series-chart",
            "data-country": country,
            "data-series": series.join("|"),
            "data-families": families.join("|"),
            "data-bands": bands ? "80|95" : "",
            "data-ranges": ranged.map((p) => `${p.series} ${p.year}: ${p.range!.low}-${p.range!.high}`).join("|"),
            "aria-label": caption,
          },
          chart,
          h(
            "figcaption",
            {},
            h(
              "p",
              {},
              caption,
              bands ? ` ${t("bandsCaption")} (${trend!.chosen}; ${t("fittedOn")} ${trend!.series.length} ${t("points")}).` : "",
              ranged.length > 0
                ? ` ${t("rangesCaption")}: ${ranged.map((p) => `${p.series} ${p.year} ${fmtQty(p.value, unit)} (${fmtNumber(p.range!.low)}–${fmtNumber(p.range!.high)} ${unit}; ${p.range!.citation})`).join("; ")}.`
                : "",
            ),
            h(
              "ol",
              { class: "citations", id: "series-citations" },
              citations.map((c) => h("li", {}, c)),
            ),
          ),
        ),
        pointPanel,
        note(t("gapsNote")),
        note(t("revisedNote")),
        limitSegments.length > 0 ? note(limitSegments.map((s) => `${s.longLabel}. ${s.citation}`).join(" · ")) : null,
        h(
          "p",
          { class: "legend" },
          families.map((f) => h("span", { class: "badge" }, familyLabel(f))),
        ),
        downloads(`coca-${country}-${metric}`, () =>
          points
            .filter((p) => Number.isFinite(p.value))
            .map((p) => ({
              country,
              region: "national",
              metric,
              year: p.year,
              source: p.series,
              source_family: p.family,
              value: p.value,
              unit,
              published: p.published,
              revised_from: p.revised ? p.revised.from.value : null,
              revised_from_published: p.revised ? p.revised.from.published : null,
              citation: p.citation,
              range_low: p.range ? p.range.low : null,
              range_high: p.range ? p.range.high : null,
              range_citation: p.range ? p.range.citation : null,
            })),
        ),
        h(
          "details",
          {},
          h("summary", {}, t("table")),
          h(
            "div",
            { class: "table-wrap" },
            table(caption, comparison.years, [
              { header: t("year"), value: (y) => String(y.year) },
              ...comparison.columns.map((c) => ({
                header: `${c.key} (${unit})`,
                numeric: true,
                value: (y: ComparisonAnswer["years"][number]) => {
                  const v = y.values[c.key];
                  if (!v) return "—";
                  const revised = points.find((p) => p.series === c.key && p.year === y.year)?.revised;
                  const point = points.find((p) => p.series === c.key && p.year === y.year);
                  const range = point?.range ? ` (${fmtNumber(point.range.low)}–${fmtNumber(point.range.high)})` : "";
                  return `${fmtNumber(v.value)}${range}${revised ? ` (${t("revised")}; ${t("previous")} ${fmtNumber(revised.from.value)})` : ""}`;
                },
              })),
            ]),
          ),
        ),
      );
    } catch (error) {
      body.replaceChildren(errorBox(error));
    }
  };
  metricSelect.addEventListener("change", () => {
    metric = metricSelect.value as SeriesMetric;
    void draw();
  });
  await draw();
};
