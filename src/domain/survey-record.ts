/**
 * @module domain/survey-record
 * The rows of a stored survey beside its JSON parts: its summary (identity), its estimate
 * rows (one per region and class, ha) and its fields (polygons in WGS 84). Stored by store/survey-repository.ts, answered and
 * documented by the API, read by the dashboard. Zod schemas with the types inferred from them.
 */
import { z } from "zod";

export const surveySummarySchema = z.object({
  id: z.number().int(),
  name: z.string(),
  country: z.string(),
  year: z.number().int(),
  simulated: z.boolean().describe("true when the survey ran on synthetic (demo) imagery"),
  createdAt: z.string(),
});
export type SurveySummary = z.infer<typeof surveySummarySchema>;

export const surveyEstimateRowSchema = z.object({
  region: z.string().describe('a region name, or "total"'),
  className: z.string(),
  areaHa: z.number().describe("sample-based area estimate, ha"),
  areaSeHa: z.number().nullable().describe("standard error, ha"),
  ciLowHa: z.number().nullable().describe("lower bound of the confidence interval, ha"),
  ciHighHa: z.number().nullable().describe("upper bound of the confidence interval, ha"),
  mapAreaHa: z.number().nullable().describe("pixel count of the map times the pixel area, ha"),
});
export type SurveyEstimateRow = z.infer<typeof surveyEstimateRowSchema>;

export const surveyFieldRowSchema = z.object({
  fieldId: z.number().int(),
  className: z.string(),
  classCode: z.number().int().nullable().optional().describe("the class's code in the class map (null for surveys stored before it was kept)"),
  areaHa: z.number(),
  pixelCount: z.number().int().nullable().optional().describe("pixels of the class map in the field (null for surveys stored before it was kept)"),
  region: z.string().nullable().describe("the region holding the field, if any"),
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).describe("[minLon, minLat, maxLon, maxLat], WGS 84"),
  geometry: z.unknown().describe("GeoJSON geometry in WGS 84"),
});
export type SurveyFieldRow = z.infer<typeof surveyFieldRowSchema>;

const bboxTuple = z.tuple([z.number(), z.number(), z.number(), z.number()]).describe("[minLon, minLat, maxLon, maxLat], WGS 84");

/** A region of a survey (from its regions GeoJSON), stored as a geometry for bbox queries. */
export const surveyRegionRowSchema = z.object({
  regionId: z.number().int().describe("the feature's position in the regions file, from 1"),
  name: z.string(),
  bbox: bboxTuple,
  geometry: z.unknown().describe("GeoJSON geometry in WGS 84"),
});
export type SurveyRegionRow = z.infer<typeof surveyRegionRowSchema>;

/** A sample point of a survey's design (from its sample.geojson), stored as a point for bbox queries. */
export const surveySamplePointRowSchema = z.object({
  unitId: z.string(),
  stratum: z.string(),
  mapClass: z.string(),
  lon: z.number().describe("longitude of the pixel centre, WGS 84 degrees"),
  lat: z.number().describe("latitude of the pixel centre, WGS 84 degrees"),
  properties: z.record(z.string(), z.unknown()).describe("the point's properties as the design wrote them"),
});
export type SurveySamplePointRow = z.infer<typeof surveySamplePointRowSchema>;

/** One tile of a survey's class map (the tile index): its pixel window and footprint. */
export const surveyTileRowSchema = z.object({
  tileCol: z.number().int(),
  tileRow: z.number().int(),
  window: z.object({ x0: z.number().int(), y0: z.number().int(), x1: z.number().int(), y1: z.number().int() }).describe("pixels of the class map"),
  bbox: bboxTuple,
  geometry: z.unknown().describe("GeoJSON polygon of the tile's footprint in WGS 84"),
});
export type SurveyTileRow = z.infer<typeof surveyTileRowSchema>;
