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

export const surveyProvenanceSchema = z.object({
  codeVersion: z.string().describe("package version and git commit"),
  seed: z.number().int(),
  inputs: z.array(inputRecordSchema),
  model: z.object({ path: z.string(), sha256: z.string(), trained: z.boolean() }).describe("the classifier the scene was classified with"),
  parameterSet: parameterSetRecordSchema,
  node: z.string().describe('Node.js version, e.g. "v20.11.0"'),
  poolSize: z.number().int().describe("size of the tile pool that classified the scene"),
  stages: z.array(stageRecordSchema),
});
export type SurveyProvenance = z.infer<typeof surveyProvenanceSchema>;
