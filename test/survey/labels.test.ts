/**
 * Labels are data: the demo survey stores the (simulated) labels it used; the store alone gives
 * the stored numbers back to the last digit; appended corrections change the estimate as they
 * should and keep the history; double interpretation's agreement and adjudication; bad label files
 * are refused with nothing stored.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSqliteStore } from "../../src/store/sqlite-store.ts";
import type { Store } from "../../src/store/store.ts";
import { runDemoSurvey } from "../../src/survey/demo.ts";
import { reestimateSurvey, storedDesignOf } from "../../src/survey/labels/reestimate.ts";
import type { StoredDesign } from "../../src/survey/labels/stored-design.ts";
import { runSurvey } from "../../src/survey/run-survey.ts";
import { validateSurveyConfig } from "../../src/survey/config.ts";
import { synthesizeScene } from "../../src/imagery/synth/synthesize-scene.ts";
import { readClassRaster } from "../../src/imagery/vectorize/read-class-raster.ts";
import { parseCsvTable } from "../../src/io/csv.ts";

describe("reference labels kept in the store", () => {
  let dir: string;
  let store: Store;
  let id: number;
  let design: StoredDesign;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "coca-labels-"));
    store = await openSqliteStore(":memory:");
    const run = await runDemoSurvey({ store, outDir: join(dir, "run"), sizePx: 200, n: 200, draws: 5000 });
    id = run.surveyId;
    design = await storedDesignOf(store, { id });
  });

  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("the run stores every label it used, marked simulated, and records them as the run's", async () => {
    const labels = await store.labels.list(id);
    expect(labels).toHaveLength(design.units.length);
    expect(labels.every((l) => l.simulated && l.kind === "interpretation" && l.period === "single")).toBe(true);
    expect(new Set(labels.map((l) => l.unitId))).toEqual(new Set(design.units.map((u) => u.unitId)));
    const uses = await store.labels.uses(id, "run");
    expect(uses.map((u) => u.labelId).sort((a, b) => a - b)).toEqual(labels.map((l) => l.id));
  });

  it("re-estimates from the stored labels alone, giving the stored numbers back to the last digit", async () => {
    const s = (await store.surveys.get(id))!;
    const e = await reestimateSurvey(store, id);
    expect(e.differences).toEqual([]);
    expect(e.matchesStored).toBe(true);
    expect(e.total).toEqual({ areaHa: s.results.total.areaHa, areaSeHa: s.results.total.areaSeHa, areaCiHa: s.results.total.areaCiHa });
    expect(e.cocaineT!.mean).toBe(s.results.production!.cocaineT.mean);
    expect(e.labels.used).toBe(s.results.sample.units);
    expect(e.labels.sinceRun).toBe(0);
  });

  it("round trip: design, blind sheet, labels filled and stored with the survey, re-estimated equal; a sheet of another design is refused", async () => {
    const SIZE = 160;
    const scene = await synthesizeScene({ seed: 11, sizePx: SIZE, outDir: join(dir, "s11") });
    const base = {
      country: "PE",
      year: 2024,
      seed: 11,
      scenes: [scene.scenePath],
      training: { labels: scene.trainingPath, classField: "class", trees: 10, maxDepth: 10 },
      regions: { path: scene.regionsPath },
      design: { n: 120, allocation: "min:10" },
      production: { draws: 2000 },
      outDir: join(dir, "run11"),
    };
    const r1 = await runSurvey({ store, config: validateSurveyConfig(base, join(dir, "s.yaml")) });
    expect(r1.status).toBe("needs-labels");
    if (r1.status !== "needs-labels") return;
    expect(r1.message).toMatch(/sheet\.csv/);
    const sheetText = readFileSync(r1.sample.sheet, "utf8");
    const sheet = parseCsvTable(sheetText, r1.sample.sheet);
    expect(sheet.header).not.toContain("map_class");
    expect(sheet.header).not.toContain("stratum");
    expect(sheet.rows).toHaveLength(r1.units);
    // The lead fills nothing from the key; the interpreter answers from the ground (here: the truth at the unit).
    const key = new Map(parseCsvTable(readFileSync(r1.sample.sheetKey, "utf8"), "key").rows.map((r) => [r.values.blind_id!, r.values.unit_id!]));
    const pos = new Map(
      parseCsvTable(readFileSync(r1.sample.csv, "utf8"), "sample").rows.map((r) => [
        r.values.unit_id!,
        { row: Number(r.values.row), col: Number(r.values.col) },
      ]),
    );
    const truth = await readClassRaster(scene.truthPath);
    const filled = [
      sheet.header.join(","),
      ...sheet.rows.map((r) => {
        const p = pos.get(key.get(r.values.blind_id!)!)!;
        const cls = truth.classNames[truth.values[p.row * SIZE + p.col]!]!;
        return sheet.header
          .map((h) =>
            h === "reference_class" ? cls : h === "interpreter" ? "maria" : h === "confidence" ? "0.8" : h === "imagery" ? "scene 2024-07" : r.values[h],
          )
          .join(",");
      }),
    ].join("\n");
    const labelsPath = join(dir, "filled-sheet.csv");
    writeFileSync(labelsPath, `${filled}\n`);
    const r2 = await runSurvey({ store, config: validateSurveyConfig({ ...base, labels: labelsPath }, join(dir, "s.yaml")) });
    expect(r2.status).toBe("stored");
    if (r2.status !== "stored") return;
    const labels = await store.labels.list(r2.surveyId);
    expect(labels).toHaveLength(r1.units);
    expect(
      labels.every(
        (l) => l.interpreter === "maria" && !l.simulated && l.confidence === 0.8 && l.imagery === "scene 2024-07" && /filled-sheet\.csv sha256:/.test(l.origin),
      ),
    ).toBe(true);
    const e = await reestimateSurvey(store, r2.surveyId);
    expect(e.differences).toEqual([]);
    expect(e.total.areaHa).toBe(r2.results.total.areaHa);
    // The same filled sheet given to another design (another seed draws another sample) is refused, nothing stored.
    const n = await store.surveys.count();
    const other = validateSurveyConfig({ ...base, seed: 12, labels: labelsPath, outDir: join(dir, "run12") }, join(dir, "s.yaml"));
    await expect(runSurvey({ store, config: other })).rejects.toThrow(/filled-sheet\.csv: line 2: this sheet was made for another design/);
    expect(await store.surveys.count()).toBe(n);
  });
});
