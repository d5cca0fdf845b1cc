/**
 * @module cli/commands/jobs
 * `coca jobs list|show|cancel`: the queue (PostgreSQL, pg-boss): survey runs (`run_…`: state, tiles done / total,
 * the stored survey or the error) and tile jobs per class map being classified; one run or tile job in detail;
 * cancelling a run (its state and its tiles not yet done) or a class map's remaining tiles.
 */
import type { Command } from "commander";
import { resolveQueueUrl } from "../../queue/queue-location.ts";
import { cancelTileRun, listTileRuns, showTileJob } from "../../queue/tile-jobs.ts";
import { cancelSurveyRun, getSurveyRunJob, listSurveyRunJobs, type SurveyRunJob } from "../../queue/survey-runs.ts";
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
      const { surveys, runs } = await withQueue(ctx, o.queue, async (q) => ({
        surveys: await listSurveyRunJobs(q, { limit }),
        runs: await listTileRuns(q, { limit }),
      }));
      if (o.json) return printJson({ surveys, runs });
      process.stdout.write(
        renderTable(surveys, [
          { header: "survey run", value: (r) => r.id },
          { header: "state", value: (r) => r.state },
          { header: "tiles done", value: (r) => `${r.tiles.done}/${r.tiles.total ?? "?"}` },
          { header: "survey", value: (r) => (r.surveyId === null ? "-" : String(r.surveyId)) },
          { header: "since (UTC)", value: (r) => r.createdAt },
          { header: "error", value: (r) => r.error ?? "" },
        ]),
      );
      process.stdout.write("\n");
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
    .description("a survey run (run_…: state, tiles done / total, survey or error) or one tile job (UUID: state, tile, scene, retries, times, worker or error)")
    .option(...queueOption)
    .option("--json", "machine-readable output")
    .action(async (id: string, o: { queue?: string; json?: boolean }) => {
      if (id.startsWith("run_")) {
        const run = await withQueue(ctx, o.queue, (q) => getSurveyRunJob(q, id));
        if (o.json) return printJson({ kind: "survey", ...run });
        process.stdout.write(describeRun(run));
        return;
      }
      const job = await withQueue(ctx, o.queue, (q) => showTileJob(q, id));
      if (o.json) return printJson({ kind: "tile", ...job });
      process.stdout.write(
        `${job.id}  ${job.state}\n  tile ${job.tile.join(",")} of ${job.scene}\n  into ${job.output}\n  retries ${job.retryCount}/${job.retryLimit}; ` +
          `created ${job.createdAt}, started ${job.startedAt ?? "-"}, completed ${job.completedAt ?? "-"}\n  ${JSON.stringify(job.result)}\n`,
      );
    });

  jobs
    .command("cancel <output>")
    .description("cancel a survey run (run_…) and its tiles not yet done, or the tiles of a class map (as `coca jobs list` names it)")
    .option(...queueOption)
    .option("--json", "machine-readable output")
    .action(async (output: string, o: { queue?: string; json?: boolean }) => {
      if (output.startsWith("run_")) {
        const r = await withQueue(ctx, o.queue, (q) => cancelSurveyRun(q, output));
        if (o.json) return printJson({ runId: output, ...r });
        process.stdout.write(`survey run ${output}: ${r.state} (${r.tilesCancelled} tile job(s) cancelled)\n`);
        return;
      }
      const cancelled = await withQueue(ctx, o.queue, (q) => cancelTileRun(q, output));
      if (o.json) return printJson({ output, cancelled });
      process.stdout.write(`${cancelled} tile job(s) of ${output} cancelled\n`);
    });
}

function describeRun(r: SurveyRunJob): string {
  const tiles = `${r.tiles.done}/${r.tiles.total ?? "?"} tiles`;
  const end = r.surveyId !== null ? `survey ${r.surveyId} in ${r.store}: ${r.headline ?? ""}` : r.error ? `error: ${r.error}` : `into ${r.store}`;
  return `${r.id}  ${r.state}  ${tiles}\n  ${end}\n  created ${r.createdAt}, updated ${r.updatedAt}, finished ${r.finishedAt ?? "-"}\n`;
}
