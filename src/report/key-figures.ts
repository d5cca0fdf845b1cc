/**
 * @module report/key-figures
 * The report's "key figures" table (this year beside last year, with the change and intervals) and
 * its executive summary in plain words, both generated from the numbers of the stored survey, the
 * previous survey and the registry.
 */
import type { Figure, Metric } from "../domain/figure.ts";
import { rangeOf, type PublishedRange } from "../figures/published-ranges.ts";
import type { ReportInput } from "./report-model.ts";
import type { ReportText } from "./report-text.ts";

export interface KeyFigureRow {
  label: string;
  thisYear: string;
  lastYear: string;
  change: string;
  source: string;
  /** The raw numbers, for checks and --json. */
  value: number | null;
  previousValue: number | null;
  unit: string;
}

interface Citer {
  cite(citation: string): string;
}

const METRIC_LABELS = ["cultivation_ha", "cocaine_t", "leaf_t", "eradication_ha"] as const satisfies readonly Metric[];

/** The latest vintage of a national figure per (metric, source, year). */
function latestNational(figures: readonly Figure[]): Map<string, Figure> {
  const out = new Map<string, Figure>();
  for (const f of figures) {
    if (f.region.toLowerCase() !== "national") continue;
    const key = `${f.metric}|${f.source}|${f.year}`;
    const old = out.get(key);
    if (!old || old.published < f.published) out.set(key, f);
  }
  return out;
}

const rel = (a: number | null, b: number | null): number | null => (a !== null && b !== null && b !== 0 ? a / b - 1 : null);

export function keyFigureRows(input: ReportInput, x: ReportText, cites: Citer): KeyFigureRow[] {
  const { survey, previous } = input;
  const r = survey.results;
  const conf = Math.round(r.total.confidence * 100);
  const pr = previous?.results;
  const withCi = (v: number, lo: number, hi: number, unit: string, label: string, digits = 0): string =>
    `${x.format.qty(v, unit, digits)} (${label}: ${x.format.number(lo, digits)}–${x.format.number(hi, digits)} ${unit})`;
  const na = x.t("notAvailable");
  const src = `Coca Monitor #${survey.id}${previous ? `; #${previous.id}` : ""}`;
  const rows: KeyFigureRow[] = [
    {
      label: `${x.t("surveyArea")} (ha)`,
      thisYear: withCi(r.total.areaHa, r.total.areaCiHa[0], r.total.areaCiHa[1], "ha", `${x.t("ci")} ${conf} %`),
      lastYear: pr ? withCi(pr.total.areaHa, pr.total.areaCiHa[0], pr.total.areaCiHa[1], "ha", `${x.t("ci")} ${Math.round(pr.total.confidence * 100)} %`) : na,
      change: x.change(rel(r.total.areaHa, pr?.total.areaHa ?? null)),
      source: src,
      value: r.total.areaHa,
      previousValue: pr?.total.areaHa ?? null,
      unit: "ha",
    },
    {
      label: `${x.t("mapArea")} (ha)`,
      thisYear: x.format.qty(r.total.mapAreaHa, "ha"),
      lastYear: pr ? x.format.qty(pr.total.mapAreaHa, "ha") : na,
      change: x.change(rel(r.total.mapAreaHa, pr?.total.mapAreaHa ?? null)),
      source: src,
      value: r.total.mapAreaHa,
      previousValue: pr?.total.mapAreaHa ?? null,
      unit: "ha",
    },
  ];
  // A survey without its production stage has no cocaine rows.
  const p = r.production;
  const pp = pr?.production ?? null;
  if (p)
    rows.push({
      label: `${x.t("cocaine")} (t)`,
      thisYear: withCi(p.cocaineT.median, p.cocaineT.ci90[0], p.cocaineT.ci90[1], "t", "90 %", 1),
      lastYear: pp ? withCi(pp.cocaineT.median, pp.cocaineT.ci90[0], pp.cocaineT.ci90[1], "t", "90 %", 1) : na,
      change: x.change(rel(p.cocaineT.median, pp?.cocaineT.median ?? null)),
      source: `${src}; ${p.parameterSet}`,
      value: p.cocaineT.median,
      previousValue: pp?.cocaineT.median ?? null,
      unit: "t",
    });
  if (p?.leafT) {
    const l = p.leafT;
    const pl = pp?.leafT ?? null;
    rows.push({
      label: `${x.t("leaf")} (t)`,
      thisYear: withCi(l.median, l.ci90[0], l.ci90[1], "t", "90 %"),
      lastYear: pl ? withCi(pl.median, pl.ci90[0], pl.ci90[1], "t", "90 %") : na,
      change: x.change(rel(l.median, pl?.median ?? null)),
      source: `${src}; ${p.parameterSet}`,
      value: l.median,
      previousValue: pl?.median ?? null,
      unit: "t",
    });
  }
  rows.push(...registryKeyFigureRows(input.figures, survey.year, x, cites, input.ranges));
  return rows;
}

/** The registry's national figures of each source this year and last year, with the change. */
export function registryKeyFigureRows(
  figures: readonly Figure[],
  year: number,
  x: ReportText,
  cites: Citer,
  ranges: readonly PublishedRange[] = [],
): KeyFigureRow[] {
  const withRange = (f: Figure, unit: string): string => {
    const r = rangeOf(f, ranges);
    return `${x.format.qty(f.value, unit)}${r ? ` (${x.t("publishedRange")}: ${x.format.number(r.low)}–${x.format.number(r.high)} ${unit}) ${cites.cite(r.citation)}` : ""} ${cites.cite(f.citation)}`;
  };
  const na = x.t("notAvailable");
  const rows: KeyFigureRow[] = [];
  const latest = latestNational(figures);
  for (const metric of METRIC_LABELS) {
    const sources = [
      ...new Set([...latest.values()].filter((f) => f.metric === metric && (f.year === year || f.year === year - 1)).map((f) => f.source)),
    ].sort();
    for (const source of sources) {
      const now = latest.get(`${metric}|${source}|${year}`) ?? null;
      const before = latest.get(`${metric}|${source}|${year - 1}`) ?? null;
      const unit = (now ?? before)!.unit;
      rows.push({
        label: `${x.t(metric)} (${unit}), ${source}`,
        thisYear: now ? withRange(now, unit) : na,
        lastYear: before ? withRange(before, unit) : na,
        change: x.change(rel(now?.value ?? null, before?.value ?? null)),
        source: `${source} (${x.t("registry")})`,
        value: now?.value ?? null,
        previousValue: before?.value ?? null,
        unit,
      });
    }
  }
  return rows;
}

/** The summary of a registry-only report: what each source published this year against last year. */
export function registrySummary(
  input: { year: number; countryName: string; figures: readonly Figure[]; ranges?: readonly PublishedRange[] },
  x: ReportText,
): string[] {
  const es = x.lang === "es";
  const ranged = (input.ranges ?? [])
    .filter((r) => r.year === input.year || r.year === input.year - 1)
    .map(
      (r) =>
        `${r.source} ${r.year} (${(METRIC_LABELS as readonly string[]).includes(r.metric) ? x.t(r.metric as (typeof METRIC_LABELS)[number]) : r.metric}: ${x.format.qty(r.value, r.unit)}, ${x.format.number(r.low)}–${x.format.number(r.high)} ${r.unit})`,
    );
  const latest = latestNational(input.figures);
  const out: string[] = [
    es
      ? `Este informe reúne las cifras oficiales publicadas para ${input.countryName} en ${input.year}, sin un monitoreo propio: ${ranged.length > 0 ? `salvo ${ranged.join(", ")}, publicadas con un rango, las cifras` : "las cifras"} no tienen intervalos publicados.`
      : `This report brings together the official figures published for ${input.countryName} for ${input.year}, without a survey of its own: ${ranged.length > 0 ? `except ${ranged.join(", ")}, published with a range, the figures` : "the figures"} have no published intervals.`,
  ];
  for (const f of [...latest.values()].filter((g) => g.metric === "cultivation_ha" && g.year === input.year).sort((a, b) => a.source.localeCompare(b.source))) {
    const before = latest.get(`cultivation_ha|${f.source}|${input.year - 1}`);
    const change = before && before.value > 0 ? f.value / before.value - 1 : null;
    out.push(
      es
        ? `${f.source}: ${x.format.qty(f.value, "ha")} de coca${before ? ` (${x.format.qty(before.value, "ha")} en ${input.year - 1}, ${x.change(change)})` : ""}.`
        : `${f.source}: ${x.format.qty(f.value, "ha")} of coca${before ? ` (${x.format.qty(before.value, "ha")} in ${input.year - 1}, ${x.change(change)})` : ""}.`,
    );
  }
  return out;
}

/** The executive summary: a few sentences in plain words, every number with its unit and interval. */
export function executiveSummary(input: ReportInput, x: ReportText): string[] {
  const { survey, previous } = input;
  const r = survey.results;
  const conf = Math.round(r.total.confidence * 100);
  const f = x.format;
  const es = x.lang === "es";
  const out: string[] = [];
  const ci = `${f.number(r.total.areaCiHa[0])}–${f.number(r.total.areaCiHa[1])} ha`;
  const change = previous ? r.total.areaHa / previous.results.total.areaHa - 1 : null;
  out.push(
    es
      ? `En ${survey.year}, el monitoreo estima ${f.qty(r.total.areaHa, "ha")} de coca en el área monitoreada de ${input.countryName} (intervalo de confianza del ${conf} %: ${ci})` +
          (previous && change !== null
            ? `, ${change >= 0 ? "un aumento" : "una reducción"} de ${x.percent(Math.abs(change))} frente a ${f.qty(previous.results.total.areaHa, "ha")} en ${previous.year}.`
            : ".")
      : `In ${survey.year}, the survey estimates ${f.qty(r.total.areaHa, "ha")} of coca in the surveyed area of ${input.countryName} (${conf} % confidence interval: ${ci})` +
          (previous && change !== null
            ? `, ${change >= 0 ? "an increase" : "a decrease"} of ${x.percent(Math.abs(change))} from ${f.qty(previous.results.total.areaHa, "ha")} in ${previous.year}.`
            : "."),
  );
  out.push(
    es
      ? `El mapa por sí solo cuenta ${f.qty(r.total.mapAreaHa, "ha")}; la estimación corrige sus errores de omisión y comisión con una muestra de ${f.number(r.sample.units)} unidades (exactitud global ${x.percent(r.accuracy.overallAccuracy)} ± ${x.percent(r.accuracy.overallAccuracySe)}).`
      : `The map alone counts ${f.qty(r.total.mapAreaHa, "ha")}; the estimate corrects its omission and commission errors with a sample of ${f.number(r.sample.units)} units (overall accuracy ${x.percent(r.accuracy.overallAccuracy)} ± ${x.percent(r.accuracy.overallAccuracySe)}).`,
  );
  const top = [...r.regions].sort((a, b) => b.areaHa - a.areaHa)[0];
  if (top && r.regions.length > 1) {
    out.push(
      es
        ? `La región con más coca es ${top.region}, con ${f.qty(top.areaHa, "ha")} (${f.number(top.areaCiHa[0])}–${f.number(top.areaCiHa[1])} ha), ${x.percent(top.areaHa / r.total.areaHa)} del total.`
        : `The region with the most coca is ${top.region}, with ${f.qty(top.areaHa, "ha")} (${f.number(top.areaCiHa[0])}–${f.number(top.areaCiHa[1])} ha), ${x.percent(top.areaHa / r.total.areaHa)} of the total.`,
    );
  }
  const p = r.production;
  if (p) {
    const c = p.cocaineT;
    out.push(
      es
        ? `La producción potencial de cocaína pura se estima en ${f.qty(c.median, "t", 1)} (intervalo del 90 %: ${f.number(c.ci90[0], 1)}–${f.number(c.ci90[1], 1)} t) con los parámetros ${p.parameterSet} (${p.source}).`
        : `Potential pure cocaine production is estimated at ${f.qty(c.median, "t", 1)} (90 % interval: ${f.number(c.ci90[0], 1)}–${f.number(c.ci90[1], 1)} t) with the ${p.parameterSet} parameters (${p.source}).`,
    );
  }
  const official = latestNational(input.figures);
  const thisYear = [...official.values()]
    .filter((g) => g.metric === "cultivation_ha" && g.year === survey.year)
    .sort((a, b) => a.source.localeCompare(b.source));
  if (thisYear.length > 0) {
    const list = thisYear.map((g) => `${g.source} ${f.qty(g.value, "ha")}`).join(es ? " y " : " and ");
    out.push(
      es
        ? `Para el mismo año, las cifras oficiales nacionales de superficie son: ${list} (sin intervalos publicados).`
        : `For the same year, the official national area figures are: ${list} (published without intervals).`,
    );
  }
  if (survey.simulated) out.push(x.t("simulated"));
  return out;
}
