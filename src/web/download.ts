/**
 * @module web/download
 * Every view downloads what it shows: CSV (RFC 4180, UTF-8 with BOM so spreadsheets read accents) or GeoJSON.
 * A CSV comes as one .zip holding the CSV and its `.csvt` (GDAL's and QGIS's column types, as the CLI writes them:
 * src/io/csv.ts), and a WGS 84 `.prj` when it has lon/lat columns: QGIS and GDAL pair a `.csvt` with its CSV only
 * when both sit side by side under the same name, which two separate browser downloads do not promise (a browser
 * renames a repeated download, `x (1).csv`, and asks before a page saves several files at once); one archive keeps
 * the pair together, and QGIS opens the CSV inside it directly (GDAL's /vsizip/).
 */
import { csvtOf, roundCell, WGS84_PRJ, type CsvtType } from "../io/csv.ts";
import { zipStored } from "./zip.ts";

export type CsvRow = Record<string, string | number | boolean | null | undefined>;

/** Decimals of hectare columns (`*_ha`): 2, as `coca survey export`'s estimates.csv (100 m², far below any estimate's SE). */
export const HA_DIGITS = 2;

const isHectares = (column: string): boolean => /(^|_)ha$/i.test(column);
const LON = /^(lon|longitude)$/i;
const LAT = /^(lat|latitude)$/i;

function csvCell(value: CsvRow[string]): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The columns of rows: the union of their keys, in first-seen order. */
export function csvColumns(rows: readonly CsvRow[]): string[] {
  const columns: string[] = [];
  for (const row of rows) for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
  return columns;
}

/** Rows with the CLI's rounding: hectare columns (`*_ha`) to HA_DIGITS decimals, without float noise. */
export function roundedRows(rows: readonly CsvRow[]): CsvRow[] {
  return rows.map((row) => {
    const out: CsvRow = {};
    for (const [k, v] of Object.entries(row)) out[k] = typeof v === "number" && isHectares(k) ? roundCell(v, HA_DIGITS) : v;
    return out;
  });
}

/** CSV text of rows; the columns are the union of the rows' keys, in first-seen order. */
export function toCsv(rows: readonly CsvRow[]): string {
  const columns = csvColumns(rows);
  const lines = [columns.map(csvCell).join(",")];
  for (const row of rows) lines.push(columns.map((c) => csvCell(row[c])).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

const INT32_MAX = 2 ** 31 - 1;

/**
 * The `.csvt` type of each column, from its values: numbers only -> Integer (Integer64 beyond 32 bits) or Real (any
 * fraction; hectare columns always Real, as the CLI types them); anything else, or nothing, -> String. Numeric `lon`
 * and `lat` (or `longitude`/`latitude`) together are CoordX/CoordY, so QGIS and GDAL open the CSV as points.
 */
export function csvTypes(rows: readonly CsvRow[]): { columns: string[]; types: CsvtType[] } {
  const columns = csvColumns(rows);
  const types = columns.map((c): CsvtType => {
    let numbers = 0;
    let fraction = false;
    let wide = false;
    for (const row of rows) {
      const v = row[c];
      if (v === null || v === undefined || v === "") continue;
      if (typeof v !== "number" || !Number.isFinite(v)) return "String";
      numbers++;
      if (!Number.isInteger(v)) fraction = true;
      else if (Math.abs(v) > INT32_MAX) wide = true;
    }
    if (numbers === 0) return "String";
    return fraction || isHectares(c) ? "Real" : wide ? "Integer64" : "Integer";
  });
  const lon = columns.findIndex((c, i) => LON.test(c) && types[i] !== "String");
  const lat = columns.findIndex((c, i) => LAT.test(c) && types[i] !== "String");
  if (lon >= 0 && lat >= 0) {
    types[lon] = "CoordX";
    types[lat] = "CoordY";
  }
  return { columns, types };
}

/** The files of a CSV download: `name.csv` (with BOM), `name.csvt` and, with lon/lat columns, `name.prj`. */
export function csvDownloadFiles(basename: string, rows: readonly CsvRow[]): { name: string; data: string }[] {
  const rounded = roundedRows(rows);
  const { types } = csvTypes(rounded);
  const hasXy = types.includes("CoordX") && types.includes("CoordY");
  return [
    { name: `${basename}.csv`, data: `\ufeff${toCsv(rounded)}` },
    { name: `${basename}.csvt`, data: csvtOf(types) },
    ...(hasXy ? [{ name: `${basename}.prj`, data: WGS84_PRJ }] : []),
  ];
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

/** Download rows as `basename.zip`: the CSV with its `.csvt` (and `.prj`), see the module's note. */
export function downloadCsv(basename: string, rows: readonly CsvRow[]): void {
  save(`${basename}.zip`, new Blob([zipStored(csvDownloadFiles(basename, rows))], { type: "application/zip" }));
}

export function downloadGeoJson(filename: string, data: unknown): void {
  save(filename, new Blob([JSON.stringify(data)], { type: "application/geo+json" }));
}
