/**
 * The survey run's store stage writes the survey row, its results, labels and interpreters' assignments in one
 * transaction, on SQLite and on PostgreSQL: a failure in the assignments write (here a unit given twice to the same
 * interpreter, refused by the table's primary key) leaves nothing of the survey in the store.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LabelAssignment, NewReferenceLabel } from "../../src/domain/reference-label.ts";
import { openStore } from "../../src/store/open-store.ts";
import type { Store } from "../../src/store/store.ts";
import { storeStage, type StoreContext } from "../../src/survey/stages/store.ts";
import { smallSurvey } from "../api/support.ts";
import { createTestDatabase, pgSkipReason } from "./pg-server.ts";

const pgReason = await pgSkipReason();

const label = (unitId: string, interpreter: string): NewReferenceLabel => ({
  unitId,
  period: "single",
  referenceClass: "coca",
  interpreter,
  labelledAt: "2026-01-02T00:00:00.000Z",
  confidence: null,
  comment: "",
  imagery: "",
  kind: "interpretation",
  reason: "",
  simulated: false,
  origin: "test",
});

const assignments: LabelAssignment[] = [
  { unitId: "u1", interpreter: "ana", position: 0, double: false },
  { unitId: "u2", interpreter: "ben", position: 0, double: false },
];

function stageInput(dir: string, store: Store, given: readonly LabelAssignment[]): StoreContext {
  const { artifacts: _artifacts, ...survey } = smallSurvey();
  const files = { classes: "classes.tif", sampleGeoJson: "sample.geojson", sampleCsv: "sample.csv", regions: "regions.geojson" };
  for (const f of Object.values(files)) writeFileSync(join(dir, f), f.endsWith(".geojson") ? '{"type":"FeatureCollection","features":[]}' : "x");
  return {
    store,
    survey: { ...survey, labels: [label("u1", "ana"), label("u2", "ben")] },
    artifactFiles: Object.fromEntries(Object.entries(files).map(([k, f]) => [k, join(dir, f)])) as StoreContext["artifactFiles"],
    assignments: given,
  };
}

async function nothingStored(store: Store): Promise<void> {
  expect(await store.surveys.count()).toBe(0);
  expect(await store.surveys.get(1)).toBeUndefined();
  expect(await store.labels.list(1)).toEqual([]);
  expect(await store.labels.uses(1)).toEqual([]);
  expect(await store.labels.assignments(1)).toEqual([]);
}

// PostgreSQL is skipped (with the reason in the title) only outside CI: under CI=true pgSkipReason throws instead.
const locations: { name: string; url: () => string; skip: string | undefined }[] = [
  { name: "SQLite", url: () => ":memory:", skip: undefined },
  { name: "PostgreSQL", url: () => db!.url, skip: pgReason },
];
let db: Awaited<ReturnType<typeof createTestDatabase>> | undefined;

for (const { name, url, skip } of locations)
  describe.skipIf(skip !== undefined)(`the survey and its assignments in one transaction (${name}${skip ? `, skipped: ${skip}` : ""})`, () => {
    let dir: string;
    let store: Store;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), "coca-survey-tx-"));
      if (name === "PostgreSQL") db = await createTestDatabase("coca_survey_tx");
      store = await openStore(url());
    }, 60_000);
    afterAll(async () => {
      await store?.close();
      if (name === "PostgreSQL") await db?.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    it("stores nothing of the survey when the assignments write fails", async () => {
      const duplicated = [...assignments, { ...assignments[0]! }];
      await expect(storeStage(stageInput(dir, store, duplicated))).rejects.toThrow();
      await nothingStored(store);
    });

    it("stores the survey, its labels and its assignments together when nothing fails", async () => {
      const id = await storeStage(stageInput(dir, store, assignments));
      expect(await store.surveys.count()).toBe(1);
      expect((await store.labels.list(id)).map((l) => `${l.unitId} ${l.interpreter}`)).toEqual(["u1 ana", "u2 ben"]);
      expect(await store.labels.assignments(id)).toEqual(assignments);
    });

    it("records as the run's only the labels the estimate used (a doubly interpreted unit stores both labels)", async () => {
      const input = stageInput(dir, store, []);
      const labels = [label("u1", "ana"), label("u1", "ben"), label("u2", "ben")];
      const id = await storeStage({ ...input, survey: { ...input.survey, labels, usedLabels: [1, 2] } });
      const stored = await store.labels.list(id);
      expect(stored.map((l) => `${l.unitId} ${l.interpreter}`)).toEqual(["u1 ana", "u1 ben", "u2 ben"]);
      expect((await store.labels.uses(id, "run")).map((u) => u.labelId)).toEqual([stored[1]!.id, stored[2]!.id]);
      await expect(storeStage({ ...input, survey: { ...input.survey, labels, usedLabels: [3] } })).rejects.toThrow(/usedLabels: index 3/);
    });
  });
