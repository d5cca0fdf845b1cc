/**
 * @module cli/commands/jobs
 * `coca jobs list|show|cancel`: the survey tile queue (PostgreSQL, pg-boss): progress per class map being
 * classified, one tile job in detail, and cancelling a run's remaining tiles (its survey then fails, naming the tile).
 */
import type { Command } from "commander";
import { resolveQueueUrl } from "../../queue/queue-location.ts";
import { cancelTileRun, listTileRuns, showTileJob } from "../../queue/tile-jobs.ts";
import { openTileQueue, type TileQueue } from "../../queue/tile-queue.ts";
import type { CliContext } from "../context.ts";
import { intFlag } from "../flags.ts";
import { printJson, renderTable } from "../output.ts";

async function withQueue<T>(ctx: CliContext, url: string | undefined, fn: (q: TileQueue) => Promise<T>): Promise<T> {
  const queue = await openTileQueue(resolveQueueUrl(url, process.env, ctx.storeLocation));
  try {
    return await fn(queue);
  } finally {
    await queue.close();
  }
}

export function register(program: Command, ctx: CliContext): void {
  const jobs = program.command("jobs").description("the survey tile queue: progress, one job, cancel");
  const queueOption = ["--queue <url>", "postgres:// URL of the queue (default: $COCA_QUEUE, or the store when it is PostgreSQL)"] as const;

  jobs
    .command("list")
    .description("tile jobs per class map being classified (newest first): done, running, waiting, failed")
    .option(...queueOption)
    .option("--limit <n>", "at most this many class maps", "50")
    .option("--json", "machine-readable output")
    .action(async (o: { queue?: string; limit: string; json?: boolean }) => {
      const limit = intFlag("--limit", { min: 1, max: 10_000, default: 50 }).parse(o.limit);
      const runs = await withQueue(ctx, o.queue, (q) => listTileRuns(q, { limit }));
      if (o.json) return printJson({ runs });
      process.stdout.write(
        renderTable(runs, [
          { header: "output", value: (r) => r.output },
          { header: "tiles", value: (r) => String(r.tiles) },
          { header: "done", value: (r) => String(r.completed) },
          { header: "running", value: (r) => String(r.active) },
          { header: "waiting", value: (r) => String(r.created + r.retry) },
          { header: "failed", value: (r) => String(r.failed) },
          { header: "cancelled", value: (r) => String(r.cancelled) },
          { header: "since (UTC)", value: (r) => r.firstCreatedAt },
        ]),
      );
    });

  jobs
    .command("show <id>")
    .description("one tile job: state, tile, scene, retries, times, worker or error")
    .option(...queueOption)
    .option("--json", "machine-readable output")
    .action(async (id: string, o: { queue?: string; json?: boolean }) => {
      const job = await withQueue(ctx, o.queue, (q) => showTileJob(q, id));
      if (o.json) return printJson(job);
      process.stdout.write(
        `${job.id}  ${job.state}\n  tile ${job.tile.join(",")} of ${job.scene}\n  into ${job.output}\n  retries ${job.retryCount}/${job.retryLimit}; ` +
          `created ${job.createdAt}, started ${job.startedAt ?? "-"}, completed ${job.completedAt ?? "-"}\n  ${JSON.stringify(job.result)}\n`,
      );
    });

  jobs
    .command("cancel <output>")
    .description("cancel the tiles of a class map (as `coca jobs list` names it) not yet done")
    .option(...queueOption)
    .option("--json", "machine-readable output")
    .action(async (output: string, o: { queue?: string; json?: boolean }) => {
      const cancelled = await withQueue(ctx, o.queue, (q) => cancelTileRun(q, output));
      if (o.json) return printJson({ output, cancelled });
      process.stdout.write(`${cancelled} tile job(s) of ${output} cancelled\n`);
    });
}
