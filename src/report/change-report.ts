/**
 * @module report/change-report
 * The report of a stored change analysis (`coca report --change ID`): key figures of both dates (coca
 * estimated with its CI and counted on the map, the two surveys' production and the registry's figures
 * when the analysis compares two stored surveys), new, persistent and lost coca and the net change with
 * their CIs, the rates (abandoned, replanted after eradication, by kind) with their CIs, the change map
 * (the transition map drawn like the class map, the eradication sites over it), the transitions estimated
 * against the map, per region, the estimator and the provenance. The same blocks are the "change"
 * section of a survey report given `--change ID`.
 */
import { estimateOf, type ChangeAnalysisDetail } from "../change/analysis-record.ts";
import { parseEradicationRecords } from "../change/eradication.ts";
import { NotFoundError } from "../domain/errors.ts";
import type { Figure } from "../domain/figure.ts";
import { fromWgs84Transform, mapToPixel } from "../domain/raster-grid.ts";
import { ensureSeeded } from "../figures/seed.ts";
import { classMapOverviewWithGrid } from "../raster/class-map-overview.ts";
import type { AreaWithInterval, RatioWithInterval } from "../stats/change-estimator.ts";
import type { Store } from "../store/store.ts";
import type { SurveyDetail } from "../store/survey-repository.ts";
import { codeVersion } from "../survey/code-version.ts";
import { registryKeyFigureRows, type KeyFigureRow } from "./key-figures.ts";
import { Citations, range } from "./citations.ts";
import type { ImageBlock, MapMarker, ReportBlock, ReportModel, ReportSection } from "./report-model.ts";
import { reportText, type ReportLang, type ReportText } from "./report-text.ts";

/** Colours of the eradication sites by kind, chosen to stand out on the transition colours (reds, blue, greys). */
export const ERADICATION_COLORS: Record<string, string> = { forced: "#ffd700", voluntary: "#22c55e", aerial: "#d946ef" };

const COUNTRY_NAMES: Record<string, Record<ReportLang, string>> = {
  PER: { es: "Perú", en: "Peru" },
  BOL: { es: "Bolivia", en: "Bolivia" },
  COL: { es: "Colombia", en: "Colombia" },
};

/** One eradication site placed on the change map. */
export interface ChangeMapSite {
  id: string;
  kind: string;
  areaHa: number;
  /** Share of the map's width and height, from the top-left corner. */
  x: number;
  y: number;
}

export interface ChangeReportInput {
  lang: ReportLang;
  analysis: ChangeAnalysisDetail;
  /** The two stored surveys compared (a change survey), when both are still stored. */
  surveys?: [SurveyDetail, SurveyDetail];
  /** The registry's figures of the surveys' country (none for the demo). */
  figures: readonly Figure[];
  countryName: string | null;
  transitionMap?: { dataUrl: string; widthPx: number; heightPx: number; classes: { name: string; color: string }[] };
  sites: ChangeMapSite[];
  codeVersion: string;
}

function lonLatOf(site: { type: "Point"; coordinates: number[] } | { type: "Polygon"; coordinates: number[][][] }): [number, number] {
  if (site.type === "Point") return [site.coordinates[0]!, site.coordinates[1]!];
  const ring = site.coordinates[0]!;
  const n = Math.max(1, ring.length - 1);
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    sx += ring[i]![0]!;
    sy += ring[i]![1]!;
  }
  return [sx / n, sy / n];
}

/** Everything the change report is made of, read from the store: the analysis, its maps and eradication records, the surveys compared. */
export async function gatherChangeReportInput(store: Store, { changeId, lang }: { changeId: number; lang: ReportLang }): Promise<ChangeReportInput> {
  const analysis = await store.changes.get(changeId);
  if (!analysis) throw new NotFoundError(`no change analysis with id ${changeId} in the store (coca change list shows the stored analyses)`);
  let surveys: [SurveyDetail, SurveyDetail] | undefined;
  const ids = analysis.provenance.surveys ?? [];
  if (ids.length === 2) {
    const [a, b] = await Promise.all(ids.map((id) => store.surveys.get(id)));
    if (a && b) surveys = [a, b];
  }
  let figures: Figure[] = [];
  if (surveys) {
    await ensureSeeded(store);
    figures = (await store.figures.list({ country: surveys[1].country })).filter((f) => f.year <= surveys[1].year);
  }
  let transitionMap: ChangeReportInput["transitionMap"];
  const sites: ChangeMapSite[] = [];
  const info = analysis.artifacts.find((f) => f.name === "transitions.tif");
  if (info) {
    const stored = await store.changes.artifact(changeId, info.name);
    if (stored) {
      const { overview, grid } = await classMapOverviewWithGrid(stored.bytes, { maxSizePx: 800 });
      transitionMap = {
        dataUrl: `data:image/png;base64,${Buffer.from(overview.png).toString("base64")}`,
        widthPx: overview.widthPx,
        heightPx: overview.heightPx,
        classes: overview.classes.map((c) => ({ name: c.name, color: c.color })),
      };
      const toGrid = fromWgs84Transform(grid.crs, "the transition map's CRS");
      for (const a of analysis.artifacts.filter((f) => /^eradication.*\.(csv|geojson|json)$/i.test(f.name))) {
        const file = await store.changes.artifact(changeId, a.name);
        if (!file) continue;
        for (const r of parseEradicationRecords(new TextDecoder().decode(file.bytes), `change analysis ${changeId}: ${a.name}`)) {
          const [mx, my] = toGrid(lonLatOf(r.site));
          const [col, row] = mapToPixel(grid, mx, my);
          const x = col / grid.width;
          const y = row / grid.height;
          if (x >= 0 && x <= 1 && y >= 0 && y <= 1) sites.push({ id: r.id, kind: r.kind, areaHa: r.areaHa, x, y });
        }
      }
      sites.sort((p, q) => (p.id < q.id ? -1 : p.id > q.id ? 1 : 0));
    }
  }
  const country = surveys?.[1].country;
  return {
    lang,
    analysis,
    surveys,
    figures,
    countryName: country ? (COUNTRY_NAMES[country]?.[lang] ?? country) : null,
    transitionMap,
    sites,
    codeVersion: codeVersion(),
  };
}

const signed = (x: ReportText, v: number, unit: string, digits = 0): string =>
  `${v > 0 ? "+" : v < 0 ? "−" : "±"}${x.format.number(Math.abs(v), digits)} ${unit}`;
const num = (x: ReportText, v: number, digits = 0): string => (v < 0 ? `−${x.format.number(-v, digits)}` : x.format.number(v, digits));
const ciText = (x: ReportText, a: AreaWithInterval, conf: number): string => `${x.t("ci")} ${conf} %: ${num(x, a.ciHa[0])}–${num(x, a.ciHa[1])} ha`;
/** "47 ha (IC 95 %: 31–64 ha)". */
export const areaWithCi = (x: ReportText, a: AreaWithInterval, conf: number): string => `${x.format.qty(a.estimateHa, "ha")} (${ciText(x, a, conf)})`;
/** "+12 ha (IC 95 %: −3–20 ha)". */
export const changeWithCi = (x: ReportText, a: AreaWithInterval, conf: number): string => `${signed(x, a.estimateHa, "ha")} (${ciText(x, a, conf)})`;
/** "58,3 % (IC 95 %: 41,0–75,6 %)" or "—" when the ratio has no denominator. */
export const rateWithCi = (x: ReportText, r: RatioWithInterval, conf: number): string =>
  r.ratio === null ? "—" : `${x.percent(r.ratio)}${r.ci ? ` (${x.t("ci")} ${conf} %: ${x.percent(r.ci[0])}–${x.percent(r.ci[1])})` : ""}`;

function kindName(x: ReportText, kind: string): string {
  return kind === "forced" || kind === "voluntary" || kind === "aerial" ? x.t(kind) : kind;
}

const rel = (a: number, b: number): number | null => (b !== 0 ? a / b - 1 : null);

/** The key figures of both dates: second date as "this year", first date as "last year". */
export function changeKeyFigureRows(input: ChangeReportInput, x: ReportText, cites: Citations): KeyFigureRow[] {
  const { analysis } = input;
  const e = estimateOf(analysis);
  const conf = Math.round(e.confidence * 100);
  const src = `Coca Monitor, ${x.t("changeAnalysis").toLowerCase()} #${analysis.id}`;
  const a = e.areas;
  const rows: KeyFigureRow[] = [
    {
      label: `${x.t("cocaEstimate")} (ha)`,
      thisYear: areaWithCi(x, a.secondDateHa, conf),
      lastYear: areaWithCi(x, a.firstDateHa, conf),
      change: changeWithCi(x, a.netChangeHa, conf),
      source: src,
      value: a.secondDateHa.estimateHa,
      previousValue: a.firstDateHa.estimateHa,
      unit: "ha",
    },
  ];
  const mt = analysis.result.mappedTransitions;
  if (mt && mt.length > 0) {
    const t = analysis.targetClass;
    const m1 = mt.filter((q) => q.fromClass === t).reduce((s, q) => s + q.areaHa, 0);
    const m2 = mt.filter((q) => q.toClass === t).reduce((s, q) => s + q.areaHa, 0);
    rows.push({
      label: `${x.t("cocaMapped")} (ha)`,
      thisYear: x.format.qty(m2, "ha"),
      lastYear: x.format.qty(m1, "ha"),
      change: `${signed(x, m2 - m1, "ha")} (${x.change(rel(m2, m1))})`,
      source: src,
      value: m2,
      previousValue: m1,
      unit: "ha",
    });
  }
  for (const [key, r] of [
    ["newCoca", a.newHa],
    ["persistentCoca", a.persistentHa],
    ["lostCoca", a.lostHa],
  ] as const) {
    rows.push({
      label: `${x.t(key)} (ha)`,
      thisYear: areaWithCi(x, r, conf),
      lastYear: "—",
      change: "—",
      source: src,
      value: r.estimateHa,
      previousValue: null,
      unit: "ha",
    });
  }
  if (e.replanted) {
    rows.push({
      label: `${x.t("replanted")} (%)`,
      thisYear: rateWithCi(x, e.replanted.overall, conf),
      lastYear: "—",
      change: "—",
      source: src,
      value: e.replanted.overall.ratio,
      previousValue: null,
      unit: "share",
    });
  }
  if (input.surveys) {
    const [s1, s2] = input.surveys;
    const p1 = s1.results.production;
    const p2 = s2.results.production;
    // A survey stored without its production stage (production: false, or a class that is not coca) has no cocaine row.
    if (p1 && p2) {
      const c1 = p1.cocaineT;
      const c2 = p2.cocaineT;
      const withCi = (c: typeof c1): string => `${x.format.qty(c.median, "t", 1)} (90 %: ${x.format.number(c.ci90[0], 1)}–${x.format.number(c.ci90[1], 1)} t)`;
      rows.push({
        label: `${x.t("cocaine")} (t)`,
        thisYear: withCi(c2),
        lastYear: withCi(c1),
        change: x.change(rel(c2.median, c1.median)),
        source: `Coca Monitor #${s2.id}; #${s1.id}; ${p2.parameterSet}`,
        value: c2.median,
        previousValue: c1.median,
        unit: "t",
      });
    }
    if (s2.year === s1.year + 1) rows.push(...registryKeyFigureRows(input.figures, s2.year, x, cites));
  }
  return rows;
}

/** The change map: the transition map's picture, its legend, the eradication sites over it. */
function changeMapBlock(input: ChangeReportInput, x: ReportText): ImageBlock | undefined {
  const m = input.transitionMap;
  if (!m) return undefined;
  const kinds = [...new Set(input.sites.map((s) => s.kind))].sort();
  const markers: MapMarker[] = input.sites.map((s) => ({
    x: s.x,
    y: s.y,
    color: ERADICATION_COLORS[s.kind] ?? "#ffffff",
    label: `${x.t("eradicationSite")} ${kindName(x, s.kind)} ${s.id} (${x.format.qty(s.areaHa, "ha", 2)})`,
  }));
  const byKind = kinds.map((k) => `${kindName(x, k)} ${input.sites.filter((s) => s.kind === k).length}`).join(", ");
  return {
    kind: "image",
    src: m.dataUrl,
    alt: `${x.t("changeMap")}: ${m.classes.map((c) => x.cls(c.name)).join(", ")}${input.sites.length ? `; ${input.sites.length} ${x.t("eradicationSites")} (${byKind})` : ""}`,
    caption: `${x.t("changeMap")}${input.sites.length ? ` (${input.sites.length}: ${byKind})` : ""}. ${x.t("source")}: Coca Monitor, ${x.t("changeAnalysis").toLowerCase()} #${input.analysis.id} (${input.analysis.fromLabel} → ${input.analysis.toLabel})`,
    legend: [
      ...m.classes.map((c) => ({ name: x.cls(c.name), color: c.color })),
      ...kinds.map((k) => ({ name: `${x.t("eradicationSite")}: ${kindName(x, k)}`, color: ERADICATION_COLORS[k] ?? "#ffffff", marker: true })),
    ],
    widthPx: m.widthPx,
    heightPx: m.heightPx,
    markers,
  };
}

/** The change section's blocks: areas and rates with CIs, the change map, the transitions, per region. */
export function changeBlocks(input: ChangeReportInput, x: ReportText): ReportBlock[] {
  const { analysis } = input;
  const e = estimateOf(analysis);
  const conf = Math.round(e.confidence * 100);
  const a = e.areas;
  const src = `${x.t("source")}: Coca Monitor, ${x.t("changeAnalysis").toLowerCase()} #${analysis.id} (${analysis.name})`;
  const areaRow = (label: string, r: AreaWithInterval, signedValue = false): string[] => [
    label,
    signedValue ? signed(x, r.estimateHa, "ha") : x.format.qty(r.estimateHa, "ha"),
    `${num(x, r.ciHa[0])}–${num(x, r.ciHa[1])} ha`,
    x.format.number(r.seHa),
  ];
  const blocks: ReportBlock[] = [
    {
      kind: "table",
      id: "change-areas-table",
      caption: `${x.t("change_section")}, ${analysis.fromLabel} → ${analysis.toLabel} (ha; ${x.t("ci")} ${conf} %). ${src}`,
      headers: [x.t("indicator"), x.t("estimate"), `${x.t("ci")} ${conf} %`, x.t("se")],
      numeric: [false, true, true, true],
      rows: [
        areaRow(`${x.t("firstDate")} (${analysis.fromLabel}): ${x.cls(analysis.targetClass)}`, a.firstDateHa),
        areaRow(`${x.t("secondDate")} (${analysis.toLabel}): ${x.cls(analysis.targetClass)}`, a.secondDateHa),
        areaRow(x.t("newCoca"), a.newHa),
        areaRow(x.t("persistentCoca"), a.persistentHa),
        areaRow(x.t("lostCoca"), a.lostHa),
        areaRow(x.t("netChange"), a.netChangeHa, true),
        areaRow(x.t("stableOther"), a.stableOtherHa),
      ],
    },
  ];
  const rate = (label: string, r: RatioWithInterval): string[] => [
    label,
    r.ratio === null ? "—" : x.percent(r.ratio),
    r.ci ? `${x.percent(r.ci[0])}–${x.percent(r.ci[1])}` : "—",
    r.se === null ? "—" : x.percent(r.se),
    `${x.format.number(r.units)} ${x.t("units")}`,
  ];
  blocks.push({
    kind: "table",
    id: "change-rates-table",
    caption: `${x.t("rates")}. ${src}`,
    headers: [x.t("rate"), x.t("value"), `${x.t("ci")} ${conf} %`, x.t("se").replace(" (ha)", ""), x.t("sampleUnits")],
    numeric: [false, true, true, true, true],
    rows: [
      rate(x.t("abandoned"), a.abandonedShare),
      ...(e.replanted
        ? [rate(x.t("replanted"), e.replanted.overall), ...e.replanted.byKind.map((k) => rate(`${x.t("replantedAfter")}: ${kindName(x, k.kind)}`, k))]
        : []),
    ],
  });
  const map = changeMapBlock(input, x);
  if (map) blocks.push(map);
  const mapped = new Map((analysis.result.mappedTransitions ?? []).map((t) => [`${t.fromClass}|${t.toClass}`, t.areaHa]));
  blocks.push({
    kind: "table",
    id: "change-transitions-table",
    caption: `${x.t("transitions")} (ha; ${x.t("ci")} ${conf} %). ${src}`,
    headers: [x.t("transition"), x.t("estimate"), `${x.t("ci")} ${conf} %`, x.t("se"), x.t("mappedHa")],
    numeric: [false, true, true, true, true],
    rows: e.transitions.map((t) => [
      x.cls(`${t.fromClass} -> ${t.toClass}`),
      x.format.number(t.estimateHa),
      `${num(x, t.ciHa[0])}–${num(x, t.ciHa[1])} ha`,
      x.format.number(t.seHa),
      mapped.has(`${t.fromClass}|${t.toClass}`) ? x.format.number(mapped.get(`${t.fromClass}|${t.toClass}`)) : "—",
    ]),
  });
  if (e.byRegion.length > 0) {
    blocks.push({
      kind: "table",
      id: "change-regions-table",
      caption: `${x.t("regions")}: ${x.t("netChange").toLowerCase()} (ha; ${x.t("ci")} ${conf} %). ${src}`,
      headers: [x.t("region"), analysis.fromLabel, analysis.toLabel, x.t("newCoca"), x.t("lostCoca"), x.t("netChange")],
      numeric: [false, true, true, true, true, true],
      rows: e.byRegion.map((r) => [
        r.region,
        x.format.number(r.firstDateHa.estimateHa),
        x.format.number(r.secondDateHa.estimateHa),
        x.format.number(r.newHa.estimateHa),
        x.format.number(r.lostHa.estimateHa),
        `${signed(x, r.netChangeHa.estimateHa, "ha")} (${range(x, r.netChangeHa.ciHa[0], r.netChangeHa.ciHa[1], "ha").replace(/^-/, "−")})`,
      ]),
    });
  }
  return blocks;
}

/** The change summary in plain words. */
function changeSummary(input: ChangeReportInput, x: ReportText): string[] {
  const { analysis } = input;
  const e = estimateOf(analysis);
  const a = e.areas;
  const conf = Math.round(e.confidence * 100);
  const es = x.lang === "es";
  const where = input.countryName ? (es ? ` en ${input.countryName}` : ` in ${input.countryName}`) : "";
  const out = [
    es
      ? `Entre ${analysis.fromLabel} y ${analysis.toLabel}, la superficie con coca${where} pasó de ${areaWithCi(x, a.firstDateHa, conf)} a ${areaWithCi(x, a.secondDateHa, conf)}: un cambio neto de ${changeWithCi(x, a.netChangeHa, conf)}.`
      : `Between ${analysis.fromLabel} and ${analysis.toLabel}, the area under coca${where} went from ${areaWithCi(x, a.firstDateHa, conf)} to ${areaWithCi(x, a.secondDateHa, conf)}: a net change of ${changeWithCi(x, a.netChangeHa, conf)}.`,
    es
      ? `Coca nueva: ${areaWithCi(x, a.newHa, conf)}; persistente: ${areaWithCi(x, a.persistentHa, conf)}; perdida: ${areaWithCi(x, a.lostHa, conf)}. Se abandonó ${rateWithCi(x, a.abandonedShare, conf)} de la coca de ${analysis.fromLabel}.`
      : `New coca: ${areaWithCi(x, a.newHa, conf)}; persistent: ${areaWithCi(x, a.persistentHa, conf)}; lost: ${areaWithCi(x, a.lostHa, conf)}. ${rateWithCi(x, a.abandonedShare, conf)} of the ${analysis.fromLabel} coca was abandoned.`,
  ];
  if (e.replanted) {
    const kinds = e.replanted.byKind.map((k) => `${kindName(x, k.kind)} ${rateWithCi(x, k, conf)}`).join("; ");
    out.push(
      es
        ? `Del área erradicada se replantó ${rateWithCi(x, e.replanted.overall, conf)}${kinds ? ` (${kinds})` : ""}.`
        : `Of the eradicated area, ${rateWithCi(x, e.replanted.overall, conf)} was replanted${kinds ? ` (${kinds})` : ""}.`,
    );
  }
  out.push(
    es
      ? `Las cifras vienen de una muestra de ${x.format.number(e.sampleSize)} unidades interpretadas en las dos fechas (estimador estratificado de Stehman 2014); el mapa de cambio solo cuenta píxeles.`
      : `The figures come from a sample of ${x.format.number(e.sampleSize)} units interpreted at both dates (Stehman's 2014 stratified estimator); the change map only counts pixels.`,
  );
  if (analysis.simulated) out.push(x.t("simulatedChange"));
  return out;
}

const STEHMAN =
  "Stehman, S. V. (2014). Estimating area and map accuracy for stratified random sampling when the strata are different from the map classes. International Journal of Remote Sensing, 35(13), 4923–4939. https://doi.org/10.1080/01431161.2014.930207";

/** The report of a stored change analysis. */
export function buildChangeReportModel(input: ChangeReportInput): ReportModel {
  const x = reportText(input.lang);
  const cites = new Citations();
  const { analysis } = input;
  const e = estimateOf(analysis);
  const conf = Math.round(e.confidence * 100);
  const keyFigures = changeKeyFigureRows(input, x, cites);
  const title = `${x.t("changeTitle")}: ${input.countryName ? `${input.countryName} ` : ""}${analysis.fromLabel}–${analysis.toLabel}`;
  const sections: ReportSection[] = [
    {
      id: "key-figures",
      title: x.t("keyFigures"),
      blocks: [
        {
          kind: "table",
          id: "key-figures-table",
          caption: `${x.t("keyFigures")}: ${analysis.fromLabel} → ${analysis.toLabel}`,
          headers: [x.t("indicator"), analysis.toLabel, analysis.fromLabel, x.t("change"), x.t("source")],
          numeric: [false, true, true, true, false],
          rows: keyFigures.map((r) => [r.label, r.thisYear, r.lastYear, r.change, r.source]),
        },
      ],
    },
    { id: "summary", title: x.t("summary"), blocks: changeSummary(input, x).map((text) => ({ kind: "p" as const, text })) },
    { id: "change", title: x.t("change_section"), blocks: changeBlocks(input, x) },
    {
      id: "methodology",
      title: x.t("methodology"),
      blocks: [
        {
          kind: "p",
          text:
            x.lang === "es"
              ? `${x.t("changeEstimator")}: cada unidad de muestra se interpreta en las dos fechas; las áreas de coca nueva, persistente y perdida y el cambio neto son totales estratificados con su error estándar, y las tasas son estimadores de razón, con un intervalo de confianza del ${conf} % (z = ${x.format.number(e.z, 2)}); los estratos pueden no ser las clases del mapa ${cites.cite(STEHMAN)}.`
              : `${x.t("changeEstimator")}: every sample unit is interpreted at both dates; new, persistent and lost coca and the net change are stratified totals with their standard errors, and the rates are ratio estimators, with a ${conf} % confidence interval (z = ${x.format.number(e.z, 2)}); the strata need not be the map's classes ${cites.cite(STEHMAN)}.`,
        },
        {
          kind: "table",
          caption: x.t("design"),
          headers: [x.t("stratum"), x.t("stratumSize"), x.t("sampleSize")],
          numeric: [false, true, true],
          rows: e.strata.map((s) => [s.id, x.format.number(s.sizeHa), x.format.number(s.sampleSize)]),
        },
        ...(e.warnings.length > 0 ? [{ kind: "p" as const, text: `${x.t("warnings")}: ${e.warnings.join("; ")}` }] : []),
      ],
    },
    {
      id: "provenance",
      title: x.t("provenance"),
      blocks: [
        {
          kind: "table",
          id: "provenance-table",
          caption: x.t("provenance"),
          headers: ["", ""],
          numeric: [false, false],
          rows: [
            [x.t("changeAnalysis"), `#${analysis.id} ${analysis.name}`],
            [x.t("createdAt"), analysis.createdAt],
            [x.t("command"), analysis.provenance.command],
            [x.t("codeVersion"), analysis.provenance.codeVersion],
            [x.t("seed"), analysis.provenance.seed === null ? "—" : String(analysis.provenance.seed)],
            ...(input.surveys ? [[x.t("surveysCompared"), input.surveys.map((s) => `#${s.id} ${s.name} (${s.year})`).join("; ")]] : []),
          ],
        },
        {
          kind: "table",
          caption: x.t("inputs"),
          headers: [x.t("role"), x.t("path"), "SHA-256", x.t("bytes")],
          numeric: [false, false, false, true],
          rows: analysis.provenance.inputs.map((i) => [i.role, i.path, i.sha256 ?? "—", i.sizeBytes === null ? "—" : x.format.number(i.sizeBytes)]),
        },
        {
          kind: "table",
          caption: x.t("artifacts"),
          headers: [x.t("path"), "SHA-256", x.t("bytes")],
          numeric: [false, false, true],
          rows: analysis.artifacts.map((f) => [f.name, f.sha256, x.format.number(f.sizeBytes)]),
        },
        { kind: "p", text: `${x.t("generatedByChange")} #${analysis.id}.` },
      ],
    },
    { id: "sources", title: x.t("sources"), blocks: [{ kind: "sources", items: cites.list }] },
  ];
  return {
    lang: input.lang,
    locale: x.locale,
    title,
    subtitle: `${x.t("changeReportOf")} · ${x.t("changeAnalysis")} #${analysis.id} (${analysis.name})`,
    simulatedNote: analysis.simulated ? x.t("simulatedChange") : null,
    createdAt: analysis.createdAt,
    footer: `Coca Monitor · ${x.t("changeAnalysis")} #${analysis.id} · ${analysis.provenance.codeVersion}`,
    sections,
    keyFigures,
  };
}
