/**
 * @module figures/validate
 * Validation of one incoming figure, given as text fields (a CSV row or a JSON object), into a `Figure`.
 * Every problem of the row is reported, not just the first. Pure: the year range comes in as an option.
 */
import { CITATION_KINDS, METRIC_UNITS, SOURCE_FAMILIES, isCitationKind, type Figure, type SourceFamily } from "../domain/figure.ts";
import { parseCountry } from "../domain/country.ts";
import { resolveMetric, resolveUnit } from "./metric-terms.ts";
import { parseRegion } from "./regions.ts";
import { citationTitle, classifyCitation, normalizeSource, type NormalizedSource } from "./sources.ts";

/** The columns of the registry's CSV format, in export order. */
export const FIGURE_COLUMNS = [
  "country",
  "region",
  "region_kind",
  "year",
  "metric",
  "value",
  "unit",
  "source",
  "source_family",
  "source_raw",
  "source_term",
  "published",
  "publication_title",
  "citation",
  "citation_kind",
  "notes",
] as const;

export type FigureColumn = (typeof FIGURE_COLUMNS)[number];

/** Columns every file must have ("published" may be spelled "cited_year", as in the reference CSV). */
export const REQUIRED_COLUMNS: readonly FigureColumn[] = ["country", "year", "metric", "value", "unit", "source", "published", "citation"];

/** Other spellings of column names: the reference CSV's, and the camelCase keys of JSON exports. */
export const COLUMN_ALIASES: Readonly<Record<string, FigureColumn>> = {
  cited_year: "published",
  regionKind: "region_kind",
  sourceFamily: "source_family",
  sourceRaw: "source_raw",
  sourceTerm: "source_term",
  publicationTitle: "publication_title",
  citationKind: "citation_kind",
};

export type FigureFields = Partial<Record<FigureColumn, string>>;

export interface ValidateOptions {
  /** Earliest figure year accepted (default 1950). */
  minYear?: number;
  /** Latest figure year and vintage accepted (the current year, given by the caller). */
  maxYear: number;
}

/** The kind older exports wrote for both the producer's document and a repost of it; read with `classifyCitation`. */
export const LEGACY_PRIMARY = "primary";

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const YEAR = /^\d{4}$/;
const VINTAGE = /^(\d{4})(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;

/** A note in square brackets at the end of a citation ("... [as published 2012]"). */
function bracketNote(citation: string): string | undefined {
  return citation.match(/\[([^\]]+)\]\s*$/)?.[1]?.trim();
}

/**
 * Validate one row.
 * @returns the figure, or every reason the row is refused.
 */
export function validateFigureFields(fields: FigureFields, { minYear = 1950, maxYear }: ValidateOptions): { figure: Figure } | { errors: string[] } {
  const errors: string[] = [];
  const get = (c: FigureColumn): string => (fields[c] ?? "").trim();

  const countryText = get("country");
  const country = countryText === "" ? undefined : parseCountry(countryText);
  if (countryText === "") errors.push("country is missing");
  else if (!country) errors.push(`unknown country '${countryText}' (expected an ISO 3166-1 code or name, e.g. PE, PER or Peru)`);

  const region = parseRegion(get("region"), fields.region_kind);
  if ("error" in region) errors.push(region.error);

  const yearText = get("year");
  let year: number | undefined;
  if (!YEAR.test(yearText)) errors.push(yearText === "" ? "year is missing" : `year '${yearText}' is not a four-digit year`);
  else {
    year = Number(yearText);
    if (year < minYear || year > maxYear) errors.push(`year ${year} is outside ${minYear}-${maxYear}`);
  }

  const term = get("metric");
  const metric = term === "" ? undefined : resolveMetric(term);
  if (term === "") errors.push("metric is missing");
  else if (!metric) errors.push(`unknown metric '${term}' (expected one of ${Object.keys(METRIC_UNITS).join(", ")}, or a known source term)`);

  const unitText = get("unit");
  let unit: string | undefined;
  if (metric) {
    unit = resolveUnit(metric, unitText);
    if (!unit) {
      errors.push(
        unitText === ""
          ? `unit is missing (expected ${METRIC_UNITS[metric]} for ${metric})`
          : `unit '${unitText}' does not fit metric ${metric} (expected ${METRIC_UNITS[metric]})`,
      );
    }
  }

  const valueText = get("value");
  let value: number | undefined;
  if (valueText === "") errors.push("value is missing");
  else if (!NUMBER.test(valueText)) errors.push(`value '${valueText}' is not a number (write 49800, not 49,800)`);
  else {
    value = Number(valueText);
    if (!Number.isFinite(value)) errors.push(`value '${valueText}' is not finite`);
    else if (value < 0) errors.push(`value ${valueText} is negative`);
  }

  const sourceText = get("source");
  const familyText = get("source_family");
  let source: NormalizedSource | undefined;
  if (sourceText === "") errors.push("source is missing");
  else {
    const known = normalizeSource(sourceText);
    const rawText = get("source_raw");
    const rawKnown = rawText ? normalizeSource(rawText) : undefined;
    if (familyText !== "" && !(SOURCE_FAMILIES as readonly string[]).includes(familyText)) {
      errors.push(`unknown source family '${familyText}' (expected ${SOURCE_FAMILIES.join(", ")})`);
    } else if (known) {
      source = { ...known, relayed: known.relayed || (rawKnown?.relayed ?? false) };
      if (familyText !== "" && familyText !== known.family) {
        errors.push(`source ${known.source} belongs to family ${known.family}, not ${familyText}`);
      }
    } else if (familyText !== "") {
      source = { source: sourceText, family: familyText as SourceFamily, relayed: rawKnown?.relayed ?? false };
    } else {
      errors.push(`unknown source '${sourceText}': add a source_family column (${SOURCE_FAMILIES.join(", ")})`);
    }
  }

  const publishedText = get("published");
  const vintage = publishedText.match(VINTAGE);
  if (publishedText === "") errors.push("published (the vintage: year or date of publication) is missing");
  else if (!vintage) errors.push(`published '${publishedText}' is not a year or an ISO date (2019 or 2019-06-26)`);
  else {
    const pubYear = Number(vintage[1]);
    if (pubYear > maxYear) errors.push(`published ${publishedText} is in the future (after ${maxYear})`);
    else if (year !== undefined && pubYear < year) errors.push(`published ${publishedText} is before the figure's year ${year}`);
  }

  const citation = get("citation");
  if (citation === "") errors.push("citation is missing");

  const kindText = get("citation_kind");
  if (kindText !== "" && kindText !== LEGACY_PRIMARY && !isCitationKind(kindText)) {
    errors.push(`citation_kind '${kindText}' must be one of ${CITATION_KINDS.join(", ")}`);
  }

  if (errors.length > 0 || !country || "error" in region || year === undefined || !metric || !unit || value === undefined || !source) {
    return { errors };
  }

  const notes: string[] = [];
  const given = get("notes");
  if (given) notes.push(given);
  else {
    const bracket = bracketNote(citation);
    if (bracket) notes.push(bracket);
    if (unitText.toLowerCase() !== unit && unitText.toLowerCase() === "kg/ha") notes.push("source unit kg/ha read as kg/ha/yr (annual yield)");
  }
  return {
    figure: {
      country,
      region: region.region,
      regionKind: region.regionKind,
      year,
      metric,
      value,
      unit,
      source: source.source,
      sourceFamily: source.family,
      sourceRaw: get("source_raw") || sourceText,
      sourceTerm: get("source_term") || term,
      published: publishedText,
      publicationTitle: get("publication_title") || citationTitle(citation),
      citation,
      // "primary" (the two-kind scheme of older exports) is read by the rule: producer or repost by the URL's host.
      citationKind: isCitationKind(kindText) ? kindText : classifyCitation(source, citation),
      notes: notes.join("; "),
    },
  };
}
