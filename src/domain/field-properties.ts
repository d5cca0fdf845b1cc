/**
 * @module domain/field-properties
 * The one schema of a field's attributes wherever a field leaves the system: `coca imagery fields`
 * (GeoJSON and FlatGeobuf), `survey export` (fields.geojson) and the API (`GET /v1/surveys/{id}/fields`),
 * and the dashboard that reads the API. Names are snake_case, as GIS users expect in shapefile-like
 * layers (and as shapefile's 10-character limit allows), with the unit in the name where there is one.
 */
import { z } from "zod";
import type { SurveyFieldRow } from "./survey-record.ts";

export const fieldPropertiesSchema = z.object({
  field_id: z.number().int().describe("1-based id of the field in scan order of its first pixel"),
  class_code: z.number().int().describe("the class's code in the class map (1-based; 0 is nodata)"),
  class_name: z.string().describe("the class's name in the class map's legend"),
  area_ha: z.number().describe("area of the field's pixels, ha (planar on projected grids, ellipsoidal on geographic ones)"),
  pixel_count: z.number().int().nullable().describe("pixels of the class map in the field (null for surveys stored before it was kept)"),
  region: z.string().nullable().describe("the region holding the field's first pixel (null without regions or outside them)"),
});
export type FieldProperties = z.infer<typeof fieldPropertiesSchema>;

/** The property names, in the order every writer uses. */
export const FIELD_PROPERTY_NAMES = Object.keys(fieldPropertiesSchema.shape) as (keyof FieldProperties)[];

/** Column types for typed layers (FlatGeobuf, .csvt). */
export const FIELD_PROPERTY_TYPES: Record<keyof FieldProperties, "int" | "double" | "string"> = {
  field_id: "int",
  class_code: "int",
  class_name: "string",
  area_ha: "double",
  pixel_count: "int",
  region: "string",
};

/** The name of the fields layer in FlatGeobuf files (what `ogrinfo` lists), instead of the flatgeobuf package's `L1`. */
export const FIELDS_LAYER_NAME = "fields";

/**
 * A stored field's properties. `classes` (the survey classifier's legend, code i+1 for classes[i]) gives the class code of
 * fields stored before the code was kept.
 */
export function storedFieldProperties(f: SurveyFieldRow, classes: readonly string[] = []): FieldProperties {
  const legendCode = classes.indexOf(f.className) + 1;
  return {
    field_id: f.fieldId,
    class_code: f.classCode ?? legendCode,
    class_name: f.className,
    area_ha: f.areaHa,
    pixel_count: f.pixelCount ?? null,
    region: f.region,
  };
}
