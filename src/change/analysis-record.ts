/**
 * @module change/analysis-record
 * A stored change analysis: what was compared (two dates of one area), how (the demo, a change estimate from
 * a labelled sample, a change survey from two stored surveys), where it came from (inputs with checksums, code
 * version, seed, parameters) and what it found (areas and rates with intervals, mapped transitions, fields with
 * history, SIMCI-style categories, per-region history). Zod schemas (the API documents them) with the types
 * inferred from them; the estimate's own shape is stats/change-estimator's ChangeEstimate.
 */
import { z } from "zod";
import { ConflictError } from "../domain/errors.ts";
import { inputRecordSchema } from "../domain/provenance.ts";
import type { ChangeEstimate } from "../stats/change-estimator.ts";

export const CHANGE_ANALYSIS_KINDS = ["demo", "estimate", "survey"] as const;
export type ChangeAnalysisKind = (typeof CHANGE_ANALYSIS_KINDS)[number];

export const changeAnalysisSummarySchema = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: z
    .enum(CHANGE_ANALYSIS_KINDS)
    .describe("demo = simulated with known truth; estimate = coca change estimate --store; survey = coca change survey (estimated, or awaiting labels)"),
  simulated: z.boolean().describe("true for simulated data (the demo); shown wherever it appears"),
  createdAt: z.string(),
  fromLabel: z.string().describe("the first date (a year, or a label)"),
  toLabel: z.string().describe("the second date"),
  targetClass: z.string(),
  headline: z.string().nullable(),
  awaitingLabels: z
    .boolean()
    .describe("a change survey stored as a design before it is labelled (coca change survey --store): no estimate; labels at both dates are stored with it"),
});
export type ChangeAnalysisSummary = z.infer<typeof changeAnalysisSummarySchema>;

export const changeProvenanceSchema = z.object({
  codeVersion: z.string(),
  command: z.string().describe('what produced it, e.g. "coca change demo --seed 1"'),
  seed: z.number().int().nullable(),
  inputs: z.array(inputRecordSchema),
  params: z.record(z.string(), z.unknown()).describe("the parameters the analysis ran with"),
  surveys: z.array(z.number().int()).optional().describe("stored surveys compared (coca change survey)"),
});
export type ChangeProvenance = z.infer<typeof changeProvenanceSchema>;

/** Mapped (pixel-count) hectares of one transition: biased by map errors, beside the estimate. */
export const mappedTransitionSchema = z.object({ code: z.number().int(), fromClass: z.string(), toClass: z.string(), name: z.string(), areaHa: z.number() });

/** One field's history: its state at each date (present/absent) and what happened to it. */
export const fieldHistorySchema = z.object({
  fieldId: z.string(),
  areaHaByDate: z.array(z.number()).describe("field area at each date, ha (0 = absent)"),
  fate: z.string().describe("persistent, abandoned, new, eradicated-forced, eradicated-voluntary (with -replanted when coca again)"),
  region: z.string().nullable(),
});
export type FieldHistory = z.infer<typeof fieldHistorySchema>;

export const regionHistorySchema = z.object({
  region: z.string(),
  dates: z.array(z.string()),
  mappedHa: z.array(z.number()).describe("mapped coca at each date, ha (empty when not counted per region)"),
  estimatedHa: z.array(z.number()).nullable().describe("estimated coca at each date, ha (null when the sample has no regions)"),
  ciHa: z.array(z.tuple([z.number(), z.number()])).nullable(),
});
export type RegionHistory = z.infer<typeof regionHistorySchema>;

/** One date of a change survey's design: its label (the year) and the scenes its chips are cut from. */
export const changeDesignDateSchema = z.object({
  period: z.enum(["t1", "t2"]),
  label: z.string().describe("the date as shown to interpreters (a year)"),
  scenes: z
    .array(z.object({ id: z.string(), ref: z.string().describe("the scene's file or URL"), datetime: z.string().nullable() }))
    .describe("the scenes of that date (the stored survey's, or the config year's)"),
});

/** What a change survey stored as a design keeps for its interpreters and its later estimate. */
export const changeDesignInfoSchema = z.object({
  legend: z.array(z.string()).describe("the classes a label may take (the two maps' common legend)"),
  sampleSize: z.number().int(),
  designSha256: z.string().describe("the design's checksum, in every sheet"),
  dates: z.array(changeDesignDateSchema).length(2),
  interval: z.string().describe("the interval procedure its estimate uses"),
});
export type ChangeDesignInfo = z.infer<typeof changeDesignInfoSchema>;

export const changeResultSchema = z.object({
  estimate: z
    .unknown()
    .describe(
      "areas (new, persistent, lost, net; ha with SE and CI), rates (abandoned, replanted by kind), per region and per stratum: stats/change-estimator; null for a design awaiting labels",
    ),
  design: changeDesignInfoSchema.optional().describe("a change survey's design (one awaiting labels, and the surveys estimated from one)"),
  mappedTransitions: z.array(mappedTransitionSchema).nullable(),
  fields: z.array(fieldHistorySchema).nullable(),
  categories: z.unknown().nullable().describe("SIMCI-style 1 km cell categories and dispersion measures (coca change categories)"),
  regions: z.array(regionHistorySchema).nullable(),
  truth: z.unknown().nullable().describe("the simulated truth (demo only)"),
});
export type ChangeResult = Omit<z.infer<typeof changeResultSchema>, "estimate"> & { estimate: ChangeEstimate | null };

export const changeArtifactInfoSchema = z.object({ name: z.string(), mediaType: z.string(), sha256: z.string(), sizeBytes: z.number().int() });

export const changeAnalysisDetailSchema = changeAnalysisSummarySchema.extend({
  provenance: changeProvenanceSchema,
  result: changeResultSchema,
  artifacts: z.array(changeArtifactInfoSchema),
});
export type ChangeAnalysisDetail = ChangeAnalysisSummary & {
  provenance: ChangeProvenance;
  result: ChangeResult;
  artifacts: z.infer<typeof changeArtifactInfoSchema>[];
};

/** An analysis's estimate; a design awaiting labels has none yet (ConflictError saying how to estimate it). */
export function estimateOf(a: Pick<ChangeAnalysisSummary, "id"> & { result: Pick<ChangeResult, "estimate"> }): ChangeEstimate {
  if (a.result.estimate === null)
    throw new ConflictError(
      `change analysis ${a.id} is a change survey design awaiting labels: it has no estimate yet (label it, then coca change estimate --analysis ${a.id})`,
    );
  return a.result.estimate;
}
