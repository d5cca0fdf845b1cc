/**
 * @module web/views/survey-view
 * (c) A survey's numbers: the map's pixel count against the sample-based estimate with its confidence
 * interval, the accuracy table, the production distribution and the provenance.
 */
import * as Plot from "@observablehq/plot";
import { getJson } from "../api-client.ts";
import { downloads, errorBox, h, note, viewWidth, table } from "../dom.ts";
import { chartFormat } from "../charts/chart-text.ts";
import { estimateChartOptions } from "../charts/estimate-chart.ts";
import { productionChartOptions } from "../charts/production-chart.ts";
import { className, countryName, fmtDate, fmtNumber, fmtPercent, fmtQty, lang, locale, regionName, t } from "../i18n.ts";
import type { AppState, View } from "../state.ts";
import type { SurveyDetail, SurveyEstimateRow, SurveyResults, SurveySummary } from "../types.ts";
import { pickSurvey } from "./map-data.ts";
import { jobsPanel } from "./jobs-panel.ts";

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
      h(
        "dd",
        {},
        isObject(v) && depth < 3
          ? kvTree(v, depth + 1)
          : Array.isArray(v) && v.length > 12
            ? `${JSON.stringify(v.slice(0, 12)).slice(0, -1)}, … (${v.length})]`
            : typeof v === "number"
              ? fmtNumber(v, 6)
              : typeof v === "string"
                ? v
                : JSON.stringify(v),
      ),
    ]),
  );
}

/** The estimates of the class of interest (targetClass of the config, else "coca", else all). */
export function targetEstimates(detail: SurveyDetail): SurveyEstimateRow[] {
  const target = detail.config?.targetClass ?? "coca";
  const rows = detail.estimates.filter((e) => e.className === target);
  return rows.length > 0 ? rows : detail.estimates;
}

function estimateChart(rows: readonly SurveyEstimateRow[], width: number): HTMLElement | SVGSVGElement {
  return Plot.plot(
    estimateChartOptions({
      rows: rows.map((r) => ({ ...r, label: `${regionName(r.region)} · ${className(r.className)}` })),
      estimateLabel: t("estimate"),
      mapAreaLabel: t("mapArea"),
      ciLabel: t("ci"),
      width,
      format: chartFormat(locale()),
    }),
  );
}

/** The accuracy results as the survey runner stores them (Olofsson et al. 2014 estimators). */
type AccuracyResults = SurveyResults["accuracy"];

function isAccuracy(v: unknown): v is AccuracyResults {
  return (
    isObject(v) &&
    Array.isArray(v.classes) &&
    typeof v.overallAccuracy === "number" &&
    [
      "usersAccuracy",
      "usersAccuracySe",
      "producersAccuracy",
      "producersAccuracySe",
      "errorMatrixProportions",
      "sampleCounts",
      "areaHa",
      "areaCiHa",
      "mappedAreaHa",
    ].every((k) => Array.isArray(v[k]))
  );
}

const withSe = (v: number | null | undefined, se: number | null | undefined): string =>
  v === null || v === undefined ? "—" : `${fmtPercent(v)}${se !== null && se !== undefined ? ` ± ${fmtPercent(se)}` : ""}`;

/** Accuracy: overall, per class (user's and producer's with SE, mapped and estimated area), and the error matrix. */
function accuracySection(accuracy: unknown, conf: string): HTMLElement {
  const wrap = h("div", { class: "table-wrap" });
  if (!isAccuracy(accuracy)) {
    wrap.append(isObject(accuracy) ? kvTree(accuracy) : note(t("noData")));
    return wrap;
  }
  const a = accuracy;
  const idx = a.classes.map((_, i) => i);
  wrap.append(
    h("p", {}, h("strong", {}, `${t("overallAccuracy")}: `), `${withSe(a.overallAccuracy, a.overallAccuracySe)} (± SE)`),
    table(t("accuracy"), idx, [
      { header: t("className"), value: (i) => className(a.classes[i]!) },
      { header: `${t("usersAccuracy")} (± SE)`, value: (i) => withSe(a.usersAccuracy[i], a.usersAccuracySe[i]), numeric: true },
      { header: `${t("producersAccuracy")} (± SE)`, value: (i) => withSe(a.producersAccuracy[i], a.producersAccuracySe[i]), numeric: true },
      { header: `${t("mapArea")} (ha)`, value: (i) => fmtNumber(a.mappedAreaHa[i]), numeric: true },
      { header: `${t("estimate")} (ha)`, value: (i) => fmtNumber(a.areaHa[i]), numeric: true },
      {
        header: `${t("ci")}${conf} (ha)`,
        value: (i) => (a.areaCiHa[i] ? `${fmtNumber(a.areaCiHa[i]![0])} – ${fmtNumber(a.areaCiHa[i]![1])}` : "—"),
        numeric: true,
      },
    ]),
    table(t("errorMatrix"), idx, [
      { header: t("mapRowsRefCols"), value: (i) => className(a.classes[i]!) },
      ...idx.map((j) => ({
        header: className(a.classes[j]!),
        numeric: true,
        value: (i: number) => {
          const se = a.errorMatrixProportionsSe?.[i]?.[j];
          return `${fmtPercent(a.errorMatrixProportions[i]?.[j], 2)}${se === undefined ? "" : ` ± ${fmtPercent(se, 2)}`} (n = ${fmtNumber(a.sampleCounts[i]?.[j])})`;
        },
      })),
    ]),
  );
  return wrap;
}

/** Rows of the accuracy results for CSV. */
function accuracyCsv(accuracy: unknown): Record<string, string | number | boolean | null>[] {
  if (!isAccuracy(accuracy)) return flatten(accuracy);
  const a = accuracy;
  return a.classes.map((c, i) => ({
    class: c,
    users_accuracy: a.usersAccuracy[i] ?? null,
    users_accuracy_se: a.usersAccuracySe[i] ?? null,
    producers_accuracy: a.producersAccuracy[i] ?? null,
    producers_accuracy_se: a.producersAccuracySe[i] ?? null,
    mapped_area_ha: a.mappedAreaHa[i] ?? null,
    area_ha: a.areaHa[i] ?? null,
    area_se_ha: a.areaSeHa[i] ?? null,
    ci_low_ha: a.areaCiHa[i]?.[0] ?? null,
    ci_high_ha: a.areaCiHa[i]?.[1] ?? null,
    overall_accuracy: a.overallAccuracy,
    overall_accuracy_se: a.overallAccuracySe,
    ...Object.fromEntries(a.classes.map((r, j) => [`error_matrix_to_${r}`, a.errorMatrixProportions[i]?.[j] ?? null])),
  }));
}

type ProductionResults = NonNullable<SurveyResults["production"]>;

function isProduction(v: unknown): v is ProductionResults {
  return (
    isObject(v) &&
    isObject(v.cocaineT) &&
    typeof v.cocaineT.median === "number" &&
    Array.isArray(v.cocaineT.ci90) &&
    Array.isArray(v.cocaineT.ci95) &&
    (v.leafT === null || v.leafT === undefined || (isObject(v.leafT) && Array.isArray(v.leafT.ci90) && Array.isArray(v.leafT.ci95)))
  );
}

function productionSection(production: unknown, width: number): HTMLElement {
  const wrap = h("div");
  if (production === null) {
    wrap.append(note(t("noProductionStage")));
    return wrap;
  }
  if (!isProduction(production)) {
    wrap.append(isObject(production) ? kvTree(production) : note(t("noData")));
    return wrap;
  }
  const p = production;
  const interval = (x: { ci90: [number, number]; ci95: [number, number] }): string =>
    `90 %: ${fmtNumber(x.ci90[0], 1)} – ${fmtNumber(x.ci90[1], 1)}; 95 %: ${fmtNumber(x.ci95[0], 1)} – ${fmtNumber(x.ci95[1], 1)}`;
  const rows = [{ what: t("cocaine_t"), s: p.cocaineT }, ...(p.leafT ? [{ what: t("leaf_t"), s: p.leafT }] : [])];
  wrap.append(
    table(`${t("production")} (t)`, rows, [
      { header: "", value: (r) => r.what },
      { header: `${t("median")} (t)`, value: (r) => fmtNumber(r.s.median, 1), numeric: true },
      { header: `${t("mean")} (t)`, value: (r) => fmtNumber(r.s.mean, 1), numeric: true },
      { header: `${t("ci")} (t)`, value: (r) => interval(r.s), numeric: true },
    ]),
  );
  const hist = p.cocaineT.histogram;
  if (hist && Array.isArray(hist.binEdges) && Array.isArray(hist.counts)) {
    wrap.append(
      h(
        "figure",
        { class: "chart" },
        Plot.plot(
          productionChartOptions({
            histogram: hist,
            median: p.cocaineT.median,
            ci90: p.cocaineT.ci90,
            xLabel: `${t("cocaine_t")} (t)`,
            yLabel: t("draws"),
            width,
            format: chartFormat(locale()),
          }),
        ),
        h(
          "figcaption",
          {},
          `${t("distribution")}: ${fmtNumber(p.draws)} ${t("draws")}; ${t("medianInterval")}. ${t("source")}: ${p.parameterSet} (${p.source}).`,
        ),
      ),
    );
  }
  if (Array.isArray(p.topDrivers) && p.topDrivers.length > 0) {
    wrap.append(
      table(t("drivers"), p.topDrivers, [
        { header: "", value: (d) => d.parameter },
        { header: t("share"), value: (d) => fmtPercent(d.share), numeric: true },
      ]),
    );
  }
  for (const n of Array.isArray(p.notes) ? p.notes : []) wrap.append(note(String(n)));
  return wrap;
}

export const surveyView: View = async (root, state: AppState) => {
  const { surveys } = await getJson<{ surveys: SurveySummary[] }>("/v1/surveys");
  const wanted = state.route.view === "survey" ? state.route.surveyId : undefined;
  const summary = pickSurvey(surveys, state.year, wanted);
  root.append(h("h2", {}, t("navSurvey")));
  const jobs = jobsPanel();
  root.append(jobs.el);
  if (!summary) {
    root.append(note(t("noSurveys")));
    return jobs.stop;
  }
  const select = h(
    "select",
    { id: "survey-select" },
    surveys.map((s) => h("option", { value: String(s.id), selected: s.id === summary.id }, `#${s.id} ${s.name} (${countryName(s.country)} ${s.year})`)),
  );
  select.addEventListener("change", () => {
    window.location.hash = `#/survey/${select.value}`;
  });
  const reportLink = (format: "pdf" | "html"): HTMLElement =>
    h(
      "a",
      {
        class: "button-link",
        id: `report-${format}`,
        href: `/v1/surveys/${summary.id}/report?lang=${lang()}&format=${format}`,
        target: "_blank",
        rel: "noopener",
      },
      `${t("annualReport")} (${format.toUpperCase()})`,
    );
  root.append(h("div", { class: "row panel" }, h("label", { for: "survey-select" }, t("surveys")), select, reportLink("pdf"), reportLink("html")));
  let detail: SurveyDetail;
  try {
    detail = await getJson<SurveyDetail>(`/v1/surveys/${summary.id}`);
  } catch (error) {
    root.append(errorBox(error));
    return jobs.stop;
  }
  const width = Math.min(1100, Math.max(300, viewWidth() - 40));
  const rows = targetEstimates(detail);
  const source = `Coca Monitor, ${t("surveyOf").toLowerCase()} #${detail.id} (${detail.name}), ${fmtDate(detail.createdAt)}`;
  const confidence = detail.config?.confidence;
  const conf = typeof confidence === "number" ? ` ${Math.round(confidence * 100)} %` : "";

  const results: Partial<SurveyResults> = detail.results ?? {};
  const estimates = h(
    "section",
    { class: "panel", id: "survey-estimates", "aria-labelledby": "est-h" },
    h("h3", { id: "est-h" }, t("mapVsEstimate")),
    detail.simulated ? h("span", { class: "badge" }, t("simulated")) : null,
    results.total ? h("p", { id: "survey-headline" }, headline(detail, results as SurveyResults)) : null,
    // The first run's checks and the estimate's caveats, as `survey show` and the API give them.
    Array.isArray(results.warnings) && results.warnings.length > 0
      ? h(
          "div",
          { id: "survey-warnings", class: "note", role: "note" },
          h("strong", {}, t("warnings")),
          h(
            "ul",
            {},
            results.warnings.map((w) => h("li", {}, String(w))),
          ),
        )
      : null,
    h(
      "figure",
      { class: "chart" },
      estimateChart(rows, width),
      h("figcaption", {}, `${t("estimate")} ± ${t("ciLong")}${conf}; ◆ ${t("mapArea")}. ${t("source")}: ${source}`),
    ),
    h(
      "div",
      { class: "table-wrap" },
      table(`${t("estimate")} (ha)`, rows, [
        { header: t("region"), value: (r) => regionName(r.region) },
        { header: t("className"), value: (r) => className(r.className) },
        { header: `${t("estimate")} (ha)`, value: (r) => fmtNumber(r.areaHa), numeric: true },
        {
          header: `${t("ci")}${conf} (ha)`,
          value: (r) => (r.ciLowHa !== null && r.ciHighHa !== null ? `${fmtNumber(r.ciLowHa)} – ${fmtNumber(r.ciHighHa)}` : "—"),
          numeric: true,
        },
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
  const accuracy = h(
    "section",
    { class: "panel", id: "survey-accuracy" },
    h("h3", {}, t("accuracy")),
    accuracySection(results.accuracy, conf),
    downloads(`survey-${detail.id}-accuracy`, () => accuracyCsv(results.accuracy).map((r) => ({ ...r, source }))),
  );
  const production = h(
    "section",
    { class: "panel", id: "survey-production" },
    h("h3", {}, t("production")),
    productionSection(results.production, width),
    downloads(`survey-${detail.id}-production`, () => flatten(results.production).map((r) => ({ ...r, source }))),
  );
  const provenance = h(
    "section",
    { class: "panel", id: "survey-provenance" },
    h("h3", {}, t("provenance")),
    kvTree(detail.provenance),
    h(
      "div",
      { class: "table-wrap" },
      table(t("artifacts"), detail.artifacts, [
        { header: t("fileName"), value: (a) => a.name },
        { header: t("mediaType"), value: (a) => a.mediaType },
        { header: t("bytes"), value: (a) => fmtNumber(a.sizeBytes), numeric: true },
        { header: "sha256", value: (a) => a.sha256 },
      ]),
    ),
    downloads(`survey-${detail.id}-provenance`, () => flatten({ provenance: detail.provenance, config: detail.config }).map((r) => ({ ...r, source }))),
  );
  root.append(estimates, accuracy, production, provenance);
  return jobs.stop;
};

/** The sentence a survey is quoted by, in the chosen language (the stored headline is English only). */
export function headline(detail: SurveySummary, r: SurveyResults): string {
  const conf = Math.round(r.total.confidence * 100);
  const ci = `${fmtNumber(r.total.areaCiHa[0])}–${fmtNumber(r.total.areaCiHa[1])} ha`;
  // The words follow the target class ("coca" only when it is coca); no production stage, no cocaine.
  const cls = className(r.targetClass ?? "coca");
  const Cls = cls.charAt(0).toUpperCase() + cls.slice(1);
  const p = r.production;
  const tonnes = p
    ? `${fmtNumber(p.cocaineT.median, 1)} t (${t("interval90")}: ${fmtNumber(p.cocaineT.ci90[0], 1)}–${fmtNumber(p.cocaineT.ci90[1], 1)} t)`
    : "";
  return lang() === "es"
    ? `${detail.simulated ? "[SIMULADO] " : ""}${Cls} en el área monitoreada (${countryName(detail.country)} ${detail.year}): ${fmtQty(r.total.areaHa, "ha")} (IC ${conf} %: ${ci}); el mapa por sí solo cuenta ${fmtQty(r.total.mapAreaHa, "ha")}.` +
        (p ? ` Producción potencial de cocaína pura: ${tonnes}; parámetros ${p.parameterSet}.` : "")
    : `${detail.simulated ? "[SIMULATED] " : ""}${Cls} in the surveyed area (${countryName(detail.country)} ${detail.year}): ${fmtQty(r.total.areaHa, "ha")} (${conf} % CI: ${ci}); the map alone counts ${fmtQty(r.total.mapAreaHa, "ha")}.` +
        (p ? ` Potential pure cocaine: ${tonnes}; parameters ${p.parameterSet}.` : "");
}

/** Flatten nested results into key/value rows for CSV. */
export function flatten(
  value: unknown,
  prefix = "",
  out: { key: string; value: string | number | boolean | null }[] = [],
): { key: string; value: string | number | boolean | null }[] {
  if (Array.isArray(value)) value.forEach((v, i) => flatten(v, `${prefix}[${i}]`, out));
  else if (isObject(value)) for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  else out.push({ key: prefix, value: value as string | number | boolean | null });
  return out;
}
