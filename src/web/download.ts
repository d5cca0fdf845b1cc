/**
 * @module web/download
 * Every view downloads what it shows: CSV (RFC 4180, UTF-8 with BOM so spreadsheets read accents)
 * or GeoJSON.
 */
export type CsvRow = Record<string, string | number | boolean | null | undefined>;

function csvCell(value: CsvRow[string]): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV text of rows; the columns are the union of the rows' keys, in first-seen order. */
export function toCsv(rows: readonly CsvRow[]): string {
  const columns: string[] = [];
  for (const row of rows) for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
  const lines = [columns.map(csvCell).join(",")];
  for (const row of rows) lines.push(columns.map((c) => csvCell(row[c])).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

function save(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function downloadCsv(filename: string, rows: readonly CsvRow[]): void {
  save(filename, new Blob(["\ufeff", toCsv(rows)], { type: "text/csv;charset=utf-8" }));
}

export function downloadGeoJson(filename: string, data: unknown): void {
  save(filename, new Blob([JSON.stringify(data)], { type: "application/geo+json" }));
}
