/**
 * @module web/views/survey-view
 * (c) A survey's numbers: the map's pixel count against the sample-based estimate with its confidence
 * interval, the accuracy table, the production distribution and the provenance.
 */
import * as Plot from "@observablehq/plot";
import { getJson } from "../api-client.ts";
import { downloads, errorBox, h, note, viewWidth, table } from "../dom.ts";
import { countryName, fmtDate, fmtNumber, fmtPercent, fmtQty, t } from "../i18n.ts";
import type { AppState, View } from "../state.ts";
import type { SurveyDetail, SurveyEstimateRow, SurveySummary } from "../types.ts";
import { pickSurvey } from "./map-view.ts";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(v: unknown): v is Record<string, Json> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A nested object as a definition list (provenance, parameters). */
export function kvTree(value: unknown, depth = 0): HTMLElement {
  if (!isObject(value)) return h("span", {}, typeof value === "number" ? fmtNumber(value, 6) : JSON.stringify(value));
  return h(
    "dl",
    { class: "kv" },
    Object.entries(value).flatMap(([key, v]) => [
      h("dt", {}, key),
      h("dd", {}, isObject(v) && depth < 3 ? kvTree(v, depth + 1) : Array.isArray(v) && v.length > 12 ? `${JSON.stringify(v.slice(0, 12)).slice(0, -1)}, … (${v.length})]` : typeof v === "number" ? fmtNumber(v, 6) : typeof v === "string" ? v : JSON.stringify(v)),
    ]),
  );
}

/** The estimates of the class of interest (targetClass of the config, else "coca", else all). */
export function targetEstimates(detail: SurveyDetail): SurveyEstimateRow[] {
  const config = detail.config as { targetClass?: string } | null;
  const target = config?.targetClass ?? "coca";
  const rows = detail.estimates.filter((e) => e.className === target);
  return rows.length > 0 ? rows : detail.estimates;
}

function estimateChart(rows: readonly SurveyEstimateRow[], width: number): HTMLElement | SVGSVGElement {
  const data = rows.map((r) => ({ ...r, label: `${r.region} · ${r.className}` }));
  const pixel = data.filter((r) => r.mapAreaHa !== null);
  return Plot.plot({
    width,
    height: Math.max(140, 46 * data.length + 60),
    marginLeft: Math.min(220, 8 + 7 * Math.max(...data.map((d) => d.label.length))),
    x: { label: `${t("estimate")} / ${t("mapArea")} (ha)`, grid: true, zero: true, tickFormat: (d: number) => fmtNumber(d) },
    y: { label: null, domain: data.map((d) => d.label) },
    color: { legend: true, domain: [t("estimate"), t("mapArea")], range: ["#1d4ed8", "#b91c1c"] },
    marks: [
      Plot.ruleY(data.filter((r) => r.ciLowHa !== null && r.ciHighHa !== null), { y: "label", x1: "ciLowHa", x2: "ciHighHa", stroke: "#1d4ed8", strokeWidth: 3, strokeOpacity: 0.5 }),
      Plot.tickX(data.filter((r) => r.ciLowHa !== null), { y: "label", x: "ciLowHa", stroke: "#1d4ed8" }),
      Plot.tickX(data.filter((r) => r.ciHighHa !== null), { y: "label", x: "ciHighHa", stroke: "#1d4ed8" }),
      Plot.dot(data, { y: "label", x: "areaHa", fill: () => t("estimate"), r: 5, title: (r: (typeof data)[number]) => `${r.label}: ${fmtQty(r.areaHa, "ha")} (${t("ci")} ${fmtQty(r.ciLowHa, "ha")} – ${fmtQty(r.ciHighHa, "ha")})` }),
      Plot.dot(pixel, { y: "label", x: "mapAreaHa", symbol: "diamond", fill: () => t("mapArea"), r: 5, title: (r: (typeof data)[number]) => `${r.label}: ${t("mapArea")} ${fmtQty(r.mapAreaHa, "ha")}` }),
    ],
  });
}

/** Accuracy: an error-matrix-like object rendered as tables, whatever its exact nesting. */
function accuracySection(accuracy: unknown): HTMLElement {
  const wrap = h("div", { class: "table-wrap" });
  if (!isObject(accuracy)) {
    wrap.append(note(t("noData")));
    return wrap;
  }
  const perClass = (accuracy.perClass ?? accuracy.classes) as Json;
  if (typeof accuracy.overall === "number" || isObject(accuracy.overall)) {
    const o = accuracy.overall as Json;
    const value = typeof o === "number" ? o : isObject(o) ? (o.value as number) ?? (o.estimate as number) : null;
    const se = isObject(o) ? ((o.se ?? o.standardError) as number | undefined) : (accuracy.overallSe as number | undefined);
    wrap.append(h("p", {}, h("strong", {}, `${t("overallAccuracy")}: `), `${fmtPercent(value)}${se !== undefined ? ` ± ${fmtPercent(se)} (SE)` : ""}`));
  }
  if (Array.isArray(perClass)) {
    const rows = perClass.filter(isObject);
    const pct = (r: Record<string, Json>, ...keys: string[]): string => {
      for (const k of keys) {
        const v = r[k];
        if (typeof v === "number") return fmtPercent(v);
        if (isObject(v) && typeof v.value === "number") return `${fmtPercent(v.value)}${typeof v.se === "number" ? ` ± ${fmtPercent(v.se)}` : ""}`;
      }
      return "—";
    };
    wrap.append(
      table(t("accuracy"), rows, [
        { header: t("className"), value: (r) => String(r.className ?? r.name ?? r.class ?? "") },
        { header: t("usersAccuracy"), value: (r) => pct(r, "usersAccuracy", "users", "ua"), numeric: true },
        { header: t("producersAccuracy"), value: (r) => pct(r, "producersAccuracy", "producers", "pa"), numeric: true },
      ]),
    );
  }
  wrap.append(h("details", {}, h("summary", {}, t("table")), kvTree(accuracy)));
  return wrap;
}

function productionSection(production: unknown, width: number): HTMLElement {
  const wrap = h("div");
  if (!isObject(production)) {
    wrap.append(note(t("noData")));
    return wrap;
  }
  const hist = (production.histogram ?? (isObject(production.cocaine) ? production.cocaine.histogram : undefined)) as Json;
  if (isObject(hist) && Array.isArray(hist.edges) && Array.isArray(hist.counts)) {
    const edges = hist.edges as number[];
    const counts = hist.counts as number[];
    const unit = typeof hist.unit === "string" ? hist.unit : "t";
    const bins = counts.map((count, i) => ({ x1: edges[i]!, x2: edges[i + 1]!, count }));
    wrap.append(
      h(
        "figure",
        { class: "chart" },
        Plot.plot({
          width,
          height: 220,
          x: { label: `${t("production")} (${unit})`, tickFormat: (d: number) => fmtNumber(d) },
          y: { label: "n", grid: true },
          marks: [Plot.rectY(bins, { x1: "x1", x2: "x2", y: "count", fill: "#6b7280" }), Plot.ruleY([0])],
        }),
        h("figcaption", {}, t("distribution")),
      ),
    );
  }
  wrap.append(kvTree(production));
  return wrap;
}

export const surveyView: View = async (root, state: AppState) => {
  const { surveys } = await getJson<{ surveys: SurveySummary[] }>("/v1/surveys");
  const wanted = state.route.view === "survey" ? state.route.surveyId : undefined;
  const summary = pickSurvey(surveys, state.year, wanted);
  root.append(h("h2", {}, t("navSurvey")));
  if (!summary) {
    root.append(note(t("noSurveys")));
    return;
  }
  const select = h(
    "select",
    { id: "survey-select" },
    surveys.map((s) => h("option", { value: String(s.id), selected: s.id === summary.id }, `#${s.id} ${s.name} (${countryName(s.country)} ${s.year})`)),
  );
  select.addEventListener("change", () => {
    window.location.hash = `#/survey/${select.value}`;
  });
  root.append(h("div", { class: "row panel" }, h("label", { for: "survey-select" }, t("surveys")), select));
  let detail: SurveyDetail;
  try {
    detail = await getJson<SurveyDetail>(`/v1/surveys/${summary.id}`);
  } catch (error) {
    root.append(errorBox(error));
    return;
  }
  const width = Math.min(1100, Math.max(300, viewWidth() - 40));
  const rows = targetEstimates(detail);
  const source = `Coca Monitor, ${t("surveyOf").toLowerCase()} #${detail.id} (${detail.name}), ${fmtDate(detail.createdAt)}`;
  const confidence = (detail.config as { confidence?: number } | null)?.confidence;
  const conf = typeof confidence === "number" ? ` ${Math.round(confidence * 100)} %` : "";

  const estimates = h(
    "section",
    { class: "panel", id: "survey-estimates", "aria-labelledby": "est-h" },
    h("h3", { id: "est-h" }, t("mapVsEstimate")),
    detail.simulated ? h("span", { class: "badge" }, t("simulated")) : null,
    h("figure", { class: "chart" }, estimateChart(rows, width), h("figcaption", {}, `${t("estimate")} ± ${t("ciLong")}${conf}; ◆ ${t("mapArea")}. ${t("source")}: ${source}`)),
    h(
      "div",
      { class: "table-wrap" },
      table(`${t("estimate")} (ha)`, rows, [
        { header: t("region"), value: (r) => r.region },
        { header: t("className"), value: (r) => r.className },
        { header: `${t("estimate")} (ha)`, value: (r) => fmtNumber(r.areaHa), numeric: true },
        { header: `${t("ci")}${conf} (ha)`, value: (r) => (r.ciLowHa !== null && r.ciHighHa !== null ? `${fmtNumber(r.ciLowHa)} – ${fmtNumber(r.ciHighHa)}` : "—"), numeric: true },
        { header: `${t("se")} (ha)`, value: (r) => fmtNumber(r.areaSeHa), numeric: true },
        { header: `${t("mapArea")} (ha)`, value: (r) => fmtNumber(r.mapAreaHa), numeric: true },
      ]),
    ),
    downloads(`survey-${detail.id}-estimates`, () =>
      detail.estimates.map((e) => ({
        survey_id: detail.id,
        region: e.region,
        class: e.className,
        area_ha: e.areaHa,
        se_ha: e.areaSeHa,
        ci_low_ha: e.ciLowHa,
        ci_high_ha: e.ciHighHa,
        confidence: confidence ?? null,
        map_area_ha: e.mapAreaHa,
        source,
      })),
    ),
  );
  const results = (detail.results ?? {}) as Record<string, unknown>;
  const accuracy = h("section", { class: "panel", id: "survey-accuracy" }, h("h3", {}, t("accuracy")), accuracySection(results.accuracy), downloads(`survey-${detail.id}-accuracy`, () => flatten(results.accuracy)));
  const production = h("section", { class: "panel", id: "survey-production" }, h("h3", {}, t("production")), productionSection(results.production, width), downloads(`survey-${detail.id}-production`, () => flatten(results.production)));
  const provenance = h(
    "section",
    { class: "panel", id: "survey-provenance" },
    h("h3", {}, t("provenance")),
    kvTree(detail.provenance),
    h(
      "div",
      { class: "table-wrap" },
      table("Artifacts", detail.artifacts, [
        { header: "name", value: (a) => a.name },
        { header: "type", value: (a) => a.mediaType },
        { header: "bytes", value: (a) => fmtNumber(a.sizeBytes), numeric: true },
        { header: "sha256", value: (a) => a.sha256 },
      ]),
    ),
    downloads(`survey-${detail.id}-provenance`, () => flatten({ provenance: detail.provenance, config: detail.config })),
  );
  root.append(estimates, accuracy, production, provenance);
};

/** Flatten nested results into key/value rows for CSV. */
export function flatten(value: unknown, prefix = "", out: { key: string; value: string | number | boolean | null }[] = []): { key: string; value: string | number | boolean | null }[] {
  if (Array.isArray(value)) value.forEach((v, i) => flatten(v, `${prefix}[${i}]`, out));
  else if (isObject(value)) for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  else out.push({ key: prefix, value: value as string | number | boolean | null });
  return out;
}
