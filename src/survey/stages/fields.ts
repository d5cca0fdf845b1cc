/**
 * @module survey/stages/fields
 * Stage "fields": the target class's fields (polygons of the class map of at least
 * minAreaHa), in WGS 84 with their bounding box and the region that holds them. The class map is
 * read by row strips (imagery/vectorize/fields-by-strips.ts).
 */
import { mapToPixelTransform, toWgs84Transform } from "../../domain/raster-grid.ts";
import type { SurveyConfig } from "../../domain/survey-config.ts";
import { vectorizeFieldsByStrips } from "../../imagery/vectorize/fields-by-strips.ts";
import { openClassRows } from "../../imagery/zonal/class-row-source.ts";
import { resolveClassCodeIn } from "../../imagery/vectorize/fields.ts";
import type { SurveyFieldRow } from "../../domain/survey-record.ts";

export interface FieldsContext {
  /** The class map (classes.tif of the classify stage, or a stored survey's artifact). */
  classesPath: string;
  config: Pick<SurveyConfig, "fields" | "targetClass">;
  regionOfPixel: (col: number, row: number) => string | null;
}

export interface FieldsResult {
  rows: SurveyFieldRow[];
  minAreaHa: number;
  /** Sum of the fields' areas before rounding, ha. */
  totalAreaHa: number;
}

export async function fieldsStage({ classesPath, config, regionOfPixel }: FieldsContext): Promise<FieldsResult> {
  const minAreaHa = config.fields.minAreaHa;
  // Read by row strips: memory is set by a strip and the open fields, not by the map.
  const source = await openClassRows(classesPath);
  // The code of the target class (the stored field rows keep it); an unknown name lists the map's named classes.
  const namedCodes = (): Uint8Array => {
    const named = new Uint8Array(256);
    source.classNames.forEach((name, code) => {
      if (name !== undefined) named[code] = 1;
    });
    return named;
  };
  let fields: Awaited<ReturnType<typeof vectorizeFieldsByStrips>>;
  let classCode: number;
  try {
    classCode = resolveClassCodeIn(source, config.targetClass, namedCodes);
    fields = await vectorizeFieldsByStrips(source, { classCode, minAreaHa, simplifyToleranceM: config.fields.simplifyM });
  } finally {
    await source.close();
  }
  const grid = source.grid;
  const toWgs84 = toWgs84Transform(grid.crs, "the class map's CRS");
  const toPixel = mapToPixelTransform(grid, "the class map");
  const rows: SurveyFieldRow[] = fields.map((f) => {
    // From the flat rings (not f.coordinates, which would keep a second copy of every vertex per field).
    const rings = f.rings.map((ring) => {
      const pts: [number, number][] = [];
      for (let i = 0; i < ring.length; i += 2) {
        const [x, y] = toWgs84([ring[i]!, ring[i + 1]!]);
        pts.push([r7(x), r7(y)]);
      }
      return pts;
    });
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
    const [col, row] = toPixel(f.rings[0]![0]!, f.rings[0]![1]!);
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
