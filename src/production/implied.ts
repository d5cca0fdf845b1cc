/**
 * @module production/implied
 * What the published figures imply: for every (country, year, source) with both an area and a
 * cocaine figure, the tonnes (kg) of cocaine per hectare; with leaf figures, the leaf yield and the
 * kg of leaf per kg of cocaine; and the trend of the implied kg/ha per (country, source).
 */
import type { Figure } from "../domain/figure.ts";
import { citeFigure, latestVintages } from "./figure-series.ts";
import { fitLogLinear, growthPercent } from "./log-linear.ts";

export interface ImpliedRow {
  country: string;
  year: number;
  source: string;
  sourceFamily: string;
  areaHa: number | null;
  cocaineT: number | null;
  leafT: number | null;
  /** cocaine_t x 1000 / cultivation_ha. */
  cocaineKgPerHa: number | null;
  /** leaf_t x 1000 / cultivation_ha. */
  leafYieldKgHa: number | null;
  /** leaf_t / cocaine_t (kg of leaf per kg of cocaine). */
  leafKgPerKgCocaine: number | null;
  citations: string[];
}

export interface ImpliedTrend {
  country: string;
  source: string;
  quantity: "cocaineKgPerHa";
  n: number;
  fromYear: number;
  toYear: number;
  /** Log-linear growth of the implied kg/ha, % per year, with a 95% interval. */
  pctPerYear: number;
  ci95: [number, number];
  /** Plain-language reading. */
  summary: string;
}

/** Implied per-hectare and per-leaf ratios, one row per (country, year, source) having at least one ratio. */
export function impliedRatios(figures: readonly Figure[], { country }: { country?: string } = {}): ImpliedRow[] {
  const latest = latestVintages(figures.filter((f) => f.region === "national" && (!country || f.country === country)));
  const groups = new Map<string, Partial<Record<"cultivation_ha" | "cocaine_t" | "leaf_t", Figure>>>();
  for (const f of latest) {
    if (f.metric !== "cultivation_ha" && f.metric !== "cocaine_t" && f.metric !== "leaf_t") continue;
    const key = `${f.country}|${f.year}|${f.source}`;
    const g = groups.get(key) ?? {};
    g[f.metric] = f;
    groups.set(key, g);
  }
  const rows: ImpliedRow[] = [];
  for (const g of groups.values()) {
    const area = g.cultivation_ha;
    const coke = g.cocaine_t;
    const leaf = g.leaf_t;
    const any = area ?? coke ?? leaf!;
    const ratio = (num: Figure | undefined, den: Figure | undefined, scale: number): number | null =>
      num && den && den.value > 0 ? (num.value * scale) / den.value : null;
    const row: ImpliedRow = {
      country: any.country,
      year: any.year,
      source: any.source,
      sourceFamily: any.sourceFamily,
      areaHa: area?.value ?? null,
      cocaineT: coke?.value ?? null,
      leafT: leaf?.value ?? null,
      cocaineKgPerHa: ratio(coke, area, 1000),
      leafYieldKgHa: ratio(leaf, area, 1000),
      leafKgPerKgCocaine: ratio(leaf, coke, 1),
      citations: [area, coke, leaf].filter((f): f is Figure => f !== undefined).map(citeFigure),
    };
    if (row.cocaineKgPerHa !== null || row.leafYieldKgHa !== null || row.leafKgPerKgCocaine !== null) rows.push(row);
  }
  return rows.sort((a, b) => a.country.localeCompare(b.country) || a.source.localeCompare(b.source) || a.year - b.year);
}

/** Log-linear trend of the implied kg/ha per (country, source) with at least 3 years. */
export function impliedTrends(rows: readonly ImpliedRow[]): ImpliedTrend[] {
  const groups = new Map<string, ImpliedRow[]>();
  for (const r of rows) {
    if (r.cocaineKgPerHa === null) continue;
    const key = `${r.country}|${r.source}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const trends: ImpliedTrend[] = [];
  for (const g of groups.values()) {
    if (g.length < 3) continue;
    const fit = fitLogLinear(
      g.map((r) => r.year),
      g.map((r) => r.cocaineKgPerHa!),
    );
    const { pctPerYear, ci95 } = growthPercent(fit);
    const first = g[0]!;
    const last = g[g.length - 1]!;
    const significant = ci95[0] > 0 || ci95[1] < 0;
    const direction = pctPerYear >= 0 ? "rose" : "fell";
    trends.push({
      country: first.country,
      source: first.source,
      quantity: "cocaineKgPerHa",
      n: g.length,
      fromYear: first.year,
      toYear: last.year,
      pctPerYear,
      ci95,
      summary:
        `${first.source} ${first.country}: implied cocaine per hectare ${direction} ${Math.abs(pctPerYear).toFixed(1)}% a year ` +
        `(${first.cocaineKgPerHa!.toFixed(2)} kg/ha in ${first.year} to ${last.cocaineKgPerHa!.toFixed(2)} kg/ha in ${last.year}, ${g.length} years; ` +
        `95% interval ${ci95[0].toFixed(1)}% to ${ci95[1].toFixed(1)}%${significant ? "" : ", not distinguishable from no trend"})`,
    });
  }
  return trends;
}

/** Geometric mean of implied ratios over given years, for checking derived parameters against the registry. */
export function geometricMeanRatio(
  rows: readonly ImpliedRow[],
  {
    country,
    source,
    years,
    ratio,
  }: { country: string; source: string; years: readonly number[]; ratio: "cocaineKgPerHa" | "leafKgPerKgCocaine" | "leafYieldKgHa" },
): { value: number; sdLog: number; values: number[] } {
  const values = years.map((y) => {
    const r = rows.find((x) => x.country === country && x.source === source && x.year === y);
    const v = r?.[ratio];
    if (v === null || v === undefined) throw new RangeError(`no ${ratio} for ${source} ${country} ${y}`);
    return v;
  });
  const logs = values.map(Math.log);
  const m = logs.reduce((a, b) => a + b, 0) / logs.length;
  const sdLog = logs.length > 1 ? Math.sqrt(logs.reduce((a, b) => a + (b - m) ** 2, 0) / (logs.length - 1)) : 0;
  return { value: Math.exp(m), sdLog, values };
}
