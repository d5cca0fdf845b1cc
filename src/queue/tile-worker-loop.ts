/**
 * @module queue/tile-worker-loop
 * What `coca worker` runs: take tile jobs from the queue, classify each on this machine's tile pool,
 * then store the result and complete the job in one transaction (so a tile is never completed without
 * its result). A result already stored for the digest is kept (`on conflict do nothing`): a tile
 * delivered twice is counted once.
 */
import { hostname } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import type PgBoss from "pg-boss";
import type { TileJob } from "../imagery/workers/tile-job.ts";
import type { TilePool } from "../imagery/workers/tile-pool.ts";
import { tileJobDigest } from "./tile-digest.ts";
import { TILE_QUEUE, type TileQueue } from "./tile-queue.ts";
import { countTileDone, failRunsOfTile } from "./survey-runs.ts";

export interface TileJobData {
  digest: string;
  job: TileJob;
}

export interface WorkerEvent {
  kind: "start" | "done" | "failed";
  digest: string;
  tile: [number, number];
  scene: string;
  seconds: number;
  message?: string;
}

export interface TileWorker {
  /** Stop taking jobs, finish the ones running, and disconnect the workers (not the queue). */
  stop(): Promise<void>;
}

/** Work the tile queue with `concurrency` jobs at a time on `pool`. */
export async function startTileWorker(
  queue: TileQueue,
  {
    pool,
    concurrency,
    name = `${hostname()}:${process.pid}`,
    pollingIntervalSeconds = 0.5,
    onEvent,
    stallMs = 0,
  }: {
    pool: TilePool;
    concurrency: number;
    name?: string;
    pollingIntervalSeconds?: number;
    onEvent?: (e: WorkerEvent) => void;
    /** Wait this long before each tile: tests use it to kill a worker in the middle of a tile. */
    stallMs?: number;
  },
): Promise<TileWorker> {
  const handler = async (jobs: PgBoss.JobWithMetadata<TileJobData>[]) => {
    for (const j of jobs) {
      const started = performance.now();
      const { job } = j.data;
      const digest = tileJobDigest(job);
      const tile: [number, number] = [job.output.tileCol, job.output.tileRow];
      onEvent?.({ kind: "start", digest, tile, scene: job.scene.ref, seconds: 0 });
      try {
        if (stallMs > 0) await sleep(stallMs);
        if (digest !== j.data.digest) throw new Error(`job ${j.id}: digest ${j.data.digest} does not match its tile job (${digest})`);
        const result = await pool.run(job);
        const client = await queue.pool.connect();
        try {
          await client.query("begin");
          await client.query(
            `insert into coca_queue.tile_results (digest, job_id, tile_col, tile_row, counts, classes, worker)
             values ($1, $2, $3, $4, $5, $6, $7) on conflict (digest) do nothing`,
            [
              digest,
              j.id,
              result.tileCol,
              result.tileRow,
              JSON.stringify(result.counts),
              Buffer.from(result.classes.buffer, result.classes.byteOffset, result.classes.byteLength),
              name,
            ],
          );
          await queue.boss.complete(TILE_QUEUE, j.id, { digest, worker: name }, { db: { executeSql: (text, values) => client.query(text, values) } });
          // Counted for its survey run in the same transaction: the last tile sends the run's assembly.
          await countTileDone(queue, client, digest);
          await client.query("commit");
        } catch (error) {
          await client.query("rollback").catch(() => {});
          throw error;
        } finally {
          client.release();
        }
        onEvent?.({ kind: "done", digest, tile, scene: job.scene.ref, seconds: (performance.now() - started) / 1000 });
      } catch (error) {
        onEvent?.({ kind: "failed", digest, tile, scene: job.scene.ref, seconds: (performance.now() - started) / 1000, message: (error as Error).message });
        if (j.retryCount >= j.retryLimit) {
          const message = `tile ${tile.join(",")} of ${job.scene.ref} failed on the workers after ${j.retryCount} retries: ${(error as Error).message}`;
          await failRunsOfTile(queue, digest, message).catch(() => {});
        }
        throw error;
      }
    }
  };
  const ids: string[] = [];
  for (let i = 0; i < Math.max(1, concurrency); i++) {
    // After a tile, look for the next one at once: pg-boss otherwise waits out the polling interval after every fetch.
    let id = "";
    id = await queue.boss.work<TileJobData>(TILE_QUEUE, { batchSize: 1, pollingIntervalSeconds, includeMetadata: true }, async (jobs) => {
      await handler(jobs);
      if (id) queue.boss.notifyWorker(id);
    });
    ids.push(id);
  }
  return {
    async stop() {
      for (const id of ids) await queue.boss.offWork({ id });
    },
  };
}
