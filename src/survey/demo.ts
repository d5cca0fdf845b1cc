/**
 * @module survey/demo
 * The demo survey: a simulated Andes-Amazon scene (imagery/synth) run through the
 * whole survey with simulated photo-interpreters. Everything it stores is marked
 * simulated. Defaults are sized for about a minute on 2 cores.
 */
import { join } from "node:path";
import type { Store } from "../store/store.ts";
import { synthesizeScene } from "../imagery/synth/synthesize-scene.ts";
import { validateSurveyConfig } from "./config.ts";
import { runSurvey, type RunSurveyResult } from "./run-survey.ts";
import type { StageReporter } from "./stage-timer.ts";

export const DEMO_DEFAULTS = {
  seed: 2024,
  sizePx: 1500,
  /** Probability that a simulated interpreter mislabels a sample unit. */
  errorRate: 0.03,
  n: 600,
  year: 2024,
  trees: 40,
  maxDepth: 14,
} as const;

export interface DemoOptions {
  store: Store;
  outDir: string;
  seed?: number;
  sizePx?: number;
  errorRate?: number;
  n?: number;
  poolSize?: number;
  draws?: number;
  onStage?: StageReporter;
  onTiles?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export async function runDemoSurvey(options: DemoOptions): Promise<RunSurveyResult & { status: "stored" }> {
  const seed = options.seed ?? DEMO_DEFAULTS.seed;
  const sizePx = options.sizePx ?? DEMO_DEFAULTS.sizePx;
  const errorRate = options.errorRate ?? DEMO_DEFAULTS.errorRate;
  // Every one of the 8 strata gets at least n/12 units (coca is rare: proportional allocation would give it a handful).
  const n = options.n ?? DEMO_DEFAULTS.n;
  const synth = await synthesizeScene({ seed, sizePx, outDir: join(options.outDir, "scene"), signal: options.signal });
  const config = validateSurveyConfig(
    {
      name: `Demo survey, simulated VRAEM-like landscape (seed ${seed}, ${sizePx} px)`,
      country: "PE",
      year: DEMO_DEFAULTS.year,
      seed,
      scenes: [synth.scenePath],
      training: { labels: synth.trainingPath, classField: "class", trees: DEMO_DEFAULTS.trees, maxDepth: DEMO_DEFAULTS.maxDepth },
      regions: { path: synth.regionsPath, nameField: "name" },
      design: { n, allocation: `min:${Math.max(5, Math.floor(n / 12))}` },
      production: { draws: options.draws ?? 100_000 },
      outDir: join(options.outDir, "survey"),
    },
    join(options.outDir, "demo-config.json"),
  );
  const result = await runSurvey({
    store: options.store,
    config,
    poolSize: options.poolSize,
    onStage: options.onStage,
    onTiles: options.onTiles,
    signal: options.signal,
    simulate: { truthPath: synth.truthPath, errorRate, trueAreaHa: synth.trueAreaHa },
    extraInputs: [
      { role: "simulated scene (imagery synth)", path: `seed=${seed} size=${sizePx}px interpreter-error-rate=${errorRate}`, sha256: null, sizeBytes: null },
    ],
  });
  if (result.status !== "stored") throw new Error("the demo survey has simulated labels and cannot stop for interpreters");
  return result;
}
