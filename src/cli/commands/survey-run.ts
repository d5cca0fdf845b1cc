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
import { withTilePoolFor } from "../../queue/with-queue-pool.ts";
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
    .option("--workers <n>", "worker threads for classification (default: all cores; 0 = inline); with --queue, tiles in flight / 3")
    .option("--queue [url]", "classify on `coca worker` machines through the queue (default URL: $COCA_QUEUE, or the PostgreSQL store)")
    .option("--json", "machine-readable output")
    .action(async (file: string, o: { workers?: string; queue?: string | boolean; json?: boolean }) => {
      const poolSize = WORKERS_FLAG.parse(o.workers);
      const queueUrl = o.queue ? resolveQueueUrl(typeof o.queue === "string" ? o.queue : undefined, process.env, ctx.storeLocation) : undefined;
      const config = loadSurveyConfig(file);
      const store = await ctx.openStore();
      const quiet = Boolean(o.json) || !process.stderr.isTTY;
      const result = await withTilePoolFor({ queueUrl, size: poolSize }, (pool) =>
        runSurvey({ store, config, configPath: file, pool, ...stageReporter(quiet) }),
      );
      if (o.json)
        return printJson(
          result.status === "stored" ? { status: result.status, surveyId: result.surveyId, headline: result.headline, results: result.results } : result,
        );
      if (result.status === "needs-labels") {
        process.stdout.write(`Next step: ${result.message}\n`);
        // Checked now, before interpreters spend days on the sheet.
        if (result.warnings.length > 0) process.stdout.write(`Warnings:\n${result.warnings.map((w) => `  - ${w}\n`).join("")}`);
        return;
      }
      process.stdout.write(`${result.headline}\nStored as survey ${result.surveyId} in ${store.location} (see \`coca survey show ${result.surveyId}\`).\n`);
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
