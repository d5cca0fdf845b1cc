/**
 * @module area/read-segments
 * Inputs of the segment survey: sampled segments (`segment_id,stratum,coca_ha[,auxiliary]`)
 * and the frame's strata (`stratum,segments[,auxiliary_total]`), as CSV.
 */
import { readTextFile } from "../io/read-file.ts";
import type { SegmentObservation, SegmentStratum } from "../stats/segment-estimator.ts";
import { numberCell, parseCsvTable, requireColumns } from "../io/csv.ts";

export function parseSegmentsCsv(text: string, file: string): SegmentObservation[] {
  const table = parseCsvTable(text, file);
  requireColumns(table, file, ["coca_ha"]);
  const hasAux = table.header.includes("auxiliary");
  return table.rows.map((r) => ({
    segmentId: r.values.segment_id || undefined,
    stratum: r.values.stratum || undefined,
    cocaHa: numberCell(r, "coca_ha", file, { min: 0 }),
    auxiliary: hasAux && r.values.auxiliary !== "" ? numberCell(r, "auxiliary", file, { min: 0 }) : undefined,
  }));
}

export function parseSegmentFrameCsv(text: string, file: string): SegmentStratum[] {
  const table = parseCsvTable(text, file);
  requireColumns(table, file, ["stratum", "segments"]);
  const hasAux = table.header.includes("auxiliary_total");
  return table.rows.map((r) => ({
    id: r.values.stratum ?? "",
    segments: numberCell(r, "segments", file, { min: 1, integer: true }),
    auxiliaryTotal: hasAux && r.values.auxiliary_total !== "" ? numberCell(r, "auxiliary_total", file, { min: 0 }) : undefined,
  }));
}

export async function readSegmentsCsv(path: string): Promise<SegmentObservation[]> {
  return parseSegmentsCsv(await readTextFile(path), path);
}

export async function readSegmentFrameCsv(path: string): Promise<SegmentStratum[]> {
  return parseSegmentFrameCsv(await readTextFile(path), path);
}
