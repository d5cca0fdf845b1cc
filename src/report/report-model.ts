/**
 * @module report/report-model
 * The annual survey report as data: sections of paragraphs, tables (cells already formatted in the
 * report's locale, every number with its unit and interval) and charts (the inputs of the dashboard's
 * chart functions in src/web/charts, without width and formatter). Pure: the same stored survey and
 * registry give the same model, and so the same document. Drawn by src/web/report-page.ts.
 */
import type { Figure, Metric } from "../domain/figure.ts";
import type { SurveyResults } from "../domain/survey-results.ts";
import type { SurveyDetail } from "../store/survey-repository.ts";
import type { PolicyInstrument } from "../figures/policy-instruments.ts";
import { rangeOf, type PublishedRange } from "../figures/published-ranges.ts";
import type { ParameterSet } from "../production/parameter-set.ts";
import type { Decomposition } from "../production/reconcile.ts";
import type { SeriesTrend } from "../production/series-trend.ts";
import type { DensityCell } from "../web/charts/density-chart.ts";
import type { EstimateChartRow } from "../web/charts/estimate-chart.ts";
import type { SeriesChartBand, SeriesChartLimit, SeriesChartPoint } from "../web/charts/series-chart.ts";
import { executiveSummary, keyFigureRows, registryKeyFigureRows, registrySummary, type KeyFigureRow } from "./key-figures.ts";
import { reportText, type ReportLang, type ReportText } from "./report-text.ts";
import { changeBlocks, type ChangeReportInput } from "./change-report.ts";
import { Citations, ha, range } from "./citations.ts";

export type ChartBlock =
  | {
      kind: "chart";
      chart: "series";
      alt: string;
      caption: string;
      input: {
        points: SeriesChartPoint[];
        xLabel: string;
        yLabel: string;
        unit: string;
        limits: SeriesChartLimit[];
        citationNumbers: Record<string, number>;
        trend?: { series: string; label: string; points: SeriesChartBand[] };
      };
    }
  | {
      kind: "chart";
      chart: "estimate";
      alt: string;
      caption: string;
      input: { rows: EstimateChartRow[]; estimateLabel: string; mapAreaLabel: string; ciLabel: string };
    }
  | {
      kind: "chart";
      chart: "production";
      alt: string;
      caption: string;
      input: { histogram: { binEdges: number[]; counts: number[] }; median: number; ci90: [number, number]; xLabel: string; yLabel: string };
    }
  | { kind: "chart"; chart: "density"; alt: string; caption: string; input: { cells: DensityCell[]; cellDeg: number; legendLabel: string } };

export interface TableBlock {
  kind: "table";
  id?: string;
  caption: string;
  headers: string[];
  /** Which columns are numbers (right-aligned). */
  numeric: boolean[];
  rows: string[][];
}

export type ReportBlock = { kind: "p"; text: string; id?: string } | { kind: "sources"; items: string[] } | ImageBlock | TableBlock | ChartBlock;

/** A point drawn over a map picture: x, y as shares of its width and height (0..1, from the top-left). */
export interface MapMarker {
  x: number;
  y: number;
  color: string;
  label: string;
}

/** A map as a picture (a class map's PNG overview), with its legend and, optionally, points drawn over it. */
export interface ImageBlock {
  kind: "image";
  src: string;
  alt: string;
  caption: string;
  legend: { name: string; color: string; marker?: boolean }[];
  /** The picture's size, needed to draw markers over it. */
  widthPx?: number;
  heightPx?: number;
  markers?: MapMarker[];
}

export interface ReportSection {
  id: string;
  title: string;
  blocks: ReportBlock[];
}

export interface ReportModel {
  lang: ReportLang;
  locale: string;
  title: string;
  subtitle: string;
  simulatedNote: string | null;
  /** The survey's own date: the document's creation date, so that the same survey gives the same file. */
  createdAt: string;
  footer: string;
  sections: ReportSection[];
  keyFigures: KeyFigureRow[];
}

export interface ReportInput {
  lang: ReportLang;
  survey: SurveyDetail;
  /** Last year's survey, if any. */
  previous?: SurveyDetail;
  /** The registry's figures of the survey's country (every metric, region and vintage). */
  figures: readonly Figure[];
  instruments: readonly PolicyInstrument[];
  /** The trend of the national cultivation series, if one can be fitted. */
  trend?: SeriesTrend;
  reconciliation?: Decomposition;
  parameterSet?: ParameterSet;
  classMap?: { dataUrl: string; classes: { name: string; color: string }[] };
  /** Which scene each pixel of a mosaic came from (the survey's sources.tif), for a multi-scene survey. */
  sceneIndex?: { dataUrl: string; classes: { name: string; color: string }[] };
  /** Ranges published around official figures (data/published-ranges.csv). */
  ranges?: readonly PublishedRange[];
  /** A change analysis to report beside the survey (`coca report ID --change ID`). */
  change?: ChangeReportInput;
  density?: { cells: DensityCell[]; cellDeg: number };
  countryName: string;
}

function regionName(x: ReportText, name: string): string {
  return name.toLowerCase() === "national" ? x.t("national") : name;
}

/** Latest vintage of each national figure of a metric, by source and year. */
function nationalSeries(figures: readonly Figure[], metric: Metric): Map<string, Map<number, Figure>> {
  const out = new Map<string, Map<number, Figure>>();
  for (const f of figures) {
    if (f.metric !== metric || f.region.toLowerCase() !== "national") continue;
    const bySource = out.get(f.source) ?? new Map<number, Figure>();
    const old = bySource.get(f.year);
    if (!old || old.published < f.published) bySource.set(f.year, f);
    out.set(f.source, bySource);
  }
  return out;
}

function walkParameters(value: unknown, path: string, out: { path: string; value: number; unit: string; status: string; citation: string }[]): void {
  if (Array.isArray(value)) value.forEach((v, i) => walkParameters(v, `${path}[${i}]`, out));
  else if (value && typeof value === "object") {
    const o = value as Record<string, unknown>;
    if (typeof o.value === "number" && typeof o.citation === "string" && typeof o.unit === "string") {
      out.push({ path, value: o.value, unit: o.unit, status: String(o.status ?? ""), citation: o.citation });
      return;
    }
    for (const [k, v] of Object.entries(o)) {
      if (k === "derivation") continue;
      const name = typeof o.region === "string" && k !== "region" ? `${o.region}.${k}` : typeof o.zone === "string" && k !== "zone" ? `${o.zone}.${k}` : k;
      walkParameters(v, path && !name.includes(".") ? `${path}.${name}` : name, out);
    }
  }
}

export function buildReportModel(input: ReportInput): ReportModel {
  const x = reportText(input.lang);
  const { survey } = input;
  const results: SurveyResults = survey.results;
  const conf = Math.round(results.total.confidence * 100);
  const cites = new Citations();
  const sections: ReportSection[] = [];
  const year = survey.year;

  // Key figures and the summary.
  const keyFigures = keyFigureRows(input, x, cites);
  sections.push({
    id: "key-figures",
    title: x.t("keyFigures"),
    blocks: [
      {
        kind: "table",
        id: "key-figures-table",
        caption: `${x.t("keyFigures")}: ${input.countryName} ${year - 1}–${year}`,
        headers: [x.t("indicator"), `${x.t("thisYear")} (${year})`, `${x.t("lastYear")} (${year - 1})`, x.t("change"), x.t("source")],
        numeric: [false, true, true, true, false],
        rows: keyFigures.map((r) => [r.label, r.thisYear, r.lastYear, r.change, r.source]),
      },
    ],
  });
  sections.push({ id: "summary", title: x.t("summary"), blocks: executiveSummary(input, x).map((text) => ({ kind: "p" as const, text })) });

  // National and regional area.
  const regionRows = [...results.regions].sort((a, b) => b.areaHa - a.areaHa);
  const prevRegions = new Map((input.previous?.results.regions ?? []).map((r) => [r.region, r]));
  const surveySource = `Coca Monitor, ${x.t("surveyId").toLowerCase()} #${survey.id} (${survey.name})`;
  sections.push({
    id: "regions",
    title: x.t("regions"),
    blocks: [
      {
        kind: "table",
        id: "regions-table",
        caption: `${x.t("regions")} (ha; ${x.t("ci")} ${conf} %). ${x.t("source")}: ${surveySource}`,
        headers: [
          x.t("region"),
          x.t("estimate"),
          `${x.t("ci")} ${conf} % (ha)`,
          x.t("se"),
          `${x.t("mapCount")} (ha)`,
          x.t("sampleUnits"),
          ...(input.previous ? [`${x.t("lastYear")} (ha)`, x.t("change")] : []),
        ],
        numeric: [false, true, true, true, true, true, true, true],
        rows: [
          ...regionRows.map((r) => {
            const p = prevRegions.get(r.region);
            return [
              r.region,
              x.format.number(r.areaHa),
              range(x, r.areaCiHa[0], r.areaCiHa[1], "ha"),
              x.format.number(r.areaSeHa),
              x.format.number(r.mapAreaHa),
              x.format.number(r.sampleUnits),
              ...(input.previous ? [p ? x.format.number(p.areaHa) : x.t("notAvailable"), p && p.areaHa > 0 ? x.change(r.areaHa / p.areaHa - 1) : "—"] : []),
            ];
          }),
          [
            x.t("total"),
            x.format.number(results.total.areaHa),
            range(x, results.total.areaCiHa[0], results.total.areaCiHa[1], "ha"),
            x.format.number(results.total.areaSeHa),
            x.format.number(results.total.mapAreaHa),
            x.format.number(results.sample.units),
            ...(input.previous
              ? [x.format.number(input.previous.results.total.areaHa), x.change(results.total.areaHa / input.previous.results.total.areaHa - 1)]
              : []),
          ],
        ],
      },
      {
        kind: "chart",
        chart: "estimate",
        alt: `${x.t("chartAlt")}: ${x.t("regions")}; ${regionRows.map((r) => `${r.region} ${ha(x, r.areaHa)} (${range(x, r.areaCiHa[0], r.areaCiHa[1], "ha")})`).join("; ")}`,
        caption: `${x.t("estimateShort")} ± ${x.t("ci")} ${conf} %; ◆ ${x.t("mapCount")}. ${x.t("source")}: ${surveySource}`,
        input: {
          rows: [
            ...regionRows.map((r) => ({ label: r.region, areaHa: r.areaHa, ciLowHa: r.areaCiHa[0], ciHighHa: r.areaCiHa[1], mapAreaHa: r.mapAreaHa })),
            {
              label: x.t("total"),
              areaHa: results.total.areaHa,
              ciLowHa: results.total.areaCiHa[0],
              ciHighHa: results.total.areaCiHa[1],
              mapAreaHa: results.total.mapAreaHa,
            },
          ],
          estimateLabel: x.t("estimateShort"),
          mapAreaLabel: x.t("mapCount"),
          ciLabel: x.t("ci"),
        },
      },
    ],
  });

  // The change from a stored change analysis, when one is given.
  if (input.change) sections.push({ id: "change", title: x.t("change_section"), blocks: changeBlocks(input.change, x) });

  // Maps.
  const mapBlocks: ReportBlock[] = [];
  if (input.classMap) {
    mapBlocks.push({
      kind: "image",
      src: input.classMap.dataUrl,
      alt: `${x.t("classMap")}: ${input.classMap.classes.map((c) => x.cls(c.name)).join(", ")}`,
      caption: `${x.t("classMap")}. ${x.t("source")}: ${surveySource}`,
      legend: input.classMap.classes.map((c) => ({ name: x.cls(c.name), color: c.color })),
    });
  }
  if (input.sceneIndex) {
    mapBlocks.push({
      kind: "image",
      src: input.sceneIndex.dataUrl,
      alt: `${x.t("sceneIndexMap")}: ${input.sceneIndex.classes.map((c) => c.name).join(", ")}`,
      caption: `${x.t("sceneIndexMap")} (${x.t("unobserved")}: ${x.lang === "es" ? "transparente" : "transparent"}). ${x.t("source")}: ${surveySource}, sources.tif`,
      legend: input.sceneIndex.classes,
    });
  }
  if (input.density && input.density.cells.length > 0) {
    const maxCell = Math.max(...input.density.cells.map((c) => c.areaHa));
    mapBlocks.push({
      kind: "chart",
      chart: "density",
      alt: `${x.t("density")}: ${x.format.number(input.density.cells.length)} ${x.lang === "es" ? "celdas, máximo" : "cells, largest"} ${x.format.qty(maxCell, "ha", 1)}`,
      caption: `${x.t("density")}. ${x.t("source")}: ${surveySource}`,
      input: { cells: input.density.cells, cellDeg: input.density.cellDeg, legendLabel: x.t("densityLegend") },
    });
  }
  const scenes = survey.provenance.scenes ?? [];
  if (scenes.length > 0) {
    mapBlocks.push({
      kind: "table",
      caption: x.t("scenes"),
      headers: [x.t("scene"), x.t("date"), x.t("clouds"), x.t("priority"), x.t("share")],
      numeric: [false, false, true, true, true],
      rows: scenes.map((s) => [
        s.id,
        s.datetime ?? "—",
        s.cloudCoverPct === null ? "—" : x.format.number(s.cloudCoverPct, 1),
        s.mosaic ? String(s.mosaic.priority) : "1",
        s.mosaic ? x.percent(s.mosaic.shareOfObserved) : x.percent(1),
      ]),
    });
  }
  if (mapBlocks.length > 0) sections.push({ id: "maps", title: x.t("maps"), blocks: mapBlocks });

  // Production (none for a survey stored without its production stage).
  const p = results.production;
  if (p) {
    const prodRows = [{ what: x.t("cocaine"), s: p.cocaineT }, ...(p.leafT ? [{ what: x.t("leaf"), s: p.leafT }] : [])];
    sections.push({
      id: "production",
      title: x.t("production"),
      blocks: [
        {
          kind: "table",
          id: "production-table",
          caption: `${x.t("production")} (t). ${x.t("parameterSet")}: ${p.parameterSet} (${p.source}); ${x.format.number(p.draws)} ${x.t("draws")}`,
          headers: [x.t("indicator"), `${x.t("median")} (t)`, `${x.t("mean")} (t)`, `90 % (t)`, `95 % (t)`],
          numeric: [false, true, true, true, true],
          rows: prodRows.map((r) => [
            r.what,
            x.format.number(r.s.median, 1),
            x.format.number(r.s.mean, 1),
            range(x, r.s.ci90[0], r.s.ci90[1], "t", 1),
            range(x, r.s.ci95[0], r.s.ci95[1], "t", 1),
          ]),
        },
        {
          kind: "chart",
          chart: "production",
          alt: `${x.t("distribution")}: ${x.t("median")} ${x.format.qty(p.cocaineT.median, "t", 1)}, 90 % ${range(x, p.cocaineT.ci90[0], p.cocaineT.ci90[1], "t", 1)}`,
          caption: `${x.t("distribution")}. ${x.t("source")}: ${surveySource}; ${p.parameterSet}`,
          input: { histogram: p.cocaineT.histogram, median: p.cocaineT.median, ci90: p.cocaineT.ci90, xLabel: `${x.t("cocaine")} (t)`, yLabel: x.t("draws") },
        },
        {
          kind: "table",
          caption: x.t("sensitivity"),
          headers: [x.t("parameter"), x.t("varianceShare")],
          numeric: [false, true],
          rows: p.topDrivers.map((d) => [d.parameter, x.percent(d.share)]),
        },
        ...p.notes.map((n) => ({ kind: "p" as const, text: n })),
      ],
    });
  }

  // Official figures, US and UN side by side, with the trend and the reconciliation.
  sections.push({ id: "official", title: x.t("official"), blocks: officialBlocks({ ...input, year, surveyOfficial: results.officialFigures }, x, cites) });

  // Limits and targets.
  sections.push(limitsSection(input.instruments, x, cites));

  sections.push({ id: "methodology", title: x.t("methodology"), blocks: methodologyBlocks(input, x, cites) });
  sections.push({ id: "provenance", title: x.t("provenance"), blocks: provenanceBlocks(input, x) });
  sections.push({ id: "sources", title: x.t("sources"), blocks: [{ kind: "sources", items: cites.list }] });

  return {
    lang: input.lang,
    locale: x.locale,
    title: `${x.t("title")}: ${input.countryName} ${year}`,
    subtitle: `${x.t("reportOf")} · ${x.t("surveyId")} #${survey.id} (${survey.name})`,
    simulatedNote: survey.simulated ? x.t("simulated") : null,
    createdAt: survey.createdAt,
    footer: `Coca Monitor · ${x.t("surveyId")} #${survey.id} · ${survey.provenance.codeVersion}`,
    sections,
    keyFigures,
  };
}

/** What the official-figures section needs: a country, a year, the registry, and optionally the survey's comparison. */
interface OfficialInput {
  year: number;
  ranges?: readonly PublishedRange[];
  countryName: string;
  figures: readonly Figure[];
  instruments: readonly PolicyInstrument[];
  trend?: SeriesTrend;
  reconciliation?: Decomposition;
  surveyOfficial: SurveyResults["officialFigures"];
}

function officialBlocks(input: OfficialInput, x: ReportText, cites: Citations): ReportBlock[] {
  const year = input.year;
  const blocks: ReportBlock[] = [];
  for (const metric of ["cultivation_ha", "cocaine_t"] as const) {
    const series = nationalSeries(input.figures, metric);
    const sources = [...series.keys()].sort();
    if (sources.length === 0) continue;
    const unit = metric === "cultivation_ha" ? "ha" : "t";
    const years = [...new Set([...series.values()].flatMap((m) => [...m.keys()]))].sort((a, b) => a - b).filter((y) => y >= year - 9 && y <= year);
    const us = sources.find((s) => [...series.get(s)!.values()][0]?.sourceFamily === "US");
    const un = sources.find((s) => [...series.get(s)!.values()][0]?.sourceFamily === "UN");
    blocks.push({
      kind: "table",
      id: `official-${metric}`,
      caption: `${x.t(metric)} (${unit}), ${input.countryName}, ${years[0]}–${years[years.length - 1]}`,
      headers: [x.t("year"), ...sources.map((s) => `${s} (${unit})`), ...(us && un ? [`${x.t("difference")} (${unit})`] : [])],
      numeric: [false, ...sources.map(() => true), true],
      rows: years.map((y) => {
        const cells = sources.map((s) => {
          const f = series.get(s)!.get(y);
          const r = f ? rangeOf(f, input.ranges ?? []) : undefined;
          return f
            ? `${x.format.number(f.value)}${r ? ` (${x.t("publishedRange")}: ${x.format.number(r.low)}–${x.format.number(r.high)}) ${cites.cite(r.citation)}` : ""} ${cites.cite(f.citation)}`
            : "—";
        });
        const a = us ? series.get(us)!.get(y) : undefined;
        const b = un ? series.get(un)!.get(y) : undefined;
        return [String(y), ...cells, ...(us && un ? [a && b ? x.format.number(a.value - b.value) : "—"] : [])];
      }),
    });
    const ranged = [...series.values()].flatMap((m) => [...m.values()]).filter((f) => f.year >= year - 9 && rangeOf(f, input.ranges ?? []));
    // The area series is always drawn (with the trend's bands); another metric's when ranges were published for it.
    if (metric === "cultivation_ha" || ranged.length > 0) {
      const first = Math.min(...years);
      const points: SeriesChartPoint[] = [];
      for (const s of sources) {
        for (let y = first; y <= year; y++) {
          const f = series.get(s)!.get(y);
          const r = f ? rangeOf(f, input.ranges ?? []) : undefined;
          points.push({
            year: y,
            series: s,
            value: f ? f.value : Number.NaN,
            citation: f ? f.citation : null,
            revised: false,
            low: r?.low ?? null,
            high: r?.high ?? null,
          });
        }
      }
      const trend = metric === "cultivation_ha" && input.trend && input.trend.forecast.length > 0 ? input.trend : undefined;
      const limits = input.instruments
        .filter((i) => i.kind === "legal_limit" && i.metric === metric && i.region.toLowerCase() === "national")
        .map((i) => ({
          value: i.value,
          x1: Math.max(first, i.fromYear ?? first),
          x2: Math.min(year, i.toYear ?? year),
          label: `${x.t("legal_limit")}: ${x.format.qty(i.value, i.unit)}`,
        }))
        .filter((l) => l.x1 <= l.x2);
      const used = [...new Set(points.filter((q) => q.citation && Number.isFinite(q.value)).map((q) => q.citation!))];
      const citationNumbers = Object.fromEntries(used.map((c) => [c, Number(cites.cite(c).slice(1, -1))]));
      const rangeNote = ranged
        .map((f) => {
          const r = rangeOf(f, input.ranges ?? [])!;
          return `${f.source} ${f.year}: ${x.format.qty(f.value, unit)} (${x.format.number(r.low)}–${x.format.number(r.high)} ${unit}) ${cites.cite(r.citation)}`;
        })
        .join("; ");
      blocks.push({
        kind: "chart",
        chart: "series",
        alt: `${x.t(metric)} (${unit}), ${sources.join(", ")}, ${first}–${year}`,
        caption: `${metric === "cultivation_ha" ? x.t("seriesCaption") : x.t("seriesCaptionNoTrend")}${rangeNote ? `; ${x.t("rangesCaption")}: ${rangeNote}` : ""}. ${x.t("sources")}: ${used.map((c) => `[${citationNumbers[c]}] ${c}`).join(" ")}`,
        input: {
          points,
          xLabel: x.t("year"),
          yLabel: x.t(metric),
          unit,
          limits,
          citationNumbers,
          trend: trend ? { series: trend.source, label: `${x.t("trend")} (${trend.source})`, points: trend.forecast.map((f) => ({ ...f })) } : undefined,
        },
      });
    }
  }
  const r = input.reconciliation;
  if (r) {
    const text =
      x.lang === "es"
        ? `${x.t("reconciliation")} ${r.year}: EE. UU. (${r.us.source}) estima ${x.change(r.percent.cocaine / 100)} de cocaína que la ONU (${r.un.source}); la superficie explica ${x.change(r.percent.area / 100)} y la producción por hectárea ${x.change(r.percent.perHectare / 100)} (${x.format.number(r.us.cocaineKgPerHa, 1)} frente a ${x.format.number(r.un.cocaineKgPerHa, 1)} kg/ha). ${cites.cite(r.us.citations.cocaine)} ${cites.cite(r.un.citations.cocaine)}`
        : `${x.t("reconciliation")} ${r.year}: the US (${r.us.source}) estimates ${x.change(r.percent.cocaine / 100)} cocaine than the UN (${r.un.source}); area accounts for ${x.change(r.percent.area / 100)} and production per hectare for ${x.change(r.percent.perHectare / 100)} (${x.format.number(r.us.cocaineKgPerHa, 1)} against ${x.format.number(r.un.cocaineKgPerHa, 1)} kg/ha). ${cites.cite(r.us.citations.cocaine)} ${cites.cite(r.un.citations.cocaine)}`;
    blocks.push({ kind: "p", id: "reconciliation", text });
  }
  const official = input.surveyOfficial;
  if (official.length > 0) {
    blocks.push({
      kind: "table",
      caption: x.t("surveyVsOfficial"),
      headers: [x.t("indicator"), x.t("source"), x.t("region"), x.t("value"), x.t("published"), x.t("citation")],
      numeric: [false, false, false, true, false, false],
      rows: official.map((f) => [
        f.metric in { cultivation_ha: 1, cocaine_t: 1, leaf_t: 1, eradication_ha: 1 } ? x.t(f.metric as "cultivation_ha") : f.metric,
        f.source,
        regionName(x, f.region),
        x.format.qty(f.value, f.unit),
        f.published,
        cites.cite(f.citation),
      ]),
    });
  }
  return blocks;
}

export function limitsSection(instruments: readonly PolicyInstrument[], x: ReportText, cites: Citations): ReportSection {
  return {
    id: "limits",
    title: x.t("limits"),
    blocks:
      instruments.length === 0
        ? [{ kind: "p", text: x.t("noLimits") }]
        : [
            {
              kind: "table",
              caption: x.t("limits"),
              headers: [x.t("instrument"), x.t("kind"), x.t("region"), x.t("value"), x.t("years"), x.t("citation")],
              numeric: [false, false, false, true, false, false],
              rows: instruments.map((i) => [
                i.name,
                x.t(i.kind),
                regionName(x, i.region),
                x.format.qty(i.value, i.unit),
                `${i.fromYear ?? "…"}–${i.toYear ?? "…"}`,
                `${cites.cite(i.citation)}`,
              ]),
            },
          ],
  };
}

/** A report of a country and year from the registry alone (no stored survey). */
export interface RegistryReportInput {
  lang: ReportLang;
  country: string;
  year: number;
  countryName: string;
  figures: readonly Figure[];
  instruments: readonly PolicyInstrument[];
  trend?: SeriesTrend;
  reconciliation?: Decomposition;
  ranges?: readonly PublishedRange[];
  codeVersion: string;
}

/** The newest publication date of the figures used, as an ISO timestamp (the document's date). */
function newestPublished(figures: readonly Figure[], upTo: number): string {
  const dates = figures.filter((f) => f.year <= upTo).map((f) => (/^\d{4}$/.test(f.published) ? `${f.published}-01-01` : f.published.slice(0, 10)));
  const newest = dates.sort().at(-1) ?? `${upTo}-01-01`;
  return `${newest}T00:00:00.000Z`;
}

export function buildRegistryReportModel(input: RegistryReportInput): ReportModel {
  const x = reportText(input.lang);
  const cites = new Citations();
  const { year } = input;
  const keyFigures = registryKeyFigureRows(input.figures, year, x, cites, input.ranges);
  const sections: ReportSection[] = [
    {
      id: "key-figures",
      title: x.t("keyFigures"),
      blocks: [
        {
          kind: "table",
          id: "key-figures-table",
          caption: `${x.t("keyFigures")}: ${input.countryName} ${year - 1}–${year} (${x.t("registry")})`,
          headers: [x.t("indicator"), `${x.t("thisYear")} (${year})`, `${x.t("lastYear")} (${year - 1})`, x.t("change"), x.t("source")],
          numeric: [false, true, true, true, false],
          rows: keyFigures.map((r) => [r.label, r.thisYear, r.lastYear, r.change, r.source]),
        },
      ],
    },
    { id: "summary", title: x.t("summary"), blocks: registrySummary(input, x).map((text) => ({ kind: "p" as const, text })) },
    { id: "official", title: x.t("official"), blocks: officialBlocks({ ...input, surveyOfficial: [] }, x, cites) },
    limitsSection(input.instruments, x, cites),
    { id: "sources", title: x.t("sources"), blocks: [{ kind: "sources", items: cites.list }] },
  ];
  return {
    lang: input.lang,
    locale: x.locale,
    title: `${x.t("title")}: ${input.countryName} ${year}`,
    subtitle: `${x.t("reportOf")} · ${x.t("registryOnly")}`,
    simulatedNote: null,
    createdAt: newestPublished(input.figures, year + 1),
    footer: `Coca Monitor · ${input.countryName} ${year} · ${input.codeVersion}`,
    sections,
    keyFigures,
  };
}

function methodologyBlocks(input: ReportInput, x: ReportText, cites: Citations): ReportBlock[] {
  const { survey } = input;
  const r = survey.results;
  const a = r.accuracy;
  const design = survey.config.design;
  const conf = Math.round(r.total.confidence * 100);
  const blocks: ReportBlock[] = [];
  const olofsson =
    "Olofsson, P., Foody, G. M., Herold, M., Stehman, S. V., Woodcock, C. E., & Wulder, M. A. (2014). Good practices for estimating area and assessing accuracy of land change. Remote Sensing of Environment, 148, 42–57. https://doi.org/10.1016/j.rse.2014.02.015";
  blocks.push({
    kind: "p",
    text:
      x.lang === "es"
        ? `${x.t("design")}: muestreo aleatorio estratificado por las clases del mapa (estratos: ${typeof design.strata === "string" ? design.strata : JSON.stringify(design.strata)}; asignación ${r.sample.allocation ?? design.allocation}; ${design.n !== undefined ? `n = ${x.format.number(design.n)}` : `error estándar buscado ${x.format.number(design.targetSe, 3)}`}; semilla ${r.sample.seed}). ${x.format.number(r.sample.units)} unidades de muestra interpretadas.`
        : `${x.t("design")}: stratified random sampling by the map's classes (strata: ${typeof design.strata === "string" ? design.strata : JSON.stringify(design.strata)}; ${r.sample.allocation ?? design.allocation} allocation; ${design.n !== undefined ? `n = ${x.format.number(design.n)}` : `target standard error ${x.format.number(design.targetSe, 3)}`}; seed ${r.sample.seed}). ${x.format.number(r.sample.units)} sample units interpreted.`,
  });
  if (r.sample.strata.length > 0) {
    blocks.push({
      kind: "table",
      caption: x.t("design"),
      headers: [x.t("stratum"), x.t("stratumSize"), x.t("sampleSize")],
      numeric: [false, true, true],
      rows: r.sample.strata.map((s) => [s.stratum, x.format.number(s.sizeHa), x.format.number(s.sampleSize)]),
    });
  }
  blocks.push({
    kind: "p",
    text:
      x.lang === "es"
        ? `${x.t("estimator")}: estimador estratificado del área a partir de la matriz de error en proporciones de área, con su error estándar y un intervalo de confianza del ${conf} % (z = ${x.format.number(r.total.z, 2)}) ${cites.cite(olofsson)}. El conteo de píxeles del mapa se da al lado, sin intervalo: no corrige los errores de omisión y comisión.`
        : `${x.t("estimator")}: the stratified estimator of area from the error matrix in area proportions, with its standard error and a ${conf} % confidence interval (z = ${x.format.number(r.total.z, 2)}) ${cites.cite(olofsson)}. The map's pixel count is given beside it, without an interval: it does not correct omission and commission errors.`,
  });
  blocks.push({ kind: "p", text: `${x.t("overallAccuracy")}: ${x.percent(a.overallAccuracy)} ± ${x.percent(a.overallAccuracySe)}` });
  const idx = a.classes.map((_, i) => i);
  blocks.push({
    kind: "table",
    id: "accuracy-table",
    caption: x.t("accuracy"),
    headers: [x.t("className"), x.t("usersAccuracy"), x.t("producersAccuracy"), `${x.t("estimate")}`, `${x.t("ci")} ${conf} % (ha)`],
    numeric: [false, true, true, true, true],
    rows: idx.map((i) => [
      a.classes[i]!,
      a.usersAccuracy[i] === null ? "—" : `${x.percent(a.usersAccuracy[i])} ± ${x.percent(a.usersAccuracySe[i])}`,
      a.producersAccuracy[i] === null ? "—" : `${x.percent(a.producersAccuracy[i])} ± ${x.percent(a.producersAccuracySe[i])}`,
      x.format.number(a.areaHa[i]),
      range(x, a.areaCiHa[i]?.[0], a.areaCiHa[i]?.[1], "ha"),
    ]),
  });
  blocks.push({
    kind: "table",
    caption: x.t("errorMatrix"),
    headers: ["", ...a.classes],
    numeric: [false, ...a.classes.map(() => true)],
    rows: idx.map((i) => [a.classes[i]!, ...idx.map((j) => `${x.percent(a.errorMatrixProportions[i]?.[j], 2)} (n = ${a.sampleCounts[i]?.[j] ?? 0})`)]),
  });
  const ps = input.parameterSet;
  if (ps) {
    const params: { path: string; value: number; unit: string; status: string; citation: string }[] = [];
    walkParameters({ regions: ps.regions, deductions: ps.deductions, conversion: ps.conversion }, "", params);
    blocks.push({
      kind: "table",
      id: "parameters-table",
      caption: `${x.t("parameters")}: ${ps.name} (${ps.source}, ${ps.period.from}–${ps.period.to}). ${ps.description}`,
      headers: [x.t("parameter"), x.t("value"), x.t("unit"), x.t("status"), x.t("citation")],
      numeric: [false, true, false, false, false],
      rows: params.map((q) => [q.path.replace(/\./g, ". "), x.format.number(q.value, 4), q.unit, q.status, cites.cite(q.citation)]),
    });
  }
  return blocks;
}

function provenanceBlocks(input: ReportInput, x: ReportText): ReportBlock[] {
  const { survey } = input;
  const pv = survey.provenance;
  return [
    {
      kind: "table",
      id: "provenance-table",
      caption: x.t("provenance"),
      headers: ["", ""],
      numeric: [false, false],
      rows: [
        [x.t("surveyId"), `#${survey.id} ${survey.name}`],
        [x.t("createdAt"), survey.createdAt],
        [x.t("codeVersion"), pv.codeVersion],
        [x.t("seed"), String(pv.seed)],
        [x.t("node"), pv.node],
        [x.t("model"), `${pv.model.path} (sha256 ${pv.model.sha256})`],
        [x.t("parameterSet"), pv.parameterSet ? `${pv.parameterSet.name} (${pv.parameterSet.source})` : "—"],
      ],
    },
    {
      kind: "table",
      caption: x.t("inputs"),
      headers: [x.t("role"), x.t("path"), "SHA-256", x.t("bytes")],
      numeric: [false, false, false, true],
      rows: pv.inputs.map((i) => [i.role, i.path, i.sha256 ?? "—", i.sizeBytes === null ? "—" : x.format.number(i.sizeBytes)]),
    },
    {
      kind: "table",
      caption: x.t("artifacts"),
      headers: [x.t("path"), "SHA-256", x.t("bytes")],
      numeric: [false, false, true],
      rows: survey.artifacts.map((a) => [a.name, a.sha256, x.format.number(a.sizeBytes)]),
    },
    { kind: "p", text: `${x.t("generatedBy")} #${survey.id}.` },
  ];
}
