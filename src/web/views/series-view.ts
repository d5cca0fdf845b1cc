/**
 * @module web/views/series-view
 * (b) One country's time series: each source its own line (US, UN, DEVIDA, governments), years without a
 * figure left as gaps, revised figures ringed, Bolivia's legal limit drawn; a table and CSV of the same.
 */
import * as Plot from "@observablehq/plot";
import { getJson } from "../api-client.ts";
import { add, downloads, errorBox, h, note, viewWidth, table } from "../dom.ts";
import { countryName, fmtDate, fmtNumber, fmtQty, t, type StringKey } from "../i18n.ts";
import type { AppState, View } from "../state.ts";
import type { ComparisonAnswer, PolicyInstrumentRow, RevisionRow } from "../types.ts";

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
}

/** One point per series and year of the whole span, NaN where missing, so lines show gaps. */
export function seriesPoints(comparison: ComparisonAnswer, revisions: readonly RevisionRow[]): SeriesPoint[] {
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
        revised: v ? revisedKey.get(JSON.stringify([column.key, year])) ?? null : null,
      });
    }
  }
  return out;
}

function unitOf(metric: SeriesMetric): string {
  return metric.endsWith("_ha") ? "ha" : "t";
}

function familyLabel(family: string): string {
  return family === "US" ? "EE. UU. / US" : family === "UN" ? "ONU / UN" : family;
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
      const [comparison, revisions, limits] = await Promise.all([
        getJson<ComparisonAnswer>(`/v1/figures/compare?${q}`),
        getJson<{ revisions: RevisionRow[] }>(`/v1/figures/revisions?country=${country}&metric=${metric}`),
        getJson<{ instruments: PolicyInstrumentRow[] }>(`/v1/limits?country=${country}`),
      ]);
      const points = seriesPoints(comparison, revisions.revisions);
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
      const limitSegments = limitRows.map((i) => ({
        ...i,
        x1: Math.max(first, i.fromYear ?? first),
        x2: Math.min(last, i.toYear ?? last),
        label: `${t("legalLimit")}: ${fmtQty(i.value, i.unit)}`,
        longLabel: `${t("legalLimit")}: ${fmtQty(i.value, i.unit)} (${i.name})`,
      })).filter((s) => s.x1 <= s.x2);
      const series = [...new Set(points.map((p) => p.series))];
      const families = [...new Set(points.map((p) => p.family))];
      const chart = Plot.plot({
        width: Math.min(1100, Math.max(320, viewWidth() - 24)),
        height: 380,
        marginLeft: 70,
        x: { label: t("year"), tickFormat: (d: number) => String(d), domain: [first - 0.5, last + 0.5] },
        y: { label: `${t(metric as StringKey)} (${unit})`, grid: true, zero: true, tickFormat: (d: number) => fmtNumber(d) },
        color: { legend: true, domain: series },
        marks: [
          Plot.lineY(points, { x: "year", y: "value", stroke: "series", z: "series", strokeWidth: 2 }),
          Plot.dot(points, {
            x: "year",
            y: "value",
            fill: "series",
            r: 3,
            title: (p: SeriesPoint) =>
              `${p.series} ${p.year}: ${fmtQty(p.value, unit)}\n${t("published")}: ${fmtDate(p.published)}\n${p.citation ?? ""}`,
          }),
          Plot.dot(points.filter((p) => p.revised), {
            x: "year",
            y: "value",
            r: 7,
            stroke: "currentColor",
            strokeWidth: 1.5,
            fill: "none",
            title: (p: SeriesPoint) =>
              `${t("revised")}: ${p.series} ${p.year}: ${fmtQty(p.revised!.from.value, unit)} (${fmtDate(p.revised!.from.published)}) → ${fmtQty(p.revised!.to.value, unit)} (${fmtDate(p.revised!.to.published)})`,
          }),
          ...(limitSegments.length > 0
            ? [
                Plot.ruleY(limitSegments, { y: "value", x1: "x1", x2: "x2", stroke: "#b91c1c", strokeDasharray: "6,4", strokeWidth: 2 }),
                Plot.text(limitSegments, { x: "x1", y: "value", text: "label", dy: -8, textAnchor: "start", fill: "#b91c1c" }),
              ]
            : []),
          Plot.ruleX([state.year].filter((y) => y >= first && y <= last), { stroke: "#999", strokeDasharray: "2,3" }),
        ],
      });
      const caption = `${countryName(country)}, ${t(metric as StringKey)} (${unit}), ${first}–${last}. ${t("sources")}: ${series.join(", ")}.`;
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
            "aria-label": caption,
            role: "img",
          },
          chart,
          h("figcaption", {}, caption),
        ),
        note(t("gapsNote")),
        note(t("revisedNote")),
        limitSegments.length > 0 ? note(limitSegments.map((s) => `${s.longLabel}. ${s.citation}`).join(" · ")) : null,
        h("p", { class: "legend" }, families.map((f) => h("span", { class: "badge" }, familyLabel(f)))),
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
            })),
        ),
        h(
          "details",
          {},
          h("summary", {}, t("table")),
          h(
            "div",
            { class: "table-wrap" },
            table(
              caption,
              comparison.years,
              [
                { header: t("year"), value: (y) => String(y.year) },
                ...comparison.columns.map((c) => ({
                  header: `${c.key} (${unit})`,
                  numeric: true,
                  value: (y: ComparisonAnswer["years"][number]) => {
                    const v = y.values[c.key];
                    if (!v) return "—";
                    const revised = points.find((p) => p.series === c.key && p.year === y.year)?.revised;
                    return `${fmtNumber(v.value)}${revised ? ` (${t("revised")}; ${t("previous")} ${fmtNumber(revised.from.value)})` : ""}`;
                  },
                })),
              ],
            ),
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
