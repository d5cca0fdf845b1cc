/**
 * Double interpretation in the survey run (issue 13): with named interpreters and a share of units given to two,
 * the run's labels file holds both interpreters' rows for the doubly assigned units. The run stores every label,
 * reports the agreement and Cohen's kappa as `survey show` does from the store, leaves the units the two disagree
 * on out of the estimate (saying so in results.warnings), and estimates from the label that counts per unit by the
 * rule of `coca survey estimate`, which then gives the stored numbers to the last digit.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { synthesizeScene } from "../../src/imagery/synth/synthesize-scene.ts";
import { readClassRaster } from "../../src/imagery/vectorize/read-class-raster.ts";
import { csvLine, parseCsvTable } from "../../src/io/csv.ts";
import { openSqliteStore } from "../../src/store/sqlite-store.ts";
import type { Store } from "../../src/store/store.ts";
import { validateSurveyConfig } from "../../src/survey/config.ts";
import { reestimateSurvey } from "../../src/survey/labels/reestimate.ts";
import { surveyLabelQa } from "../../src/survey/labels/workflow.ts";
import { runSurvey, type RunSurveyResult } from "../../src/survey/run-survey.ts";

const SIZE = 160;
const DISAGREE = 3;

describe("double interpretation in the survey run", () => {
  let dir: string;
  let store: Store;
  let base: Record<string, unknown>;
  let first: Extract<RunSurveyResult, { status: "needs-labels" }>;
  let filled: { header: string[]; rows: { interpreter: string; unitId: string; cells: string[] }[] };
  let doubled: string[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "coca-double-"));
    store = await openSqliteStore(":memory:");
    const scene = await synthesizeScene({ seed: 11, sizePx: SIZE, outDir: join(dir, "scene") });
    base = {
      country: "PE",
      year: 2024,
      seed: 11,
      scenes: [scene.scenePath],
      training: { labels: scene.trainingPath, classField: "class", trees: 10, maxDepth: 10 },
      regions: { path: scene.regionsPath },
      design: { n: 120, allocation: "min:10" },
      production: { draws: 2000 },
      interpreters: { names: ["ana", "ben"], double: 0.3 },
      outDir: join(dir, "run"),
    };
    const r1 = await runSurvey({ store, config: validateSurveyConfig(base, join(dir, "s.yaml")) });
    if (r1.status !== "needs-labels") throw new Error("the first run should stop for the labels");
    first = r1;
    const truth = await readClassRaster(scene.truthPath);
    const key = new Map(parseCsvTable(readFileSync(r1.sample.sheetKey, "utf8"), "key").rows.map((r) => [r.values.blind_id!, r.values.unit_id!]));
    const pos = new Map(
      parseCsvTable(readFileSync(r1.sample.csv, "utf8"), "sample").rows.map((r) => [
        r.values.unit_id!,
        { row: Number(r.values.row), col: Number(r.values.col) },
      ]),
    );
    const sheets = Object.fromEntries(
      Object.entries(r1.sample.interpreterSheets).map(([name, path]) => [name, parseCsvTable(readFileSync(path, "utf8"), path)]),
    );
    const units = (name: string) => sheets[name]!.rows.map((r) => key.get(r.values.blind_id!)!);
    const ben = new Set(units("ben"));
    doubled = units("ana").filter((u) => ben.has(u));
    const header = sheets.ana!.header;
    // Each interpreter answers from the ground (the simulated truth), except ben on the first DISAGREE doubly interpreted units.
    const disagreeOn = new Set(doubled.slice(0, DISAGREE));
    filled = { header, rows: [] };
    for (const name of ["ana", "ben"]) {
      for (const r of sheets[name]!.rows) {
        const unitId = key.get(r.values.blind_id!)!;
        const p = pos.get(unitId)!;
        const right = truth.classNames[truth.values[p.row * SIZE + p.col]!]!;
        const cls = name === "ben" && disagreeOn.has(unitId) ? (right === "coca" ? "pasture" : "coca") : right;
        filled.rows.push({ interpreter: name, unitId, cells: header.map((h) => (h === "reference_class" ? cls : h === "interpreter" ? name : r.values[h]!)) });
      }
    }
  }, 300_000);

  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const write = (name: string, rows: typeof filled.rows): string => {
    const path = join(dir, name);
    writeFileSync(path, `${[csvLine(filled.header), ...rows.map((r) => csvLine(r.cells))].join("\n")}\n`);
    return path;
  };

  it("stores both interpreters' labels, reports their agreement as `survey show` does, and estimates as `survey estimate` does", async () => {
    expect(doubled.length).toBe(Math.round(0.3 * first.units));
    const labels = write("both.csv", filled.rows);
    const r = await runSurvey({ store, config: validateSurveyConfig({ ...base, labels }, join(dir, "s.yaml")) });
    expect(r.status).toBe("stored");
    if (r.status !== "stored") return;
    const stored = await store.labels.list(r.surveyId);
    expect(stored).toHaveLength(first.units + doubled.length);
    expect(stored.filter((l) => l.interpreter === "ben").length).toBe(filled.rows.filter((x) => x.interpreter === "ben").length);
    // The estimate used one label per unit, none of the units the two disagree on.
    const uses = await store.labels.uses(r.surveyId, "run");
    expect(uses).toHaveLength(first.units - DISAGREE);
    expect(r.results.sample.units).toBe(first.units - DISAGREE);
    expect(r.results.warnings).toContainEqual(
      expect.stringMatching(
        new RegExp(`both\\.csv: the interpreters disagree on ${DISAGREE} doubly interpreted units .*left out of the estimate until adjudicated`),
      ),
    );
    // The agreement the run reports is the one `survey show` computes from the stored labels.
    const qa = await surveyLabelQa(store, r.surveyId);
    expect(r.labelQa).not.toBeNull();
    expect(qa.doubleUnits).toBe(doubled.length);
    expect(r.labelQa!.doubleUnits).toBe(qa.doubleUnits);
    expect(r.labelQa!.overall.kappa).toBe(qa.overall.kappa);
    expect(r.labelQa!.overall.kappaSe).toBe(qa.overall.kappaSe);
    expect(r.labelQa!.overall.observedAgreement).toBe((doubled.length - DISAGREE) / doubled.length);
    expect(r.labelQa!.pending.map((d) => d.unitId)).toEqual(qa.pending.map((d) => d.unitId));
    expect(qa.pending).toHaveLength(DISAGREE);
    // `coca survey estimate ID` gives the stored numbers back to the last digit, from the same labels.
    const e = await reestimateSurvey(store, r.surveyId);
    expect(e.differences).toEqual([]);
    expect(e.matchesStored).toBe(true);
    expect(e.total.areaHa).toBe(r.results.total.areaHa);
    expect(e.labels.used).toBe(first.units - DISAGREE);
    expect(e.labels.uses.map((u) => u.labelId).sort((a, b) => a - b)).toEqual(uses.map((u) => u.labelId).sort((a, b) => a - b));
  }, 300_000);

  it("refuses a unit given twice by the same interpreter, and a second row on a unit not assigned to that interpreter; nothing stored", async () => {
    const n = await store.surveys.count();
    const anaRow = filled.rows.find((x) => x.interpreter === "ana")!;
    const twice = write("twice.csv", [...filled.rows, anaRow]);
    await expect(runSurvey({ store, config: validateSurveyConfig({ ...base, labels: twice }, join(dir, "s.yaml")) })).rejects.toThrow(
      /twice\.csv: line \d+: unit \S+ appears twice for ana/,
    );
    const onlyAna = filled.rows.find((x) => x.interpreter === "ana" && !doubled.includes(x.unitId))!;
    const stray = write("stray.csv", [...filled.rows, { ...onlyAna, cells: onlyAna.cells.map((c, i) => (filled.header[i] === "interpreter" ? "ben" : c)) }]);
    await expect(runSurvey({ store, config: validateSurveyConfig({ ...base, labels: stray }, join(dir, "s.yaml")) })).rejects.toThrow(
      /stray\.csv: line \d+: unit \S+ is not assigned to ben: an interpreter writes only to their own assignment/,
    );
    expect(await store.surveys.count()).toBe(n);
  }, 300_000);
});
