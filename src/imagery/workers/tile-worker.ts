/**
 * @module imagery/workers/tile-worker
 * The piscina worker: runs the tile jobs posted by the pool (see tile-pool.ts).
 */
import type { TileJob, TileResult } from "./tile-job.ts";
import { runTileJob } from "./run-tile-job.ts";

export default function tileWorker(job: TileJob): Promise<TileResult> {
  return runTileJob(job);
}
