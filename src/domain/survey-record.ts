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
