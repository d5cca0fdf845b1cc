/**
 * @module figures/compare
 * Side-by-side comparison of sources for one country, region and metric: per year, every source's
 * latest figure, and each source's absolute and relative difference from a base source. A year a source
 * did not publish is missing (null), never 0. Pure: works on the figures the store returns.
 */
import { InputError } from "../domain/errors.ts";
import type { CitationKind, Figure, Metric, SourceFamily } from "../domain/figure.ts";

export interface ComparedValue {
  value: number;
  published: string;
  citation: string;
  citationKind: CitationKind;
}

export interface Difference {
  /** value - base value, in the comparison's unit. */
  absolute: number;
  /** (value - base) / base; null when the base is 0. */
  relative: number | null;
}

export interface ComparisonYear {
  year: number;
  /** Keyed by column (the source, or "source: term" when a source publishes several terms); null = not published. */
  values: Record<string, ComparedValue | null>;
  /** Keyed by column, for every column except the base; null when either value is missing. */
  differences: Record<string, Difference | null>;
}

export interface ComparisonColumn {
  key: string;
  source: string;
  sourceTerm: string;
  family: SourceFamily;
}

export interface Comparison {
  country: string;
  region: string;
  metric: Metric;
  unit: string;
  /** The column the differences are taken from (undefined when no figure matched). */
  base: string | undefined;
  columns: ComparisonColumn[];
  years: ComparisonYear[];
}

const FAMILY_ORDER: Readonly<Record<SourceFamily, number>> = { UN: 0, US: 1, national: 2 };

/** The default base: UNODC, else the first UN source, else the first column. */
function defaultBase(columns: readonly ComparisonColumn[]): string | undefined {
  return (columns.find((c) => c.source === "UNODC") ?? columns.find((c) => c.family === "UN") ?? columns[0])?.key;
}

/**
 * Compare sources year by year.
 * @param figures latest vintages of one country, region and metric (others are ignored)
 * @param options.base the source (or column key) to take differences from; default UNODC
 */
export function compareSources(
  figures: readonly Figure[],
  { country, region, metric, base }: { country: string; region: string; metric: Metric; base?: string },
): Comparison {
  const selected = figures.filter((f) => f.country === country && f.region.toLowerCase() === region.toLowerCase() && f.metric === metric);
  const termsBySource = new Map<string, Set<string>>();
  for (const f of selected) {
    const terms = termsBySource.get(f.source) ?? new Set<string>();
    terms.add(f.sourceTerm);
    termsBySource.set(f.source, terms);
  }
  const keyOf = (f: Figure): string => ((termsBySource.get(f.source)?.size ?? 1) > 1 ? `${f.source}: ${f.sourceTerm}` : f.source);
  const columnsByKey = new Map<string, ComparisonColumn>();
  for (const f of selected) {
    const key = keyOf(f);
    if (!columnsByKey.has(key)) columnsByKey.set(key, { key, source: f.source, sourceTerm: f.sourceTerm, family: f.sourceFamily });
  }
  const columns = [...columnsByKey.values()].sort((a, b) => FAMILY_ORDER[a.family] - FAMILY_ORDER[b.family] || a.key.localeCompare(b.key));
  let baseKey: string | undefined;
  if (base === undefined) baseKey = defaultBase(columns);
  else {
    const wanted = base.toLowerCase();
    baseKey = columns.find((c) => c.key.toLowerCase() === wanted || c.source.toLowerCase() === wanted)?.key;
    if (baseKey === undefined && columns.length > 0) {
      throw new InputError(`base source '${base}' published no ${metric} for ${country} ${region} (sources: ${columns.map((c) => c.key).join(", ")})`, {
        field: "base",
      });
    }
  }
  if (baseKey !== undefined) {
    const b = columns.findIndex((c) => c.key === baseKey);
    columns.unshift(...columns.splice(b, 1));
  }

  const byYear = new Map<number, Map<string, Figure>>();
  for (const f of selected) {
    const row = byYear.get(f.year) ?? new Map<string, Figure>();
    const key = keyOf(f);
    const existing = row.get(key);
    // Latest vintage wins if the caller passed several.
    if (!existing || existing.published < f.published) row.set(key, f);
    byYear.set(f.year, row);
  }
  const years: ComparisonYear[] = [...byYear.keys()]
    .sort((a, b) => a - b)
    .map((year) => {
      const row = byYear.get(year)!;
      const values: Record<string, ComparedValue | null> = {};
      for (const c of columns) {
        const f = row.get(c.key);
        values[c.key] = f ? { value: f.value, published: f.published, citation: f.citation, citationKind: f.citationKind } : null;
      }
      const differences: Record<string, Difference | null> = {};
      const baseValue = baseKey === undefined ? null : values[baseKey];
      for (const c of columns) {
        if (c.key === baseKey) continue;
        const v = values[c.key];
        if (!v || !baseValue) differences[c.key] = null;
        else {
          const absolute = v.value - baseValue.value;
          differences[c.key] = { absolute, relative: baseValue.value === 0 ? null : absolute / baseValue.value };
        }
      }
      return { year, values, differences };
    });
  const unit = selected[0]?.unit ?? "";
  return { country, region, metric, unit, base: baseKey, columns, years };
}
