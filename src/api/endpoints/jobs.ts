/**
 * @module api/endpoints/jobs
 * `GET /v1/jobs/:id`: a job of the queue (when the server was started with --queue): a survey run (`run_…`: state,
 * tiles done / total, the stored survey or the error) or one tile job (a UUID: state, tile, retries, worker or error).
 * The dashboard polls it to show a running survey's progress.
 */
import { z } from "zod";
import { NotFoundError } from "../../domain/errors.ts";
import { getSurveyRunJob, SURVEY_RUN_STATES } from "../../queue/survey-runs.ts";
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

export function jobRoutes({ queue }: EndpointDeps): AnyRoute[] {
  return [
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
        if (params.id.startsWith("run_")) {
          const job = await getSurveyRunJob(queue, params.id);
          return c.json({
            kind: "survey" as const,
            ...job,
            progress: job.tiles.total ? job.tiles.done / job.tiles.total : job.tiles.total === 0 ? 1 : null,
            url: job.surveyId === null ? null : `/v1/surveys/${job.surveyId}`,
          });
        }
        return c.json({ kind: "tile" as const, ...(await showTileJob(queue, params.id)) });
      },
    }),
  ];
}
