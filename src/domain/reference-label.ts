/**
 * @module domain/reference-label
 * A reference label: what an interpreter judged a sample unit to be, on which imagery, when, how
 * sure, and why (for a correction or an adjudication). Labels are appended, never changed: a
 * correction is a new label with a reason; an adjudication settles a unit two interpreters
 * disagreed on. Stored by store/label-repository.ts, read and written by survey/labels/. Zod
 * schemas with the types inferred from them.
 */
import { z } from "zod";

/** The date a label is for: "single" in a one-date survey, "t1"/"t2" in a change survey. */
export const labelPeriodSchema = z.enum(["single", "t1", "t2"]);
export type LabelPeriod = z.infer<typeof labelPeriodSchema>;

/**
 * interpretation: an interpreter's first label of a unit; correction: the same interpreter's new label
 * (needs a reason); adjudication: the label that settles a unit (needs a reason), which wins over the interpreters'.
 */
export const labelKindSchema = z.enum(["interpretation", "correction", "adjudication"]);
export type LabelKind = z.infer<typeof labelKindSchema>;

/** A label before it is stored. */
export const newReferenceLabelSchema = z.object({
  unitId: z.string().min(1),
  period: labelPeriodSchema.default("single"),
  referenceClass: z.string().min(1).describe("a class of the survey's legend"),
  interpreter: z.string().min(1),
  labelledAt: z.string().describe("ISO 8601 date-time the unit was judged"),
  confidence: z.number().min(0).max(1).nullable().default(null).describe("the interpreter's confidence, 0..1"),
  comment: z.string().default(""),
  imagery: z.string().default("").describe("the imagery the unit was judged on (scene ids, dates, composites)"),
  kind: labelKindSchema.default("interpretation"),
  reason: z.string().default("").describe("why a correction or adjudication was made"),
  simulated: z.boolean().default(false).describe("true for the demo's simulated interpreters"),
  origin: z.string().default("").describe("where the label came from: a file with its SHA-256, the API, or the survey run"),
});
export type NewReferenceLabel = z.infer<typeof newReferenceLabelSchema>;
export type NewReferenceLabelInput = z.input<typeof newReferenceLabelSchema>;

/** A stored label. */
export const referenceLabelSchema = newReferenceLabelSchema.extend({
  id: z.number().int().describe("the label's id, increasing in the order labels were stored"),
  surveyId: z.number().int(),
  storedAt: z.string(),
});
export type ReferenceLabel = z.infer<typeof referenceLabelSchema>;

/** A unit given to an interpreter (double interpretation gives some units to two). */
export const labelAssignmentSchema = z.object({
  unitId: z.string(),
  interpreter: z.string(),
  /** 1-based position in the interpreter's sheet (shuffled, so it does not reveal the stratum). */
  position: z.number().int(),
  double: z.boolean().describe("the unit is also given to another interpreter"),
});
export type LabelAssignment = z.infer<typeof labelAssignmentSchema>;
