/**
 * @module production/series-trend
 * The trend of one official series (country x metric x source, or a whole source family), honest
 * about methodology breaks: a trend is fitted only on the segment after the last break unless the
 * caller asks to fit across breaks, and the result says which breaks there were either way.
 */
import { InputError, NotFoundError } from "../domain/errors.ts";
import { METRIC_UNITS, type Figure, type Metric } from "../domain/figure.ts";
import { citeFigure, latestVintages } from "./figure-series.ts";
import { breaksFor, lastSegmentStart, type MethodologyBreak } from "./methodology-breaks.ts";
import { fitTrend, type TrendFit } from "./trend.ts";

export interface SeriesTrendInput {
  country: string;
  metric: Metric;
  /** A source (UNODC, ONDCP, DEVIDA...), a family ("UN", "US", "national"), or omitted: the source with the most recent data. */
  source?: string;
  region?: string;
  /** Fit across methodology breaks anyway (the result still lists them). */
  acrossBreaks?: boolean;
  horizon?: number;
}

export interface SeriesTrend extends TrendFit {
  country: string;
  metric: Metric;
  unit: string;
  source: string;
  region: string;
  /** Points the trend was fitted on. */
  series: { year: number; value: number; source: string; citation: string }[];
  /** Points left out because they lie before a methodology break. */
  excluded: { year: number; value: number; source: string }[];
  breaks: (MethodologyBreak & { detected?: boolean })[];
  fittedAcrossBreaks: boolean;
  notes: string[];
}

const FAMILIES = new Set(["UN", "US", "national"]);

/** Fit the trend of a series from registry figures and the methodology breaks. */
export function seriesTrend(figures: readonly Figure[], breaks: readonly MethodologyBreak[], input: SeriesTrendInput): SeriesTrend {
  const region = input.region ?? "national";
  const pool = latestVintages(figures.filter((f) => f.country === input.country && f.metric === input.metric && f.region === region && f.value > 0));
  if (pool.length === 0) throw new NotFoundError(`no ${input.metric} figures for ${input.country} (${region}) in the registry`);
  let source = input.source;
  const familyName = source ? [...FAMILIES].find((f) => f.toLowerCase() === source!.toLowerCase()) : undefined;
  if (familyName) source = familyName;
  if (!source) {
    // The source with the most recent data; ties go to the longer series.
    const stats = new Map<string, { last: number; n: number }>();
    for (const f of pool) {
      const s = stats.get(f.source) ?? { last: -Infinity, n: 0 };
      stats.set(f.source, { last: Math.max(s.last, f.year), n: s.n + 1 });
    }
    source = [...stats.entries()].sort((a, b) => b[1].last - a[1].last || b[1].n - a[1].n)[0]![0];
  }
  const family = FAMILIES.has(source);
  const chosen = pool.filter((f) => (family ? f.sourceFamily === source : f.source.toLowerCase() === source!.toLowerCase()));
  if (chosen.length === 0) {
    const sources = [...new Set(pool.map((f) => f.source))].join(", ");
    throw new NotFoundError(`no ${input.metric} figures from ${source} for ${input.country}; sources with this metric: ${sources}`);
  }
  // One value per year: within a family, the most recently published.
  const byYear = new Map<number, Figure>();
  for (const f of chosen) {
    const prev = byYear.get(f.year);
    if (!prev || f.published > prev.published) byYear.set(f.year, f);
  }
  const points = [...byYear.values()].sort((a, b) => a.year - b.year);
  const allBreaks: (MethodologyBreak & { detected?: boolean })[] = [];
  const sources = [...new Set(points.map((f) => f.source))];
  for (const s of sources) allBreaks.push(...breaksFor(breaks, input.country, s, input.metric));
  for (let i = 1; i < points.length; i++) {
    if (points[i]!.source !== points[i - 1]!.source) {
      allBreaks.push({
        country: input.country,
        source,
        metrics: [input.metric],
        year: points[i]!.year,
        kind: "source-change",
        description: `the series changes source from ${points[i - 1]!.source} to ${points[i]!.source}`,
        citation: citeFigure(points[i]!),
        detected: true,
      });
    }
  }
  allBreaks.sort((a, b) => a.year - b.year);
  const { inside, from } = lastSegmentStart(
    points.map((p) => p.year),
    allBreaks,
  );
  const notes: string[] = [];
  const across = input.acrossBreaks === true;
  let used = points;
  let excluded: Figure[] = [];
  if (inside.length > 0 && !across) {
    used = points.filter((p) => p.year >= from);
    excluded = points.filter((p) => p.year < from);
    notes.push(
      `methodology break${inside.length > 1 ? "s" : ""} in ${inside.map((b) => b.year).join(", ")}: the trend is fitted on ${from}-${points[points.length - 1]!.year} only (${excluded.length} earlier point${excluded.length === 1 ? "" : "s"} left out; --across-breaks fits ${excluded.length === 1 ? "it" : "them"} anyway)`,
    );
  } else if (inside.length > 0) {
    notes.push(
      `fitted ACROSS methodology break${inside.length > 1 ? "s" : ""} in ${inside.map((b) => b.year).join(", ")}, as asked: the years before and after were not measured the same way`,
    );
  }
  for (const b of allBreaks.filter((x) => x.kind === "revision")) notes.push(`revision ${b.year}: ${b.description}`);
  if (used.length < 3) {
    throw new InputError(
      `only ${used.length} ${input.metric} points from ${source} for ${input.country} after the last methodology break (${from}); a trend needs 3 (use --across-breaks to fit across it)`,
    );
  }
  const fit = fitTrend(
    used.map((p) => ({ year: p.year, value: p.value })),
    { horizon: input.horizon ?? 3 },
  );
  return {
    ...fit,
    country: input.country,
    metric: input.metric,
    unit: METRIC_UNITS[input.metric],
    source,
    region,
    series: used.map((p) => ({ year: p.year, value: p.value, source: p.source, citation: citeFigure(p) })),
    excluded: excluded.map((p) => ({ year: p.year, value: p.value, source: p.source })),
    breaks: allBreaks,
    fittedAcrossBreaks: across && inside.length > 0,
    notes,
  };
}
