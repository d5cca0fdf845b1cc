/**
 * @module cli/commands/survey-run
 * `coca survey run CONFIG` and `coca survey demo`.
 */
import type { Command } from "commander";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CliContext } from "../context.ts";
import { choiceFlag, intFlag, numberFlag, parseFlags } from "../flags.ts";
import { printJson } from "../output.ts";
import { createProgress } from "../progress.ts";
import { loadSurveyConfig } from "../../survey/config.ts";
import { runSurvey } from "../../survey/run-survey.ts";
import { withTilePool } from "../../imagery/workers/tile-pool.ts";
import { resolveQueueUrl } from "../../queue/queue-location.ts";
import { resolve } from "node:path";
import { DataError, InputError } from "../../domain/errors.ts";
import type { SurveyConfig } from "../../domain/survey-config.ts";
import { enqueueSurveyRun } from "../../queue/survey-runs.ts";
import { waitForSurveyRun } from "../../queue/survey-worker.ts";
import { openTileQueue } from "../../queue/tile-queue.ts";
import type { Store } from "../../store/store.ts";
import { runDemoSurvey, DEMO_DEFAULTS } from "../../survey/demo.ts";
import type { StageReporter } from "../../survey/stage-timer.ts";

/** Stage lines on stderr (a terminal, not --json), and a tile progress bar while classifying. */
export function stageReporter(quiet: boolean): { onStage: StageReporter; onTiles: (done: number, total: number) => void } {
  const bar = createProgress({ quiet });
  let started = false;
  return {
    onStage: (e) => {
      if (quiet) return;
      if (e.phase === "start") process.stderr.write(`[${e.index}/${e.total}] ${e.stage}…\n`);
      else {
        if (started) {
          bar.stop();
          started = false;
        }
        process.stderr.write(`[${e.index}/${e.total}] ${e.stage} done in ${(e.seconds ?? 0).toFixed(1)} s\n`);
      }
    },
    onTiles: (done, total) => {
      if (!started) {
        bar.start(total, "classify tiles");
        started = true;
      }
      bar.update(done);
    },
  };
}

/** `--workers`: worker threads for classification, 0 = inline. */
const WORKERS_FLAG = intFlag("--workers", { min: 0, max: 256 });

export function registerSurveyRun(survey: Command, ctx: CliContext): void {
  survey
    .command("run <config>")
    .description("run a survey from a YAML/JSON config; stops after writing the sample when no reference labels are given yet")
    .option(
      "--workers <n>",
      "worker threads for classification (default: all cores; 0 = inline); with --queue, sets the tile size of small scenes as a pool of that size would (default 8)",
    )
    .option(
      "--queue [url]",
      "run on `coca worker` machines through the queue: they classify the tiles, and the last tile's worker assembles and stores the survey (default URL: $COCA_QUEUE, or the PostgreSQL store)",
    )
    .option("--detach", "with --queue: answer the run id at once instead of waiting (follow it with `coca jobs show RUN`)")
    .option("--json", "machine-readable output")
    .action(async (file: string, o: { workers?: string; queue?: string | boolean; detach?: boolean; json?: boolean }) => {
      const poolSize = WORKERS_FLAG.parse(o.workers);
      const queueUrl = o.queue ? resolveQueueUrl(typeof o.queue === "string" ? o.queue : undefined, process.env, ctx.storeLocation) : undefined;
      if (o.detach && !queueUrl) throw new InputError("--detach needs --queue (only a queued run goes on without this process)", { field: "--detach" });
      const config = loadSurveyConfig(file);
      const store = await ctx.openStore();
      const quiet = Boolean(o.json) || !process.stderr.isTTY;
      if (queueUrl) return runQueued({ queueUrl, store, config, configPath: resolve(file), poolSize, detach: Boolean(o.detach), json: Boolean(o.json), quiet });
      const result = await withTilePool({ size: poolSize }, (pool) => runSurvey({ store, config, configPath: file, pool, ...stageReporter(quiet) }));
      if (o.json)
        return printJson(
          result.status === "stored"
            ? { status: result.status, surveyId: result.surveyId, headline: result.headline, results: result.results, labelQa: result.labelQa }
            : result,
        );
      if (result.status === "needs-labels") {
        process.stdout.write(`Next step: ${result.message}\n`);
        // Checked now, before interpreters spend days on the sheet.
        if (result.warnings.length > 0) process.stdout.write(`Warnings:\n${result.warnings.map((w) => `  - ${w}\n`).join("")}`);
        return;
      }
      process.stdout.write(`${result.headline}\nStored as survey ${result.surveyId} in ${store.location} (see \`coca survey show ${result.surveyId}\`).\n`);
      if (result.labelQa) {
        const o = result.labelQa.overall;
        process.stdout.write(
          `Double interpretation: ${result.labelQa.doubleUnits} units; observed agreement ${(o.observedAgreement * 100).toFixed(1)}%, ` +
            `Cohen's kappa ${o.kappa.toFixed(3)} (SE ${o.kappaSe.toFixed(3)}); ${result.labelQa.pending.length} disagreements waiting for adjudication.\n`,
        );
      }
    });

  survey
    .command("demo")
    .description("the whole survey on a simulated scene with simulated interpreters (labelled SIMULATED everywhere)")
    .option("--seed <n>", "seed of the simulated landscape, sample and Monte Carlo", String(DEMO_DEFAULTS.seed))
    .option("--size <px>", "scene size in pixels (10 m)", String(DEMO_DEFAULTS.sizePx))
    .option("--error-rate <p>", "probability that a simulated interpreter mislabels a unit", String(DEMO_DEFAULTS.errorRate))
    .option("--n <units>", "sample size", String(DEMO_DEFAULTS.n))
    .option("--scenes <k>", "1 (one scene) or 4 (four overlapping scenes on UTM 18S and 19S, with different clouds, mosaicked)", "1")
    .option("--workers <n>", "worker threads for classification (default: all cores; 0 = inline)")
    .option("--out <dir>", "where to write the scene, class map and sample (default: a new temporary directory)")
    .option("--json", "machine-readable output")
    .action(async (o: { seed: string; size: string; errorRate: string; n: string; scenes: string; workers?: string; out?: string; json?: boolean }) => {
      const flags = parseFlags(o, {
        seed: intFlag("--seed", { min: -2147483648, max: 2147483647 }),
        size: intFlag("--size", { min: 64 }),
        n: intFlag("--n", { min: 10 }),
        errorRate: numberFlag("--error-rate", { min: 0, max: 1, maxExclusive: true, default: DEMO_DEFAULTS.errorRate }),
        workers: WORKERS_FLAG,
        scenes: choiceFlag("--scenes", ["1", "4"], { default: "1" }),
      });
      const store = await ctx.openStore();
      const quiet = Boolean(o.json) || !process.stderr.isTTY;
      const outDir = o.out ?? mkdtempSync(join(tmpdir(), "coca-demo-"));
      const result = await withTilePool({ size: flags.workers }, (pool) =>
        runDemoSurvey({
          store,
          outDir,
          seed: flags.seed,
          sizePx: flags.size,
          n: flags.n,
          errorRate: flags.errorRate,
          scenes: flags.scenes === "4" ? 4 : 1,
          pool,
          ...stageReporter(quiet),
        }),
      );
      if (o.json) return printJson({ surveyId: result.surveyId, headline: result.headline, outDir, results: result.results });
      process.stdout.write(`${result.headline}\nStored as survey ${result.surveyId} in ${store.location}; files in ${outDir}.\n`);
    });
}

/**
 * `survey run --queue`: record the run and send its planning pass; the workers classify the tiles and the last
 * tile's worker assembles and stores the survey. This process only waits (or, with --detach, answers the run id).
 */
async function runQueued(o: {
  queueUrl: string;
  store: Store;
  config: SurveyConfig;
  configPath: string;
  poolSize: number | undefined;
  detach: boolean;
  json: boolean;
  quiet: boolean;
}): Promise<void> {
  const queue = await openTileQueue(o.queueUrl);
  try {
    const runId = await enqueueSurveyRun(queue, { config: o.config, configPath: o.configPath, store: o.store.location, poolSize: o.poolSize || undefined });
    if (o.detach) {
      if (o.json) return printJson({ status: "queued", runId, follow: `coca jobs show ${runId}` });
      process.stdout.write(`Queued as survey run ${runId}; follow it with \`coca jobs show ${runId}\`.\n`);
      return;
    }
    if (!o.quiet) process.stderr.write(`survey run ${runId} queued on ${queue.url}; waiting for the workers\n`);
    const { onTiles } = stageReporter(o.quiet);
    const row = await waitForSurveyRun(queue, runId, {
      onProgress: (r) => {
        if (r.tiles_total !== null && r.state === "classifying") onTiles(r.tiles_done, r.tiles_total);
        else if (!o.quiet) process.stderr.write(`survey run ${runId}: ${r.state}\n`);
      },
    });
    if (row.state === "failed" || row.state === "cancelled") throw new DataError(`survey run ${runId} ${row.state}: ${row.error ?? "no message"}`);
    if (row.state === "needs-labels") {
      const result = JSON.parse(row.result_json ?? "{}") as { sample: unknown; units: number; message: string };
      if (o.json) return printJson({ status: "needs-labels", runId, ...result });
      process.stdout.write(`Next step: ${result.message}\n`);
      return;
    }
    const survey = await o.store.surveys.get(row.survey_id!);
    if (o.json) return printJson({ status: "stored", runId, surveyId: row.survey_id, headline: row.headline, results: survey?.results });
    process.stdout.write(`${row.headline}\nStored as survey ${row.survey_id} in ${o.store.location} (see \`coca survey show ${row.survey_id}\`).\n`);
  } finally {
    await queue.close();
  }
}
