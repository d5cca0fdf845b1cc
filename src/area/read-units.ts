/**
 * @module area/read-units
 * Reference labels in: sample units with their reference class from a CSV or a
 * GeoJSON (as written by `coca area design`, filled in by interpreters), the
 * strata CSV, and the checks against the design: an unknown unit id, a label
 * outside the legend, a unit in no stratum, a stratum size that does not match
 * the frame the sample was drawn from. Each is an InputError naming the file.
 */
import { z } from "zod";
import { InputError } from "../domain/errors.ts";
import { readTextFile } from "../io/read-file.ts";
import type { LabelledUnit, StratumSize } from "../stats/stratified-estimator.ts";
import { numberCell, parseCsvTable, requireColumns } from "../io/csv.ts";
import type { DesignRecord } from "./sample-points.ts";

/** A row of the labels file, before checking. */
export interface LabelRow {
  /** "line 7" or "feature 3", for messages. */
  where: string;
  unitId?: string;
  stratum?: string;
  mapClass?: string;
  referenceClass?: string;
}

const isJsonPath = (path: string, text: string): boolean => /\.(geo)?json$/i.test(path) || text.trimStart().startsWith("{");
/** A property as text; objects and arrays are not labels (and are not stringified: a deep array would overflow). */
const cell = (v: unknown): string | undefined =>
  v === null || v === undefined || typeof v === "object" || String(v).trim() === "" ? undefined : String(v).trim();

/** The envelope of the sample points GeoJSON: validated before use, so a malformed file is an InputError naming it. */
const pointCollectionSchema = z.object({ type: z.literal("FeatureCollection"), features: z.array(z.unknown()) }).loose();
const pointFeatureSchema = z.object({ properties: z.record(z.string(), z.unknown()).nullish() }).loose();
const designFileSchema = z
  .object({
    coca_design: z.object({}).loose(),
    features: z.array(z.object({ properties: z.record(z.string(), z.unknown()).nullish() }).loose()),
  })
  .loose();

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  return `${issue.path.length > 0 ? `${issue.path.join(".")}: ` : ""}${issue.message}`;
}

/** Parse labelled units from CSV (unit_id, stratum, map_class, reference_class) or GeoJSON feature properties. */
export function parseLabelRows(text: string, file: string): LabelRow[] {
  if (isJsonPath(file, text)) {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new InputError(`${file}: not valid JSON (${(error as Error).message})`, { cause: error });
    }
    const fc = pointCollectionSchema.safeParse(raw);
    if (!fc.success) throw new InputError(`${file}: expected a GeoJSON FeatureCollection of sample points (${firstIssue(fc.error)})`);
    return fc.data.features.map((f, k) => {
      const feature = pointFeatureSchema.safeParse(f);
      if (!feature.success) throw new InputError(`${file}: feature ${k + 1} is not a GeoJSON Feature with properties (${firstIssue(feature.error)})`);
      const p = feature.data.properties ?? {};
      return {
        where: `feature ${k + 1}`,
        unitId: cell(p.unit_id),
        stratum: cell(p.stratum),
        mapClass: cell(p.map_class),
        referenceClass: cell(p.reference_class),
      };
    });
  }
  const table = parseCsvTable(text, file);
  requireColumns(table, file, ["reference_class"]);
  return table.rows.map((r) => ({
    where: `line ${r.line}`,
    unitId: cell(r.values.unit_id),
    stratum: cell(r.values.stratum),
    mapClass: cell(r.values.map_class),
    referenceClass: cell(r.values.reference_class),
  }));
}

export async function readLabelRows(path: string): Promise<LabelRow[]> {
  return parseLabelRows(await readTextFile(path), path);
}

/**
 * Parse the strata CSV: `stratum,size_ha` or `stratum,size_px` (with `pixelAreaHa`);
 * `size_px` is kept as the unit count for the finite-population correction.
 */
export function parseStrataCsv(text: string, file: string, { pixelAreaHa }: { pixelAreaHa?: number } = {}): StratumSize[] {
  const table = parseCsvTable(text, file);
  requireColumns(table, file, ["stratum"]);
  const hasHa = table.header.includes("size_ha");
  const hasPx = table.header.includes("size_px");
  if (!hasHa && !hasPx) throw new InputError(`${file}: needs a size_ha or a size_px column (found ${table.header.join(", ")})`);
  if (!hasHa && pixelAreaHa === undefined) throw new InputError(`${file}: sizes are in pixels (size_px): give --pixel-area-ha`, { field: "pixel-area-ha" });
  const seen = new Set<string>();
  return table.rows.map((r) => {
    const id = r.values.stratum ?? "";
    if (id === "") throw new InputError(`${file}: line ${r.line}: empty stratum`, { field: `line ${r.line}: stratum` });
    if (seen.has(id)) throw new InputError(`${file}: line ${r.line}: stratum "${id}" is listed twice`, { field: `line ${r.line}: stratum` });
    seen.add(id);
    const sizeUnits = hasPx && r.values.size_px !== "" ? numberCell(r, "size_px", file, { min: 0, integer: true }) : undefined;
    const sizeHa = hasHa && r.values.size_ha !== "" ? numberCell(r, "size_ha", file, { min: 0 }) : sizeUnits! * pixelAreaHa!;
    if (!Number.isFinite(sizeHa)) throw new InputError(`${file}: line ${r.line}: stratum "${id}" has no size`, { field: `line ${r.line}` });
    return { id, sizeHa, sizeUnits };
  });
}

export async function readStrataCsv(path: string, options: { pixelAreaHa?: number } = {}): Promise<StratumSize[]> {
  return parseStrataCsv(await readTextFile(path), path, options);
}

/** The design written by `coca area design`: its record and units (unit id → stratum, map class). */
export interface DesignFile {
  record: DesignRecord;
  units: Map<string, { stratum: string; mapClass: string }>;
}

export function parseDesignGeoJson(text: string, file: string): DesignFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
  const parsed = designFileSchema.safeParse(raw);
  if (!parsed.success) {
    const noDesign = raw === null || typeof raw !== "object" || !("coca_design" in raw);
    throw new InputError(`${file}: not a design written by 'coca area design' (${noDesign ? "no coca_design member" : firstIssue(parsed.error)})`);
  }
  const units = new Map<string, { stratum: string; mapClass: string }>();
  for (const f of parsed.data.features) {
    const p = f.properties ?? {};
    units.set(String(cell(p.unit_id)), { stratum: String(cell(p.stratum)), mapClass: String(cell(p.map_class)) });
  }
  return { record: parsed.data.coca_design as unknown as DesignRecord, units };
}

export async function readDesignFile(path: string): Promise<DesignFile> {
  return parseDesignGeoJson(await readTextFile(path), path);
}

/**
 * Check the labelled units against the strata, the legend and (when given) the
 * design, and return them ready for the estimator. Stratum and map class may be
 * left out of the labels file when the design gives them.
 */
export function checkLabelledUnits({
  rows,
  file,
  strata,
  strataFile,
  legend,
  design,
  designFile,
}: {
  rows: readonly LabelRow[];
  file: string;
  strata: readonly StratumSize[];
  strataFile: string;
  legend?: readonly string[];
  design?: DesignFile;
  designFile?: string;
}): LabelledUnit[] {
  if (rows.length === 0) throw new InputError(`${file}: no sample units`);
  const legendSet = legend ? new Set(legend) : undefined;
  const strataIds = new Set(strata.map((s) => s.id));
  const seenIds = new Set<string>();
  const units = rows.map((row): LabelledUnit => {
    const at = `${file}: ${row.where}`;
    let { stratum, mapClass } = row;
    if (row.unitId !== undefined) {
      if (seenIds.has(row.unitId)) throw new InputError(`${at}: unit ${row.unitId} appears twice`, { field: row.where });
      seenIds.add(row.unitId);
    }
    if (design) {
      if (row.unitId === undefined)
        throw new InputError(`${at}: no unit_id, so the unit cannot be checked against the design ${designFile}`, { field: row.where });
      const d = design.units.get(row.unitId);
      if (!d) throw new InputError(`${at}: unknown unit id ${row.unitId}: it is not in the design ${designFile}`, { field: row.where });
      if (stratum !== undefined && stratum !== d.stratum)
        throw new InputError(`${at}: unit ${row.unitId} is in stratum ${stratum} here but ${d.stratum} in the design ${designFile}`, { field: row.where });
      if (mapClass !== undefined && mapClass !== d.mapClass)
        throw new InputError(`${at}: unit ${row.unitId} has map class "${mapClass}" here but "${d.mapClass}" in the design ${designFile}`, {
          field: row.where,
        });
      stratum ??= d.stratum;
      mapClass ??= d.mapClass;
    }
    const name = row.unitId !== undefined ? `unit ${row.unitId}` : "the unit";
    if (row.referenceClass === undefined) throw new InputError(`${at}: ${name} has no reference_class (not interpreted yet?)`, { field: row.where });
    if (stratum === undefined) throw new InputError(`${at}: ${name} has no stratum`, { field: row.where });
    if (mapClass === undefined) throw new InputError(`${at}: ${name} has no map_class`, { field: row.where });
    if (!strataIds.has(stratum)) {
      throw new InputError(`${at}: ${name} is in no stratum of ${strataFile}: "${stratum}" is not one of ${[...strataIds].join(", ")}`, { field: row.where });
    }
    if (legendSet && !legendSet.has(row.referenceClass)) {
      throw new InputError(`${at}: reference class "${row.referenceClass}" of ${name} is not in the legend (${[...legendSet].join(", ")})`, {
        field: row.where,
      });
    }
    if (legendSet && !legendSet.has(mapClass)) {
      throw new InputError(`${at}: map class "${mapClass}" of ${name} is not in the legend (${[...legendSet].join(", ")})`, { field: row.where });
    }
    return { unitId: row.unitId, stratum, mapClass, referenceClass: row.referenceClass };
  });
  if (design) checkStrataAgainstDesign(strata, strataFile, design, designFile ?? "the design");
  return units;
}

/** Stratum sizes must be those of the frame the sample was drawn from. */
export function checkStrataAgainstDesign(strata: readonly StratumSize[], strataFile: string, design: DesignFile, designFile: string): void {
  const given = new Map(strata.map((s) => [s.id, s]));
  for (const d of design.record.strata) {
    const s = given.get(d.stratum);
    if (!s) throw new InputError(`${strataFile}: stratum ${d.stratum} of the design ${designFile} is missing`, { field: "strata" });
    if (s.sizeUnits !== undefined && s.sizeUnits !== d.sizePx) {
      throw new InputError(
        `${strataFile}: stratum ${d.stratum} has ${s.sizeUnits} px but the frame the sample was drawn from has ${d.sizePx} px (${designFile}); ` +
          `stratum sizes must be counted on the same frame (same mask and nodata)`,
        { field: "strata.size_px" },
      );
    }
    if (Math.abs(s.sizeHa - d.sizeHa) > 1e-6 * Math.max(1, d.sizeHa) + 5e-7) {
      throw new InputError(
        `${strataFile}: stratum ${d.stratum} has ${s.sizeHa} ha but the frame the sample was drawn from has ${d.sizeHa} ha (${designFile}); ` +
          `stratum sizes must be counted on the same frame (same mask and nodata)`,
        { field: "strata.size_ha" },
      );
    }
  }
  const designIds = new Set(design.record.strata.map((d) => d.stratum));
  for (const s of strata) {
    if (!designIds.has(s.id) && s.sizeHa > 0)
      throw new InputError(`${strataFile}: stratum ${s.id} is not in the design ${designFile}'s frame`, { field: "strata" });
  }
}
