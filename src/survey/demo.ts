/**
 * @module survey/demo
 * The demo survey: a simulated Andes-Amazon scene (imagery/synth) run through the
 * whole survey with simulated photo-interpreters. Everything it stores is marked
 * simulated. Defaults are sized for about a minute on 2 cores. With `scenes: 4`, the
 * simulated area straddles UTM zones 18 and 19 and is seen by four overlapping scenes
 * with different clouds (imagery/synth/synthesize-scene-set), mosaicked by the survey.
 */
import { join } from "node:path";
import type { Store } from "../store/store.ts";
import { synthesizeScene } from "../imagery/synth/synthesize-scene.ts";
import { synthesizeSceneSet } from "../imagery/synth/synthesize-scene-set.ts";
import type { TilePool } from "../imagery/workers/tile-pool.ts";
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
  /** The tile pool to classify on (default: inline). */
  pool?: TilePool;
  /** 1 (one scene, the default) or 4 (four overlapping scenes on two UTM zones, mosaicked). */
  scenes?: 1 | 4;
  draws?: number;
  onStage?: StageReporter;
  onTiles?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /** Config fields in place of the demo's own (e.g. `production: false`, another `targetClass` or `country`), for tests. */
  configOverrides?: Record<string, unknown>;
}

export async function runDemoSurvey(options: DemoOptions): Promise<RunSurveyResult & { status: "stored" }> {
  const seed = options.seed ?? DEMO_DEFAULTS.seed;
  const sizePx = options.sizePx ?? DEMO_DEFAULTS.sizePx;
  const errorRate = options.errorRate ?? DEMO_DEFAULTS.errorRate;
  // Every one of the 8 strata gets at least n/12 units (coca is rare: proportional allocation would give it a handful).
  const n = options.n ?? DEMO_DEFAULTS.n;
  const multi = (options.scenes ?? 1) > 1;
  const sceneDir = join(options.outDir, "scene");
  let scenes: string[];
  let truth: { truthPath: string; trueAreaHa: Record<string, number> };
  let regionsPath: string;
  let trainingPath: string;
  let grid;
  if (multi) {
    const set = await synthesizeSceneSet({ seed, sizePx, outDir: sceneDir, signal: options.signal });
    scenes = [set.itemCollectionPath];
    truth = set;
    regionsPath = set.regionsPath;
    trainingPath = set.trainingPath;
    const gt = set.grid.geoTransform;
    grid = {
      epsg: set.grid.crs.epsg!,
      resolutionM: gt[1],
      bounds: [gt[0], gt[3] + gt[5] * set.grid.height, gt[0] + gt[1] * set.grid.width, gt[3]] as [number, number, number, number],
    };
  } else {
    const synth = await synthesizeScene({ seed, sizePx, outDir: sceneDir, signal: options.signal });
    scenes = [synth.scenePath];
    truth = synth;
    regionsPath = synth.regionsPath;
    trainingPath = synth.trainingPath;
  }
  const config = validateSurveyConfig(
    {
      name: `Demo survey, simulated VRAEM-like landscape (seed ${seed}, ${sizePx} px${multi ? ", 4 scenes on UTM 18S and 19S" : ""})`,
      country: "PE",
      year: DEMO_DEFAULTS.year,
      seed,
      scenes,
      ...(grid ? { grid } : {}),
      training: { labels: trainingPath, classField: "class", trees: DEMO_DEFAULTS.trees, maxDepth: DEMO_DEFAULTS.maxDepth },
      regions: { path: regionsPath, nameField: "name" },
      design: { n, allocation: `min:${Math.max(5, Math.floor(n / 12))}` },
      production: { draws: options.draws ?? 100_000 },
      outDir: join(options.outDir, "survey"),
      ...options.configOverrides,
    },
    join(options.outDir, "demo-config.json"),
  );
  const result = await runSurvey({
    store: options.store,
    config,
    pool: options.pool,
    onStage: options.onStage,
    onTiles: options.onTiles,
    signal: options.signal,
    simulate: { truthPath: truth.truthPath, errorRate, trueAreaHa: truth.trueAreaHa },
    extraInputs: [
      {
        role: "simulated scene (imagery synth)",
        path: `seed=${seed} size=${sizePx}px${multi ? " scenes=4 (UTM 18S and 19S)" : ""} interpreter-error-rate=${errorRate}`,
        sha256: null,
        sizeBytes: null,
      },
    ],
  });
  if (result.status !== "stored") throw new Error("the demo survey has simulated labels and cannot stop for interpreters");
  return result;
}
