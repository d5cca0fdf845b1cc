/**
 * @module web/views/change-view
 * (e) Change between years, from a stored change analysis (GET /v1/change/analyses/...): the two years' class maps
 * side by side with the transition map, the change areas and rates with their intervals (and the simulated truth
 * beside them for the demo), and a year control that steps through a region's history (mapped and estimated coca
 * at each date, with the interval). Spanish and English; this view's own strings are below.
 */
import * as Plot from "@observablehq/plot";
import { getJson } from "../api-client.ts";
import { downloads, errorBox, h, note, table, viewWidth } from "../dom.ts";
import { fmtNumber, fmtPercent, fmtQty, lang, t } from "../i18n.ts";
import type { AppState, View } from "../state.ts";

const TEXT = {
  title: { es: "Cambio entre años", en: "Change between years" },
  none: {
    es: "No hay análisis de cambio guardados. Ejecute «npm start» o «coca change demo --store».",
    en: "No change analysis stored. Run “npm start” or “coca change demo --store”.",
  },
  analysis: { es: "Análisis", en: "Analysis" },
  simulated: { es: "SIMULADO", en: "SIMULATED" },
  transitions: { es: "Transiciones del mapa", en: "Map transitions" },
  areas: { es: "Superficies de cambio (estimación por muestreo)", en: "Change areas (sample-based estimate)" },
  rates: { es: "Tasas (estimador de razón)", en: "Rates (ratio estimator)" },
  truth: { es: "Verdad simulada", en: "Simulated truth" },
  estimate: { es: "Estimación", en: "Estimate" },
  awaiting: {
    es: "Esta encuesta de cambio espera sus etiquetas en ambas fechas; se interpreta en",
    en: "This change survey is awaiting its labels at both dates; interpret it at",
  },
  firstDate: { es: "Coca en la primera fecha", en: "Coca at the first date" },
  secondDate: { es: "Coca en la segunda fecha", en: "Coca at the second date" },
  newHa: { es: "Coca nueva", en: "New coca" },
  persistentHa: { es: "Coca persistente", en: "Persistent coca" },
  lostHa: { es: "Coca perdida", en: "Coca lost" },
  netChangeHa: { es: "Cambio neto", en: "Net change" },
  abandoned: { es: "Parte de la coca del primer año abandonada", en: "Share of first-year coca abandoned" },
  replanted: { es: "Parte del área erradicada replantada", en: "Share of eradicated area replanted" },
  replantedAfter: { es: "replantada tras erradicación", en: "replanted after eradication:" },
  forced: { es: "forzosa", en: "forced" },
  voluntary: { es: "voluntaria", en: "voluntary" },
  aerial: { es: "aérea", en: "aerial" },
  regionHistory: { es: "Historia de una región", en: "A region's history" },
  date: { es: "Fecha", en: "Date" },
  previous: { es: "◀ Año anterior", en: "◀ Previous year" },
  next: { es: "Año siguiente ▶", en: "Next year ▶" },
  mapped: { es: "Conteo del mapa", en: "Map count" },
  estimated: { es: "Estimado", en: "Estimated" },
  fields: { es: "Parcelas por destino", en: "Fields by fate" },
  fate: { es: "Destino", en: "Fate" },
  count: { es: "Número", en: "Count" },
} as const;
type TextKey = keyof typeof TEXT;
const tr = (k: TextKey): string => TEXT[k][lang()];
const kindName = (k: string): string => (k in TEXT ? tr(k as TextKey) : k);

interface Area {
  estimateHa: number;
  seHa: number;
  ciHa: [number, number];
}
interface Ratio {
  ratio: number | null;
  se: number | null;
  ci: [number, number] | null;
  units: number;
}
interface Summary {
  id: number;
  name: string;
  kind: string;
  simulated: boolean;
  fromLabel: string;
  toLabel: string;
  headline: string | null;
  /** A change survey's design awaiting labels (no estimate): labelled in the Interpret view. */
  awaitingLabels?: boolean;
}
interface Detail extends Summary {
  result: {
    estimate: {
      confidence: number;
      areas: Record<string, Area> & { abandonedShare: Ratio };
      replanted: { overall: Ratio; byKind: (Ratio & { kind: string })[] } | null;
    };
    mappedTransitions: { name: string; areaHa: number; fromClass: string; toClass: string }[] | null;
    regions: { region: string; dates: string[]; mappedHa: number[]; estimatedHa: number[] | null; ciHa: [number, number][] | null }[] | null;
    fields: { fate: string }[] | null;
    truth: Record<string, number | null | Record<string, number | null>> | null;
  };
  artifacts: { name: string }[];
}

const ciText = (lo: number, hi: number, digits = 0): string => `${fmtNumber(lo, digits)} – ${fmtNumber(hi, digits)}`;
const ratioCi = (r: Ratio): string => (r.ci ? `${fmtPercent(r.ci[0])} – ${fmtPercent(r.ci[1])}` : "—");

function mapFigure(id: number, name: string, caption: string, current = false): HTMLElement {
  return h(
    "figure",
    { class: current ? "change-map current" : "change-map", "data-map": name, style: "margin:0;flex:1 1 30%;min-width:200px" },
    h("img", {
      src: `/v1/change/analyses/${id}/maps/${name}/png`,
      alt: caption,
      style: `width:100%;image-rendering:pixelated;border:${current ? "3px solid #1d4ed8" : "1px solid #ccc"}`,
    }),
    h("figcaption", {}, caption),
  );
}

export const changeView: View = async (root, state: AppState) => {
  root.append(h("h2", {}, tr("title")));
  let list: Summary[];
  try {
    ({ analyses: list } = await getJson<{ analyses: Summary[] }>("/v1/change/analyses"));
  } catch (error) {
    root.append(errorBox(error));
    return;
  }
  const wanted = state.route.view === "change" ? state.route.analysisId : undefined;
  const awaiting = list.find((x) => x.id === wanted && x.awaitingLabels);
  if (awaiting) {
    root.append(h("p", { class: "panel" }, `${tr("awaiting")} `, h("a", { href: `#/interpret/change/${awaiting.id}` }, `#/interpret/change/${awaiting.id}`)));
    return;
  }
  list = list.filter((x) => !x.awaitingLabels);
  if (!list.length) {
    root.append(note(tr("none")));
    return;
  }
  const chosen = list.find((a) => a.id === wanted) ?? list[list.length - 1]!;
  const a = await getJson<Detail>(`/v1/change/analyses/${chosen.id}`);
  const e = a.result.estimate;
  const level = fmtPercent(e.confidence, 0);
  const picker = h(
    "select",
    { id: "change-analysis", onchange: (ev: Event) => (window.location.hash = `#/change/${(ev.target as HTMLSelectElement).value}`) },
    list.map((s) => h("option", { value: String(s.id), selected: s.id === a.id }, `${s.id}: ${s.name}`)),
  );
  root.append(
    h(
      "section",
      { class: "panel" },
      h("label", { for: "change-analysis" }, `${tr("analysis")} `),
      picker,
      a.simulated ? h("span", { class: "badge", id: "change-simulated" }, ` ${tr("simulated")}`) : null,
      a.headline ? h("p", { id: "change-headline" }, a.headline) : null,
    ),
  );

  // The two years side by side, and the transition map; the year control below highlights the selected date.
  const names = new Set(a.artifacts.map((f) => f.name));
  const dates = [a.fromLabel, a.toLabel];
  const maps = h("div", { id: "change-maps", style: "display:flex;gap:0.75rem;flex-wrap:wrap" });
  const drawMaps = (k: number): void => {
    maps.replaceChildren(
      ...(names.has("map-year1.tif") ? [mapFigure(a.id, "map-year1", `${t("classMap")} ${dates[0]}`, k === 0)] : []),
      ...(names.has("map-year2.tif") ? [mapFigure(a.id, "map-year2", `${t("classMap")} ${dates[1]}`, k === 1)] : []),
      ...(names.has("transitions.tif") ? [mapFigure(a.id, "transitions", `${tr("transitions")} ${dates[0]} → ${dates[1]}`)] : []),
    );
  };

  // A region's history, stepped through by the year control.
  const regions = a.result.regions ?? [];
  const regionSelect = h(
    "select",
    { id: "change-region" },
    regions.map((r) => h("option", { value: r.region }, r.region)),
  );
  const yearLabel = h("strong", { id: "change-year" }, "");
  const regionInfo = h("p", { id: "change-region-info" }, "");
  const chart = h("figure", { class: "chart" });
  let k = Math.max(0, dates.indexOf(String(state.year)));
  const width = Math.min(900, Math.max(300, viewWidth() - 40));
  const drawRegion = (): void => {
    drawMaps(k);
    yearLabel.textContent = `${tr("date")}: ${dates[k]}`;
    const r = regions.find((x) => x.region === regionSelect.value);
    if (!r) {
      regionInfo.textContent = "";
      chart.replaceChildren();
      return;
    }
    const est = r.estimatedHa?.[k];
    const ci = r.ciHa?.[k];
    regionInfo.textContent =
      `${r.region}, ${r.dates[k]}: ${r.mappedHa.length ? `${tr("mapped")} ${fmtQty(r.mappedHa[k], "ha")}; ` : ""}` +
      (est === undefined ? "" : `${tr("estimated")} ${fmtQty(est, "ha")} (${level} ${t("ci")} ${ci ? ciText(ci[0], ci[1]) : "—"})`);
    const rows = r.dates.map((d, i) => ({
      date: d,
      mapped: r.mappedHa[i] ?? null,
      est: r.estimatedHa?.[i] ?? null,
      lo: r.ciHa?.[i]?.[0] ?? null,
      hi: r.ciHa?.[i]?.[1] ?? null,
    }));
    chart.replaceChildren(
      Plot.plot({
        width,
        height: 240,
        marginLeft: 70,
        x: { label: tr("date"), type: "point" },
        y: { label: "ha", grid: true, zero: true, tickFormat: (d: number) => fmtNumber(d) },
        marks: [
          Plot.ruleX(
            rows.filter((x) => x.lo !== null),
            { x: "date", y1: "lo", y2: "hi", stroke: "#1d4ed8", strokeWidth: 6, strokeOpacity: 0.3 },
          ),
          Plot.line(
            rows.filter((x) => x.est !== null),
            { x: "date", y: "est", stroke: "#1d4ed8" },
          ),
          Plot.dot(
            rows.filter((x) => x.est !== null),
            { x: "date", y: "est", fill: "#1d4ed8", r: 4 },
          ),
          Plot.dot(
            rows.filter((x) => x.mapped !== null),
            { x: "date", y: "mapped", stroke: "#b91c1c", r: 4 },
          ),
          Plot.ruleX([r.dates[k]], { stroke: "#999", strokeDasharray: "2,3" }),
        ],
      }),
      h(
        "figcaption",
        {},
        `${r.region}: ${tr("estimated")} (${level} ${t("ci")}, ${lang() === "es" ? "azul" : "blue"}) · ${tr("mapped")} (${lang() === "es" ? "rojo" : "red"})`,
      ),
    );
  };
  const step = (d: number): void => {
    k = Math.min(dates.length - 1, Math.max(0, k + d));
    drawRegion();
  };
  regionSelect.addEventListener("change", drawRegion);
  root.append(
    h("section", { class: "panel" }, maps),
    h(
      "section",
      { class: "panel", id: "change-history" },
      h("h3", {}, tr("regionHistory")),
      h(
        "div",
        { role: "group", "aria-label": tr("date") },
        h("button", { type: "button", id: "change-prev", onclick: () => step(-1) }, tr("previous")),
        " ",
        yearLabel,
        " ",
        h("button", { type: "button", id: "change-next", onclick: () => step(1) }, tr("next")),
        regions.length ? [" ", h("label", { for: "change-region" }, `${t("region")} `), regionSelect] : null,
      ),
      regionInfo,
      chart,
    ),
  );
  drawRegion();

  // Areas and rates with their intervals (and the simulated truth for the demo).
  const truth = a.result.truth;
  const num = (key: string): number | null => (truth && typeof truth[key] === "number" ? (truth[key] as number) : null);
  const areaRows = (["firstDateHa", "secondDateHa", "newHa", "persistentHa", "lostHa", "netChangeHa"] as const).map((key) => ({
    key,
    area: e.areas[key]!,
    truth: num(key),
  }));
  const byKind = (truth?.replantedShareByKind ?? {}) as Record<string, number | null>;
  const rateRows: { label: string; r: Ratio; truth: number | null }[] = [
    { label: tr("abandoned"), r: e.areas.abandonedShare, truth: num("abandonedShare") },
    ...(e.replanted
      ? [
          { label: tr("replanted"), r: e.replanted.overall, truth: num("replantedShare") },
          ...e.replanted.byKind.map((x) => ({ label: `  ${tr("replantedAfter")} ${kindName(x.kind)}`, r: x, truth: byKind[x.kind] ?? null })),
        ]
      : []),
  ];
  root.append(
    h(
      "section",
      { class: "panel", id: "change-areas" },
      table(`${tr("areas")}, ${dates[0]} → ${dates[1]}`, areaRows, [
        { header: "", value: (x) => tr(x.key === "firstDateHa" ? "firstDate" : x.key === "secondDateHa" ? "secondDate" : x.key) },
        { header: `${tr("estimate")} (ha)`, value: (x) => fmtNumber(x.area.estimateHa), numeric: true },
        { header: t("se"), value: (x) => fmtNumber(x.area.seHa), numeric: true },
        { header: `${level} ${t("ci")}`, value: (x) => ciText(x.area.ciHa[0], x.area.ciHa[1]), numeric: true },
        ...(truth ? [{ header: tr("truth"), value: (x: (typeof areaRows)[number]) => fmtNumber(x.truth), numeric: true }] : []),
      ]),
      table(tr("rates"), rateRows, [
        { header: "", value: (x) => x.label },
        { header: tr("estimate"), value: (x) => fmtPercent(x.r.ratio), numeric: true },
        { header: t("se"), value: (x) => fmtPercent(x.r.se), numeric: true },
        { header: `${level} ${t("ci")}`, value: (x) => ratioCi(x.r), numeric: true },
        ...(truth ? [{ header: tr("truth"), value: (x: (typeof rateRows)[number]) => fmtPercent(x.truth), numeric: true }] : []),
      ]),
      downloads(`change-${a.id}`, () => [
        ...areaRows.map((x) => ({
          measure: x.key,
          estimate: x.area.estimateHa,
          se: x.area.seHa,
          ci_low: x.area.ciHa[0],
          ci_high: x.area.ciHa[1],
          unit: "ha",
          simulated_truth: x.truth ?? "",
          source: `Coca Monitor, change analysis #${a.id} (${a.name})`,
        })),
        ...rateRows.map((x) => ({
          measure: x.label.trim(),
          estimate: x.r.ratio ?? "",
          se: x.r.se ?? "",
          ci_low: x.r.ci?.[0] ?? "",
          ci_high: x.r.ci?.[1] ?? "",
          unit: "share",
          simulated_truth: x.truth ?? "",
          source: `Coca Monitor, change analysis #${a.id} (${a.name})`,
        })),
      ]),
    ),
  );
  if (a.result.mappedTransitions) {
    root.append(
      h(
        "section",
        { class: "panel" },
        table(
          `${tr("transitions")} (${tr("mapped")})`,
          a.result.mappedTransitions.filter((x) => x.areaHa > 0),
          [
            { header: "", value: (x) => x.name },
            { header: "ha", value: (x) => fmtNumber(x.areaHa, 1), numeric: true },
          ],
        ),
      ),
    );
  }
  if (a.result.fields) {
    const counts = new Map<string, number>();
    for (const f of a.result.fields) counts.set(f.fate, (counts.get(f.fate) ?? 0) + 1);
    root.append(
      h(
        "section",
        { class: "panel" },
        table(
          tr("fields"),
          [...counts],
          [
            { header: tr("fate"), value: (x) => x[0] },
            { header: tr("count"), value: (x) => String(x[1]), numeric: true },
          ],
        ),
      ),
    );
  }
};
