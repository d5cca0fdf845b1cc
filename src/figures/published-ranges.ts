/**
 * @module figures/published-ranges
 * Ranges published around official figures (UNODC publishes Colombia's potential cocaine production as
 * a value with a range, e.g. 1,379 t, 1,174-1,623 t for 2017), each with its citation. They are kept
 * beside the registry, not in it: a range belongs to one published value (country, region, year, metric,
 * source, value) and is drawn as an interval wherever that figure is (the country series chart of the
 * dashboard and the report, the report's tables). The project's own list is data/published-ranges.csv.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseCountry } from "../domain/country.ts";
import { DataError } from "../domain/errors.ts";
import { isMetric, METRIC_UNITS, type Figure, type Metric } from "../domain/figure.ts";
import { numberCell, parseCsvTable, requireColumns } from "../io/csv.ts";
import { readTextFileSync } from "../io/read-file.ts";

/** data/published-ranges.csv of this checkout. */
export const PUBLISHED_RANGES_PATH = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "data", "published-ranges.csv");

export interface PublishedRange {
  country: string;
  region: string;
  year: number;
  metric: Metric;
  source: string;
  /** The published central value the range goes with (the registry's figure). */
  value: number;
  low: number;
  high: number;
  unit: string;
  citation: string;
  notes: string;
}

const COLUMNS = ["country", "region", "year", "metric", "source", "value", "low", "high", "unit", "citation", "notes"] as const;

/**
 * Parse and check a published-ranges CSV: known countries and metrics, the metric's unit, low <= value <= high.
 * @throws InputError or DataError naming the file, the line and the problem.
 */
export function parsePublishedRanges(text: string, file: string): PublishedRange[] {
  const table = parseCsvTable(text, file);
  requireColumns(table, file, COLUMNS);
  return table.rows.map((row) => {
    const v = row.values;
    const at = `${file}: line ${row.line}`;
    const country = parseCountry(v.country!);
    if (!country) throw new DataError(`${at}: country "${v.country}" is not one this system knows`);
    if (!isMetric(v.metric!)) throw new DataError(`${at}: metric "${v.metric}" is not in the registry's vocabulary`);
    if (v.unit !== METRIC_UNITS[v.metric]) throw new DataError(`${at}: unit "${v.unit}" is not the unit of ${v.metric} (${METRIC_UNITS[v.metric]})`);
    const value = numberCell(row, "value", file, { min: 0 });
    const low = numberCell(row, "low", file, { min: 0 });
    const high = numberCell(row, "high", file, { min: 0 });
    if (!(low <= value && value <= high)) throw new DataError(`${at}: the range ${low}-${high} does not hold the value ${value}`);
    if (!v.citation) throw new DataError(`${at}: citation is empty`);
    if (!v.source || !v.region) throw new DataError(`${at}: source and region are needed`);
    return {
      country,
      region: v.region,
      year: numberCell(row, "year", file, { integer: true, min: 1900 }),
      metric: v.metric,
      source: v.source,
      value,
      low,
      high,
      unit: v.unit,
      citation: v.citation,
      notes: v.notes ?? "",
    };
  });
}

let cached: PublishedRange[] | undefined;

/** The project's published ranges (data/published-ranges.csv), read once. */
export function loadPublishedRanges(path = PUBLISHED_RANGES_PATH): PublishedRange[] {
  if (path !== PUBLISHED_RANGES_PATH) return parsePublishedRanges(readTextFileSync(path), path);
  cached ??= parsePublishedRanges(readTextFileSync(path), path);
  return cached;
}

/** The published range of a figure: same country, region, year, metric and source, and the same value. */
export function rangeOf(
  figure: Pick<Figure, "country" | "region" | "year" | "metric" | "source" | "value">,
  ranges: readonly PublishedRange[],
): PublishedRange | undefined {
  return ranges.find(
    (r) =>
      r.country === figure.country &&
      r.region.toLowerCase() === figure.region.toLowerCase() &&
      r.year === figure.year &&
      r.metric === figure.metric &&
      r.source === figure.source &&
      r.value === figure.value,
  );
}
