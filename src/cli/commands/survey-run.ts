/**
 * @module cli/commands/survey-run
 * `coca survey run CONFIG` and `coca survey demo`.
 */
import type { Command } from "commander";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CliContext } from "../context.ts";
import { printJson } from "../output.ts";
import { createProgress } from "../progress.ts";
import { InputError } from "../../domain/errors.ts";
import { loadSurveyConfig } from "../../survey/config.ts";
import { runSurvey } from "../../survey/run-survey.ts";
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

function intOption(raw: string | undefined, name: string, min: number): number | undefined {
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min) throw new InputError(`--${name} must be an integer >= ${min}, got "${raw}"`, { field: name });
  return v;
}

export function registerSurveyRun(survey: Command, ctx: CliContext): void {
  survey
    .command("run <config>")
    .description("run a survey from a YAML/JSON config; stops after writing the sample when no reference labels are given yet")
    .option("--workers <n>", "worker threads for classification (default: all cores; 0 = inline)")
    .option("--json", "machine-readable output")
    .action(async (file: string, o: { workers?: string; json?: boolean }) => {
      const config = loadSurveyConfig(file);
      const store = await ctx.openStore();
      const quiet = Boolean(o.json) || !process.stderr.isTTY;
      const result = await runSurvey({ store, config, configPath: file, poolSize: intOption(o.workers, "workers", 0), ...stageReporter(quiet) });
      if (o.json) return printJson(result.status === "stored" ? { status: result.status, surveyId: result.surveyId, headline: result.headline, results: result.results } : result);
      if (result.status === "needs-labels") {
        process.stdout.write(`Next step: ${result.message}\n`);
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
    .option("--workers <n>", "worker threads for classification (default: all cores; 0 = inline)")
    .option("--out <dir>", "where to write the scene, class map and sample (default: a new temporary directory)")
    .option("--json", "machine-readable output")
    .action(async (o: { seed: string; size: string; errorRate: string; n: string; workers?: string; out?: string; json?: boolean }) => {
      const errorRate = Number(o.errorRate);
      if (!(errorRate >= 0 && errorRate < 1)) throw new InputError(`--error-rate must be in [0, 1), got "${o.errorRate}"`, { field: "error-rate" });
      const store = await ctx.openStore();
      const quiet = Boolean(o.json) || !process.stderr.isTTY;
      const outDir = o.out ?? mkdtempSync(join(tmpdir(), "coca-demo-"));
      const result = await runDemoSurvey({
        store,
        outDir,
        seed: intOption(o.seed, "seed", -2147483648),
        sizePx: intOption(o.size, "size", 64),
        n: intOption(o.n, "n", 10),
        errorRate,
        poolSize: intOption(o.workers, "workers", 0),
        ...stageReporter(quiet),
      });
      if (o.json) return printJson({ surveyId: result.surveyId, headline: result.headline, outDir, results: result.results });
      process.stdout.write(`${result.headline}\nStored as survey ${result.surveyId} in ${store.location}; files in ${outDir}.\n`);
    });
}
