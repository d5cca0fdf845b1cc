/**
 * Surveys of several scenes: the four-scene demo across UTM zones 18 and 19, a survey over a mosaic
 * against the survey over the one scene it was cut from, and scenes refused before any is classified.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { trainModel } from "../../src/imagery/classify/train.ts";
import { saveModel } from "../../src/imagery/classify/model.ts";
import { synthesizeScene } from "../../src/imagery/synth/synthesize-scene.ts";
import { readClassRaster } from "../../src/imagery/vectorize/read-class-raster.ts";
import { openSqliteStore } from "../../src/store/sqlite-store.ts";
import type { Store } from "../../src/store/store.ts";
import { validateSurveyConfig } from "../../src/survey/config.ts";
import { runDemoSurvey } from "../../src/survey/demo.ts";
import { runSurvey } from "../../src/survey/run-survey.ts";

let dir: string;
let store: Store;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "coca-multi-"));
  store = await openSqliteStore(join(dir, "store.db"));
});

describe("a survey of four scenes on two UTM zones (demo)", () => {
  it("mosaics them, records every scene and its share, and reports the unobserved area per region", async () => {
    const run = await runDemoSurvey({ store, outDir: join(dir, "demo4"), sizePx: 400, n: 240, draws: 5000, scenes: 4 });
    const s = (await store.surveys.get(run.surveyId))!;
    expect(s.simulated).toBe(true);
    const scenes = s.provenance.scenes!;
    expect(scenes).toHaveLength(4);
    expect(scenes.map((x) => x.ref.split("#")[1])).toEqual(scenes.map((x) => x.id));
    expect(new Set(scenes.map((x) => x.mosaic!.priority))).toEqual(new Set([1, 2, 3, 4]));
    for (const x of scenes) {
      expect(x.datetime).toMatch(/^2024-0[78]-\d\dT/);
      expect(x.cloudCoverPct).toBeGreaterThanOrEqual(0);
      expect(x.files[0]).toMatch(/scenes\.json$/);
      expect(x.mosaic!.areaHa).toBeGreaterThan(0);
    }
    expect(scenes.reduce((a, x) => a + x.mosaic!.shareOfObserved, 0)).toBeCloseTo(1, 9);
    // The least cloudy scene (by its class map) is tried first.
    const first = scenes.find((x) => x.mosaic!.priority === 1)!;
    expect(first.invalidShare).toBe(Math.min(...scenes.map((x) => x.invalidShare!)));
    expect(s.provenance.mosaic).toMatchObject({ epsg: 32718, resolutionM: 10, widthPx: 400, heightPx: 400 });
    expect(s.provenance.inputs.filter((i) => i.role === "scene metadata (STAC)")).toHaveLength(1);
    expect(s.provenance.inputs.filter((i) => i.role === "scene").length).toBe(4);
    const u = s.results.unobserved!;
    expect(u.scenes).toBe(4);
    expect(u.regions.length).toBe(3);
    expect(u.totalHa).toBeCloseTo(
      u.regions.reduce((a, r) => a + r.areaHa, 0),
      3,
    );
    expect(s.results.headline).toMatch(/ha of the regions stayed unobserved after 4 scenes/);
    expect(s.artifacts.map((a) => a.name)).toContain("sources.tif");
  });
});

describe("a survey over a mosaic equals the survey over the one scene it was cut from", () => {
  it("gives the same class map pixel for pixel and the same estimates", async () => {
    const synth = await synthesizeScene({ seed: 11, sizePx: 256, outDir: join(dir, "single") });
    const trained = await trainModel({ scenePath: synth.scenePath, labelsPath: synth.trainingPath, classField: "class", seed: 1, trees: 10, maxDepth: 10 });
    const model = join(dir, "model.json");
    saveModel(trained.model, model);
    // Two overlapping crops whose union is the scene.
    const west = join(dir, "west.tif");
    const east = join(dir, "east.tif");
    execFileSync("gdal_translate", ["-q", "-srcwin", "0", "0", "170", "256", synth.scenePath, west]);
    execFileSync("gdal_translate", ["-q", "-srcwin", "90", "0", "166", "256", synth.scenePath, east]);
    const gt = [600000, 10, 0, 8630000, 0, -10];
    const base = {
      country: "PE",
      year: 2024,
      seed: 5,
      model,
      regions: { path: synth.regionsPath, nameField: "name" },
      design: { n: 200, allocation: "min:15" },
      production: { draws: 2000 },
    };
    const one = await runSurvey({
      store,
      config: validateSurveyConfig({ ...base, scenes: [synth.scenePath], outDir: join(dir, "one") }, join(dir, "one.json")),
      simulate: { truthPath: synth.truthPath, errorRate: 0.03, trueAreaHa: synth.trueAreaHa },
    });
    const two = await runSurvey({
      store,
      config: validateSurveyConfig(
        {
          ...base,
          scenes: [west, east],
          grid: { epsg: 32718, resolutionM: 10, bounds: [gt[0]!, gt[3]! - 2560, gt[0]! + 2560, gt[3]!] },
          outDir: join(dir, "two"),
        },
        join(dir, "two.json"),
      ),
      simulate: { truthPath: synth.truthPath, errorRate: 0.03, trueAreaHa: synth.trueAreaHa },
    });
    if (one.status !== "stored" || two.status !== "stored") throw new Error("expected stored surveys");
    const [a, b] = [await readClassRaster(join(dir, "one", "classes.tif")), await readClassRaster(join(dir, "two", "classes.tif"))];
    expect(b.grid).toEqual(a.grid);
    expect(Buffer.from(b.values).equals(Buffer.from(a.values))).toBe(true);
    expect(two.results.total).toEqual(one.results.total);
    expect(two.results.regions).toEqual(one.results.regions);
    expect(two.results.accuracy).toEqual(one.results.accuracy);
    // What no scene observed is the single scene's clouds and shadows (the regions cover the scene; 0.01 ha cells).
    const cloudy = a.values.reduce((n, v) => n + (v === 0 ? 1 : 0), 0);
    expect(cloudy).toBeGreaterThan(0);
    expect(two.results.unobserved!.totalHa).toBeCloseTo(cloudy * 0.01, 4);
  });

  it("refuses a scene whose bands do not match the model before any scene is classified", async () => {
    const model = join(dir, "model.json");
    const synth = join(dir, "single", "scene.tif");
    const fewBands = join(dir, "few.tif");
    execFileSync("gdal_translate", ["-q", "-b", "1", "-b", "2", "-b", "3", synth, fewBands]);
    const out = join(dir, "refused");
    const config = validateSurveyConfig(
      {
        country: "PE",
        year: 2024,
        seed: 5,
        model,
        scenes: [synth, fewBands],
        regions: { path: join(dir, "single", "regions.geojson") },
        design: { n: 100 },
        outDir: out,
      },
      join(dir, "refused.json"),
    );
    await expect(runSurvey({ store, config })).rejects.toThrow(/few\.tif: band\(s\) .* missing, but model/);
    expect(existsSync(join(out, "classes-scene-1.tif"))).toBe(false);
  });
});

describe("coca survey show lists the scenes of a multi-scene survey", () => {
  it("prints each scene with its date, clouds, priority and share, and the unobserved area", async () => {
    const { renderSurvey } = await import("../../src/cli/commands/survey.ts");
    const list = await store.surveys.list();
    const multi = [];
    for (const x of list) {
      const d = await store.surveys.get(x.id);
      if (d?.provenance.scenes && d.provenance.scenes.length === 4) multi.push(d);
    }
    expect(multi.length).toBeGreaterThan(0);
    const text = renderSurvey(multi[0]!);
    expect(text).toMatch(/Scenes \(4\), mosaicked onto WGS 84 \/ UTM zone 18S at 10 m/);
    for (const sc of multi[0]!.provenance.scenes!) expect(text).toContain(sc.id);
    expect(text).toMatch(/Unobserved after 4 scenes .*: [\d,.]+ ha/);
  });
});

describe("the survey's folder is all or nothing", () => {
  it("a run that fails after classifying leaves the folder as it was; a run that stops for labels moves its files in", async () => {
    const model = join(dir, "model.json");
    const scene = join(dir, "single", "scene.tif");
    const out = join(dir, "all-or-nothing");
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, "notes.txt"), "kept");
    const base = {
      country: "PE",
      year: 2024,
      seed: 5,
      model,
      scenes: [scene],
      regions: { path: join(dir, "single", "regions.geojson") },
      design: { n: 100 },
      outDir: out,
    };
    // targetClass is checked after the scene is classified: classes.tif was written, in the staging folder only.
    await expect(runSurvey({ store, config: validateSurveyConfig({ ...base, targetClass: "no such class" }, join(dir, "bad.json")) })).rejects.toThrow(
      /targetClass/,
    );
    expect(readdirSync(out)).toEqual(["notes.txt"]);
    expect(readdirSync(dir).filter((n) => n.startsWith(".all-or-nothing."))).toEqual([]);
    const stopped = await runSurvey({ store, config: validateSurveyConfig(base, join(dir, "ok.json")) });
    expect(stopped.status).toBe("needs-labels");
    if (stopped.status !== "needs-labels") return;
    expect(stopped.sample.csv).toBe(join(out, "sample.csv"));
    expect(stopped.message).toContain(join(out, "sheet.csv"));
    expect(stopped.message).not.toContain(".all-or-nothing.");
    expect(readdirSync(out)).toEqual(expect.arrayContaining(["notes.txt", "classes.tif", "sample.csv", "sample.geojson"]));
  });
});
