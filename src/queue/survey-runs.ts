/**
 * @module queue/survey-runs
 * Survey runs through the queue, from start to stored survey without the process that started them:
 *
 * 1. `enqueueSurveyRun` records the run (`coca_queue.survey_runs`) and sends a `prepare` job to the `coca-survey` queue;
 * 2. a worker's prepare pass (queue/survey-worker.ts) records every tile of the run in `coca_queue.run_tiles` and sends
 *    its tile job, then sets the run's tile total;
 * 3. each tile worker stores the tile's result, completes its job and counts the tile done for its run, in one
 *    transaction (`countTileDone`); a tile delivered twice is counted once (`done_at is null`). The transaction that
 *    makes `tiles_done = tiles_total` (the last tile, or the end of the prepare pass if every tile was already done)
 *    sends the run's `assemble` job, under an id made from the run id, so it is sent once;
 * 4. a worker's assemble pass reads exactly one result per tile, mosaics, estimates and stores the survey.
 *
 * The run's row says how far it is (state, tiles done / total, the survey, the error): `coca jobs`, `GET /v1/jobs/:id`.
 */
import { randomBytes } from "node:crypto";
import type pg from "pg";
import { NotFoundError } from "../domain/errors.ts";
import type { SurveyConfig } from "../domain/survey-config.ts";
import { digestUuid } from "./tile-digest.ts";
import { TILE_QUEUE, type TileQueue } from "./tile-queue.ts";
import { createHash } from "node:crypto";

export const SURVEY_QUEUE = "coca-survey";

export const SURVEY_RUN_STATES = ["queued", "preparing", "classifying", "assembling", "stored", "needs-labels", "failed", "cancelled"] as const;
export type SurveyRunState = (typeof SURVEY_RUN_STATES)[number];
export const FINAL_STATES: readonly SurveyRunState[] = ["stored", "needs-labels", "failed", "cancelled"];

/** A survey run as its row has it. */
export interface SurveyRunJob {
  id: string;
  state: SurveyRunState;
  /** The store the survey goes to (without password). */
  store: string;
  name: string | null;
  tiles: { done: number; total: number | null };
  surveyId: number | null;
  headline: string | null;
  error: string | null;
  /** For a run without reference labels: where its sample was written, and what to do next. */
  result: unknown;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

/** What a survey job carries: the run id and which pass. */
export interface SurveyJobData {
  runId: string;
  pass: "prepare" | "assemble";
}

/** DDL of the run tables (queue/tile-queue.ts runs it under its schema lock). */
export const SURVEY_RUN_DDL = [
  `create table if not exists coca_queue.survey_runs (
    run_id text primary key,
    state text not null,
    store text not null,
    name text,
    config_json text not null,
    config_path text,
    work_dir text not null,
    pool_size integer not null,
    discard_out boolean not null default false,
    tiles_done integer not null default 0,
    tiles_total integer,
    survey_id integer,
    headline text,
    error text,
    result_json text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    finished_at timestamptz
  )`,
  `create table if not exists coca_queue.run_tiles (
    run_id text not null references coca_queue.survey_runs (run_id) on delete cascade,
    digest text not null,
    job_id uuid not null,
    done_at timestamptz,
    primary key (run_id, digest)
  )`,
  `create index if not exists run_tiles_digest on coca_queue.run_tiles (digest)`,
];

/** A SQL runner: the queue's pool, or a client inside a transaction. */
type Sql = Pick<pg.Pool | pg.PoolClient, "query">;
const dbOf = (client: Sql) => ({ executeSql: (text: string, values: unknown[]) => client.query(text, values) });

/** The assemble job's id: made from the run id, so that however many transactions try, one job is sent. */
export function assembleJobId(runId: string): string {
  return digestUuid(createHash("sha256").update(`assemble:${runId}`).digest("hex"));
}

export interface EnqueueSurveyRun {
  config: SurveyConfig;
  configPath?: string;
  /** The store location the survey is written to, as `Store.location` shows it (without password). */
  store: string;
  /** The working folder of the run (must be seen by every worker when the run trains its model); default beside outDir. */
  workDir?: string;
  /** Tiles in flight in the planning pass; fixes the tile size of small scenes (default 8). */
  poolSize?: number;
  /** Remove the survey's folder once it is stored (runs over HTTP: what is kept is what the store keeps). */
  discardOutDir?: boolean;
}

/** Record a run and send its prepare job. Returns the run id (`run_` and 12 hex digits). */
export async function enqueueSurveyRun(queue: TileQueue, run: EnqueueSurveyRun): Promise<string> {
  const id = `run_${randomBytes(6).toString("hex")}`;
  const workDir = run.workDir ?? `${run.config.outDir.replace(/\/+$/, "")}.${id}.work`;
  const client = await queue.pool.connect();
  try {
    await client.query("begin");
    await client.query(
      `insert into coca_queue.survey_runs (run_id, state, store, name, config_json, config_path, work_dir, pool_size, discard_out)
       values ($1, 'queued', $2, $3, $4, $5, $6, $7, $8)`,
      [id, run.store, run.config.name ?? null, JSON.stringify(run.config), run.configPath ?? null, workDir, run.poolSize ?? 8, run.discardOutDir ?? false],
    );
    await queue.boss.send(SURVEY_QUEUE, { runId: id, pass: "prepare" } satisfies SurveyJobData, { ...surveyJobOptions(), db: dbOf(client) });
    await client.query("commit");
  } catch (error) {
    await client.query("rollback").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
  return id;
}

/** Survey passes may be long (training, mosaic, estimates): an hour before one is taken for lost; 2 retries. */
export function surveyJobOptions() {
  return { retryLimit: 2, retryDelay: 2, retryBackoff: true, expireInSeconds: 3600 };
}

export interface SurveyRunRow {
  run_id: string;
  state: SurveyRunState;
  store: string;
  name: string | null;
  config_json: string;
  config_path: string | null;
  work_dir: string;
  pool_size: number;
  discard_out: boolean;
  tiles_done: number;
  tiles_total: number | null;
  survey_id: number | null;
  headline: string | null;
  error: string | null;
  result_json: string | null;
  created_at: Date;
  updated_at: Date;
  finished_at: Date | null;
}

export async function surveyRunRow(db: Sql, runId: string): Promise<SurveyRunRow | undefined> {
  const r = await db.query<SurveyRunRow>("select * from coca_queue.survey_runs where run_id = $1", [runId]);
  return r.rows[0];
}

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

function jobOf(r: SurveyRunRow): SurveyRunJob {
  return {
    id: r.run_id,
    state: r.state,
    store: r.store,
    name: r.name,
    tiles: { done: r.tiles_done, total: r.tiles_total },
    surveyId: r.survey_id,
    headline: r.headline,
    error: r.error,
    result: r.result_json ? JSON.parse(r.result_json) : null,
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
    finishedAt: iso(r.finished_at),
  };
}

/** A run by id. @throws NotFoundError */
export async function getSurveyRunJob(queue: TileQueue, runId: string): Promise<SurveyRunJob> {
  const r = /^run_[0-9a-f]{12}$/.test(runId) ? await surveyRunRow(queue.pool, runId) : undefined;
  if (!r) throw new NotFoundError(`no survey run ${runId} in the queue (see coca jobs list)`);
  return jobOf(r);
}

/** Runs, newest first. */
export async function listSurveyRunJobs(queue: TileQueue, { limit = 50 }: { limit?: number } = {}): Promise<SurveyRunJob[]> {
  const r = await queue.pool.query<SurveyRunRow>("select * from coca_queue.survey_runs order by created_at desc, run_id limit $1", [limit]);
  return r.rows.map(jobOf);
}

/** Set a run's state (and more columns); a run already in a final state is left as it is. Returns whether it changed. */
export async function setRunState(
  db: Sql,
  runId: string,
  state: SurveyRunState,
  more: Partial<Record<"survey_id" | "headline" | "error" | "result_json", unknown>> = {},
): Promise<boolean> {
  const cols = Object.keys(more);
  const sets = cols.map((c, i) => `, ${c} = $${i + 3}`).join("");
  const final = FINAL_STATES.includes(state) ? ", finished_at = now()" : "";
  const r = await db.query(
    `update coca_queue.survey_runs set state = $2, updated_at = now()${final}${sets}
      where run_id = $1 and state not in ('stored', 'needs-labels', 'failed', 'cancelled')`,
    [runId, state, ...cols.map((c) => more[c as keyof typeof more])],
  );
  return (r.rowCount ?? 0) > 0;
}

/** Record a tile of a run before its job is sent (idempotent: a retried planning pass records it again). */
export async function recordRunTile(db: Sql, runId: string, digest: string, jobId: string): Promise<void> {
  await db.query("insert into coca_queue.run_tiles (run_id, digest, job_id) values ($1, $2, $3) on conflict do nothing", [runId, digest, jobId]);
}

/** Send the run's assemble job once the run is classifying and every tile is done; in the caller's transaction. */
async function assembleWhenComplete(
  queue: TileQueue,
  client: Sql,
  row: { run_id: string; tiles_done: number; tiles_total: number | null; state: string },
): Promise<boolean> {
  if (row.state !== "classifying" || row.tiles_total === null || row.tiles_done < row.tiles_total) return false;
  const changed = await client.query("update coca_queue.survey_runs set state = 'assembling', updated_at = now() where run_id = $1 and state = 'classifying'", [
    row.run_id,
  ]);
  if ((changed.rowCount ?? 0) === 0) return false;
  await queue.boss.send(SURVEY_QUEUE, { runId: row.run_id, pass: "assemble" } satisfies SurveyJobData, {
    ...surveyJobOptions(),
    id: assembleJobId(row.run_id),
    db: dbOf(client),
  });
  return true;
}

/**
 * Count a finished tile for the runs it belongs to, in the tile worker's transaction (after its result is stored).
 * A tile already counted is not counted again. Returns the runs whose assembly this tile started.
 */
export async function countTileDone(queue: TileQueue, client: pg.PoolClient, digest: string): Promise<string[]> {
  const r = await client.query<{ run_id: string; tiles_done: number; tiles_total: number | null; state: string }>(
    `with t as (update coca_queue.run_tiles set done_at = now() where digest = $1 and done_at is null returning run_id)
     update coca_queue.survey_runs r set tiles_done = r.tiles_done + 1, updated_at = now() from t where r.run_id = t.run_id
     returning r.run_id, r.tiles_done, r.tiles_total, r.state`,
    [digest],
  );
  const started: string[] = [];
  for (const row of r.rows) if (await assembleWhenComplete(queue, client, row)) started.push(row.run_id);
  return started;
}

/** End of the planning pass: the run's tile total, and its assembly at once if every tile is already done. */
export async function finishPlanning(queue: TileQueue, runId: string, total: number): Promise<void> {
  const client = await queue.pool.connect();
  try {
    await client.query("begin");
    const r = await client.query<{ run_id: string; tiles_done: number; tiles_total: number | null; state: string }>(
      `update coca_queue.survey_runs set tiles_total = $2, state = 'classifying', updated_at = now()
        where run_id = $1 and state in ('queued', 'preparing') returning run_id, tiles_done, tiles_total, state`,
      [runId, total],
    );
    if (r.rows[0]) await assembleWhenComplete(queue, client, r.rows[0]);
    await client.query("commit");
  } catch (error) {
    await client.query("rollback").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** A tile failed for good: the runs waiting for it fail, naming the tile. */
export async function failRunsOfTile(queue: TileQueue, digest: string, message: string): Promise<void> {
  const r = await queue.pool.query<{ run_id: string }>("select run_id from coca_queue.run_tiles where digest = $1", [digest]);
  for (const { run_id } of r.rows) await setRunState(queue.pool, run_id, "failed", { error: message });
}

/** Cancel a run: its state, and its tile jobs not yet done. Returns the tiles cancelled. @throws NotFoundError */
export async function cancelSurveyRun(queue: TileQueue, runId: string): Promise<{ state: SurveyRunState; tilesCancelled: number }> {
  const before = await getSurveyRunJob(queue, runId);
  if (FINAL_STATES.includes(before.state)) return { state: before.state, tilesCancelled: 0 };
  await setRunState(queue.pool, runId, "cancelled", { error: "cancelled" });
  const r = await queue.pool.query<{ id: string }>(
    `select j.id from pgboss.job j join coca_queue.run_tiles t on t.job_id = j.id
      where j.name = $1 and t.run_id = $2 and j.state in ('created', 'retry', 'active')`,
    [TILE_QUEUE, runId],
  );
  const ids = r.rows.map((x) => x.id);
  if (ids.length > 0) await queue.boss.cancel(TILE_QUEUE, ids);
  return { state: "cancelled", tilesCancelled: ids.length };
}

/** The digests of a run's tiles (its assembly reads their results, then removes them). */
export async function runDigests(db: Sql, runId: string): Promise<string[]> {
  const r = await db.query<{ digest: string }>("select digest from coca_queue.run_tiles where run_id = $1", [runId]);
  return r.rows.map((x) => x.digest);
}
