/**
 * Labels are data: the demo survey stores the (simulated) labels it used; the store alone gives
 * the stored numbers back to the last digit; appended corrections change the estimate as they
 * should and keep the history; double interpretation's agreement and adjudication; bad label files
 * are refused with nothing stored.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSqliteStore } from "../../src/store/sqlite-store.ts";
import type { Store } from "../../src/store/store.ts";
import { runDemoSurvey } from "../../src/survey/demo.ts";
import { reestimateSurvey, storedDesignOf } from "../../src/survey/labels/reestimate.ts";
import type { StoredDesign } from "../../src/survey/labels/stored-design.ts";

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
    expect(e.cocaineT.mean).toBe(s.results.production.cocaineT.mean);
    expect(e.labels.used).toBe(s.results.sample.units);
    expect(e.labels.sinceRun).toBe(0);
  });
});
