/**
 * @module survey/run-survey
 * One survey, end to end: (train or load a classifier) -> classify the scene ->
 * map totals per region -> stratified sample for interpreters -> reference labels
 * -> area estimates with CIs per region and in total -> fields -> potential
 * production with uncertainty -> comparison with the official figures -> one
 * stored result with its provenance. Each stage is a function of its own
 * (survey/stages/), timed here; nothing is stored unless every stage succeeded
 * (the store write is one transaction).
 */
import { mkdirSync, rmSync } from "node:fs";
import { sep } from "node:path";
import { createStagingFolder, promoteStagingFolder } from "../io/atomic-write.ts";
import { normalizeCountry } from "../domain/country.ts";
import type { InputRecord } from "../domain/provenance.ts";
import type { SurveyConfig } from "../domain/survey-config.ts";
import type { SurveyResults } from "../domain/survey-results.ts";
import type { Store } from "../store/store.ts";
import { withTilePool, type TilePool } from "../imagery/workers/tile-pool.ts";
import { isUrl } from "../raster/read/byte-source.ts";
import { codeVersion } from "./code-version.ts";
import { expandScenes } from "./scenes.ts";
import { assembleResults, estimateRowsOf } from "./results.ts";
import { StageTimer, type StageReporter } from "./stage-timer.ts";
import { checkTargetClass, classifierStage } from "./stages/classifier.ts";
import { classifyStage } from "./stages/classify.ts";
import { designStage, needsLabelsMessage, strataSizesOf } from "./stages/design.ts";
import { estimateStage, targetTotal } from "./stages/estimate.ts";
import { fieldsStage } from "./stages/fields.ts";
import { inputRecord, inputsStage } from "./stages/inputs.ts";
import { labelsStage, type SimulatedTruth } from "./stages/labels.ts";
import { mapTotalsStage } from "./stages/map-totals.ts";
import { officialFiguresStage } from "./stages/official-figures.ts";
import { productionPlanOf, productionStage } from "./stages/production.ts";
import { geographyWarnings, sceneFootprints } from "./first-run-checks.ts";
import { storeStage } from "./stages/store.ts";
import type { LabelQa } from "./labels/qa.ts";

export type { InputRecord } from "../domain/provenance.ts";
export type { SurveyResults } from "../domain/survey-results.ts";
export type { SimulatedTruth } from "./stages/labels.ts";

export interface RunSurveyOptions {
  store: Store;
  config: SurveyConfig;
  /** The config file (recorded in provenance), if the config came from one. */
  configPath?: string;
  /** The tile pool the scenes are classified on (the shell owns it); without one, an inline pool (no worker threads). */
  pool?: TilePool;
  onStage?: StageReporter;
  onTiles?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /** The demo: reference labels simulated from a known truth instead of read from `config.labels`. */
  simulate?: SimulatedTruth;
  /** Extra provenance entries (e.g. the demo's synthesis parameters). */
  extraInputs?: InputRecord[];
  /**
   * The queue's two passes over one survey run (queue/survey-worker.ts): a fixed working folder instead of a fresh
   * staging folder, so that both passes name the same model and class-map paths in their tile jobs (and so the same
   * digests). It is kept after a "tiles-planned" pass and promoted into outDir, then removed, after the final pass.
   */
  workDir?: string;
  /** Stop after the classify stage (the queue's planning pass: every tile sent, nothing assembled or stored). */
  planOnly?: boolean;
}

export type RunSurveyResult =
  | {
      status: "needs-labels";
      sample: { geojson: string; csv: string; strata: string; sheet: string; sheetKey: string; interpreterSheets: Record<string, string> };
      units: number;
      message: string;
      /** The first run's checks that did not stop it (parameter set, period, scenes and regions in the country). */
      warnings: string[];
    }
  | {
      status: "stored";
      surveyId: number;
      headline: string;
      results: SurveyResults;
      /** Double interpretation in the labels file: agreement and Cohen's kappa, as `survey show` reports them from the store (null without). */
      labelQa: LabelQa | null;
    };

/** What one pass answers: a result, or (planning pass) how many tiles were sent. */
export type RunSurveyPassResult = RunSurveyResult | { status: "tiles-planned"; tiles: number };

const DESIGN_STAGES = ["inputs", "classifier", "classify", "map totals", "design"];
const ESTIMATE_STAGES = ["labels", "estimate", "fields", "production", "compare", "store"];

/** The run's working folder, and how its paths read once the files are moved into the config's outDir. */
interface Staging {
  finalOutDir: string;
  toFinal(path: string): string;
}

/**
 * Run a survey. Returns "needs-labels" (sample written, nothing stored) or the stored survey's id.
 * The survey's folder is all or nothing: every file is written into a staging folder beside `config.outDir`
 * and moved into it only when the run succeeds (or stops for labels); a failed run leaves `outDir` as it was.
 */
export async function runSurvey(options: Omit<RunSurveyOptions, "planOnly">): Promise<RunSurveyResult> {
  const result = await runSurveyPass({ ...options, planOnly: false });
  if (result.status === "tiles-planned") throw new Error("runSurvey: a full run answered a planning pass");
  return result;
}

/** One pass of a survey run: the whole run, or with `planOnly` the planning pass of the queue (see RunSurveyOptions). */
export async function runSurveyPass(options: RunSurveyOptions): Promise<RunSurveyPassResult> {
  const finalOutDir = options.config.outDir;
  const stage = options.workDir ?? createStagingFolder(finalOutDir);
  if (options.workDir) mkdirSync(options.workDir, { recursive: true });
  const toFinal = (p: string): string => (p === stage || p.startsWith(`${stage}${sep}`) ? finalOutDir + p.slice(stage.length) : p);
  const staged: RunSurveyOptions = { ...options, config: { ...options.config, outDir: stage } };
  const staging: Staging = { finalOutDir, toFinal };
  let keep = false;
  let promoted = false;
  try {
    const result = options.pool
      ? await runSurveyOn(options.pool, staged, staging)
      : await withTilePool({ size: 0 }, (pool) => runSurveyOn(pool, staged, staging));
    if (result.status === "tiles-planned") {
      keep = true;
      return result;
    }
    promoteStagingFolder(stage, finalOutDir);
    promoted = true;
    if (result.status === "stored") return result;
    const { interpreterSheets, ...files } = result.sample;
    const sample = {
      ...(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, toFinal(v)])) as typeof files),
      interpreterSheets: Object.fromEntries(Object.entries(interpreterSheets).map(([k, v]) => [k, toFinal(v)])),
    };
    return { ...result, sample, message: result.message.split(stage).join(finalOutDir) };
  } finally {
    // A queued run's working folder outlives a failed pass: its retry (or the tiles) may still need the model in it.
    if (!keep && (!options.workDir || promoted)) rmSync(stage, { recursive: true, force: true });
  }
}

async function runSurveyOn(pool: TilePool, options: RunSurveyOptions, staging: Staging): Promise<RunSurveyPassResult> {
  const { store, config, configPath, simulate } = options;
  const country = normalizeCountry(config.country);
  const hasLabels = simulate !== undefined || config.labels !== undefined;
  const timer = new StageTimer(DESIGN_STAGES.length + (hasLabels ? ESTIMATE_STAGES.length : 0), options.onStage);
  const scenes = await expandScenes(config.scenes, configPath);
  const scene = scenes[0]!.ref;
  // First-run checks that need no imagery: a country without a parameter set stops here, before any classifying.
  const plan = await productionPlanOf(country, config, configPath);

  const inputs = await timer.run("inputs", () => inputsStage({ config, configPath, extraInputs: options.extraInputs }));
  const classifier = await timer.run("classifier", () => classifierStage({ config, scene }));
  const classified = await timer.run("classify", () =>
    classifyStage({
      scenes,
      modelPath: classifier.path,
      outDir: config.outDir,
      pool,
      grid: config.grid,
      mosaic: config.mosaic,
      signal: options.signal,
      onTiles: options.onTiles,
      planOnly: options.planOnly,
    }),
  );
  if (options.planOnly) return { status: "tiles-planned", tiles: classified.tiles };
  for (const f of new Set(scenes.flatMap((sc) => (sc.metadataFile && !isUrl(sc.metadataFile) ? [sc.metadataFile] : []))))
    inputs.push(await inputRecord("scene metadata (STAC)", f));
  for (const f of classified.sceneFiles) inputs.push(await inputRecord("scene", f));
  checkTargetClass(config.targetClass, classifier.classes, configPath);
  const mapTotals = await timer.run("map totals", () =>
    mapTotalsStage({ classesPath: classified.classesPath, sourcesPath: classified.sourcesPath, regions: config.regions }),
  );
  const checks = [
    ...plan.warnings,
    // Each scene's own footprint, named by its file (a scene outside the country is not hidden by the mosaic's extent).
    ...geographyWarnings(country, [
      ...sceneFootprints(scenes.map((sc, k) => ({ file: sc.ref, grid: classified.sceneGrids[k]! }))),
      { what: "the regions", bbox: mapTotals.regionsBboxWgs84 },
    ]),
  ];
  const drawn = await timer.run("design", () => designStage({ config, classesPath: classified.classesPath, classes: classifier.classes }));
  if (!hasLabels) {
    return {
      status: "needs-labels",
      sample: drawn.files,
      units: drawn.points.length,
      message: needsLabelsMessage(drawn, classifier.classes),
      warnings: checks,
    };
  }

  const labels = await timer.run("labels", () =>
    labelsStage({
      source: simulate ? { simulate } : { labels: config.labels! },
      seed: config.seed,
      design: drawn,
      classes: classifier.classes,
      targetClass: config.targetClass,
      classesPath: classified.classesPath,
      regionOfPixel: mapTotals.regionOfPixel,
      imagery: scenes.map((sc) => sc.id + (sc.datetime ? ` (${sc.datetime})` : "")).join("; "),
    }),
  );
  const estimates = await timer.run("estimate", () =>
    estimateStage({
      strata: strataSizesOf(drawn),
      observations: labels.observations,
      classes: classifier.classes,
      targetClass: config.targetClass,
      regions: mapTotals.regionNames,
      confidence: config.confidence,
    }),
  );
  const fields = await timer.run("fields", () => fieldsStage({ classesPath: classified.classesPath, config, regionOfPixel: mapTotals.regionOfPixel }));
  const production = await timer.run("production", () =>
    plan.set ? productionStage({ country, config, plan, regions: estimates.regions, total: targetTotal(estimates, config.targetClass) }) : null,
  );
  const officialFigures = await timer.run("compare", () => officialFiguresStage({ store, country, year: config.year }));

  const results = assembleResults({
    country,
    config,
    simulated: simulate && { trueAreaHa: simulate.trueAreaHa, trueAreaInFrameHa: labels.trueAreaInFrameHa, target: labels.simulatedTarget },
    mapTotals,
    design: drawn,
    sampleUnits: labels.observations.length,
    estimates,
    classifier,
    fields: { count: fields.rows.length, minAreaHa: fields.minAreaHa, totalAreaHa: fields.totalAreaHa },
    production,
    officialFigures,
    unobserved: mapTotals.unobserved && { ...mapTotals.unobserved, scenes: scenes.length },
    warnings: [...checks, ...drawn.record.warnings, ...labels.warnings, ...estimates.total.warnings],
  });
  const surveyId = await timer.run("store", () =>
    storeStage({
      store,
      survey: {
        name: config.name ?? `${country} ${config.year}${simulate ? " (simulated demo)" : ""}`,
        country,
        year: config.year,
        simulated: simulate !== undefined,
        createdAt: new Date().toISOString(),
        config: { ...config, outDir: staging.finalOutDir },
        provenance: {
          codeVersion: codeVersion(),
          seed: config.seed,
          inputs,
          model: { path: staging.toFinal(classifier.path), sha256: classified.modelSha256, trained: classifier.trained },
          parameterSet: production?.est.parameterSet ?? null,
          node: process.version,
          poolSize: classified.poolSize,
          scenes: classified.scenes,
          ...(classified.mosaic
            ? {
                mosaic: {
                  rule: classified.mosaic.rule,
                  crs: classified.grid.crs.name,
                  epsg: classified.grid.crs.epsg ?? null,
                  resolutionM: Math.abs(classified.grid.geoTransform[1]),
                  widthPx: classified.grid.width,
                  heightPx: classified.grid.height,
                },
              }
            : {}),
          stages: timer.records,
        },
        results,
        estimates: estimateRowsOf(results),
        fields: fields.rows,
        labels: labels.labels,
        usedLabels: labels.usedLabels,
      },
      artifactFiles: {
        classes: classified.classesPath,
        sources: classified.sourcesPath ?? undefined,
        sampleGeoJson: drawn.files.geojson,
        sampleCsv: drawn.files.csv,
        regions: config.regions.path,
      },
      regionsNameField: config.regions.nameField,
      grid: classified.grid,
      assignments: drawn.assignments,
    }),
  );
  return { status: "stored", surveyId, headline: results.headline, results, labelQa: labels.qa };
}
