/**
 * @module domain/provenance
 * Where a stored survey came from: every input file with its checksum, the code version,
 * the seed, the classifier, the production parameter set, and each stage's time and memory.
 * Written by the survey runner, stored with the survey, answered by the API and the dashboard.
 * Zod schemas (for the API's documentation) with the types inferred from them.
 */
import { z } from "zod";

/** One input of a run: a file (with its SHA-256 and size) or a URL or description (without). */
export const inputRecordSchema = z.object({
  role: z.string().describe('what the input is, e.g. "scene", "regions", "reference labels"'),
  path: z.string(),
  sha256: z.string().nullable().describe("SHA-256 of the file; null for a URL or a description"),
  sizeBytes: z.number().int().nullable(),
});
export type InputRecord = z.infer<typeof inputRecordSchema>;

/** One timed stage of a run. */
export const stageRecordSchema = z.object({
  name: z.string(),
  seconds: z.number(),
  peakRssMiB: z.number().describe("peak resident set size of the process during the stage, MiB"),
});
export type StageRecord = z.infer<typeof stageRecordSchema>;

/** The production parameter set a result used, as recorded (its parameters are in data/parameter-sets). */
export const parameterSetRecordSchema = z.object({
  name: z.string(),
  source: z.string(),
  sourceFamily: z.string(),
  period: z.object({ from: z.number().int(), to: z.number().int() }),
  description: z.string(),
});
export type ParameterSetRecord = z.infer<typeof parameterSetRecordSchema>;

/** One scene of a survey: what it is, when, how cloudy, and what it gave the mosaic. */
export const sceneRecordSchema = z.object({
  ref: z.string().describe("the scene reference (path, URL, STAC item, or COLLECTION.json#ITEM_ID)"),
  id: z.string().describe("the STAC item id, or the file name"),
  datetime: z.string().nullable().describe("acquisition date-time (STAC properties.datetime or the config's date), or null"),
  cloudCoverPct: z.number().nullable().describe("cloud cover the catalogue states (eo:cloud_cover), percent, or null"),
  invalidShare: z.number().nullable().describe("share of the scene's class map without a class (clouds, shadows, outside the swath)"),
  files: z.array(z.string()).describe("every file the scene read (bands, quality band, MTL or STAC JSON); their checksums are in inputs"),
  mosaic: z
    .object({
      priority: z.number().int().describe("1 = tried first where scenes overlap"),
      areaHa: z.number().describe("area of the survey grid taken from this scene, ha"),
      shareOfObserved: z.number().describe("share of the mosaic's observed area taken from this scene"),
    })
    .nullable()
    .describe("null for a survey of one scene"),
});
export type SceneRecord = z.infer<typeof sceneRecordSchema>;

export const surveyProvenanceSchema = z.object({
  codeVersion: z.string().describe("package version and git commit"),
  seed: z.number().int(),
  inputs: z.array(inputRecordSchema),
  model: z.object({ path: z.string(), sha256: z.string(), trained: z.boolean() }).describe("the classifier the scene was classified with"),
  parameterSet: parameterSetRecordSchema.nullable().describe("null for a survey stored without its production stage"),
  node: z.string().describe('Node.js version, e.g. "v20.11.0"'),
  poolSize: z.number().int().describe("size of the tile pool that classified the scene"),
  scenes: z.array(sceneRecordSchema).optional().describe("each scene of the survey (surveys stored before multi-scene surveys have none)"),
  mosaic: z
    .object({
      rule: z.string(),
      crs: z.string(),
      epsg: z.number().int().nullable(),
      resolutionM: z.number(),
      widthPx: z.number().int(),
      heightPx: z.number().int(),
    })
    .optional()
    .describe("how several scenes' class maps were mosaicked onto the survey grid"),
  stages: z.array(stageRecordSchema),
});
export type SurveyProvenance = z.infer<typeof surveyProvenanceSchema>;
