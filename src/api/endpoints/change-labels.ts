/**
 * @module api/endpoints/change-labels
 * A change survey stored as a design awaiting labels, labelled over the API as a survey is
 * (api/endpoints/labels.ts): the calling interpreter's blind sheet (both dates, no map class, no
 * transition, shuffled), every label, label submission per date t1 / t2 (analyst; checked as an import
 * is; audited), a unit's chips from either date's scenes, and the change estimate from the stored labels.
 */
import { z } from "zod";
import { changeSubject, estimateChangeFromLabels, getChangeDesign } from "../../change/change-design.ts";
import { referenceLabelSchema, type LabelPeriod } from "../../domain/reference-label.ts";
import { sha256 } from "../../io/checksum.ts";
import { chipResponse, type ChipCache } from "../chip-response.ts";
import { blindSheetOf, importAnswersTo, unitChipOf } from "../../survey/labels/workflow.ts";
import { HttpProblem } from "../problem.ts";
import { defineRoute, type AnyRoute } from "../route.ts";
import { idParam } from "../schemas.ts";
import type { EndpointDeps } from "./deps.ts";
import { answersOf, sheetUnitSchema, submitBody } from "./labels.ts";

const analysisParams = z.object({ id: idParam.describe("change analysis id (a change survey awaiting labels)") });
const mineSchema = z.object({ referenceClass: z.string(), confidence: z.number().nullable(), comment: z.string(), labelId: z.number().int() });

export function changeLabelRoutes({ store }: EndpointDeps): AnyRoute[] {
  // A design and its scenes do not change: chips are cut once and kept.
  const chips: ChipCache = new Map();
  const interpreterOf = async (actor: string): Promise<string> => (await store.auth.getToken(actor)).name;
  return [
    defineRoute({
      method: "get",
      path: "/v1/change/analyses/:id/sheet",
      operationId: "getChangeInterpreterSheet",
      summary:
        "The calling interpreter's blind sheet of a change survey awaiting labels (analyst): its units in a shuffled order, without map classes, transition or stratum, with the legend and the two dates",
      tag: "labels",
      role: "analyst",
      params: analysisParams,
      responses: {
        200: {
          description: "the sheet",
          schema: z.object({
            analysisId: z.number().int(),
            interpreter: z.string(),
            designSha256: z.string(),
            legend: z.array(z.string()),
            dates: z.array(z.object({ period: z.enum(["t1", "t2"]), label: z.string(), scenes: z.number().int() })),
            units: z.array(sheetUnitSchema.omit({ label: true }).extend({ labels: z.object({ t1: mineSchema.nullable(), t2: mineSchema.nullable() }) })),
            labelled: z.number().int().describe("units this interpreter labelled at both dates"),
          }),
        },
      },
      handler: async (c, { params, principal }) => {
        const interpreter = await interpreterOf(principal.actor);
        const a = await getChangeDesign(store, params.id);
        const subject = await changeSubject(store, params.id);
        const assigned = (await store.changeLabels.assignments(params.id)).length > 0;
        const sheet = await blindSheetOf(subject, assigned ? interpreter : undefined);
        const mine = new Map<string, z.infer<typeof mineSchema>>();
        for (const l of await store.changeLabels.list(params.id)) {
          if (l.interpreter === interpreter && l.kind !== "adjudication")
            mine.set(`${l.unitId}\u0000${l.period}`, { referenceClass: l.referenceClass, confidence: l.confidence, comment: l.comment, labelId: l.id });
        }
        const at = (unitId: string, p: LabelPeriod): z.infer<typeof mineSchema> | null => mine.get(`${unitId}\u0000${p}`) ?? null;
        const units = sheet.rows.map((r) => ({
          position: r.position,
          blindId: r.blindId,
          lon: r.unit.lon,
          lat: r.unit.lat,
          x: r.unit.x,
          y: r.unit.y,
          labels: { t1: at(r.unitId, "t1"), t2: at(r.unitId, "t2") },
        }));
        return c.json({
          analysisId: a.id,
          interpreter,
          designSha256: sheet.designChecksum,
          legend: a.design.legend,
          dates: a.design.dates.map((d) => ({ period: d.period, label: d.label, scenes: d.scenes.length })),
          units,
          labelled: units.filter((u) => u.labels.t1 !== null && u.labels.t2 !== null).length,
        });
      },
    }),
    defineRoute({
      method: "get",
      path: "/v1/change/analyses/:id/labels",
      operationId: "listChangeLabels",
      summary: "Every reference label of a change survey awaiting labels, at both dates, oldest first (corrections and adjudications kept)",
      tag: "labels",
      params: analysisParams,
      responses: { 200: { description: "the labels", schema: z.object({ labels: z.array(referenceLabelSchema) }) } },
      handler: async (c, { params }) => {
        await getChangeDesign(store, params.id);
        return c.json({ labels: await store.changeLabels.list(params.id) });
      },
    }),
    defineRoute({
      method: "post",
      path: "/v1/change/analyses/:id/labels",
      operationId: "submitChangeLabels",
      summary:
        "Submit labels of a change survey (analyst; an adjudication needs admin), each for date t1 or t2: checked as an import is (design checksum, unit, legend, date, assignment, a reason for a correction), stored only if every one is valid",
      tag: "labels",
      role: "analyst",
      audit: "labels.submit",
      params: analysisParams,
      body: submitBody,
      responses: { 201: { description: "the stored labels", schema: z.object({ stored: z.number().int(), labelIds: z.array(z.number().int()) }) } },
      handler: async (c, { params, body, principal, auditTarget }) => {
        auditTarget(`change analysis ${params.id}`);
        if (body.adjudicate && principal.role !== "admin") throw new HttpProblem(403, "an adjudication needs role admin", { field: "body.adjudicate" });
        const interpreter = await interpreterOf(principal.actor);
        const r = await importAnswersTo(
          await changeSubject(store, params.id),
          answersOf(body, interpreter),
          { file: `API request by ${interpreter}`, sha256: sha256(JSON.stringify(body)) },
          { adjudicate: body.adjudicate },
        );
        return c.json({ stored: r.stored.length, labelIds: r.stored.map((l) => l.id) }, 201);
      },
    }),
    defineRoute({
      method: "get",
      path: "/v1/change/analyses/:id/chips/:blindId",
      operationId: "getChangeUnitChip",
      summary:
        "An image chip of a change survey's unit at one date (analyst): 64 x 64 pixels of that date's scene around it, true colour or false colour (NIR, red, green), PNG; imagery only",
      tag: "labels",
      role: "analyst",
      params: z.object({ id: idParam, blindId: z.string().regex(/^b[0-9a-f]{10}$/) }),
      query: z.object({
        period: z.enum(["t1", "t2"]).describe("the date: t1 (first) or t2 (second)"),
        composite: z.enum(["true-colour", "false-colour"]).default("true-colour"),
        scene: z.coerce.number().int().min(0).max(99).default(0).describe("which of that date's scenes"),
      }),
      responses: { 200: { description: "PNG image", mediaType: "image/png" } },
      handler: async (c, { params, query }) => {
        const key = `${params.id}|${params.blindId}|${query.period}|${query.composite}|${query.scene}`;
        return chipResponse(c, chips, key, async () =>
          unitChipOf(await changeSubject(store, params.id), params.blindId, { composite: query.composite, period: query.period, sceneIndex: query.scene }),
        );
      },
    }),
    defineRoute({
      method: "get",
      path: "/v1/change/analyses/:id/labels/estimate",
      operationId: "estimateChangeFromLabels",
      summary:
        "The change survey estimated from its stored labels (units labelled at both dates; disagreements left out until adjudicated): new, persistent and lost areas, net change and rates with intervals",
      tag: "labels",
      params: analysisParams,
      responses: { 200: { description: "the estimate from the stored labels" } },
      handler: async (c, { params }) => {
        const r = await estimateChangeFromLabels(store, params.id);
        const { uses: _uses, ...labels } = r.labels;
        return c.json({ analysisId: r.analysisId, targetClass: r.targetClass, estimate: r.estimate, labels });
      },
    }),
  ];
}
