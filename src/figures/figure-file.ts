/**
 * @module figures/figure-file
 * Reading and writing files of figures: the registry's CSV (also the reference CSV's columns) and JSON.
 * Parsing is all-or-nothing: every bad line is collected and reported with its number and reason.
 */
import { InputError } from "../domain/errors.ts";
import { citationsOf, type Figure } from "../domain/figure.ts";
import { csvtOf, decodeUtf8, parseCsvRecords, toCsv, type CsvProblem } from "../io/csv.ts";
import { MAX_NESTING_DEPTH, nestingDepth } from "../io/nesting-depth.ts";
import {
  COLUMN_ALIASES,
  FIGURE_COLUMNS,
  REQUIRED_COLUMNS,
  validateFigureFields,
  type FigureColumn,
  type FigureFields,
  type ValidateOptions,
} from "./validate.ts";

export type FigureFileFormat = "csv" | "json";

export interface ParsedFigures {
  figures: Figure[];
  /** lines[i] is the line (CSV) or item number (JSON, 1-based) that `figures[i]` came from. */
  lines: number[];
}

/** The identity and vintage of a figure, as a map key. */
export function vintageKey(f: Figure): string {
  return JSON.stringify([f.country, f.region, f.year, f.metric, f.source, f.sourceTerm, f.published]);
}

/** Format the problems of a file as one InputError message. */
export function problemsError(file: string, problems: readonly CsvProblem[], what = "line"): InputError {
  const sorted = [...problems].sort((a, b) => a.line - b.line);
  const shown = sorted.slice(0, 50).map((p) => `  ${what} ${p.line}: ${p.reason}`);
  if (sorted.length > 50) shown.push(`  ... and ${sorted.length - 50} more`);
  const count = new Set(sorted.map((p) => p.line)).size;
  return new InputError(`cannot import ${file}: ${count} bad ${what}${count === 1 ? "" : "s"}, nothing imported:\n${shown.join("\n")}`, {
    field: `${what} ${sorted[0]?.line ?? 1}`,
  });
}

/** The format of a file from its name: ".json" is JSON, anything else CSV. */
export function formatOf(file: string): FigureFileFormat {
  return /\.json$/i.test(file) ? "json" : "csv";
}

function columnOf(name: string): FigureColumn | undefined {
  const trimmed = name.trim();
  if ((FIGURE_COLUMNS as readonly string[]).includes(trimmed)) return trimmed as FigureColumn;
  return COLUMN_ALIASES[trimmed];
}

/** Parse CSV text into field maps with their line numbers; header and shape problems are collected. */
function csvRows(text: string): { rows: { line: number; fields: FigureFields }[]; problems: CsvProblem[] } {
  const { records, problems } = parseCsvRecords(text);
  const header = records[0];
  if (!header) return { rows: [], problems: [...problems, { line: 1, reason: "the file is empty (expected a header line)" }] };
  const columns: (FigureColumn | undefined)[] = header.fields.map(columnOf);
  const headerProblems: string[] = [];
  header.fields.forEach((name, i) => {
    if (!columns[i]) headerProblems.push(`unknown column '${name}'`);
  });
  const present = new Set(columns.filter((c): c is FigureColumn => c !== undefined));
  for (const c of REQUIRED_COLUMNS) if (!present.has(c)) headerProblems.push(`missing column '${c}'`);
  const seen = new Set<string>();
  for (const c of columns) {
    if (c && seen.has(c)) headerProblems.push(`column '${c}' given twice`);
    if (c) seen.add(c);
  }
  if (headerProblems.length > 0) {
    return { rows: [], problems: [...problems, { line: header.line, reason: `bad header: ${headerProblems.join("; ")}` }] };
  }
  const rows: { line: number; fields: FigureFields }[] = [];
  for (const record of records.slice(1)) {
    if (record.fields.length !== columns.length) {
      problems.push({
        line: record.line,
        reason: `expected ${columns.length} columns, found ${record.fields.length}${record.fields.length < columns.length ? " (truncated row?)" : ""}`,
      });
      continue;
    }
    const fields: FigureFields = {};
    columns.forEach((c, i) => {
      fields[c!] = record.fields[i];
    });
    rows.push({ line: record.line, fields });
  }
  if (records.length === 1) problems.push({ line: header.line, reason: "no figures after the header" });
  return { rows, problems };
}

/** Parse JSON text (an array of figure objects, as `coca figures export --format json` writes). */
function jsonRows(text: string): { rows: { line: number; fields: FigureFields }[]; problems: CsvProblem[] } {
  if (nestingDepth(text, MAX_NESTING_DEPTH) > MAX_NESTING_DEPTH) {
    return { rows: [], problems: [{ line: 1, reason: `nested more than ${MAX_NESTING_DEPTH} levels deep (a figure file is an array of flat objects)` }] };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { rows: [], problems: [{ line: 1, reason: `not valid JSON (the file may be truncated): ${(error as Error).message}` }] };
  }
  if (!Array.isArray(data)) return { rows: [], problems: [{ line: 1, reason: "expected a JSON array of figures" }] };
  const rows: { line: number; fields: FigureFields }[] = [];
  const problems: CsvProblem[] = [];
  data.forEach((item: unknown, i) => {
    if (typeof item !== "object" || item === null || Array.isArray(item)) {
      problems.push({ line: i + 1, reason: "not a JSON object" });
      return;
    }
    const fields: FigureFields = {};
    const unknown: string[] = [];
    let additional: unknown[] = [];
    for (const [key, v] of Object.entries(item)) {
      const c = columnOf(key);
      if (key === "additionalCitations" && Array.isArray(v)) additional = v;
      else if (!c) unknown.push(key);
      else if (v !== null && v !== undefined) fields[c] = typeof v === "object" ? JSON.stringify(v) : String(v);
    }
    if (unknown.length > 0) {
      problems.push({ line: i + 1, reason: `unknown field${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}` });
      return;
    }
    rows.push({ line: i + 1, fields });
    // Each additional citation reads as the same figure cited by another document (merged again by parseFigureFile).
    for (const [j, c] of additional.entries()) {
      const o = (typeof c === "object" && c !== null ? c : {}) as Record<string, unknown>;
      if (typeof o.citation !== "string" || o.citation.trim() === "") {
        problems.push({ line: i + 1, reason: `additionalCitations[${j}] has no citation` });
        continue;
      }
      const str = (v: unknown) => (typeof v === "string" ? v : "");
      rows.push({ line: i + 1, fields: { ...fields, citation: o.citation, publication_title: str(o.publicationTitle), citation_kind: str(o.citationKind) } });
    }
  });
  if (data.length === 0) problems.push({ line: 1, reason: "no figures in the array" });
  return { rows, problems };
}

/**
 * Parse and validate a file of figures. Two rows with the same identity and vintage must agree on the value.
 * @param bytes the file's content
 * @param file the file's name, for messages
 * @throws InputError listing every bad line (or JSON item) with its reason.
 */
export function parseFigureFile(
  bytes: Uint8Array,
  { file, format = formatOf(file), ...validate }: { file: string; format?: FigureFileFormat } & ValidateOptions,
): ParsedFigures {
  const text = decodeUtf8(bytes, file);
  const what = format === "json" ? "item" : "line";
  const { rows, problems } = format === "json" ? jsonRows(text) : csvRows(text);
  const figures: Figure[] = [];
  const lines: number[] = [];
  const firstSeen = new Map<string, { line: number; figure: Figure }>();
  for (const row of rows) {
    const result = validateFigureFields(row.fields, validate);
    if ("errors" in result) {
      problems.push({ line: row.line, reason: result.errors.join("; ") });
      continue;
    }
    const key = vintageKey(result.figure);
    const earlier = firstSeen.get(key);
    if (earlier) {
      if (earlier.figure.value !== result.figure.value) {
        problems.push({
          line: row.line,
          reason: `duplicate of ${what} ${earlier.line} (same country, region, year, metric, source, source term and published) with a different value: ${result.figure.value} vs ${earlier.figure.value}`,
        });
        continue;
      }
      // The same value in another document: one figure, one more citation.
      const known = new Set(citationsOf(earlier.figure).map((c) => c.citation));
      for (const c of citationsOf(result.figure)) {
        if (known.has(c.citation)) continue;
        known.add(c.citation);
        (earlier.figure.additionalCitations ??= []).push(c);
      }
      continue;
    }
    firstSeen.set(key, { line: row.line, figure: result.figure });
    figures.push(result.figure);
    lines.push(row.line);
  }
  if (problems.length > 0) throw problemsError(file, problems, what);
  return { figures, lines };
}

/**
 * Figures as the registry's CSV (every column, LF line ends): one row per citation, the figure's own first, so a
 * figure with two citations is two rows that differ only in publication_title, citation and citation_kind (and
 * read back as one figure with two citations).
 */
export function figuresToCsv(figures: readonly Figure[]): string {
  const rows: (string | number)[][] = [[...FIGURE_COLUMNS]];
  for (const f of figures) for (const c of citationsOf(f)) rows.push(csvRow({ ...f, ...c }));
  return toCsv(rows);
}

function csvRow(f: Figure): (string | number)[] {
  return [
    f.country,
    f.region,
    f.regionKind,
    f.year,
    f.metric,
    f.value,
    f.unit,
    f.source,
    f.sourceFamily,
    f.sourceRaw ?? f.source,
    f.sourceTerm,
    f.published,
    f.publicationTitle,
    f.citation,
    f.citationKind,
    f.notes,
  ];
}

/** The .csvt of the registry's CSV: year an Integer, value a Real (as published, not rounded), every other column a String. */
export function figuresCsvt(): string {
  return csvtOf(FIGURE_COLUMNS.map((c) => (c === "year" ? "Integer" : c === "value" ? "Real" : "String")));
}

/** Figures as a JSON array (2-space indented, final line end). */
export function figuresToJson(figures: readonly Figure[]): string {
  return `${JSON.stringify(figures, null, 2)}\n`;
}
