/**
 * @module survey/labels/export-labels
 * A survey's labels as files: every label with its history (labels.csv, with a GDAL .csvt), and
 * the sample with the label that counts for each unit (sample-labels.csv with its .csvt, and
 * sample-labels.geojson carrying the design record), plus the strata file, so that an exported
 * survey can be audited and estimated again elsewhere.
 */
import type { FeatureCollection, Point } from "geojson";
import type { DesignRecord } from "../../area/sample-points.ts";
import { strataToCsvLayer } from "../../area/sample-points.ts";
import type { ReferenceLabel } from "../../domain/reference-label.ts";
import { csvtOf, toCsv, WGS84_PRJ, type CsvtType } from "../../io/csv.ts";
import type { StoredDesign } from "./stored-design.ts";

const LABEL_COLUMNS: [string, CsvtType][] = [
  ["label_id", "Integer"],
  ["unit_id", "String"],
  ["period", "String"],
  ["reference_class", "String"],
  ["interpreter", "String"],
  ["labelled_at", "String"],
  ["confidence", "Real"],
  ["comment", "String"],
  ["imagery", "String"],
  ["kind", "String"],
  ["reason", "String"],
  ["simulated", "Integer"],
  ["origin", "String"],
  ["stored_at", "String"],
  ["used_by_run", "Integer"],
];

const csvt = (types: readonly CsvtType[]): string => csvtOf(types);

/** Every label (oldest first); `usedIds` marks those the survey run's estimate used. */
export function labelsToCsv(labels: readonly ReferenceLabel[], usedIds: ReadonlySet<number>): { csv: string; csvt: string } {
  const rows = labels.map((l) => [
    l.id,
    l.unitId,
    l.period,
    l.referenceClass,
    l.interpreter,
    l.labelledAt,
    l.confidence,
    l.comment,
    l.imagery,
    l.kind,
    l.reason,
    l.simulated ? 1 : 0,
    l.origin,
    l.storedAt,
    usedIds.has(l.id) ? 1 : 0,
  ]);
  return { csv: toCsv([LABEL_COLUMNS.map((c) => c[0]), ...rows]), csvt: csvt(LABEL_COLUMNS.map((c) => c[1])) };
}

const SAMPLE_COLUMNS: [string, CsvtType][] = [
  ["unit_id", "String"],
  ["stratum", "String"],
  ["map_class", "String"],
  ["map_code", "Integer"],
  ["row", "Integer"],
  ["col", "Integer"],
  ["x", "Real"],
  ["y", "Real"],
  ["lon", "CoordX"],
  ["lat", "CoordY"],
  ["reference_class", "String"],
  ["label_id", "Integer"],
  ["interpreter", "String"],
  ["label_kind", "String"],
  ["simulated", "Integer"],
];

/** The sample with the label that counts per unit (empty when none does), as CSV + .csvt and GeoJSON. */
export function sampleWithLabels(
  design: StoredDesign,
  chosen: ReadonlyMap<string, ReferenceLabel>,
): { csv: string; csvt: string; prj: string; geojson: FeatureCollection<Point> & { coca_design: DesignRecord }; strataCsv: string; strataCsvt: string } {
  const rows = design.units.map((u) => {
    const l = chosen.get(u.unitId);
    return [
      u.unitId,
      u.stratum,
      u.mapClass,
      u.mapCode,
      u.row,
      u.col,
      u.x,
      u.y,
      u.lon,
      u.lat,
      l?.referenceClass ?? "",
      l?.id ?? "",
      l?.interpreter ?? "",
      l?.kind ?? "",
      l ? (l.simulated ? 1 : 0) : "",
    ];
  });
  const strata = strataToCsvLayer(design.strata);
  const geojson = {
    type: "FeatureCollection" as const,
    coca_design: design.record,
    features: design.units.map((u) => {
      const l = chosen.get(u.unitId);
      return {
        type: "Feature" as const,
        id: u.unitId,
        geometry: { type: "Point" as const, coordinates: [u.lon, u.lat] },
        properties: {
          unit_id: u.unitId,
          stratum: u.stratum,
          map_class: u.mapClass,
          map_code: u.mapCode,
          row: u.row,
          col: u.col,
          x: u.x,
          y: u.y,
          reference_class: l?.referenceClass ?? null,
          label_id: l?.id ?? null,
          interpreter: l?.interpreter ?? null,
          label_kind: l?.kind ?? null,
          simulated: l ? l.simulated : null,
        },
      };
    }),
  };
  return {
    csv: toCsv([SAMPLE_COLUMNS.map((c) => c[0]), ...rows]),
    csvt: csvt(SAMPLE_COLUMNS.map((c) => c[1])),
    prj: WGS84_PRJ,
    geojson,
    strataCsv: strata.csv,
    strataCsvt: strata.csvt,
  };
}
