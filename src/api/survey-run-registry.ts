/**
 * @module api/survey-run-registry
 * Survey runs started over HTTP and followed by polling: `POST /v1/surveys` answers 202 with a run id at
 * once, the run goes on in the server, and `GET /v1/survey-runs/:id` tells how far it is (tiles classified)
 * and, at the end, the stored survey or the error. Runs are kept in this server's memory (the newest
 * `keep`); the stored survey itself is in the store like any other.
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";

export const surveyRunSchema = z.object({
  runId: z.string(),
  status: z.enum(["running", "stored", "failed"]),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  tiles: z.object({ done: z.number().int(), total: z.number().int() }).nullable().describe("tiles classified so far, once classification has started"),
  surveyId: z.number().int().nullable(),
  headline: z.string().nullable(),
  url: z.string().nullable().describe("the stored survey, once stored"),
  error: z.string().nullable(),
});
export type SurveyRun = z.infer<typeof surveyRunSchema>;

export interface SurveyRunRegistry {
  /** Start `work` in the background and answer its run at once. */
  start(work: (onTiles: (done: number, total: number) => void) => Promise<{ surveyId: number; headline: string }>): SurveyRun;
  get(runId: string): SurveyRun | undefined;
  /** The runs still running. */
  running(): SurveyRun[];
  /** Resolves when every run has settled (tests, shutdown). */
  settled(): Promise<void>;
}

export function createSurveyRunRegistry({ keep = 100 }: { keep?: number } = {}): SurveyRunRegistry {
  const runs = new Map<string, SurveyRun>();
  const pending = new Set<Promise<void>>();
  return {
    start(work) {
      const run: SurveyRun = {
        runId: `run_${randomBytes(6).toString("hex")}`,
        status: "running",
        startedAt: new Date().toISOString(),
        finishedAt: null,
        tiles: null,
        surveyId: null,
        headline: null,
        url: null,
        error: null,
      };
      runs.set(run.runId, run);
      while (runs.size > keep) runs.delete(runs.keys().next().value!);
      const p = Promise.resolve()
        .then(() => work((done, total) => (run.tiles = { done, total })))
        .then(
          ({ surveyId, headline }) => Object.assign(run, { status: "stored", surveyId, headline, url: `/v1/surveys/${surveyId}` }),
          (error: unknown) => Object.assign(run, { status: "failed", error: error instanceof Error ? error.message : String(error) }),
        )
        .then(() => {
          run.finishedAt = new Date().toISOString();
        })
        .finally(() => pending.delete(p));
      pending.add(p);
      return { ...run };
    },
    get(runId) {
      const r = runs.get(runId);
      return r ? { ...r, tiles: r.tiles ? { ...r.tiles } : null } : undefined;
    },
    running() {
      return [...runs.values()].filter((r) => r.status === "running").map((r) => ({ ...r }));
    },
    async settled() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}
