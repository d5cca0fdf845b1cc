/**
 * @module survey/run-survey
 * One survey, end to end: (train or load a classifier) -> classify the scene ->
 * map totals per region -> stratified sample for interpreters -> reference labels
 * -> area estimates with CIs per region and in total -> fields -> potential
 * production with uncertainty -> comparison with the official figures -> one
 * stored result with its provenance. Every stage is timed; nothing is stored
 * unless every stage succeeded (the store write is one transaction).
 */
import { mkdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import proj4 from "proj4";
import type { Store } from "../store/store.ts";
import type { SurveyEstimateRow, SurveyFieldRow, SurveyArtifact } from "../store/survey-repository.ts";
import { InputError, NotFoundError } from "../domain/errors.ts";
import { normalizeCountry } from "../domain/country.ts";
import { writeFileAtomic } from "../io/atomic-write.ts";
import { sha256File } from "../io/checksum.ts";
import { createRandom } from "../stats/random.ts";
import { parseAllocation } from "../stats/allocation.ts";
import { readAreaFrame } from "../area/read-frame.ts";
import { designSample, withBufferStratum } from "../area/design-sample.ts";
import { pointsToCsv, pointsToGeoJson, strataToCsv } from "../area/sample-points.ts";
import { checkLabelledUnits, readLabelRows } from "../area/read-units.ts";
import { cellAreaHaByRow } from "../raster/cell-area.ts";
import type { RasterGrid } from "../domain/raster-grid.ts";
import { isUrl } from "../raster/read/byte-source.ts";
import { trainModel } from "../imagery/classify/train.ts";
import { loadModel, saveModel } from "../imagery/classify/model.ts";
import { classifyScene } from "../imagery/pipeline/classify-scene.ts";
import { readClassRaster } from "../imagery/vectorize/read-class-raster.ts";
import { vectorizeFields } from "../imagery/vectorize/fields.ts";
import { readRegions, regionRingsInPixels } from "../imagery/zonal/regions.ts";
import { classTotals, zonalTotals } from "../imagery/zonal/zonal-totals.ts";
import { loadParameterSets } from "../production/parameter-set-loader.ts";
import { chooseParameterSet } from "../production/parameter-set-choice.ts";
import { estimateProduction } from "../production/estimate.ts";
import type { Histogram } from "../production/draw-summary.ts";
import { ensureSeeded } from "../figures/seed.ts";
import type { SurveyConfig } from "./config.ts";
import { estimateByRegion, pointInRings, type RegionObservation } from "./region-estimates.ts";
import { simulateReferenceLabels } from "./simulate-labels.ts";
import { StageTimer, type StageReporter } from "./stage-timer.ts";
import { codeVersion } from "./code-version.ts";

export interface SimulatedTruth {
  /** Ground-truth class raster (same grid as the scene). */
  truthPath: string;
  /** Probability that a simulated interpreter labels a unit wrongly. */
  errorRate: number;
  /** True area of each class, ha. */
  trueAreaHa: Record<string, number>;
}

export interface RunSurveyOptions {
  store: Store;
  config: SurveyConfig;
  /** The config file (recorded in provenance), if the config came from one. */
  configPath?: string;
  poolSize?: number;
  onStage?: StageReporter;
  onTiles?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /** The demo: reference labels simulated from a known truth instead of read from `config.labels`. */
  simulate?: SimulatedTruth;
  /** Extra provenance entries (e.g. the demo's synthesis parameters). */
  extraInputs?: InputRecord[];
}

export interface InputRecord {
  role: string;
  path: string;
  sha256: string | null;
  sizeBytes: number | null;
}

export type RunSurveyResult =
  | { status: "needs-labels"; sample: { geojson: string; csv: string; strata: string }; units: number; message: string }
  | { status: "stored"; surveyId: number; headline: string; results: SurveyResults };

export interface SurveyResults {
  simulated: boolean;
  headline: string;
  targetClass: string;
  unit: "ha";
  total: { areaHa: number; areaSeHa: number; areaCiHa: [number, number]; mapAreaHa: number; confidence: number; z: number; trueAreaHa?: number; trueAreaWholeSceneHa?: number };
  regions: { region: string; areaHa: number; areaSeHa: number; areaCiHa: [number, number]; mapAreaHa: number; sampleUnits: number; warnings: string[] }[];
  accuracy: {
    classes: string[];
    overallAccuracy: number;
    overallAccuracySe: number;
    usersAccuracy: (number | null)[];
    usersAccuracySe: (number | null)[];
    producersAccuracy: (number | null)[];
    producersAccuracySe: (number | null)[];
    errorMatrixProportions: number[][];
    sampleCounts: number[][];
    areaHa: number[];
    areaSeHa: number[];
    areaCiHa: [number, number][];
    mappedAreaHa: number[];
  };
  sample: { units: number; strata: { stratum: string; sizeHa: number; sampleSize: number }[]; seed: number; allocation?: string };
  classifier: { trained: boolean; heldOutAccuracy?: number; classes: string[] };
  fields: { count: number; minAreaHa: number; totalAreaHa: number };
  production: {
    parameterSet: string;
    source: string;
    cocaineT: { mean: number; median: number; ci90: [number, number]; ci95: [number, number]; histogram: Histogram; unit: "t" };
    leafT: { mean: number; median: number; ci90: [number, number]; ci95: [number, number]; unit: "t" } | null;
    pointCocaineT: number;
    draws: number;
    notes: string[];
    topDrivers: { parameter: string; share: number }[];
  };
  officialFigures: { metric: string; source: string; region: string; value: number; unit: string; published: string; citation: string }[];
  warnings: string[];
}

const DESIGN_STAGES = ["inputs", "classifier", "classify", "map totals", "design"];
const ESTIMATE_STAGES = ["labels", "estimate", "fields", "production", "compare", "store"];

async function inputRecord(role: string, path: string, configPath?: string): Promise<InputRecord> {
  if (isUrl(path)) return { role, path, sha256: null, sizeBytes: null };
  let sizeBytes: number;
  try {
    sizeBytes = statSync(path).size;
  } catch (cause) {
    throw new NotFoundError(`${configPath ? `${configPath}: ` : ""}${role} file ${path} cannot be read (${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message})`, { cause });
  }
  return { role, path, sha256: await sha256File(path), sizeBytes };
}

function sceneRef(scene: SurveyConfig["scenes"][number]): string {
  if (typeof scene === "string") return scene;
  return "path" in scene ? scene.path : scene.stac;
}

const r2 = (x: number): number => Math.round(x * 100) / 100;
const fmtHa = (x: number): string => Math.round(x).toLocaleString("en-US");

/** Run a survey. Returns "needs-labels" (sample written, nothing stored) or the stored survey's id. */
export async function runSurvey(options: RunSurveyOptions): Promise<RunSurveyResult> {
  const { store, config, simulate } = options;
  const country = normalizeCountry(config.country);
  if (config.scenes.length !== 1) {
    throw new InputError(`${options.configPath ?? "config"}: scenes: one scene per survey run is supported (got ${config.scenes.length}); mosaic scenes first`, { field: "scenes" });
  }
  const hasLabels = simulate !== undefined || config.labels !== undefined;
  const timer = new StageTimer(DESIGN_STAGES.length + (hasLabels ? ESTIMATE_STAGES.length : 0), options.onStage);
  const out = config.outDir;
  mkdirSync(out, { recursive: true });
  const scene = sceneRef(config.scenes[0]!);
  const warnings: string[] = [];

  // 1. inputs
  const inputs = await timer.run("inputs", async () => {
    const list: InputRecord[] = [...(options.extraInputs ?? [])];
    if (options.configPath) list.push(await inputRecord("config", options.configPath, options.configPath));
    if (config.model) list.push(await inputRecord("model", config.model, options.configPath));
    if (config.training) list.push(await inputRecord("training labels", config.training.labels, options.configPath));
    list.push(await inputRecord("regions", config.regions.path, options.configPath));
    if (config.labels) list.push(await inputRecord("reference labels", config.labels, options.configPath));
    const strata = config.design.strata;
    if (typeof strata === "object" && "raster" in strata) list.push(await inputRecord("strata raster", strata.raster, options.configPath));
    return list;
  });

  // 2. classifier
  const classifier = await timer.run("classifier", async () => {
    if (config.model) {
      const model = loadModel(config.model);
      return { path: config.model, trained: false, classes: model.classes, heldOutAccuracy: undefined as number | undefined };
    }
    const t = config.training!;
    const trained = await trainModel({ scenePath: scene, labelsPath: t.labels, classField: t.classField, seed: config.seed, trees: t.trees, maxDepth: t.maxDepth });
    const path = join(out, "model.json");
    saveModel(trained.model, path);
    return { path, trained: true, classes: trained.model.classes, heldOutAccuracy: trained.accuracy?.overallAccuracy };
  });

  // 3. classify
  const classesPath = join(out, "classes.tif");
  const classified = await timer.run("classify", () =>
    classifyScene({ scene, model: classifier.path, out: classesPath, poolSize: options.poolSize, signal: options.signal, onProgress: options.onTiles }),
  );
  for (const f of classified.sceneFiles) inputs.push(await inputRecord("scene", f));
  if (!classifier.classes.includes(config.targetClass)) {
    throw new InputError(`${options.configPath ?? "config"}: targetClass: "${config.targetClass}" is not a class of the model (${classifier.classes.join(", ")})`, { field: "targetClass" });
  }

  // 4. map totals per region
  const regionSet = readRegions(config.regions.path, config.regions.nameField);
  const mapTotals = await timer.run("map totals", async () => {
    const raster = await readClassRaster(classesPath);
    const zonal = zonalTotals(raster, regionSet);
    const totals = classTotals(raster);
    return { raster, zonal, totals };
  });
  const regionNames = [...new Set(regionSet.regions.map((r) => r.name))];
  const ringsByRegion = regionNames.map((name) => ({
    name,
    rings: regionSet.regions.filter((r) => r.name === name).flatMap((r) => regionRingsInPixels(regionSet, r, mapTotals.raster.grid)),
  }));
  const regionOfPixel = (col: number, row: number): string | null =>
    ringsByRegion.find((r) => pointInRings(col, row, r.rings))?.name ?? null;

  // 5. design
  const drawn = await timer.run("design", async () => {
    const strataOption = config.design.strata;
    let frame = await readAreaFrame({ mapPath: classesPath, strataPath: typeof strataOption === "object" && "raster" in strataOption ? strataOption.raster : undefined });
    if (typeof strataOption === "object" && "bufferPx" in strataOption) {
      const targetCode = classifier.classes.indexOf(config.targetClass) + 1;
      frame = withBufferStratum(frame, { targetCode, radiusPx: strataOption.bufferPx }).frame;
    }
    const allocation = parseAllocation(config.design.allocation);
    const sample = designSample({
      frame,
      design: "stratified",
      seed: config.seed,
      random: createRandom(config.seed),
      n: config.design.n,
      targetSe:
        config.design.targetSe === undefined
          ? undefined
          : { kind: "area", se: config.design.targetSe, anticipated: (code) => (frame.className(code) === config.targetClass ? config.design.anticipatedUsersAccuracy : config.design.anticipatedOmission) },
      allocation,
    });
    const geojson = join(out, "sample.geojson");
    const csv = join(out, "sample.csv");
    const strata = join(out, "sample.strata.csv");
    writeFileAtomic(geojson, `${JSON.stringify(pointsToGeoJson(sample.points, sample.record))}\n`);
    writeFileAtomic(csv, pointsToCsv(sample.points));
    writeFileAtomic(strata, strataToCsv(sample.strata));
    return { ...sample, files: { geojson, csv, strata } };
  });
  warnings.push(...drawn.record.warnings);
  if (!hasLabels) {
    return {
      status: "needs-labels",
      sample: drawn.files,
      units: drawn.points.length,
      message:
        `the sample is written for interpreters: ${drawn.files.csv} (${drawn.points.length} units; also ${drawn.files.geojson} for QGIS). ` +
        `Fill its reference_class column with what each unit is on the ground (one of: ${classifier.classes.join(", ")}), ` +
        `add \`labels: <that file>\` to the survey config, and run it again with the same seed.`,
    };
  }

  // 6. labels
  const strataSizes = drawn.strata.map((s) => ({ id: s.stratum, sizeHa: s.sizeHa, sizeUnits: s.sizePx }));
  let trueAreaInFrameHa: number | undefined;
  const observations = await timer.run("labels", async (): Promise<RegionObservation[]> => {
    const legend = classifier.classes;
    let labelled: { unitId?: string; stratum: string; mapClass: string; referenceClass: string }[];
    if (simulate) {
      const truth = await readClassRaster(simulate.truthPath);
      trueAreaInFrameHa = trueAreaInFrame(truth.values, truth.classNames.indexOf(config.targetClass), mapTotals.raster.values, mapTotals.raster.grid);
      const refs = simulateReferenceLabels({
        indices: drawn.design.units.map((u) => u.index),
        truth: truth.values,
        classNames: truth.classNames.slice(1).map((n, i) => n ?? `class ${i + 1}`),
        errorRate: simulate.errorRate,
        random: createRandom(config.seed + 1),
      });
      labelled = drawn.points.map((p, i) => ({ unitId: p.unitId, stratum: p.stratum, mapClass: p.mapClass, referenceClass: refs[i]! }));
    } else {
      const rows = await readLabelRows(config.labels!);
      const design = { record: drawn.record, units: new Map(drawn.points.map((p) => [p.unitId, { stratum: p.stratum, mapClass: p.mapClass }])) };
      labelled = checkLabelledUnits({ rows, file: config.labels!, strata: strataSizes, strataFile: drawn.files.strata, legend, design, designFile: drawn.files.geojson });
      if (labelled.length !== drawn.points.length) {
        warnings.push(`${config.labels}: ${labelled.length} of ${drawn.points.length} sample units are labelled; the estimate uses the labelled ones only`);
      }
    }
    const byId = new Map(drawn.points.map((p) => [p.unitId, p]));
    return labelled.map((u) => {
      const p = byId.get(u.unitId!)!;
      return { stratum: u.stratum, mapClass: u.mapClass, referenceClass: u.referenceClass, unitId: u.unitId, region: regionOfPixel(p.col + 0.5, p.row + 0.5) };
    });
  });

  // 7. estimate
  const estimates = await timer.run("estimate", () =>
    estimateByRegion({ strata: strataSizes, units: observations, classes: classifier.classes, targetClass: config.targetClass, regions: regionNames, confidence: config.confidence }),
  );
  const k = estimates.total.classes.indexOf(config.targetClass);
  warnings.push(...estimates.total.warnings);
  const mapAreaOf = (region: string): number =>
    mapTotals.zonal.filter((z) => z.region === region && z.className === config.targetClass).reduce((s, z) => s + z.areaHa, 0);
  const totalMapHa = mapTotals.totals.find((t) => t.className === config.targetClass)?.areaHa ?? 0;

  // 8. fields
  const fieldsOut = await timer.run("fields", () => {
    const minAreaHa = config.fields.minAreaHa;
    const fields = vectorizeFields(mapTotals.raster, { classCode: config.targetClass, minAreaHa, simplifyToleranceM: config.fields.simplifyM });
    const grid = mapTotals.raster.grid;
    const toWgs84 = grid.crs.epsg === 4326 ? (p: [number, number]) => p : (p: [number, number]) => proj4(grid.crs.proj4, "EPSG:4326", p) as [number, number];
    const gt = grid.geoTransform;
    const det = gt[1] * gt[5] - gt[2] * gt[4];
    const rows: SurveyFieldRow[] = fields.map((f) => {
      const rings = f.coordinates.map((ring) => ring.map((p) => toWgs84(p)).map(([x, y]) => [r7(x), r7(y)] as [number, number]));
      let minLon = Infinity, minLat = Infinity, maxLon = -Infinity, maxLat = -Infinity;
      for (const [x, y] of rings[0]!) {
        if (x < minLon) minLon = x;
        if (x > maxLon) maxLon = x;
        if (y < minLat) minLat = y;
        if (y > maxLat) maxLat = y;
      }
      const [x0, y0] = f.coordinates[0]![0]!;
      const dx = x0 - gt[0], dy = y0 - gt[3];
      const col = (gt[5] * dx - gt[2] * dy) / det, row = (-gt[4] * dx + gt[1] * dy) / det;
      return {
        fieldId: f.fieldId,
        className: f.className,
        areaHa: r2(f.areaHa * 100) / 100,
        region: regionOfPixel(col + 0.5, row + 0.5),
        bbox: [minLon, minLat, maxLon, maxLat],
        geometry: { type: "Polygon", coordinates: rings },
      };
    });
    return { rows, minAreaHa, totalAreaHa: fields.reduce((s, f) => s + f.areaHa, 0) };
  });

  // 9. production
  const production = await timer.run("production", async () => {
    const sets = await loadParameterSets();
    let params = chooseParameterSet(sets, { country, year: config.year, name: config.production.params });
    const notes: string[] = [];
    if (params.deductions && (params.deductions.traditionalLeafT || params.deductions.industrialLeafT)) {
      params = { ...params, deductions: undefined };
      notes.push(`${params.name} deducts national leaf for traditional and industrial use; a survey of part of a country does not, so the deduction is left out here`);
    }
    const regionAreas = estimates.regions
      .filter((r) => r.areaHa > 0 || r.areaSeHa > 0)
      .map((r) => ({ region: r.region, areaHa: Math.max(0, r.areaHa), areaSeHa: r.areaSeHa, citation: "this survey's sample-based estimate" }));
    const areas = regionAreas.length > 0 ? regionAreas : [{ region: "national", areaHa: Math.max(0, estimates.total.areaHa[k]!), areaSeHa: estimates.total.areaSeHa[k]!, citation: "this survey's sample-based estimate" }];
    const est = estimateProduction({ country, year: config.year, regions: areas, params, draws: config.production.draws, random: createRandom(config.seed + 2) });
    return { est, notes };
  });

  // 10. compare with the registry
  const official = await timer.run("compare", async () => {
    await ensureSeeded(store);
    const figs = await store.figures.list({ country, year: config.year, region: "national" });
    return figs
      .filter((f) => f.metric === "cultivation_ha" || f.metric === "cocaine_t")
      .map((f) => ({ metric: f.metric, source: f.source, region: f.region, value: f.value, unit: f.unit, published: f.published, citation: f.citation }));
  });

  const total = {
    areaHa: estimates.total.areaHa[k]!,
    areaSeHa: estimates.total.areaSeHa[k]!,
    areaCiHa: estimates.total.areaCiHa[k]!,
    mapAreaHa: totalMapHa,
    confidence: estimates.total.confidence,
    z: estimates.total.z,
    ...(simulate ? { trueAreaHa: trueAreaInFrameHa, trueAreaWholeSceneHa: simulate.trueAreaHa[config.targetClass] ?? 0 } : {}),
  };
  const pe = production.est;
  const pct = Math.round(total.confidence * 100);
  const headline =
    `${simulate ? "[SIMULATED] " : ""}Coca in ${simulate ? "the demo region" : `the survey area (${country} ${config.year})`}: ${fmtHa(total.areaHa)} ha ` +
    `(${pct}% CI ${fmtHa(total.areaCiHa[0])}-${fmtHa(total.areaCiHa[1])}); the map alone counts ${fmtHa(total.mapAreaHa)} ha` +
    (total.trueAreaHa !== undefined ? `; the true simulated area is ${fmtHa(total.trueAreaHa)} ha (cloud-free part of the scene)` : "") +
    `. Potential pure cocaine: ${pe.cocaineT.mean.toFixed(1)} t (90% interval ${pe.cocaineT.ci90[0].toFixed(1)}-${pe.cocaineT.ci90[1].toFixed(1)} t; parameters ${pe.parameterSet.name}).`;

  const t = estimates.total;
  const results: SurveyResults = {
    simulated: simulate !== undefined,
    headline,
    targetClass: config.targetClass,
    unit: "ha",
    total,
    regions: estimates.regions.map((r) => ({ region: r.region, areaHa: r.areaHa, areaSeHa: r.areaSeHa, areaCiHa: r.areaCiHa, mapAreaHa: mapAreaOf(r.region), sampleUnits: r.sampleUnitsInRegion, warnings: r.warnings })),
    accuracy: {
      classes: t.classes,
      overallAccuracy: t.overallAccuracy,
      overallAccuracySe: t.overallAccuracySe,
      usersAccuracy: t.usersAccuracy,
      usersAccuracySe: t.usersAccuracySe,
      producersAccuracy: t.producersAccuracy,
      producersAccuracySe: t.producersAccuracySe,
      errorMatrixProportions: t.errorMatrixProportions,
      sampleCounts: t.sampleCounts,
      areaHa: t.areaHa,
      areaSeHa: t.areaSeHa,
      areaCiHa: t.areaCiHa,
      mappedAreaHa: t.mappedAreaHa,
    },
    sample: { units: observations.length, strata: drawn.strata.map((s) => ({ stratum: s.stratum, sizeHa: s.sizeHa, sampleSize: s.sampleSize })), seed: config.seed, allocation: drawn.record.allocation },
    classifier: { trained: classifier.trained, heldOutAccuracy: classifier.heldOutAccuracy, classes: classifier.classes },
    fields: { count: fieldsOut.rows.length, minAreaHa: fieldsOut.minAreaHa, totalAreaHa: fieldsOut.totalAreaHa },
    production: {
      parameterSet: pe.parameterSet.name,
      source: pe.parameterSet.source,
      cocaineT: { mean: pe.cocaineT.mean, median: pe.cocaineT.median, ci90: pe.cocaineT.ci90, ci95: pe.cocaineT.ci95, histogram: pe.cocaineT.histogram, unit: "t" },
      leafT: pe.leafT ? { mean: pe.leafT.mean, median: pe.leafT.median, ci90: pe.leafT.ci90, ci95: pe.leafT.ci95, unit: "t" } : null,
      pointCocaineT: pe.pointEstimate.cocaineT,
      draws: pe.draws,
      notes: [...production.notes, ...pe.notes],
      topDrivers: [...pe.sensitivity.firstOrder].sort((a, b) => b.share - a.share).slice(0, 5).map((s) => ({ parameter: s.label, share: s.share })),
    },
    officialFigures: official,
    warnings,
  };

  const estimateRows: SurveyEstimateRow[] = [
    { region: "total", className: config.targetClass, areaHa: total.areaHa, areaSeHa: total.areaSeHa, ciLowHa: total.areaCiHa[0], ciHighHa: total.areaCiHa[1], mapAreaHa: total.mapAreaHa },
    ...results.regions.map((r) => ({ region: r.region, className: config.targetClass, areaHa: r.areaHa, areaSeHa: r.areaSeHa, ciLowHa: r.areaCiHa[0], ciHighHa: r.areaCiHa[1], mapAreaHa: r.mapAreaHa })),
  ];
  const artifacts: SurveyArtifact[] = [
    { name: "classes.tif", mediaType: "image/tiff; application=geotiff; profile=cloud-optimized", bytes: readFileSync(classesPath) },
    { name: "sample.geojson", mediaType: "application/geo+json", bytes: readFileSync(drawn.files.geojson) },
    { name: "sample.csv", mediaType: "text/csv", bytes: readFileSync(drawn.files.csv) },
    { name: "regions.geojson", mediaType: "application/geo+json", bytes: readFileSync(config.regions.path) },
  ];

  const surveyId = await timer.run("store", () =>
    store.surveys.save({
      name: config.name ?? `${country} ${config.year}${simulate ? " (simulated demo)" : ""}`,
      country,
      year: config.year,
      simulated: simulate !== undefined,
      createdAt: new Date().toISOString(),
      config,
      provenance: {
        codeVersion: codeVersion(),
        seed: config.seed,
        inputs,
        model: { path: classifier.path, sha256: classified.modelSha256, trained: classifier.trained },
        parameterSet: pe.parameterSet,
        node: process.version,
        poolSize: classified.poolSize,
        stages: timer.records,
      },
      results,
      estimates: estimateRows,
      fields: fieldsOut.rows,
      artifacts,
    }),
  );
  return { status: "stored", surveyId, headline, results };
}

/** True area of class `code` where the map has data (the frame the sample estimates), ha. */
function trueAreaInFrame(truth: Uint8Array, code: number, map: Uint8Array, grid: RasterGrid): number {
  const rowHa = cellAreaHaByRow(grid);
  let ha = 0;
  for (let row = 0, i = 0; row < grid.height; row++) {
    let n = 0;
    for (let col = 0; col < grid.width; col++, i++) if (truth[i] === code && map[i] !== 0) n++;
    ha += n * rowHa[row]!;
  }
  return ha;
}

function r7(x: number): number {
  return Math.round(x * 1e7) / 1e7;
}
