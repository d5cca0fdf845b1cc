/**
 * @module queue/with-queue-pool
 * What a shell does to classify on `coca worker` machines instead of its own threads: open the queue,
 * make a queue-backed TilePool, hand it to the survey, close both. `withTilePoolFor` picks between that and
 * the local pool from the command's options.
 */
import { withTilePool, type TilePool } from "../imagery/workers/tile-pool.ts";
import { createQueueTilePool } from "./queue-tile-pool.ts";
import { openTileQueue } from "./tile-queue.ts";

/** Run `fn` with a pool whose tiles go through the queue at `url`; `size` tiles in flight x 3 (classifyScene). */
export async function withQueueTilePool<T>(url: string, { size = 8 }: { size?: number }, fn: (pool: TilePool) => Promise<T>): Promise<T> {
  const queue = await openTileQueue(url);
  const pool = createQueueTilePool(queue, { size });
  try {
    return await fn(pool);
  } finally {
    await pool.close().catch(() => {});
    await queue.close();
  }
}

/** The queue when `queueUrl` is given, else local worker threads (`size`; 0 = inline). */
export function withTilePoolFor<T>({ queueUrl, size }: { queueUrl?: string; size?: number }, fn: (pool: TilePool) => Promise<T>): Promise<T> {
  return queueUrl ? withQueueTilePool(queueUrl, { size }, fn) : withTilePool({ size }, fn);
}
