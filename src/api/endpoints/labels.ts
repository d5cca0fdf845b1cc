/**
 * @module api/endpoints/labels
 * The interpreters' work over the API: a survey's labels (every one, with its history), their
 * agreement (double interpretation: observed agreement, Cohen's kappa with its SE, per class, the
 * disagreements waiting for adjudication), the calling interpreter's blind sheet (no map class,
 * shuffled), label submission (analyst; the interpreter is the token's name; checked and stored
 * as an import is; audited) and the estimate again from the stored labels.
 */
import { z } from "zod";
import { labelPeriodSchema, referenceLabelSchema } from "../../domain/reference-label.ts";
import type { SheetAnswer } from "../../survey/labels/read-sheet.ts";
import { blindSheet, importAnswers, surveyLabelQa, unitChip } from "../../survey/labels/workflow.ts";
import { chipResponse, type ChipCache } from "../chip-response.ts";
import { getSurveyOrThrow, reestimateSurvey } from "../../survey/labels/reestimate.ts";
import { sha256 } from "../../io/checksum.ts";
import { HttpProblem } from "../problem.ts";
import { defineRoute, type AnyRoute } from "../route.ts";
import { idParam } from "../schemas.ts";
import type { EndpointDeps } from "./deps.ts";

const surveyParams = z.object({ id: idParam.describe("survey id") });

export const sheetUnitSchema = z.object({
  position: z.number().int().describe("1-based place in the interpreter's sheet (shuffled)"),
  blindId: z.string().describe("the unit's opaque id (no stratum, no map class)"),
  lon: z.number(),
  lat: z.number(),
  x: z.number().describe("pixel centre in the map's CRS"),
  y: z.number(),
  /** The calling interpreter's latest label, if any. */
  label: z.object({ referenceClass: z.string(), confidence: z.number().nullable(), comment: z.string(), labelId: z.number().int() }).nullable(),
});

export const submitBody = z
  .object({
    designSha256: z.string().length(64).describe("the design checksum of the sheet the labels answer (GET …/sheet)"),
    adjudicate: z.boolean().default(false).describe("admin: these labels settle disagreements"),
    labels: z
      .array(
        z
          .object({
            blindId: z.string(),
            period: labelPeriodSchema.default("single").describe("single (a survey), or t1 / t2 (the first and second date of a change survey)"),
            referenceClass: z.string().min(1),
            confidence: z.number().min(0).max(1).optional(),
            comment: z.string().max(2000).optional(),
            imagery: z.string().max(500).optional(),
            reason: z.string().max(2000).optional().describe("needed for a correction (a unit this interpreter labelled before) and an adjudication"),
          })
          .strict(),
      )
      .min(1)
      .max(5000),
  })
  .strict();

/** The answers of a submission (the interpreter is the token's name), for survey/labels/import's checks. */
export function answersOf(body: z.infer<typeof submitBody>, interpreter: string): SheetAnswer[] {
  return body.labels.map((l, i) => ({
    where: `labels[${i}]`,
    blindId: l.blindId,
    classes: { [l.period]: l.referenceClass },
    interpreter,
    confidence: l.confidence === undefined ? undefined : String(l.confidence),
    comment: l.comment,
    imagery: l.imagery,
    reason: l.reason,
    designSha256: body.designSha256,
  }));
}

export function labelRoutes({ store }: EndpointDeps): AnyRoute[] {
  // Chips are cut from the scenes once and kept (a survey's scenes and design do not change).
  const chips: ChipCache = new Map();
  const interpreterOf = async (actor: string): Promise<string> => (await store.auth.getToken(actor)).name;
  return [
    defineRoute({
      method: "get",
      path: "/v1/surveys/:id/labels",
      operationId: "listSurveyLabels",
      summary: "Every reference label of a survey, oldest first (corrections and adjudications kept), and which ones the run's estimate used",
      tag: "labels",
      params: surveyParams,
      responses: { 200: { description: "the labels", schema: z.object({ labels: z.array(referenceLabelSchema), usedByRun: z.array(z.number().int()) }) } },
      handler: async (c, { params }) => {
        await getSurveyOrThrow(store, params.id);
        const labels = await store.labels.list(params.id);
        const usedByRun = (await store.labels.uses(params.id, "run")).map((u) => u.labelId);
        return c.json({ labels, usedByRun });
      },
    }),
    defineRoute({
      method: "get",
      path: "/v1/surveys/:id/labels/agreement",
      operationId: "getSurveyLabelAgreement",
      summary:
        "Double interpretation: observed agreement, Cohen's kappa with its SE, agreement per class and per pair of interpreters, disagreements waiting for adjudication, progress per interpreter",
      tag: "labels",
      params: surveyParams,
      responses: { 200: { description: "the labels' quality control" } },
      handler: async (c, { params }) => c.json(await surveyLabelQa(store, params.id)),
    }),
    defineRoute({
      method: "get",
      path: "/v1/surveys/:id/labels/estimate",
      operationId: "reestimateSurvey",
      summary: "The survey estimated again from its stored design, class map and labels alone, compared number by number with the stored results",
      tag: "labels",
      params: surveyParams,
      responses: { 200: { description: "the estimate from the stored labels" } },
      handler: async (c, { params }) => c.json(await reestimateSurvey(store, params.id)),
    }),
    defineRoute({
      method: "get",
      path: "/v1/surveys/:id/sheet",
      operationId: "getInterpreterSheet",
      summary: "The calling interpreter's blind sheet (analyst): their units in their order, without map class or stratum, with the legend to answer from",
      tag: "labels",
      role: "analyst",
      params: surveyParams,
      responses: {
        200: {
          description: "the sheet",
          schema: z.object({
            surveyId: z.number().int(),
            interpreter: z.string(),
            designSha256: z.string(),
            legend: z.array(z.string()),
            units: z.array(sheetUnitSchema),
            labelled: z.number().int(),
          }),
        },
      },
      handler: async (c, { params, principal }) => {
        const interpreter = await interpreterOf(principal.actor);
        const s = await getSurveyOrThrow(store, params.id);
        const assigned = (await store.labels.assignments(params.id)).length > 0;
        const sheet = await blindSheet(store, params.id, assigned ? interpreter : undefined);
        const mine = new Map<string, { referenceClass: string; confidence: number | null; comment: string; labelId: number }>();
        for (const l of await store.labels.list(params.id)) {
          if (l.interpreter === interpreter && l.period === "single" && l.kind !== "adjudication")
            mine.set(l.unitId, { referenceClass: l.referenceClass, confidence: l.confidence, comment: l.comment, labelId: l.id });
        }
        const units = sheet.rows.map((r) => ({
          position: r.position,
          blindId: r.blindId,
          lon: r.unit.lon,
          lat: r.unit.lat,
          x: r.unit.x,
          y: r.unit.y,
          label: mine.get(r.unitId) ?? null,
        }));
        return c.json({
          surveyId: s.id,
          interpreter,
          designSha256: sheet.designChecksum,
          legend: s.results.classifier.classes,
          units,
          labelled: units.filter((u) => u.label !== null).length,
        });
      },
    }),
    defineRoute({
      method: "get",
      path: "/v1/surveys/:id/chips/:blindId",
      operationId: "getUnitChip",
      summary:
        "An image chip of a unit (analyst): 64 x 64 scene pixels around it, true colour or false colour (NIR, red, green), PNG; imagery only, nothing of the map's class",
      tag: "labels",
      role: "analyst",
      params: z.object({ id: idParam, blindId: z.string().regex(/^b[0-9a-f]{10}$/) }),
      query: z.object({ composite: z.enum(["true-colour", "false-colour"]).default("true-colour"), scene: z.coerce.number().int().min(0).max(99).default(0) }),
      responses: { 200: { description: "PNG image", mediaType: "image/png" } },
      handler: async (c, { params, query }) => {
        const key = `${params.id}|${params.blindId}|${query.composite}|${query.scene}`;
        return chipResponse(c, chips, key, () => unitChip(store, params.id, params.blindId, { composite: query.composite, sceneIndex: query.scene }));
      },
    }),
    defineRoute({
      method: "post",
      path: "/v1/surveys/:id/labels",
      operationId: "submitSurveyLabels",
      summary:
        "Submit labels (analyst; an adjudication needs admin): checked as an import is (design checksum, unit, legend, assignment, a reason for a correction), stored only if every one is valid",
      tag: "labels",
      role: "analyst",
      audit: "labels.submit",
      params: surveyParams,
      body: submitBody,
      responses: { 201: { description: "the stored labels", schema: z.object({ stored: z.number().int(), labelIds: z.array(z.number().int()) }) } },
      handler: async (c, { params, body, principal, auditTarget }) => {
        auditTarget(`survey ${params.id}`);
        if (body.adjudicate && principal.role !== "admin") throw new HttpProblem(403, "an adjudication needs role admin", { field: "body.adjudicate" });
        const interpreter = await interpreterOf(principal.actor);
        const answers = answersOf(body, interpreter);
        const r = await importAnswers(
          store,
          params.id,
          answers,
          { file: `API request by ${interpreter}`, sha256: sha256(JSON.stringify(body)) },
          { adjudicate: body.adjudicate },
        );
        return c.json({ stored: r.stored.length, labelIds: r.stored.map((l) => l.id) }, 201);
      },
    }),
  ];
}
