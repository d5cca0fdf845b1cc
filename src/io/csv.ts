/**
 * @module io/csv
 * The one CSV dialect of Coca Monitor (RFC 4180): comma separator, fields quoted with `"` may hold
 * commas, doubled quotes and line breaks; CRLF, LF and lone CR line ends; an optional UTF-8 BOM;
 * blank lines skipped. Every record keeps the 1-based physical line it starts on, so that errors
 * can point at it.
 *
 * Two ways to read: `parseCsvRecords` collects every problem (for importers that report all bad
 * lines at once), `parseCsvTable` reads a header row and throws an InputError naming the file and
 * line at the first problem (for inputs read whole). And one way to write: `csvField`, `csvLine`, `toCsv`.
 */
import { InputError } from "../domain/errors.ts";

/** A record as split from the text: its fields, untrimmed. */
export interface CsvRecord {
  /** 1-based physical line on which the record starts (the header is line 1). */
  line: number;
  fields: string[];
}

/** A malformed place in the text. */
export interface CsvProblem {
  line: number;
  reason: string;
}

/**
 * Split CSV text into records. Blank lines are skipped; a leading BOM is dropped.
 * @returns the records and the problems found (an unterminated quoted field, which ends the
 *   reading, and text after a closing quote, whose record is still returned).
 */
export function parseCsvRecords(text: string): { records: CsvRecord[]; problems: CsvProblem[] } {
  const records: CsvRecord[] = [];
  const problems: CsvProblem[] = [];
  let line = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  while (i < n) {
    const startLine = line;
    const fields: string[] = [];
    let field = "";
    let inQuotes = false;
    let quotedStartLine = line;
    let afterQuote = false;
    let badAfterQuote = false;
    let recordDone = false;
    while (i < n && !recordDone) {
      const ch = text[i]!;
      if (inQuotes) {
        if (ch === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          inQuotes = false;
          afterQuote = true;
          i++;
          continue;
        }
        if (ch === "\n" || (ch === "\r" && text[i + 1] !== "\n")) line++;
        field += ch;
        i++;
        continue;
      }
      if (ch === ",") {
        fields.push(field);
        field = "";
        afterQuote = false;
        i++;
      } else if (ch === "\n" || ch === "\r") {
        i += ch === "\r" && text[i + 1] === "\n" ? 2 : 1;
        line++;
        recordDone = true;
      } else if (ch === '"' && field === "" && !afterQuote) {
        inQuotes = true;
        quotedStartLine = line;
        i++;
      } else {
        if (afterQuote) badAfterQuote = true;
        field += ch;
        i++;
      }
    }
    if (inQuotes) {
      problems.push({ line: quotedStartLine, reason: "unterminated quoted field (the file may be truncated)" });
      break;
    }
    fields.push(field);
    if (badAfterQuote) problems.push({ line: startLine, reason: "text after a closing quote (malformed CSV)" });
    const blank = fields.length === 1 && fields[0]!.trim() === "";
    if (!blank) records.push({ line: startLine, fields });
  }
  return { records, problems };
}

/** A data row of a table: trimmed values by (lower-case) column name. */
export interface CsvRow {
  /** 1-based line number in the file. */
  line: number;
  values: Record<string, string>;
}

export interface CsvTable {
  /** Column names, trimmed and lower-cased. */
  header: string[];
  rows: CsvRow[];
}

/**
 * Parse CSV text with a header row into rows keyed by column name (header trimmed and lower-cased,
 * values trimmed). `file` names the source in error messages.
 * @throws InputError naming the file and line: malformed CSV, an empty file, a column given twice,
 *   a row with the wrong number of fields.
 */
export function parseCsvTable(text: string, file: string): CsvTable {
  const { records, problems } = parseCsvRecords(text);
  const problem = problems[0];
  if (problem) throw new InputError(`${file}: line ${problem.line}: ${problem.reason}`, { field: `line ${problem.line}` });
  if (records.length === 0) throw new InputError(`${file}: empty file (expected a header row)`);
  const header = records[0]!.fields.map((h) => h.trim().toLowerCase());
  const seen = new Set<string>();
  for (const h of header) {
    if (seen.has(h)) throw new InputError(`${file}: column "${h}" appears twice in the header`);
    seen.add(h);
  }
  const rows = records.slice(1).map(({ line, fields }) => {
    if (fields.length !== header.length) {
      throw new InputError(`${file}: line ${line}: ${fields.length} fields, expected ${header.length} (${header.join(",")})`, { field: `line ${line}` });
    }
    const values: Record<string, string> = {};
    header.forEach((h, k) => (values[h] = fields[k]!.trim()));
    return { line, values };
  });
  return { header, rows };
}

/** Require columns; the error lists what the file has. */
export function requireColumns(table: CsvTable, file: string, columns: readonly string[]): void {
  const missing = columns.filter((c) => !table.header.includes(c));
  if (missing.length > 0) {
    throw new InputError(`${file}: missing column(s) ${missing.join(", ")} (found ${table.header.join(", ")})`);
  }
}

/** A number from a cell, or an InputError naming file, line and column. */
export function numberCell(row: CsvRow, column: string, file: string, { min = -Infinity, integer = false } = {}): number {
  const text = row.values[column] ?? "";
  const value = text === "" ? NaN : Number(text);
  if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    const expected = `${integer ? "a whole number" : "a number"}${min > -Infinity ? ` >= ${min}` : ""}`;
    throw new InputError(`${file}: line ${row.line}: ${column} must be ${expected}, got '${text}'`, { field: `line ${row.line}: ${column}` });
  }
  return value;
}

/**
 * Decode bytes as UTF-8, refusing invalid sequences. A leading byte-order mark is dropped.
 * @throws InputError listing every line that is not valid UTF-8.
 */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    const decoder = new TextDecoder("utf-8", { fatal: true });
    const bad: number[] = [];
    let start = 0;
    let line = 1;
    for (let i = 0; i <= bytes.length; i++) {
      if (i === bytes.length || bytes[i] === 0x0a) {
        try {
          decoder.decode(bytes.subarray(start, i));
        } catch {
          bad.push(line);
        }
        start = i + 1;
        line++;
      }
    }
    const listed = bad.slice(0, 20).map((l) => `  line ${l}: not valid UTF-8 (re-save the file as UTF-8)`);
    if (bad.length > 20) listed.push(`  ... and ${bad.length - 20} more lines`);
    throw new InputError(`${file} is not a UTF-8 text file, nothing imported:\n${listed.join("\n")}`, {
      field: `line ${bad[0] ?? 1}`,
    });
  }
}

/** One field, quoted when it holds a comma, a quote, a line break or leading/trailing spaces; null and undefined are empty. */
export function csvField(value: string | number | null | undefined): string {
  const s = value === null || value === undefined ? "" : String(value);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV line (no line end). */
export function csvLine(values: readonly (string | number | null | undefined)[]): string {
  return values.map(csvField).join(",");
}

/** Rows (the first being the header) as CSV with LF line ends and a final line end. */
export function toCsv(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return rows.map(csvLine).join("\n") + "\n";
}

/**
 * GDAL's and QGIS's column types for a `.csvt` sidecar (GDAL CSV driver; QGIS delimited text). `CoordX` and
 * `CoordY` mark the point's longitude and latitude (or X and Y), so that both open the CSV as a point layer.
 */
export type CsvtType = "Integer" | "Integer64" | "Real" | "String" | "Date" | "DateTime" | "CoordX" | "CoordY";

/** A column of a typed CSV: its name and its `.csvt` type. */
export type CsvColumn = readonly [name: string, type: CsvtType];

/** A CSV with the sidecars that make QGIS and GDAL take it as their own: `.csvt` (types) and, with coordinates, `.prj` (CRS). */
export interface CsvLayer {
  csv: string;
  csvt: string;
  /** ESRI WKT of the coordinate columns' CRS (WGS 84 for lon/lat), when the CSV has CoordX/CoordY columns. */
  prj?: string;
}

/** WGS 84 (EPSG:4326) as ESRI WKT, the `.prj` of CSVs with lon/lat columns (GeoCSV; GDAL and QGIS read it). */
export const WGS84_PRJ =
  'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';

/** The `.csvt` line for `types`. */
export function csvtOf(types: readonly CsvtType[]): string {
  return `${types.map((t) => `"${t}"`).join(",")}\n`;
}

/**
 * A typed CSV: the header from `columns`, one line per row (values in column order), the `.csvt`, and a WGS 84
 * `.prj` when a column is CoordX/CoordY (lon/lat).
 */
export function csvLayer(columns: readonly CsvColumn[], rows: readonly (readonly (string | number | null | undefined)[])[]): CsvLayer {
  const types = columns.map((c) => c[1]);
  const hasXy = types.includes("CoordX") && types.includes("CoordY");
  return { csv: toCsv([columns.map((c) => c[0]), ...rows]), csvt: csvtOf(types), ...(hasXy ? { prj: WGS84_PRJ } : {}) };
}

/** A sidecar's path beside a CSV: `a/sample.csv` -> `a/sample.csvt` or `a/sample.prj`. */
export function csvSidecarPath(csvPath: string, ext: ".csvt" | ".prj"): string {
  return /\.csv$/i.test(csvPath) ? csvPath.replace(/\.csv$/i, ext) : `${csvPath}${ext}`;
}

/** A CSV's files as [name or path, text]: the CSV, its `.csvt` and, with coordinates, its `.prj`. */
export function csvLayerFiles(csvPath: string, layer: CsvLayer): [string, string][] {
  return [
    [csvPath, layer.csv],
    [csvSidecarPath(csvPath, ".csvt"), layer.csvt],
    ...(layer.prj ? ([[csvSidecarPath(csvPath, ".prj"), layer.prj]] as [string, string][]) : []),
  ];
}

/**
 * A number rounded to `digits` decimals for a CSV cell, without float noise (539.7989999999639 -> 539.8 at 2 digits);
 * null, undefined and non-finite values stay empty.
 */
export function roundCell(value: number | null | undefined, digits: number): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const r = Number(value.toFixed(digits));
  return Object.is(r, -0) ? 0 : r;
}
