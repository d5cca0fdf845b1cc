/**
 * @module area/csv
 * The small CSV dialect of the area commands: RFC 4180 quoting, a header row,
 * comma separator, optional UTF-8 BOM, blank lines ignored. Rows keep their
 * 1-based line numbers so that errors can point at them.
 */
import { InputError } from "../domain/errors.ts";

export interface CsvRow {
  /** 1-based line number in the file. */
  line: number;
  values: Record<string, string>;
}

export interface CsvTable {
  header: string[];
  rows: CsvRow[];
}

/** Parse CSV text. `file` names the source in error messages. */
export function parseCsv(text: string, file: string): CsvTable {
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRecord = (): void => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0]!.trim() === "")) records.push({ line: recordLine, fields });
    fields = [];
    field = "";
  };
  for (; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === "\n") line++;
        field += ch;
      }
    } else if (ch === '"' && field === "") {
      quoted = true;
    } else if (ch === ",") {
      fields.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      field += ch;
    }
  }
  if (quoted) throw new InputError(`${file}: line ${recordLine}: unterminated quoted field`);
  if (field !== "" || fields.length > 0) endRecord();
  if (records.length === 0) throw new InputError(`${file}: empty file (expected a header row)`);
  const header = records[0]!.fields.map((h) => h.trim().toLowerCase());
  const seen = new Set<string>();
  for (const h of header) {
    if (seen.has(h)) throw new InputError(`${file}: column "${h}" appears twice in the header`);
    seen.add(h);
  }
  const rows = records.slice(1).map(({ line: l, fields: f }) => {
    if (f.length !== header.length) throw new InputError(`${file}: line ${l}: ${f.length} fields, expected ${header.length} (${header.join(",")})`, { field: `line ${l}` });
    const values: Record<string, string> = {};
    header.forEach((h, k) => (values[h] = f[k]!.trim()));
    return { line: l, values };
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

/** One CSV line (no newline) with quoting where needed. */
export function csvLine(values: readonly (string | number | null | undefined)[]): string {
  return values
    .map((v) => {
      const s = v === null || v === undefined ? "" : String(v);
      return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    })
    .join(",");
}
