/**
 * @module figures/csv
 * RFC 4180 CSV: parsing with the physical line number of each record (for error messages), and serialising.
 * Quoted fields may hold commas, doubled quotes and line breaks; CRLF and LF line ends are both read.
 */
import { InputError } from "../domain/errors.ts";

export interface CsvRecord {
  /** 1-based physical line on which the record starts (the header is line 1). */
  line: number;
  fields: string[];
}

export interface CsvProblem {
  line: number;
  reason: string;
}

/**
 * Decode bytes as UTF-8, refusing invalid sequences. A leading byte-order mark is dropped.
 * @throws InputError listing every line that is not valid UTF-8.
 */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return stripBom(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
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

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Split CSV text into records. Blank lines are skipped.
 * @returns the records and the problems found (an unterminated quoted field, text after a closing quote).
 */
export function parseCsv(text: string): { records: CsvRecord[]; problems: CsvProblem[] } {
  const records: CsvRecord[] = [];
  const problems: CsvProblem[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const startLine = line;
    const fields: string[] = [];
    let field = "";
    let inQuotes = false;
    let quotedStartLine = line;
    let afterQuote = false;
    let recordDone = false;
    let badAfterQuote = false;
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
        if (ch === "\n") line++;
        field += ch;
        i++;
        continue;
      }
      if (ch === ",") {
        fields.push(field);
        field = "";
        afterQuote = false;
        i++;
      } else if (ch === "\r" && text[i + 1] === "\n") {
        i += 2;
        line++;
        recordDone = true;
      } else if (ch === "\n") {
        i++;
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
      problems.push({
        line: quotedStartLine,
        reason: "unterminated quoted field (the file may be truncated)",
      });
      break;
    }
    fields.push(field);
    if (badAfterQuote) problems.push({ line: startLine, reason: "text after a closing quote (malformed CSV)" });
    const blank = fields.length === 1 && fields[0]!.trim() === "";
    if (!blank) records.push({ line: startLine, fields });
  }
  return { records, problems };
}

/** Quote a field when it holds a comma, a quote, a line break or leading/trailing spaces. */
export function csvField(value: string | number): string {
  const s = String(value);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Serialise rows (the first being the header) as CSV with LF line ends and a final line end. */
export function toCsv(rows: readonly (readonly (string | number)[])[]): string {
  return rows.map((r) => r.map(csvField).join(",")).join("\n") + "\n";
}
