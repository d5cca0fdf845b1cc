/**
 * @module queue/survey-worker
 * The survey passes a `coca worker` takes from the `coca-survey` queue (see queue/survey-runs.ts):
 *
 * - prepare: the survey's stages up to classification (inputs, classifier), with a planning pool that records each
 *   tile for the run and sends its tile job instead of classifying it (the survey stops after the classify stage);
 * - assemble (sent by the last finished tile): the whole survey again in the same working folder, so every tile job
 *   and digest is the same, with a pool that answers each tile from its stored result (exactly one per tile); then
 *   mosaic, totals, design, estimates, production, and the survey is stored. The class map and estimates are those
 *   of the in-process run, byte for byte.
 *
 * A survey goes to the worker's own store, which must be the one the run names (a worker of another team's store
 * refuses the run). A bad config or a missing scene fails the run at once; other errors are retried.
 */
import { rmSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import type PgBoss from "pg-boss";
import { DataError, InputError, NotFoundError } from "../domain/errors.ts";
import type { SurveyConfig } from "../domain/survey-config.ts";
import type { TileJob, TileResult } from "../imagery/workers/tile-job.ts";
import type { TilePool } from "../imagery/workers/tile-pool.ts";
import type { Store } from "../store/store.ts";
import { runSurveyPass } from "../survey/run-survey.ts";
import { readTileResult } from "./queue-tile-pool.ts";
import {
  FINAL_STATES,
  SURVEY_QUEUE,
  finishPlanning,
  recordRunTile,
  runDigests,
  setRunState,
  surveyRunRow,
  type SurveyJobData,
  type SurveyRunRow,
} from "./survey-runs.ts";
import { digestUuid, tileJobDigest } from "./tile-digest.ts";
import { TILE_QUEUE, type TileQueue } from "./tile-queue.ts";

export interface SurveyWorkerEvent {
  kind: "prepared" | "stored" | "needs-labels" | "failed";
  runId: string;
  tiles?: number;
  surveyId?: number;
  message?: string;
}

/** A tile's placeholder in the planning pass: no class anywhere (the map of that pass is thrown away). */
function placeholder(job: TileJob): TileResult {
  const { x0, y0, x1, y1 } = job.window;
  return { tileCol: job.output.tileCol, tileRow: job.output.tileRow, classes: new Uint8Array((x1 - x0) * (y1 - y0)), counts: [] };
}

/** The planning pool: each tile recorded for the run and sent to the tile queue (its id from its digest). */
function planningPool(queue: TileQueue, row: SurveyRunRow): TilePool {
  const sendOptions = {
    retryLimit: queue.options.retryLimit,
    retryDelay: queue.options.retryDelaySeconds,
    retryBackoff: true,
    expireInSeconds: queue.options.expireInSeconds,
  };
  return {
    size: row.pool_size,
    async run(job) {
      const digest = tileJobDigest(job);
      const id = digestUuid(digest);
      await recordRunTile(queue.pool, row.run_id, digest, id);
      const sent = await queue.boss.send(TILE_QUEUE, { digest, job }, { id, ...sendOptions });
      if (sent === null) {
        // Sent by an earlier attempt of this pass: waiting or done is fine; failed or cancelled is sent anew.
        const existing = await queue.boss.getJobById(TILE_QUEUE, id);
        if (existing && (existing.state === "failed" || existing.state === "cancelled")) {
          const again = await queue.boss.send(TILE_QUEUE, { digest, job }, sendOptions);
          await queue.pool.query("update coca_queue.run_tiles set job_id = $3 where run_id = $1 and digest = $2", [row.run_id, digest, again]);
        }
      }
      return placeholder(job);
    },
    async close() {},
  };
}

/** The assembly pool: each tile answered from its stored result. */
function resultsPool(queue: TileQueue, row: SurveyRunRow): TilePool {
  return {
    size: row.pool_size,
    async run(job) {
      const digest = tileJobDigest(job);
      const result = await readTileResult(queue, digest);
      if (!result) {
        throw new DataError(
          `survey run ${row.run_id}: tile ${job.output.tileCol},${job.output.tileRow} of ${job.scene.ref} has no stored result ` +
            `(its job differs from the planning pass's: did the model or a scene change?)`,
        );
      }
      return result;
    },
    async close() {},
  };
}

async function prepare(queue: TileQueue, store: Store, row: SurveyRunRow): Promise<SurveyWorkerEvent> {
  await setRunState(queue.pool, row.run_id, "preparing");
  const config = JSON.parse(row.config_json) as SurveyConfig;
  const result = await runSurveyPass({
    store,
    config,
    configPath: row.config_path ?? undefined,
    pool: planningPool(queue, row),
    workDir: row.work_dir,
    planOnly: true,
  });
  const counted = await queue.pool.query<{ n: number }>("select count(*)::int as n from coca_queue.run_tiles where run_id = $1", [row.run_id]);
  const total = counted.rows[0]!.n;
  await finishPlanning(queue, row.run_id, total);
  return { kind: "prepared", runId: row.run_id, tiles: result.status === "tiles-planned" ? result.tiles : total };
}

async function assemble(queue: TileQueue, store: Store, row: SurveyRunRow): Promise<SurveyWorkerEvent> {
  const config = JSON.parse(row.config_json) as SurveyConfig;
  const result = await runSurveyPass({ store, config, configPath: row.config_path ?? undefined, pool: resultsPool(queue, row), workDir: row.work_dir });
  if (result.status === "tiles-planned") throw new Error("unreachable: the assembly pass planned tiles");
  if (result.status === "stored") {
    await setRunState(queue.pool, row.run_id, "stored", { survey_id: result.surveyId, headline: result.headline });
  } else {
    await setRunState(queue.pool, row.run_id, "needs-labels", {
      result_json: JSON.stringify({ sample: result.sample, units: result.units, message: result.message }),
    });
  }
  if (row.discard_out) rmSync(config.outDir, { recursive: true, force: true });
  const digests = await runDigests(queue.pool, row.run_id);
  await queue.pool.query("delete from coca_queue.tile_results where digest = any($1)", [digests]);
  return result.status === "stored"
    ? { kind: "stored", runId: row.run_id, surveyId: result.surveyId }
    : { kind: "needs-labels", runId: row.run_id, message: result.message };
}

const isFinalError = (error: unknown): boolean => error instanceof InputError || error instanceof DataError || error instanceof NotFoundError;

export interface SurveyWorker {
  stop(): Promise<void>;
}

/** Take survey passes (one at a time) from the queue and run them on `store`. */
export async function startSurveyWorker(
  queue: TileQueue,
  { store, onEvent, pollingIntervalSeconds = 0.5 }: { store: Store; onEvent?: (e: SurveyWorkerEvent) => void; pollingIntervalSeconds?: number },
): Promise<SurveyWorker> {
  const handle = async (j: PgBoss.JobWithMetadata<SurveyJobData>): Promise<void> => {
    const { runId, pass } = j.data;
    const row = await surveyRunRow(queue.pool, runId);
    if (!row || FINAL_STATES.includes(row.state)) return; // cancelled, or done by an earlier delivery
    try {
      if (row.store !== store.location) {
        throw new InputError(`survey run ${runId} stores into ${row.store}, but this worker's store is ${store.location} (start it with --db for that store)`);
      }
      onEvent?.(await (pass === "prepare" ? prepare(queue, store, row) : assemble(queue, store, row)));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (isFinalError(error) || j.retryCount >= j.retryLimit) {
        await setRunState(queue.pool, runId, "failed", { error: message });
        onEvent?.({ kind: "failed", runId, message });
        return; // the run records the failure; the job itself is done
      }
      throw error;
    }
  };
  let id = "";
  id = await queue.boss.work<SurveyJobData>(SURVEY_QUEUE, { batchSize: 1, pollingIntervalSeconds, includeMetadata: true }, async (jobs) => {
    for (const j of jobs) await handle(j);
    if (id) queue.boss.notifyWorker(id);
  });
  return {
    async stop() {
      await queue.boss.offWork({ id });
    },
  };
}

/** Poll a run until it reaches a final state (or `signal` aborts); `onProgress` sees each change. */
export async function waitForSurveyRun(
  queue: TileQueue,
  runId: string,
  { pollMs = 500, onProgress, signal }: { pollMs?: number; onProgress?: (row: SurveyRunRow) => void; signal?: AbortSignal } = {},
): Promise<SurveyRunRow> {
  let last = "";
  for (;;) {
    signal?.throwIfAborted();
    const row = await surveyRunRow(queue.pool, runId);
    if (!row) throw new NotFoundError(`no survey run ${runId} in the queue`);
    const stamp = `${row.state}:${row.tiles_done}:${row.tiles_total}`;
    if (stamp !== last) {
      last = stamp;
      onProgress?.(row);
    }
    if (FINAL_STATES.includes(row.state)) return row;
    await sleep(pollMs);
  }
}
