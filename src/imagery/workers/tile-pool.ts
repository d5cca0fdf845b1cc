/**
 * @module imagery/workers/tile-pool
 * A pool that runs tile jobs on worker threads (piscina), one per core by default. Size 0 runs jobs
 * inline on the calling thread (tests, tiny scenes), with identical results.
 */
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";
import { clearTileCaches, runTileJob } from "./run-tile-job.ts";
import type { TileJob, TileResult } from "./tile-job.ts";

export interface TilePool {
  /** Worker threads (0 = inline). */
  readonly size: number;
  run(job: TileJob, signal?: AbortSignal): Promise<TileResult>;
  close(): Promise<void>;
}

// Compiled (dist/…/tile-pool.js): workers load the compiled worker module directly, no transpiler. From the
// TypeScript sources (tsx, vitest): the .mjs entry registers tsx in the worker first.
const ENTRY = fileURLToPath(new URL(import.meta.url.endsWith(".js") ? "./tile-worker.js" : "./tile-worker-entry.mjs", import.meta.url));

/** The default pool size: every core. */
export function defaultPoolSize(): number {
  return availableParallelism();
}

/**
 * Run `fn` with a pool of `size` workers (default: all cores; 0 = inline), closed when `fn` settles.
 * What a shell does: create the pool, pass it to classifyScene, close it.
 */
export async function withTilePool<T>({ size }: { size?: number }, fn: (pool: TilePool) => Promise<T>): Promise<T> {
  const pool = createTilePool({ size });
  try {
    return await fn(pool);
  } finally {
    await pool.close();
  }
}

/** Create a pool of `size` workers (default: all cores; 0 = inline). */
export function createTilePool({ size = defaultPoolSize() }: { size?: number } = {}): TilePool {
  if (!Number.isInteger(size) || size < 0) throw new RangeError(`pool size must be a whole number >= 0, got ${size}`);
  if (size === 0) {
    return {
      size: 0,
      async run(job, signal) {
        signal?.throwIfAborted();
        return runTileJob(job);
      },
      close: clearTileCaches,
    };
  }
  // Two tasks per worker: one tile's reads and inflates (on the thread pool) overlap another tile's features and prediction.
  const piscina = new Piscina({ filename: ENTRY, minThreads: size, maxThreads: size, idleTimeout: 1000, concurrentTasksPerWorker: 2 });
  return {
    size,
    async run(job, signal) {
      return (await piscina.run(job, { signal })) as TileResult;
    },
    async close() {
      await piscina.destroy();
    },
  };
}
