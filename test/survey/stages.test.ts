/**
 * Every survey stage run alone, outside runSurvey, from a stored survey: its stored config
 * (a JSON column), its artifacts (class map, sample, regions) and its stored results. Each
 * stage gives back the numbers the whole run stored. A change survey, the interpretation
 * workflow and the report reuse single stages this way.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { surveyProvenanceSchema } from "../../src/domain/provenance.ts";
import { surveyConfigSchema } from "../../src/domain/survey-config.ts";
import { surveyResultsSchema } from "../../src/domain/survey-results.ts";
import { openSqliteStore } from "../../src/store/sqlite-store.ts";
import type { Store } from "../../src/store/store.ts";
import type { SurveyDetail, SurveyFieldRow } from "../../src/store/survey-repository.ts";
import { sha256, sha256File } from "../../src/io/checksum.ts";
import { readClassRaster } from "../../src/imagery/vectorize/read-class-raster.ts";
import { DEMO_DEFAULTS, runDemoSurvey } from "../../src/survey/demo.ts";
import { assembleResults, estimateRowsOf } from "../../src/survey/results.ts";
import { surveyHeadline } from "../../src/survey/headline.ts";
import { inputsStage } from "../../src/survey/stages/inputs.ts";
import { classifierStage } from "../../src/survey/stages/classifier.ts";
import { expandScenes } from "../../src/survey/scenes.ts";
import { classifyStage } from "../../src/survey/stages/classify.ts";
import { mapAreaHa, mapAreaInRegionHa, mapTotalsStage, type MapTotalsResult } from "../../src/survey/stages/map-totals.ts";
import { designStage, strataSizesOf, type DesignResult } from "../../src/survey/stages/design.ts";
import { labelsStage, type LabelsResult } from "../../src/survey/stages/labels.ts";
import { estimateStage, targetTotal, type EstimateResult } from "../../src/survey/stages/estimate.ts";
import { fieldsStage, type FieldsResult } from "../../src/survey/stages/fields.ts";
import { productionPlanOf, productionStage, type ProductionResult } from "../../src/survey/stages/production.ts";
import { officialFiguresStage } from "../../src/survey/stages/official-figures.ts";
import { storeStage } from "../../src/survey/stages/store.ts";

describe("survey stages, each run alone from a stored survey", () => {
  let dir: string;
  let store: Store;
  let s: SurveyDetail;
  let storedFields: SurveyFieldRow[];
  /** The stored artifacts, written back out as files. */
  const files = { classes: "", sampleCsv: "", sampleGeoJson: "", regions: "" };
  // Stage results, each from the stage run alone; later stages take earlier ones as their context.
  let mapTotals: MapTotalsResult;
  let design: DesignResult;
  let labels: LabelsResult;
  let estimates: EstimateResult;
  let fields: FieldsResult;
  let production: ProductionResult;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "coca-stages-"));
    store = await openSqliteStore(":memory:");
    const run = await runDemoSurvey({ store, outDir: join(dir, "run"), sizePx: 200, n: 200, draws: 5000 });
    // What follows reads only the store (and the scene files the stored config names).
    s = JSON.parse(JSON.stringify((await store.surveys.get(run.surveyId))!)) as SurveyDetail;
    storedFields = (await store.surveys.fields(s.id, { limit: 1_000_000, offset: 0 })).fields;
    mkdirSync(join(dir, "stored"));
    for (const [key, name] of [
      ["classes", "classes.tif"],
      ["sampleCsv", "sample.csv"],
      ["sampleGeoJson", "sample.geojson"],
      ["regions", "regions.geojson"],
    ] as const) {
      const a = (await store.surveys.artifact(s.id, name))!;
      files[key] = join(dir, "stored", name);
      writeFileSync(files[key], a.bytes);
    }
  });

  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const again = (name: string): string => join(dir, "again", name);

  it("the stored JSON parts have the shapes of their domain schemas", () => {
    const issues = (r: { success: boolean; error?: { issues: unknown[] } }): string => (r.success ? "ok" : JSON.stringify(r.error!.issues.slice(0, 2)));
    expect(issues(surveyConfigSchema.safeParse(s.config))).toBe("ok");
    expect(issues(surveyProvenanceSchema.safeParse(s.provenance))).toBe("ok");
    expect(issues(surveyResultsSchema.safeParse(s.results))).toBe("ok");
  });

  it("inputs: the stored config gives the stored input records (before the scene's)", async () => {
    const recorded = s.provenance.inputs.filter((i) => i.role !== "scene");
    const extra = recorded.filter((i) => i.role.startsWith("simulated"));
    expect(extra).toHaveLength(1);
    expect(await inputsStage({ config: s.config, extraInputs: extra })).toEqual(recorded);
  });

  it("classifier and classify: retraining from the stored config gives the stored model and class map", async () => {
    const outDir = again("classify");
    mkdirSync(outDir, { recursive: true });
    const classifier = await classifierStage({ config: { ...s.config, outDir }, scene: s.config.scenes[0] as string });
    expect(classifier.trained).toBe(true);
    expect(classifier.classes).toEqual(s.results.classifier.classes);
    expect(classifier.heldOutAccuracy).toBe(s.results.classifier.heldOutAccuracy);
    expect(await sha256File(classifier.path)).toBe(s.provenance.model.sha256);
    const classified = await classifyStage({ scenes: await expandScenes(s.config.scenes), modelPath: classifier.path, outDir });
    expect(classified.modelSha256).toBe(s.provenance.model.sha256);
    const [ours, stored] = [await readClassRaster(classified.classesPath), await readClassRaster(files.classes)];
    expect(Buffer.from(ours.values).equals(Buffer.from(stored.values))).toBe(true);
  });

  it("map totals: the stored class map and regions give the stored map areas", async () => {
    mapTotals = await mapTotalsStage({ classesPath: files.classes, regions: { ...s.config.regions, path: files.regions } });
    expect(mapAreaHa(mapTotals, s.config.targetClass)).toBe(s.results.total.mapAreaHa);
    expect(mapTotals.regionNames).toEqual(s.results.regions.map((r) => r.region));
    for (const r of s.results.regions) expect(mapAreaInRegionHa(mapTotals, r.region, s.config.targetClass)).toBe(r.mapAreaHa);
  });

  it("design: the stored class map and config draw the stored sample again", async () => {
    const outDir = again("design");
    mkdirSync(outDir, { recursive: true });
    design = await designStage({ config: { ...s.config, outDir }, classesPath: files.classes, classes: s.results.classifier.classes });
    expect(sha256(readFileSync(design.files.csv))).toBe(sha256(readFileSync(files.sampleCsv)));
    expect(design.strata.map((x) => ({ stratum: x.stratum, sizeHa: x.sizeHa, sampleSize: x.sampleSize }))).toEqual(s.results.sample.strata);
  });

  it("labels: the simulated interpreters label the sample as in the stored run", async () => {
    const truthPath = join(dirname(s.config.scenes[0] as string), "truth.tif");
    labels = await labelsStage({
      source: { simulate: { truthPath, errorRate: DEMO_DEFAULTS.errorRate, trueAreaHa: {} } },
      seed: s.config.seed,
      design,
      classes: s.results.classifier.classes,
      targetClass: s.config.targetClass,
      classesPath: files.classes,
      regionOfPixel: mapTotals.regionOfPixel,
    });
    expect(labels.observations).toHaveLength(s.results.sample.units);
    expect(labels.trueAreaInFrameHa).toBe(s.results.total.trueAreaHa);
    expect(s.results.regions.map((r) => labels.observations.filter((o) => o.region === r.region).length)).toEqual(s.results.regions.map((r) => r.sampleUnits));
  });

  it("estimate: the labelled sample gives the stored estimates, total and per region", () => {
    estimates = estimateStage({
      strata: strataSizesOf(design),
      observations: labels.observations,
      classes: s.results.classifier.classes,
      targetClass: s.config.targetClass,
      regions: mapTotals.regionNames,
      confidence: s.config.confidence,
    });
    const t = targetTotal(estimates, s.config.targetClass);
    expect([t.areaHa, t.areaSeHa, t.areaCiHa]).toEqual([s.results.total.areaHa, s.results.total.areaSeHa, s.results.total.areaCiHa]);
    expect(estimates.total.overallAccuracy).toBe(s.results.accuracy.overallAccuracy);
    expect(estimates.regions.map((r) => [r.region, r.areaHa, r.areaSeHa])).toEqual(s.results.regions.map((r) => [r.region, r.areaHa, r.areaSeHa]));
  });

  it("fields: the stored class map gives the stored fields, row for row", async () => {
    fields = await fieldsStage({ classesPath: files.classes, config: s.config, regionOfPixel: mapTotals.regionOfPixel });
    expect(fields.rows.length).toBe(s.fieldCount);
    expect(fields.rows.length).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify(fields.rows))).toEqual(storedFields);
    expect(fields.totalAreaHa).toBe(s.results.fields.totalAreaHa);
  });

  it("production: the stored results' area estimates give the stored production", async () => {
    const plan = await productionPlanOf(s.country, s.config);
    if (!plan.set) throw new Error("the demo has a production stage");
    production = productionStage({ country: s.country, config: s.config, plan, regions: s.results.regions, total: s.results.total });
    const c = production.est.cocaineT;
    const stored = s.results.production!;
    expect({ mean: c.mean, median: c.median, ci90: c.ci90, ci95: c.ci95, histogram: c.histogram }).toEqual({
      mean: stored.cocaineT.mean,
      median: stored.cocaineT.median,
      ci90: stored.cocaineT.ci90,
      ci95: stored.cocaineT.ci95,
      histogram: stored.cocaineT.histogram,
    });
    expect(production.est.pointEstimate.cocaineT).toBe(stored.pointCocaineT);
    expect(production.est.parameterSet).toEqual(s.provenance.parameterSet);
  });

  it("compare, results and headline: the stages' results assemble into the stored results", async () => {
    const officialFigures = await officialFiguresStage({ store, country: s.country, year: s.year });
    expect(officialFigures).toEqual(s.results.officialFigures);
    const results = assembleResults({
      country: s.country,
      config: s.config,
      simulated: {
        trueAreaHa: { [s.config.targetClass]: s.results.total.trueAreaWholeSceneHa! },
        trueAreaInFrameHa: labels.trueAreaInFrameHa,
        target: labels.simulatedTarget,
      },
      mapTotals,
      design,
      sampleUnits: labels.observations.length,
      estimates,
      classifier: s.results.classifier,
      fields: { count: fields.rows.length, minAreaHa: fields.minAreaHa, totalAreaHa: fields.totalAreaHa },
      production,
      officialFigures,
      // The demo passes the first run's checks: no warning of its own.
      warnings: [...(await productionPlanOf(s.country, s.config)).warnings, ...design.record.warnings, ...labels.warnings, ...estimates.total.warnings],
    });
    expect(JSON.parse(JSON.stringify(results))).toEqual(s.results);
    expect(estimateRowsOf(results)).toEqual(expect.arrayContaining(s.estimates));
    expect(
      surveyHeadline({
        simulated: true,
        country: s.country,
        year: s.year,
        targetClass: s.config.targetClass,
        total: s.results.total,
        production: { cocaineT: s.results.production!.cocaineT, parameterSet: s.results.production!.parameterSet },
      }),
    ).toBe(s.results.headline);
  });

  it("store: the stored record stores again, unchanged, in another store", async () => {
    const other = await openSqliteStore(":memory:");
    try {
      const id = await storeStage({
        store: other,
        survey: {
          name: s.name,
          country: s.country,
          year: s.year,
          simulated: s.simulated,
          createdAt: s.createdAt,
          config: s.config,
          provenance: s.provenance,
          results: s.results,
          estimates: s.estimates,
          fields: storedFields,
        },
        artifactFiles: files,
      });
      const copy = (await other.surveys.get(id))!;
      expect(copy.results).toEqual(s.results);
      expect(copy.estimates).toEqual(s.estimates);
      expect(copy.fieldCount).toBe(s.fieldCount);
      expect(copy.artifacts).toEqual(s.artifacts);
    } finally {
      await other.close();
    }
  });
});
