/**
 * @module survey/labels/read-sheet
 * A filled sheet read back: CSV (the blind sheet, or the older sample.csv with a reference_class
 * column) or GeoJSON (feature properties). A row names its unit by `blind_id` or `unit_id`, gives
 * one class per date (`reference_class`, or `reference_class_t1` and `reference_class_t2`), and may
 * give the interpreter, confidence, comment, imagery, time, a reason (for a correction) and the
 * design checksum the sheet was made from.
 */
import { InputError } from "../../domain/errors.ts";
import type { LabelPeriod } from "../../domain/reference-label.ts";
import { parseCsvTable } from "../../io/csv.ts";

export interface SheetAnswer {
  /** "line 7" or "feature 3", for messages. */
  where: string;
  unitId?: string;
  blindId?: string;
  /** The class given for each date; a date left empty is absent. */
  classes: Partial<Record<LabelPeriod, string>>;
  interpreter?: string;
  confidence?: string;
  comment?: string;
  imagery?: string;
  labelledAt?: string;
  reason?: string;
  designSha256?: string;
  /** Only when the file has these columns (the older sample.csv): checked against the design. */
  stratum?: string;
  mapClass?: string;
}

const cell = (v: unknown): string | undefined => (v === null || v === undefined || String(v).trim() === "" ? undefined : String(v).trim());

function answerOf(where: string, get: (name: string) => unknown): SheetAnswer {
  const classes: Partial<Record<LabelPeriod, string>> = {};
  const single = cell(get("reference_class"));
  const t1 = cell(get("reference_class_t1"));
  const t2 = cell(get("reference_class_t2"));
  if (single !== undefined) classes.single = single;
  if (t1 !== undefined) classes.t1 = t1;
  if (t2 !== undefined) classes.t2 = t2;
  return {
    where,
    unitId: cell(get("unit_id")),
    blindId: cell(get("blind_id")),
    classes,
    interpreter: cell(get("interpreter")),
    confidence: cell(get("confidence")),
    comment: cell(get("comment")),
    imagery: cell(get("imagery")),
    labelledAt: cell(get("labelled_at")),
    reason: cell(get("reason")),
    designSha256: cell(get("design_sha256")),
    stratum: cell(get("stratum")),
    mapClass: cell(get("map_class")),
  };
}

/** Parse a filled sheet; `file` names it in messages. */
export function parseSheet(text: string, file: string): SheetAnswer[] {
  if (/\.(geo)?json$/i.test(file) || text.trimStart().startsWith("{")) {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new InputError(`${file}: not valid JSON (${(error as Error).message})`, { cause: error });
    }
    const features = (raw as { features?: unknown }).features;
    if ((raw as { type?: string }).type !== "FeatureCollection" || !Array.isArray(features))
      throw new InputError(`${file}: expected a GeoJSON FeatureCollection of sample units`);
    return features.map((f, k) => {
      const p = ((f as { properties?: Record<string, unknown> }).properties ?? {}) as Record<string, unknown>;
      return answerOf(`feature ${k + 1}`, (name) => p[name]);
    });
  }
  const table = parseCsvTable(text, file);
  if (!table.header.some((h) => h === "reference_class" || h === "reference_class_t1" || h === "reference_class_t2")) {
    throw new InputError(`${file}: no reference_class column (or reference_class_t1/_t2) (found ${table.header.join(", ")})`);
  }
  if (!table.header.includes("unit_id") && !table.header.includes("blind_id"))
    throw new InputError(`${file}: needs a blind_id or a unit_id column (found ${table.header.join(", ")})`);
  return table.rows.map((r) => answerOf(`line ${r.line}`, (name) => r.values[name]));
}
