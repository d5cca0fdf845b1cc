/**
 * The survey end to end: the demo on a small simulated scene, reproducibility,
 * the interpreters' round trip, config errors and failed stages.
 */
import { describe, expect, it, beforeAll } from "vitest";
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { openSqliteStore } from "../../src/store/sqlite-store.ts";
import type { Store } from "../../src/store/store.ts";
import { runDemoSurvey } from "../../src/survey/demo.ts";
import { runSurvey, type SurveyResults } from "../../src/survey/run-survey.ts";
import { validateSurveyConfig } from "../../src/survey/config.ts";
import { diffSurveys } from "../../src/survey/diff.ts";
import { synthesizeScene } from "../../src/imagery/synth/synthesize-scene.ts";
import { readClassRaster } from "../../src/imagery/vectorize/read-class-raster.ts";

const SIZE = 256;
const ROOT = join(import.meta.dirname, "..", "..");

describe("survey demo end to end", () => {
  let store: Store;
  let dir: string;
  let first: Awaited<ReturnType<typeof runDemoSurvey>>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "coca-survey-test-"));
    store = await openSqliteStore(join(dir, "store.db"));
    first = await runDemoSurvey({ store, outDir: join(dir, "a"), sizePx: SIZE, n: 240, draws: 20_000 });
  });

  it("stores a simulated survey with estimates, accuracy, production, provenance and the official comparison", async () => {
    const s = (await store.surveys.get(first.surveyId))!;
    expect(s.simulated).toBe(true);
    expect(s.country).toBe("PER");
    const r = s.results as SurveyResults;
    expect(r.headline).toMatch(
      /^\[SIMULATED\] Coca in the demo region: [\d,]+ ha \(95% CI [-\d,]+-[\d,]+\); the map alone counts [\d,]+ ha; the true simulated area is [\d,]+ ha/,
    );
    expect(r.total.areaSeHa).toBeGreaterThan(0);
    expect(r.total.areaCiHa[1] - r.total.areaCiHa[0]).toBeGreaterThan(0);
    expect(r.accuracy.overallAccuracy).toBeGreaterThan(0.5);
    expect(r.production!.cocaineT.ci90[0]).toBeLessThanOrEqual(r.production!.cocaineT.median);
    expect(r.production!.cocaineT.ci90[1]).toBeGreaterThanOrEqual(r.production!.cocaineT.median);
    expect(r.officialFigures.some((f) => f.metric === "cultivation_ha" && f.source === "DEVIDA")).toBe(true);
    // estimates: total + one row per region; region point estimates add up to the total
    const total = s.estimates.find((e) => e.region === "total")!;
    const regions = s.estimates.filter((e) => e.region !== "total");
    expect(regions.length).toBeGreaterThan(1);
    expect(regions.reduce((a, e) => a + e.areaHa, 0)).toBeCloseTo(total.areaHa, 6);
    const prov = s.provenance as { inputs: { role: string; sha256: string | null }[]; stages: { name: string }[]; seed: number; codeVersion: string };
    expect(prov.seed).toBe(2024);
    expect(prov.inputs.find((i) => i.role === "scene")?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(prov.stages.map((x) => x.name)).toEqual([
      "inputs",
      "classifier",
      "classify",
      "map totals",
      "design",
      "labels",
      "estimate",
      "fields",
      "production",
      "compare",
    ]);
    expect(s.artifacts.map((a) => a.name)).toEqual(["classes.tif", "regions.geojson", "sample.csv", "sample.geojson"]);
    expect(s.fieldCount).toBeGreaterThan(0);
  });

  it("gives identical stored numbers when rerun with the same seed", async () => {
    const again = await runDemoSurvey({ store, outDir: join(dir, "b"), sizePx: SIZE, n: 240, draws: 20_000 });
    const [a, b] = [(await store.surveys.get(first.surveyId))!, (await store.surveys.get(again.surveyId))!];
    expect(b.estimates).toEqual(a.estimates);
    expect(JSON.stringify((b.results as SurveyResults).production)).toBe(JSON.stringify((a.results as SurveyResults).production));
    const d = diffSurveys(a, b);
    expect(d.estimates).toEqual([]);
    expect(d.results).toEqual([]);
    // The class maps hold the same pixels (their metadata name their own paths).
    const [ma, mb] = [await readClassRaster(join(dir, "a", "survey", "classes.tif")), await readClassRaster(join(dir, "b", "survey", "classes.tif"))];
    expect(Buffer.from(mb.values).equals(Buffer.from(ma.values))).toBe(true);
  });

  it("stops after the design when no labels are given, then estimates from the interpreters' file", async () => {
    const scene = await synthesizeScene({ seed: 5, sizePx: SIZE, outDir: join(dir, "s5") });
    const base = {
      country: "PE",
      year: 2024,
      seed: 5,
      scenes: [scene.scenePath],
      training: { labels: scene.trainingPath, classField: "class", trees: 10, maxDepth: 10 },
      regions: { path: scene.regionsPath },
      design: { n: 160, allocation: "min:15" },
      production: { draws: 5000 },
      outDir: join(dir, "run5"),
    };
    const before = await store.surveys.count();
    const r1 = await runSurvey({ store, config: validateSurveyConfig(base, join(dir, "s.yaml")) });
    expect(r1.status).toBe("needs-labels");
    if (r1.status !== "needs-labels") return;
    expect(r1.message).toMatch(/reference_class/);
    expect(await store.surveys.count()).toBe(before);
    // The interpreter fills in reference_class from the truth.
    const truth = await readClassRaster(scene.truthPath);
    const lines = readFileSync(r1.sample.csv, "utf8").trim().split("\n");
    const header = lines[0]!.split(",");
    const [iRow, iCol, iRef] = ["row", "col", "reference_class"].map((c) => header.indexOf(c));
    const filled = [
      lines[0],
      ...lines.slice(1).map((l) => {
        const cells = l.split(",");
        cells[iRef!] = truth.classNames[truth.values[Number(cells[iRow!]) * SIZE + Number(cells[iCol!])]!]!;
        return cells.join(",");
      }),
    ].join("\n");
    const labels = join(dir, "labels.csv");
    writeFileSync(labels, `${filled}\n`);
    const r2 = await runSurvey({ store, config: validateSurveyConfig({ ...base, labels }, join(dir, "s.yaml")) });
    expect(r2.status).toBe("stored");
    // A label outside the legend is refused, naming the file, and nothing is stored.
    writeFileSync(labels, `${filled.replace(/,coca(\n|$)/, ",cocoa$1")}\n`);
    const n = await store.surveys.count();
    await expect(runSurvey({ store, config: validateSurveyConfig({ ...base, labels }, join(dir, "s.yaml")) })).rejects.toThrow(
      /labels\.csv.*not in the legend/,
    );
    expect(await store.surveys.count()).toBe(n);
    // With named interpreters in the config, each writes only to their own assignment: ana's name on every unit is refused.
    const named = { ...base, labels, interpreters: { names: ["ana", "ben"] } };
    writeFileSync(labels, `${filled}\n`);
    await expect(runSurvey({ store, config: validateSurveyConfig(named, join(dir, "s.yaml")) })).rejects.toThrow(
      /labels\.csv: line \d+: no interpreter: the survey assigns its units to named interpreters/,
    );
    const asAna = filled
      .split("\n")
      .map((l, i) => `${l},${i === 0 ? "interpreter" : "ana"}`)
      .join("\n");
    writeFileSync(labels, `${asAna}\n`);
    await expect(runSurvey({ store, config: validateSurveyConfig(named, join(dir, "s.yaml")) })).rejects.toThrow(
      /labels\.csv: line \d+: unit \S+ is not assigned to ana: an interpreter writes only to their own assignment/,
    );
    expect(await store.surveys.count()).toBe(n);
  });

  it("stratifies with a buffer stratum around mapped coca when the config asks for one", async () => {
    const scene = join(dir, "a", "scene");
    const config = validateSurveyConfig(
      {
        country: "PE",
        year: 2024,
        seed: 3,
        scenes: [join(scene, "scene.tif")],
        model: join(dir, "a", "survey", "model.json"),
        regions: { path: join(scene, "regions.geojson") },
        design: { n: 200, allocation: "min:15", strata: { bufferPx: 3 } },
        production: { draws: 2000 },
        outDir: join(dir, "buffered"),
      },
      join(dir, "buffered.yaml"),
    );
    const r = await runSurvey({ store, config, simulate: { truthPath: join(scene, "truth.tif"), errorRate: 0, trueAreaHa: {} } });
    expect(r.status).toBe("stored");
    if (r.status !== "stored") return;
    // Strata: the 8 map classes plus stratum 9, the buffer of non-coca pixels near mapped coca.
    expect(r.results.sample.strata.map((x) => x.stratum)).toContain("9");
    expect(r.results.total.areaSeHa).toBeGreaterThan(0);
  });

  it("leaves no survey in the store when a stage fails (a corrupt scene)", async () => {
    const scene = join(dir, "a", "scene", "scene.tif");
    const corrupt = join(dir, "corrupt.tif");
    writeFileSync(corrupt, readFileSync(scene).subarray(0, 4096));
    const n = await store.surveys.count();
    writeFileSync(join(dir, "none.csv"), "unit_id,reference_class\n");
    const config = validateSurveyConfig(
      {
        country: "PE",
        year: 2024,
        seed: 1,
        scenes: [corrupt],
        training: { labels: join(dir, "a", "scene", "training.geojson"), classField: "class" },
        regions: { path: join(dir, "a", "scene", "regions.geojson") },
        design: { n: 100 },
        labels: join(dir, "none.csv"),
        outDir: join(dir, "bad"),
      },
      join(dir, "bad.yaml"),
    );
    await expect(runSurvey({ store, config })).rejects.toThrow(/corrupt\.tif/);
    expect(await store.surveys.count()).toBe(n);
    expect(existsSync(join(dir, "bad", "classes.tif"))).toBe(false);
  });

  it("refuses a config with an error, naming the file and the field (CLI)", () => {
    const bad = join(dir, "broken.yaml");
    writeFileSync(bad, "country: PE\nyear: 2024\nseed: 1\nscenes: [x.tif]\nmodel: m.json\nregions: {path: r.geojson}\ndesign: {n: 0}\n");
    const r = spawnSync(process.execPath, [join(ROOT, "bin", "coca.js"), "--db", join(dir, "cli.db"), "survey", "run", bad], { encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${bad}: design.n`);
  });
});

describe("survey demo coverage", () => {
  it("the 95% CI covers the simulated truth in a large majority of seeded demo runs", async () => {
    const store = await openSqliteStore(":memory:");
    const dir = mkdtempSync(join(tmpdir(), "coca-coverage-"));
    const seeds = [11, 12, 13, 14, 15, 16, 17, 18];
    let covered = 0;
    for (const seed of seeds) {
      const r = await runDemoSurvey({ store, outDir: join(dir, String(seed)), seed, sizePx: SIZE, n: 200, draws: 2000 });
      const t = r.results.total;
      if (t.trueAreaHa! >= t.areaCiHa[0] && t.trueAreaHa! <= t.areaCiHa[1]) covered++;
    }
    console.info(`demo coverage: truth inside the 95% CI in ${covered} of ${seeds.length} seeded runs`);
    expect(covered).toBeGreaterThanOrEqual(6);
    await store.close();
  });
});
