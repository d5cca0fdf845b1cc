/**
 * @module domain/survey-results
 * What a survey stores as its results: the area of the target class (total and per region,
 * with SE and CI, ha), the accuracy assessment, the sample, the classifier, the fields, the
 * potential production with its uncertainty and the official figures it is compared with.
 * Assembled by survey/results.ts, stored by store/survey-repository.ts, answered (and
 * documented) by the API, read by the dashboard. Zod schemas with the types inferred from them.
 */
import { z } from "zod";
import { histogramSchema } from "./histogram.ts";

const interval = z.tuple([z.number(), z.number()]);

export const surveyTotalSchema = z.object({
  areaHa: z.number(),
  areaSeHa: z.number(),
  areaCiHa: interval,
  mapAreaHa: z.number().describe("pixel count of the map times the pixel area, ha"),
  confidence: z.number(),
  z: z.number(),
  trueAreaHa: z.number().optional().describe("simulated surveys only: the true area where the map has data, ha"),
  trueAreaWholeSceneHa: z.number().optional().describe("simulated surveys only: the true area in the whole scene, ha"),
  labelledTargetHa: z
    .number()
    .optional()
    .describe(
      "simulated surveys only: the area the simulated interpreters would label as the target class, (1 − e)·true + e/(K − 1)·(frame − true), ha: what the estimator targets",
    ),
  interpreterErrorRate: z.number().optional().describe("simulated surveys only: the interpreters' error rate e"),
  legendClasses: z.number().int().optional().describe("simulated surveys only: K, the classes an interpreter error spreads over"),
  mappedByTrueClass: z
    .array(z.object({ className: z.string(), areaHa: z.number(), shareOfMapped: z.number() }))
    .optional()
    .describe("simulated surveys only: the area mapped as the target class by true class (the target first, then the commission), ha"),
});
export type SurveyTotal = z.infer<typeof surveyTotalSchema>;

export const surveyRegionResultSchema = z.object({
  region: z.string(),
  areaHa: z.number(),
  areaSeHa: z.number(),
  areaCiHa: interval,
  mapAreaHa: z.number(),
  sampleUnits: z.number().int(),
  warnings: z.array(z.string()),
});
export type SurveyRegionResult = z.infer<typeof surveyRegionResultSchema>;

const perClass = z.array(z.number().nullable());

/** Accuracy assessment of the map (Olofsson et al. 2014 estimators), one entry per class of `classes`. */
export const surveyAccuracySchema = z.object({
  classes: z.array(z.string()),
  overallAccuracy: z.number(),
  overallAccuracySe: z.number(),
  usersAccuracy: perClass,
  usersAccuracySe: perClass,
  producersAccuracy: perClass,
  producersAccuracySe: perClass,
  errorMatrixProportions: z.array(z.array(z.number())),
  /** Standard error of each cell of `errorMatrixProportions` (absent in surveys stored before it was kept). */
  errorMatrixProportionsSe: z.array(z.array(z.number())).optional(),
  sampleCounts: z.array(z.array(z.number().int())),
  areaHa: z.array(z.number()),
  areaSeHa: z.array(z.number()),
  areaCiHa: z.array(interval),
  mappedAreaHa: z.array(z.number()),
});
export type SurveyAccuracy = z.infer<typeof surveyAccuracySchema>;

export const surveySampleSummarySchema = z.object({
  units: z.number().int(),
  strata: z.array(z.object({ stratum: z.string(), sizeHa: z.number(), sampleSize: z.number().int() })),
  seed: z.number().int(),
  allocation: z.string().optional(),
});
export type SurveySampleSummary = z.infer<typeof surveySampleSummarySchema>;

export const surveyClassifierSummarySchema = z.object({
  trained: z.boolean(),
  heldOutAccuracy: z.number().optional(),
  classes: z.array(z.string()),
});
export type SurveyClassifierSummary = z.infer<typeof surveyClassifierSummarySchema>;

export const surveyFieldsSummarySchema = z.object({
  count: z.number().int(),
  minAreaHa: z.number(),
  totalAreaHa: z.number(),
});
export type SurveyFieldsSummary = z.infer<typeof surveyFieldsSummarySchema>;

const tonnes = { mean: z.number(), median: z.number(), ci90: interval, ci95: interval, unit: z.literal("t") };

export const surveyProductionSchema = z.object({
  parameterSet: z.string(),
  source: z.string(),
  cocaineT: z.object({ ...tonnes, histogram: histogramSchema }).describe("potential pure cocaine, t"),
  leafT: z.object(tonnes).nullable().describe("potential sun-dried leaf, t (null for a per-hectare conversion)"),
  pointCocaineT: z.number(),
  draws: z.number().int(),
  notes: z.array(z.string()),
  topDrivers: z.array(z.object({ parameter: z.string(), share: z.number() })),
});
export type SurveyProduction = z.infer<typeof surveyProductionSchema>;

/** An official figure the survey is compared with (from the registry, see domain/figure.ts). */
export const officialFigureRefSchema = z.object({
  metric: z.string(),
  source: z.string(),
  region: z.string(),
  value: z.number(),
  unit: z.string(),
  published: z.string(),
  citation: z.string(),
});
export type OfficialFigureRef = z.infer<typeof officialFigureRefSchema>;

/** The survey area no scene observed (clouds, shadows or gaps left after every scene), ha. */
export const surveyUnobservedSchema = z.object({
  totalHa: z.number().describe("unobserved area inside the regions, ha"),
  regions: z.array(z.object({ region: z.string(), areaHa: z.number() })),
  scenes: z.number().int().describe("number of scenes mosaicked"),
});
export type SurveyUnobserved = z.infer<typeof surveyUnobservedSchema>;

export const surveyResultsSchema = z.object({
  simulated: z.boolean(),
  headline: z.string(),
  targetClass: z.string(),
  unit: z.literal("ha"),
  total: surveyTotalSchema,
  regions: z.array(surveyRegionResultSchema),
  accuracy: surveyAccuracySchema,
  sample: surveySampleSummarySchema,
  classifier: surveyClassifierSummarySchema,
  fields: surveyFieldsSummarySchema,
  production: surveyProductionSchema
    .nullable()
    .describe("null for a survey stored without its production stage (production: false in the config, or a target class that is not coca)"),
  officialFigures: z.array(officialFigureRefSchema),
  unobserved: surveyUnobservedSchema.optional().describe("surveys of several scenes: the area no scene observed"),
  warnings: z
    .array(z.string())
    .describe("what the survey warns about: the first run's checks (parameter set, period, scenes and regions in the country) and the estimate's"),
});
export type SurveyResults = z.infer<typeof surveyResultsSchema>;
