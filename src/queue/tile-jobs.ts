/**
 * @module queue/tile-jobs
 * What is in the tile queue, for `coca jobs`: tile jobs grouped by the class map they belong to (one scene of
 * one survey run: the job's output), one job in detail, and cancelling what is still to do. Reads pg-boss's
 * job table (`pgboss.job`, pg-boss 10) for the grouping; single jobs go through pg-boss's own calls.
 */
import { NotFoundError } from "../domain/errors.ts";
import type { TileJobData } from "./tile-worker-loop.ts";
import { TILE_QUEUE, type TileQueue } from "./tile-queue.ts";

export interface TileRunSummary {
  /** The class map the tiles are written into. */
  output: string;
  scene: string;
  tiles: number;
  created: number;
  retry: number;
  active: number;
  completed: number;
  failed: number;
  cancelled: number;
  firstCreatedAt: string;
  lastCompletedAt: string | null;
}

export interface TileJobDetail {
  id: string;
  state: string;
  output: string;
  scene: string;
  tile: [number, number];
  window: { x0: number; y0: number; x1: number; y1: number };
  retryCount: number;
  retryLimit: number;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
  /** The worker that completed it, or the error of its last failure. */
  result: unknown;
}

const iso = (d: Date | string | null | undefined): string | null => (d ? new Date(d).toISOString() : null);

/** Tile jobs per output, newest first. */
export async function listTileRuns(queue: TileQueue, { limit = 50 }: { limit?: number } = {}): Promise<TileRunSummary[]> {
  const r = await queue.pool.query(
    `select data->'job'->'output'->>'ref' as output, min(data->'job'->'scene'->>'ref') as scene,
            count(distinct data->>'digest')::int as tiles,
            count(*) filter (where state = 'created')::int as created, count(*) filter (where state = 'retry')::int as retry,
            count(*) filter (where state = 'active')::int as active, count(*) filter (where state = 'completed')::int as completed,
            count(*) filter (where state = 'failed')::int as failed, count(*) filter (where state = 'cancelled')::int as cancelled,
            min(created_on) as first_created, max(completed_on) as last_completed
       from pgboss.job where name = $1 group by 1 order by min(created_on) desc limit $2`,
    [TILE_QUEUE, limit],
  );
  return r.rows.map((row) => ({
    output: row.output,
    scene: row.scene,
    tiles: row.tiles,
    created: row.created,
    retry: row.retry,
    active: row.active,
    completed: row.completed,
    failed: row.failed,
    cancelled: row.cancelled,
    firstCreatedAt: iso(row.first_created)!,
    lastCompletedAt: iso(row.last_completed),
  }));
}

/** One tile job. @throws NotFoundError for an unknown id. */
export async function showTileJob(queue: TileQueue, id: string): Promise<TileJobDetail> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new NotFoundError(`no tile job ${id} (a job id is a UUID, see coca jobs list)`);
  const j = await queue.boss.getJobById<TileJobData>(TILE_QUEUE, id, { includeArchive: true });
  if (!j) throw new NotFoundError(`no tile job ${id} in the queue (see coca jobs list)`);
  const { job } = j.data;
  return {
    id: j.id,
    state: j.state,
    output: job.output.ref,
    scene: job.scene.ref,
    tile: [job.output.tileCol, job.output.tileRow],
    window: job.window,
    retryCount: j.retryCount,
    retryLimit: j.retryLimit,
    createdAt: iso(j.createdOn)!,
    startedAt: iso(j.startedOn),
    completedAt: iso(j.completedOn),
    result: j.output ?? null,
  };
}

/** Cancel the tiles of `output` not yet done (created, retry, active). Returns how many were cancelled. */
export async function cancelTileRun(queue: TileQueue, output: string): Promise<number> {
  const r = await queue.pool.query<{ id: string }>(
    `select id from pgboss.job where name = $1 and data->'job'->'output'->>'ref' = $2 and state in ('created', 'retry', 'active')`,
    [TILE_QUEUE, output],
  );
  const ids = r.rows.map((x) => x.id);
  if (ids.length > 0) await queue.boss.cancel(TILE_QUEUE, ids);
  return ids.length;
}
