/**
 * @module survey/labels/sheet
 * The interpreters' blind sheet and its key. The sheet has each unit's place (lon/lat and map
 * x/y), an opaque id and empty answer columns, and nothing of the map: no map class, no map code,
 * no stratum, no design unit id (ids are numbered by stratum). Its rows are shuffled (a seeded
 * stream), so a row's position says nothing either. Every row carries the design's checksum, so
 * that a filled sheet of another survey is refused. The key file (kept by the survey lead, and in
 * the store) maps the opaque id back to the unit, its stratum and map class.
 */
import { csvLine, csvtOf } from "../../io/csv.ts";
import { sha256 } from "../../io/checksum.ts";
import type { LabelPeriod } from "../../domain/reference-label.ts";
import type { Random } from "../../stats/random.ts";
import { shuffled } from "./assign.ts";
import type { DesignUnitRef } from "./stored-design.ts";

/** A unit's opaque id in sheets: derived from the design's checksum and the unit id. */
export function blindId(designChecksum: string, unitId: string): string {
  return `b${sha256(new TextEncoder().encode(`${designChecksum}\u0000${unitId}`)).slice(0, 10)}`;
}

/** Opaque id -> unit id, for a whole design (checked unique). */
export function blindIndex(designChecksum: string, unitIds: readonly string[]): Map<string, string> {
  const index = new Map<string, string>();
  for (const u of unitIds) {
    const b = blindId(designChecksum, u);
    if (index.has(b)) throw new Error(`blind ids collide for units ${index.get(b)} and ${u}`);
    index.set(b, u);
  }
  return index;
}

export interface SheetRow {
  position: number;
  blindId: string;
  /** The design's unit id: kept by the lead and the store, never written to the sheet. */
  unitId: string;
  unit: Pick<DesignUnitRef, "lon" | "lat" | "x" | "y">;
}

/** The answer columns: one reference class per date (`reference_class`, or `reference_class_t1`, `_t2`). */
export function classColumns(periods: readonly LabelPeriod[]): string[] {
  return periods.map((p) => (p === "single" ? "reference_class" : `reference_class_${p}`));
}

export const SHEET_META_COLUMNS = ["confidence", "comment", "imagery", "interpreter", "labelled_at", "design_sha256"] as const;

/** The blind sheet as CSV, rows in `rows` order. */
export function sheetToCsv(
  rows: readonly SheetRow[],
  { designChecksum, interpreter = "", periods = ["single"] }: { designChecksum: string; interpreter?: string; periods?: readonly LabelPeriod[] },
): string {
  const header = ["position", "blind_id", "lon", "lat", "x", "y", ...classColumns(periods), ...SHEET_META_COLUMNS];
  const lines = [csvLine(header)];
  for (const r of rows) {
    lines.push(
      csvLine([r.position, r.blindId, r.unit.lon, r.unit.lat, r.unit.x, r.unit.y, ...periods.map(() => ""), "", "", "", interpreter, "", designChecksum]),
    );
  }
  return `${lines.join("\n")}\n`;
}

/** The file-name prefix of an interpreter's sheet: "ana." for ana (characters other than letters, digits, "." and "-" become "_"). */
export function interpreterFilePrefix(name: string): string {
  return `${name.replace(/[^\w.-]+/g, "_")}.`;
}

/** The GDAL .csvt of the sheet (column types for QGIS/GDAL): lon, lat are the point's CoordX/CoordY, in WGS 84 (the sheet's .prj). */
export function sheetCsvt(periods: readonly LabelPeriod[] = ["single"]): string {
  return csvtOf([
    "Integer",
    "String",
    "CoordX",
    "CoordY",
    "Real",
    "Real",
    ...periods.map(() => "String" as const),
    "Real",
    "String",
    "String",
    "String",
    "String",
    "String",
  ]);
}

/** The GDAL .csvt of the sheet's key. */
export const SHEET_KEY_CSVT = csvtOf(["String", "String", "String", "String", "Integer", "String"]);

/** The key: opaque id -> unit id, stratum, map class and code (not for interpreters). */
export function keyToCsv(units: readonly Pick<DesignUnitRef, "unitId" | "stratum" | "mapClass" | "mapCode">[], designChecksum: string): string {
  const lines = [csvLine(["blind_id", "unit_id", "stratum", "map_class", "map_code", "design_sha256"])];
  for (const u of units) lines.push(csvLine([blindId(designChecksum, u.unitId), u.unitId, u.stratum, u.mapClass, u.mapCode, designChecksum]));
  return `${lines.join("\n")}\n`;
}

/** The sheet's rows for `units`, in a shuffled order (seeded `random`), numbered from 1. */
export function blindSheetRows(
  units: readonly Pick<DesignUnitRef, "unitId" | "lon" | "lat" | "x" | "y">[],
  designChecksum: string,
  random: Random,
): SheetRow[] {
  return shuffled(units, random).map((u, i) => ({ position: i + 1, blindId: blindId(designChecksum, u.unitId), unitId: u.unitId, unit: u }));
}
