/**
 * @module change/read-change-units
 * Sample units labelled at two dates, from a CSV or a GeoJSON (as written by `coca area design` and filled in
 * by interpreters): `reference_class_t1` and `reference_class_t2` (both required), the stratum (or a design
 * that gives it), and optionally `map_class`, `region` and `eradication_kind` (forced, voluntary, aerial;
 * empty or "none" for none). The per-unit checks (unknown unit id, unit in no stratum, stratum sizes that are
 * not the frame's) are those of `coca area estimate` (area/read-units), run once for each date.
 */
import { readFile } from "node:fs/promises";
import { parseCsvTable as parseCsv } from "../io/csv.ts";
import { checkLabelledUnits, type DesignFile, type LabelRow } from "../area/read-units.ts";
import { InputError, NotFoundError } from "../domain/errors.ts";
import type { ChangeUnit } from "../stats/change-estimator.ts";
import type { StratumSize } from "../stats/stratified-estimator.ts";
import { parseEradicationKind } from "./eradication-kind.ts";

/** A row of a two-date labels file, before checking. */
export interface ChangeLabelRow {
  where: string;
  unitId?: string;
  stratum?: string;
  mapClass?: string;
  t1?: string;
  t2?: string;
  region?: string;
  eradicationKind?: string;
}

const DATE_COLUMNS = ["reference_class_t1", "reference_class_t2"] as const;
const cell = (v: unknown): string | undefined => (v === null || v === undefined || String(v).trim() === "" ? undefined : String(v).trim());

/** Parse two-date labels; a missing date column is an InputError naming the file and the column. */
export function parseChangeLabels(text: string, file: string): ChangeLabelRow[] {
  if (/\.(geo)?json$/i.test(file) || text.trimStart().startsWith("{")) {
    let raw: { type?: string; features?: { properties?: Record<string, unknown> }[] };
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new InputError(`${file}: not valid JSON (${(error as Error).message})`, { cause: error });
    }
    if (raw.type !== "FeatureCollection" || !Array.isArray(raw.features))
      throw new InputError(`${file}: expected a GeoJSON FeatureCollection of sample points`);
    const features = raw.features;
    for (const col of DATE_COLUMNS) {
      const missing = features.findIndex((f) => !(col in (f.properties ?? {})));
      if (missing >= 0)
        throw new InputError(
          `${file}: feature ${missing + 1} has no ${col} property: a change sample needs a reference class at both dates (${DATE_COLUMNS.join(", ")})`,
          { field: col },
        );
    }
    return features.map((f, k) => {
      const p = f.properties ?? {};
      return {
        where: `feature ${k + 1}`,
        unitId: cell(p.unit_id),
        stratum: cell(p.stratum),
        mapClass: cell(p.map_class),
        t1: cell(p.reference_class_t1),
        t2: cell(p.reference_class_t2),
        region: cell(p.region),
        eradicationKind: cell(p.eradication_kind),
      };
    });
  }
  const table = parseCsv(text, file);
  const missing = DATE_COLUMNS.filter((c) => !table.header.includes(c));
  if (missing.length > 0) {
    throw new InputError(
      `${file}: missing column ${missing.join(" and ")}: a change sample needs a reference class at both dates (${DATE_COLUMNS.join(", ")}); found ${table.header.join(", ")}`,
      { field: missing[0] },
    );
  }
  return table.rows.map((r) => ({
    where: `line ${r.line}`,
    unitId: cell(r.values.unit_id),
    stratum: cell(r.values.stratum),
    mapClass: cell(r.values.map_class),
    t1: cell(r.values.reference_class_t1),
    t2: cell(r.values.reference_class_t2),
    region: cell(r.values.region),
    eradicationKind: cell(r.values.eradication_kind),
  }));
}

export async function readChangeLabels(path: string): Promise<ChangeLabelRow[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new NotFoundError(`${path}: no such file`);
    throw new InputError(`${path}: cannot read (${(error as Error).message})`, { cause: error });
  }
  return parseChangeLabels(text, path);
}

export interface CheckedChangeUnit extends ChangeUnit {
  /** The unit's map class (change-map class when the strata are the change map's), if known. */
  mapClass: string;
}

/**
 * Check two-date labels against the strata, the legend and the design (the checks of `coca area estimate`, per
 * date), and the eradication kinds; return the units for the change estimator.
 */
export function checkChangeUnits({
  rows,
  file,
  strata,
  strataFile,
  legend,
  design,
  designFile,
}: {
  rows: readonly ChangeLabelRow[];
  file: string;
  strata: readonly StratumSize[];
  strataFile: string;
  legend?: readonly string[];
  design?: DesignFile;
  designFile?: string;
}): CheckedChangeUnit[] {
  const perDate = (date: "t1" | "t2"): ReturnType<typeof checkLabelledUnits> => {
    const labelRows: LabelRow[] = rows.map((r) => {
      if (r[date] === undefined) {
        throw new InputError(
          `${file}: ${r.where}: ${r.unitId !== undefined ? `unit ${r.unitId}` : "the unit"} has no reference_class_${date} (not interpreted at that date yet?)`,
          { field: r.where },
        );
      }
      // Without a map class and a design, the stratum stands in (the change estimator needs only strata).
      return { where: r.where, unitId: r.unitId, stratum: r.stratum, mapClass: r.mapClass ?? (design ? undefined : r.stratum), referenceClass: r[date] };
    });
    return checkLabelledUnits({ rows: labelRows, file, strata, strataFile, design, designFile });
  };
  const first = perDate("t1");
  const second = perDate("t2");
  const legendSet = legend ? new Set(legend) : undefined;
  return rows.map((r, k) => {
    const at = `${file}: ${r.where}`;
    if (legendSet) {
      for (const [date, v] of [
        ["t1", r.t1!],
        ["t2", r.t2!],
      ] as const) {
        if (!legendSet.has(v))
          throw new InputError(`${at}: reference_class_${date} "${v}" is not in the legend (${[...legendSet].join(", ")})`, { field: r.where });
      }
    }
    let kind: string | undefined;
    try {
      kind = parseEradicationKind(r.eradicationKind);
    } catch (error) {
      throw new InputError(`${at}: ${(error as Error).message}`, { field: r.where, cause: error });
    }
    return {
      unitId: r.unitId,
      stratum: first[k]!.stratum,
      mapClass: first[k]!.mapClass,
      fromClass: first[k]!.referenceClass,
      toClass: second[k]!.referenceClass,
      region: r.region,
      eradicationKind: kind,
    };
  });
}
