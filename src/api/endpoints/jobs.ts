/**
 * @module api/endpoints/jobs
 * `GET /v1/jobs/:id`: a job of the queue (when the server was started with --queue): a survey run (`run_…`: state,
 * tiles done / total, the stored survey or the error) or one tile job (a UUID: state, tile, retries, worker or error).
 * The dashboard polls it to show a running survey's progress.
 */
import { z } from "zod";
import { NotFoundError } from "../../domain/errors.ts";
import { FINAL_STATES, getSurveyRunJob, listSurveyRunJobs, SURVEY_RUN_STATES, type SurveyRunJob } from "../../queue/survey-runs.ts";
import { showTileJob } from "../../queue/tile-jobs.ts";
import { defineRoute, type AnyRoute } from "../route.ts";
import type { EndpointDeps } from "./deps.ts";

export const surveyJobSchema = z.object({
  kind: z.literal("survey"),
  id: z.string().describe("the run id (run_ and 12 hex digits)"),
  state: z
    .enum(SURVEY_RUN_STATES)
    .describe("queued, preparing (tiles being sent), classifying, assembling (mosaic, estimates), then stored, needs-labels, failed or cancelled"),
  name: z.string().nullable(),
  store: z.string().describe("the store the survey goes to (no password)"),
  tiles: z.object({ done: z.number().int(), total: z.number().int().nullable().describe("null until every tile is sent") }).describe("tiles classified, count"),
  progress: z.number().nullable().describe("tiles done / total, 0..1"),
  surveyId: z.number().int().nullable(),
  url: z.string().nullable().describe("the stored survey"),
  headline: z.string().nullable(),
  error: z.string().nullable(),
  result: z.unknown().describe("for needs-labels: where the sample was written and what to do next"),
  createdAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
});

export const tileJobSchema = z.object({
  kind: z.literal("tile"),
  id: z.string(),
  state: z.string(),
  output: z.string(),
  scene: z.string(),
  tile: z.tuple([z.number().int(), z.number().int()]),
  window: z.object({ x0: z.number().int(), y0: z.number().int(), x1: z.number().int(), y1: z.number().int() }),
  retryCount: z.number().int(),
  retryLimit: z.number().int(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  result: z.unknown(),
});

/** A run as the API answers it: with its progress and the stored survey's URL. */
function surveyJob(job: SurveyRunJob) {
  return {
    kind: "survey" as const,
    ...job,
    progress: job.tiles.total ? job.tiles.done / job.tiles.total : job.tiles.total === 0 ? 1 : null,
    url: job.surveyId === null ? null : `/v1/surveys/${job.surveyId}`,
  };
}

export function jobRoutes({ queue }: EndpointDeps): AnyRoute[] {
  return [
    defineRoute({
      method: "get",
      path: "/v1/jobs",
      operationId: "listJobs",
      summary: "Survey runs in the queue, newest first (with active=true, only those not yet ended); empty on a server without a queue",
      tag: "surveys",
      query: z.object({
        active: z.enum(["true", "false"]).optional().describe("true: only runs not yet stored, failed or cancelled"),
        limit: z.coerce.number().int().min(1).max(200).default(20),
      }),
      responses: {
        200: {
          description: "the runs",
          schema: z.object({ queue: z.boolean().describe("whether this server has a job queue"), jobs: z.array(surveyJobSchema) }),
        },
      },
      handler: async (c, { query }) => {
        if (!queue) return c.json({ queue: false, jobs: [] });
        const jobs = await listSurveyRunJobs(queue, { limit: query.limit });
        const shown = query.active === "true" ? jobs.filter((j) => !FINAL_STATES.includes(j.state)) : jobs;
        return c.json({ queue: true, jobs: shown.map(surveyJob) });
      },
    }),
    defineRoute({
      method: "get",
      path: "/v1/jobs/:id",
      operationId: "getJob",
      summary: "A job of the queue: a survey run (run_…) with its progress (tiles done / total, state, errors), or one tile job (UUID)",
      description: "Only on a server started with --queue (404 otherwise). A survey run started with POST /v1/surveys is followed here until stored or failed.",
      tag: "surveys",
      params: z.object({ id: z.string().min(1).max(64).describe("run_… or a tile job's UUID") }),
      responses: { 200: { description: "the job", schema: z.union([surveyJobSchema, tileJobSchema]) } },
      handler: async (c, { params }) => {
        if (!queue) throw new NotFoundError("this server has no job queue (coca serve --queue)");
        if (params.id.startsWith("run_")) return c.json(surveyJob(await getSurveyRunJob(queue, params.id)));
        return c.json({ kind: "tile" as const, ...(await showTileJob(queue, params.id)) });
      },
    }),
  ];
}
