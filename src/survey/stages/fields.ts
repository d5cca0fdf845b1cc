/**
 * @module survey/stages/fields
 * Stage "fields": the target class's fields (polygons of the class map of at least
 * minAreaHa), in WGS 84 with their bounding box and the region that holds them.
 */
import { mapToPixelTransform, toWgs84Transform } from "../../domain/raster-grid.ts";
import type { SurveyConfig } from "../../domain/survey-config.ts";
import { resolveClassCode, vectorizeFields, type ClassRaster } from "../../imagery/vectorize/fields.ts";
import type { SurveyFieldRow } from "../../domain/survey-record.ts";

export interface FieldsContext {
  raster: ClassRaster;
  config: Pick<SurveyConfig, "fields" | "targetClass">;
  regionOfPixel: (col: number, row: number) => string | null;
}

export interface FieldsResult {
  rows: SurveyFieldRow[];
  minAreaHa: number;
  /** Sum of the fields' areas before rounding, ha. */
  totalAreaHa: number;
}

export function fieldsStage({ raster, config, regionOfPixel }: FieldsContext): FieldsResult {
  const minAreaHa = config.fields.minAreaHa;
  const classCode = resolveClassCode(raster, config.targetClass);
  const fields = vectorizeFields(raster, { classCode, minAreaHa, simplifyToleranceM: config.fields.simplifyM });
  const grid = raster.grid;
  const toWgs84 = toWgs84Transform(grid.crs, "the class map's CRS");
  const toPixel = mapToPixelTransform(grid, "the class map");
  const rows: SurveyFieldRow[] = fields.map((f) => {
    const rings = f.coordinates.map((ring) => ring.map((p) => toWgs84(p)).map(([x, y]) => [r7(x), r7(y)] as [number, number]));
    let minLon = Infinity,
      minLat = Infinity,
      maxLon = -Infinity,
      maxLat = -Infinity;
    for (const [x, y] of rings[0]!) {
      if (x < minLon) minLon = x;
      if (x > maxLon) maxLon = x;
      if (y < minLat) minLat = y;
      if (y > maxLat) maxLat = y;
    }
    const [x0, y0] = f.coordinates[0]![0]!;
    const [col, row] = toPixel(x0, y0);
    return {
      fieldId: f.fieldId,
      className: f.className,
      classCode,
      areaHa: r2(f.areaHa * 100) / 100,
      pixelCount: f.pixelCount,
      region: regionOfPixel(col + 0.5, row + 0.5),
      bbox: [minLon, minLat, maxLon, maxLat],
      geometry: { type: "Polygon", coordinates: rings },
    };
  });
  return { rows, minAreaHa, totalAreaHa: fields.reduce((s, f) => s + f.areaHa, 0) };
}

const r2 = (x: number): number => Math.round(x * 100) / 100;

function r7(x: number): number {
  return Math.round(x * 1e7) / 1e7;
}
