/**
 * @module cli/commands/worker
 * `coca worker [--queue URL] [--concurrency N]`: take survey tile jobs from the queue on PostgreSQL and
 * classify them on this machine, until stopped (SIGINT/SIGTERM: the running tiles finish first). The
 * machine must see the scenes and the model at the paths or URLs the jobs name (a shared filesystem, or
 * http(s) URLs); a model whose SHA-256 differs from the job's is refused.
 */
import type { Command } from "commander";
import { once } from "node:events";
import { createTilePool } from "../../imagery/workers/tile-pool.ts";
import { resolveQueueUrl } from "../../queue/queue-location.ts";
import { openTileQueue } from "../../queue/tile-queue.ts";
import { startTileWorker } from "../../queue/tile-worker-loop.ts";
import { resolveStoreLocation } from "../../store/open-store.ts";
import type { CliContext } from "../context.ts";
import { intFlag, parseFlags } from "../flags.ts";

export function register(program: Command, _ctx: CliContext): void {
  program
    .command("worker")
    .description("classify survey tiles taken from the queue (PostgreSQL, pg-boss) until stopped")
    .option("--queue <url>", "postgres:// URL of the queue (default: $COCA_QUEUE, or the store when it is PostgreSQL)")
    .option("--concurrency <n>", "tiles at a time, each on its own worker thread", "1")
    .option("--threads <n>", "worker threads (default: --concurrency; 0 = on the main thread)")
    .option("--json", "one JSON line per tile done or failed, on stdout")
    .action(async (o: { queue?: string; concurrency: string; threads?: string; json?: boolean }) => {
      const flags = parseFlags(o, {
        concurrency: intFlag("--concurrency", { min: 1, max: 256, default: 1 }),
        threads: intFlag("--threads", { min: 0, max: 256 }),
      });
      const url = resolveQueueUrl(o.queue, process.env, () => resolveStoreLocation(program.opts<{ db?: string }>().db));
      const queue = await openTileQueue(url);
      const pool = createTilePool({ size: flags.threads ?? flags.concurrency });
      let tiles = 0;
      const worker = await startTileWorker(queue, {
        pool,
        concurrency: flags.concurrency,
        // A test hook, not an option: the SIGKILL-mid-tile test makes one worker slow.
        stallMs: Number(process.env.COCA_TEST_WORKER_STALL_MS ?? 0) || 0,
        onEvent: (e) => {
          if (e.kind === "done") tiles++;
          if (o.json) process.stdout.write(`${JSON.stringify(e)}\n`);
          else if (e.kind === "failed") process.stderr.write(`coca worker: tile ${e.tile.join(",")} of ${e.scene} failed: ${e.message}\n`);
        },
      });
      process.stderr.write(`coca worker: ready on ${queue.url} (${flags.concurrency} at a time, pid ${process.pid})\n`);
      await Promise.race([once(process, "SIGINT"), once(process, "SIGTERM")]);
      process.stderr.write(`coca worker: stopping after the running tiles (${tiles} done)\n`);
      await worker.stop();
      await queue.close();
      await pool.close();
    });
}
