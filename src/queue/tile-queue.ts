/**
 * @module queue/tile-queue
 * The survey's tile queue on pg-boss, on the team's PostgreSQL (the store's database or another one):
 * one queue `coca-tile` of plain-data tile jobs (imagery/workers/tile-job.ts), and a table of their
 * results `coca_queue.tile_results` keyed by the job's digest. A worker writes a tile's result and
 * completes its job in one transaction; the coordinator (the survey run) reads exactly one result per tile.
 *
 * Delivery is at least once: a job whose worker dies is expired by pg-boss's supervisor after
 * `expireInSeconds` and retried (with backoff, up to `retryLimit`), elsewhere if another worker is faster.
 */
import pg from "pg";
import PgBoss from "pg-boss";
import { DataError } from "../domain/errors.ts";
import { redactUrl } from "../store/open-store.ts";
import { SURVEY_QUEUE, SURVEY_RUN_DDL, surveyJobOptions } from "./survey-runs.ts";

export const TILE_QUEUE = "coca-tile";

export interface TileQueueOptions {
  /** How long a tile may stay active before it is taken for lost and retried (default 600 s). */
  expireInSeconds?: number;
  /** Retries after a failure or an expiry (default 3), with exponential backoff from `retryDelaySeconds`. */
  retryLimit?: number;
  retryDelaySeconds?: number;
  /** How often the supervisor looks for expired tiles (default 30 s; at least 1). */
  maintenanceIntervalSeconds?: number;
}

export interface TileQueue {
  readonly url: string;
  readonly boss: PgBoss;
  /** Connections for the results table. */
  readonly pool: pg.Pool;
  readonly options: Required<TileQueueOptions>;
  close(): Promise<void>;
}

const SCHEMA_LOCK = 0x636f6371; // "cocq"

/** Connect to the queue at a postgres:// URL, creating pg-boss's schema and the results table when missing. */
export async function openTileQueue(url: string, options: TileQueueOptions = {}): Promise<TileQueue> {
  const shown = redactUrl(url);
  const resolved: Required<TileQueueOptions> = {
    expireInSeconds: options.expireInSeconds ?? 600,
    retryLimit: options.retryLimit ?? 3,
    retryDelaySeconds: options.retryDelaySeconds ?? 2,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 30,
  };
  const pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 10_000 });
  pool.on("error", () => {});
  try {
    const client = await pool.connect();
    try {
      await client.query("select pg_advisory_lock($1)", [SCHEMA_LOCK]);
      await client.query("create schema if not exists coca_queue");
      await client.query(`create table if not exists coca_queue.tile_results (
        digest text primary key,
        job_id uuid not null,
        tile_col integer not null,
        tile_row integer not null,
        counts text not null,
        classes bytea not null,
        worker text not null,
        finished_at timestamptz not null default now()
      )`);
      for (const ddl of SURVEY_RUN_DDL) await client.query(ddl);
      await client.query("select pg_advisory_unlock($1)", [SCHEMA_LOCK]);
    } finally {
      client.release();
    }
  } catch (cause) {
    await pool.end().catch(() => {});
    throw new DataError(`cannot open the tile queue at ${shown}: ${(cause as Error).message}`, { cause });
  }
  const boss = new PgBoss({
    connectionString: url,
    max: 4,
    maintenanceIntervalSeconds: resolved.maintenanceIntervalSeconds,
  });
  boss.on("error", (error) => {
    if (process.env.COCA_DEBUG) process.stderr.write(`coca: tile queue: ${error.message}\n`);
  });
  try {
    await boss.start();
    await boss.createQueue(TILE_QUEUE, {
      name: TILE_QUEUE,
      retryLimit: resolved.retryLimit,
      retryDelay: resolved.retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: resolved.expireInSeconds,
    });
    await boss.createQueue(SURVEY_QUEUE, { name: SURVEY_QUEUE, ...surveyJobOptions() });
  } catch (cause) {
    await boss.stop({ graceful: false, wait: true }).catch(() => {});
    await pool.end().catch(() => {});
    throw new DataError(`cannot start the tile queue at ${shown}: ${(cause as Error).message}`, { cause });
  }
  return {
    url: shown,
    boss,
    pool,
    options: resolved,
    async close() {
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
      await pool.end();
    },
  };
}
