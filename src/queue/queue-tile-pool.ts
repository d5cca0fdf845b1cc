/**
 * @module queue/queue-tile-pool
 * A TilePool whose tiles run on other machines: `run(job)` sends the job to the tile queue (its id made
 * from the job's digest, so the same tile is one job however often it is sent) and answers when a worker
 * has stored its result. classifyScene uses it like the local pool; the class map is assembled here from
 * exactly one result per tile, so it is the same, byte for byte.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { DataError } from "../domain/errors.ts";
import type { TileJob, TileResult } from "../imagery/workers/tile-job.ts";
import type { TilePool } from "../imagery/workers/tile-pool.ts";
import { digestUuid, tileJobDigest } from "./tile-digest.ts";
import { TILE_QUEUE, type TileQueue } from "./tile-queue.ts";

export interface QueueTilePoolOptions {
  /** Tiles kept in the queue at once by this run; classifyScene keeps 3 x size in flight (default 8). */
  size?: number;
  /** How often a waiting tile looks for its result (default 250 ms). */
  pollMs?: number;
}

/** The stored result of a tile, or undefined. */
export async function readTileResult(queue: TileQueue, digest: string): Promise<TileResult | undefined> {
  const r = await queue.pool.query<{ tile_col: number; tile_row: number; counts: string; classes: Buffer }>(
    "select tile_col, tile_row, counts, classes from coca_queue.tile_results where digest = $1",
    [digest],
  );
  const row = r.rows[0];
  if (!row) return undefined;
  return { tileCol: row.tile_col, tileRow: row.tile_row, counts: JSON.parse(row.counts) as number[], classes: new Uint8Array(row.classes) };
}

export function createQueueTilePool(queue: TileQueue, { size = 8, pollMs = 250 }: QueueTilePoolOptions = {}): TilePool {
  const sendOptions = {
    retryLimit: queue.options.retryLimit,
    retryDelay: queue.options.retryDelaySeconds,
    retryBackoff: true,
    expireInSeconds: queue.options.expireInSeconds,
  };
  /** Read a tile's result once: the row is removed as it is taken (a late duplicate may leave one behind, never a second count). */
  const take = async (digest: string): Promise<TileResult | undefined> => {
    const result = await readTileResult(queue, digest);
    if (result) await queue.pool.query("delete from coca_queue.tile_results where digest = $1", [digest]);
    return result;
  };
  return {
    size,
    async run(job: TileJob, signal?: AbortSignal): Promise<TileResult> {
      signal?.throwIfAborted();
      const digest = tileJobDigest(job);
      const done = await take(digest);
      if (done) return done;
      let id = digestUuid(digest);
      const sent = await queue.boss.send(TILE_QUEUE, { digest, job }, { id, ...sendOptions });
      if (sent === null) {
        // The job exists already: running for another caller (wait for it), or ended (send the tile again under a new id).
        const existing = await queue.boss.getJobById(TILE_QUEUE, id);
        if (existing && !["created", "retry", "active"].includes(existing.state)) {
          id = (await queue.boss.send(TILE_QUEUE, { digest, job }, sendOptions))!;
        }
      }
      for (;;) {
        signal?.throwIfAborted();
        await sleep(pollMs);
        const result = await take(digest);
        if (result) return result;
        const state = await queue.boss.getJobById(TILE_QUEUE, id);
        if (state?.state === "failed") {
          const output = state.output as { message?: string } | null;
          throw new DataError(
            `tile ${job.output.tileCol},${job.output.tileRow} of ${job.scene.ref} failed on the workers after ${state.retryCount} retries: ${output?.message ?? "no message"}`,
          );
        }
        if (state?.state === "cancelled") throw new DataError(`tile ${job.output.tileCol},${job.output.tileRow} of ${job.scene.ref} was cancelled`);
        if (state?.state === "completed" && !(await readTileResult(queue, digest))) {
          // Completed, and its result taken by another caller of the same tile: run it again for this one.
          id = (await queue.boss.send(TILE_QUEUE, { digest, job }, sendOptions))!;
        }
      }
    },
    async close() {},
  };
}
