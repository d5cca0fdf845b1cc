/**
 * @module api/endpoints/survey-runs
 * Running a survey over HTTP (a write, audited): the demo survey on a simulated scene (analyst), or a
 * survey from a config whose paths are files on the server (admin, since it reads the server's disk).
 * One run at a time. The demo answers when the survey is stored (201); a survey from a config answers 202 at
 * once with a run to poll (GET /v1/survey-runs/:runId), see api/survey-run-registry.ts. Working files go to a temporary
 * folder that is removed afterwards: what is kept is what the store keeps (results, artifacts, provenance).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { ConflictError, NotFoundError } from "../../domain/errors.ts";
import { validateSurveyConfig } from "../../survey/config.ts";
import { runDemoSurvey } from "../../survey/demo.ts";
import { runSurvey } from "../../survey/run-survey.ts";
import { checkConfigUnderDataRoot } from "../data-root.ts";
import { HttpProblem } from "../problem.ts";
import { createSurveyRunRegistry, surveyRunSchema, type SurveyRun } from "../survey-run-registry.ts";
import { enqueueSurveyRun, getSurveyRunJob, type SurveyRunJob } from "../../queue/survey-runs.ts";
import { randomBytes } from "node:crypto";
import { defineRoute, type AnyRoute } from "../route.ts";
import type { EndpointDeps } from "./deps.ts";

const runAnswer = z.object({
  surveyId: z.number().int(),
  headline: z.string(),
  url: z.string().describe("the stored survey"),
});

const demoBody = z
  .object({
    seed: z.number().int().default(2024),
    sizePx: z.number().int().min(200).max(2000).default(600).describe("scene size in 10 m pixels"),
    n: z.number().int().min(100).max(5000).default(300).describe("sample size"),
    errorRate: z.number().min(0).max(0.5).default(0.03).describe("probability that a simulated interpreter mislabels a unit"),
  })
  .strict();

/** A queued run as /v1/survey-runs answers it (running until stored or failed). */
function asSurveyRun(job: SurveyRunJob): SurveyRun {
  const status: SurveyRun["status"] =
    job.state === "stored" ? "stored" : job.state === "failed" || job.state === "cancelled" || job.state === "needs-labels" ? "failed" : "running";
  return {
    runId: job.id,
    status,
    startedAt: job.createdAt,
    finishedAt: job.finishedAt,
    tiles: job.tiles.total === null ? null : { done: job.tiles.done, total: job.tiles.total },
    surveyId: job.surveyId,
    headline: job.headline,
    url: job.surveyId === null ? null : `/v1/surveys/${job.surveyId}`,
    error: job.state === "needs-labels" ? "the survey stopped before an estimate (no reference labels)" : job.error,
  };
}

export function surveyRunRoutes({ store, config: apiConfig, tilePool, surveyRuns, queue }: EndpointDeps): AnyRoute[] {
  const runs = surveyRuns ?? createSurveyRunRegistry();
  let running = false;
  /** Run `work` in a fresh temporary folder, one run at a time. */
  const exclusive = async <T>(work: (dir: string) => Promise<T>): Promise<T> => {
    if (running) throw new ConflictError("a survey is already running on this server; try again when it has finished");
    running = true;
    const dir = mkdtempSync(join(tmpdir(), "coca-api-survey-"));
    try {
      return await work(dir);
    } finally {
      running = false;
      rmSync(dir, { recursive: true, force: true });
    }
  };
  return [
    defineRoute({
      method: "post",
      path: "/v1/surveys/demo",
      operationId: "runDemoSurvey",
      summary: "Run the demo survey on a simulated scene with simulated interpreters (analyst); labelled SIMULATED everywhere",
      tag: "surveys",
      role: "analyst",
      audit: "surveys.run-demo",
      body: demoBody,
      responses: { 201: { description: "the stored survey", schema: runAnswer } },
      handler: async (c, { body, auditTarget }) => {
        if (runs.running().length > 0) throw new ConflictError("a survey is already running on this server; try again when it has finished");
        const result = await exclusive((dir) =>
          runDemoSurvey({ store, pool: tilePool, outDir: dir, seed: body.seed, sizePx: body.sizePx, n: body.n, errorRate: body.errorRate }),
        );
        auditTarget(`survey ${result.surveyId}`);
        return c.json({ surveyId: result.surveyId, headline: result.headline, url: `/v1/surveys/${result.surveyId}` }, 201);
      },
    }),
    defineRoute({
      method: "post",
      path: "/v1/surveys",
      operationId: "runSurvey",
      summary:
        "Start a survey from a config (admin): answers 202 with a run to poll at once; scenes, model or training labels, regions and reference labels are paths on the server",
      description:
        "The body is the survey config as `coca survey run` reads it (JSON). Paths are resolved against the server's data root (coca serve --data-root) " +
        "and must lie inside it, symbolic links included; a server without a data root refuses (403). " +
        "outDir is ignored (a temporary folder is used). A config without reference labels is refused: a survey must end in a stored estimate. " +
        "The config is checked before the answer (400); the run then goes on in the server (tiles on its own threads, or on `coca worker` machines " +
        "when the server was started with --queue): poll GET /v1/survey-runs/{runId} until its status is stored or failed.",
      tag: "surveys",
      role: "admin",
      audit: "surveys.run",
      body: z.object({ config: z.record(z.string(), z.unknown()) }).strict(),
      responses: { 202: { description: "the run, started", schema: surveyRunSchema } },
      handler: async (c, { body, auditTarget }) => {
        // With a queue, surveys run on the workers: several at once, none in this process.
        if (!queue && (runs.running().length > 0 || running))
          throw new ConflictError("a survey is already running on this server; try again when it has finished");
        const dir = queue ? join(tmpdir(), `coca-api-survey-${randomBytes(6).toString("hex")}`) : mkdtempSync(join(tmpdir(), "coca-api-survey-"));
        let config;
        try {
          const root = apiConfig.dataRoot;
          // Relative paths resolve against the data root; every path must lie inside it (checked before any read).
          config = validateSurveyConfig(
            { ...body.config, outDir: queue ? dir : join(dir, "survey") },
            join(root ?? "/nonexistent-data-root", "request-body.json"),
          );
          if (root === undefined) {
            throw new HttpProblem(403, "this server runs surveys from configs only on files under its data root, and has none (coca serve --data-root DIR)");
          }
          checkConfigUnderDataRoot(config, root);
          if (!config.labels)
            throw new HttpProblem(400, "the config has no reference labels (labels): the survey would stop at its sample design", {
              field: "body.config.labels",
            });
        } catch (error) {
          rmSync(dir, { recursive: true, force: true });
          throw error;
        }
        const checked = config;
        if (queue) {
          const runId = await enqueueSurveyRun(queue, { config: checked, store: store.location, discardOutDir: true });
          auditTarget(runId);
          c.header("location", `/v1/jobs/${runId}`);
          return c.json(asSurveyRun(await getSurveyRunJob(queue, runId)), 202);
        }
        const run = runs.start(async (onTiles) => {
          try {
            const result = await runSurvey({ store, config: checked, pool: tilePool, onTiles });
            if (result.status !== "stored") throw new Error("the survey stopped before an estimate (no reference labels)");
            return { surveyId: result.surveyId, headline: result.headline };
          } finally {
            rmSync(dir, { recursive: true, force: true });
          }
        });
        auditTarget(run.runId);
        c.header("location", `/v1/survey-runs/${run.runId}`);
        return c.json(run, 202);
      },
    }),
    defineRoute({
      method: "get",
      path: "/v1/survey-runs/:runId",
      operationId: "getSurveyRun",
      summary: "A survey run started with POST /v1/surveys: running (with tiles classified so far), stored (with the survey) or failed (with the error)",
      tag: "surveys",
      params: z.object({ runId: z.string().regex(/^run_[0-9a-f]{12}$/, "a run id as POST /v1/surveys answers it (run_ and 12 hex digits)") }),
      responses: { 200: { description: "the run", schema: surveyRunSchema } },
      handler: async (c, { params }) => {
        const run = runs.get(params.runId);
        if (run) return c.json(run);
        if (queue) return c.json(asSurveyRun(await getSurveyRunJob(queue, params.runId)));
        throw new NotFoundError(`survey run ${params.runId} not found on this server (runs are kept in its memory)`);
      },
    }),
  ];
}
