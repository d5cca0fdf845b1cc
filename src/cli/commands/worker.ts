/**
 * @module cli/commands/worker
 * `coca worker [--queue URL] [--concurrency N]`: take survey tile jobs from the queue on PostgreSQL and
 * classify them on this machine, and survey passes (a run's planning, and its assembly once its last tile is done:
 * queue/survey-worker.ts), until stopped (SIGINT/SIGTERM: the running tiles finish first). Surveys are stored in the
 * worker's store: `--db` / `COCA_DB`, else the queue's database. The
 * machine must see the scenes and the model at the paths or URLs the jobs name (a shared filesystem, or
 * http(s) URLs); a model whose SHA-256 differs from the job's is refused.
 */
import type { Command } from "commander";
import { once } from "node:events";
import { createTilePool } from "../../imagery/workers/tile-pool.ts";
import { resolveQueueUrl } from "../../queue/queue-location.ts";
import { openTileQueue } from "../../queue/tile-queue.ts";
import { startTileWorker } from "../../queue/tile-worker-loop.ts";
import { startSurveyWorker } from "../../queue/survey-worker.ts";
import { openStore, parseStoreLocation, resolveStoreLocation } from "../../store/open-store.ts";
import type { CliContext } from "../context.ts";
import { intFlag, parseFlags } from "../flags.ts";

export function register(program: Command, _ctx: CliContext): void {
  program
    .command("worker")
    .description("classify survey tiles taken from the queue (PostgreSQL, pg-boss) until stopped")
    .option("--queue <url>", "postgres:// URL of the queue (default: $COCA_QUEUE, or the store when it is PostgreSQL)")
    .option("--concurrency <n>", "tiles at a time, each on its own worker thread", "1")
    .option("--threads <n>", "worker threads (default: --concurrency; 0 = on the main thread)")
    .option(
      "--tile-expiry <seconds>",
      "for the tiles this worker sends (survey runs it plans): how long a tile may run before it is taken for lost and retried",
      "600",
    )
    .option("--json", "one JSON line per tile done or failed, and per survey pass, on stdout")
    .action(async (o: { queue?: string; concurrency: string; threads?: string; tileExpiry: string; json?: boolean }) => {
      const flags = parseFlags(o, {
        concurrency: intFlag("--concurrency", { min: 1, max: 256, default: 1 }),
        threads: intFlag("--threads", { min: 0, max: 256 }),
        tileExpiry: intFlag("--tile-expiry", { min: 1, max: 86_400, default: 600 }),
      });
      const explicitDb = program.opts<{ db?: string }>().db;
      const url = resolveQueueUrl(o.queue, process.env, () => resolveStoreLocation(explicitDb));
      const storeLocation = explicitDb || process.env.COCA_DB ? resolveStoreLocation(explicitDb) : parseStoreLocation(url);
      const queue = await openTileQueue(url, { expireInSeconds: flags.tileExpiry, retryDelaySeconds: flags.tileExpiry < 60 ? 1 : 2 });
      const store = await openStore(storeLocation).catch(async (error: unknown) => {
        await queue.close();
        throw error;
      });
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
      const surveys = await startSurveyWorker(queue, {
        store,
        onEvent: (e) => {
          if (o.json) process.stdout.write(`${JSON.stringify(e)}\n`);
          else if (e.kind === "failed") process.stderr.write(`coca worker: survey run ${e.runId} failed: ${e.message}\n`);
        },
      });
      process.stderr.write(`coca worker: ready on ${queue.url} (${flags.concurrency} at a time, pid ${process.pid}; surveys into ${store.location})\n`);
      await Promise.race([once(process, "SIGINT"), once(process, "SIGTERM")]);
      process.stderr.write(`coca worker: stopping after the running tiles (${tiles} done)\n`);
      await worker.stop();
      await surveys.stop();
      await queue.close();
      await pool.close();
      await store.close();
    });
}
