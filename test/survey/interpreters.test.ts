/**
 * Interpreters named in the survey config (issue 13 item 2): the design assigns the units (a share to two
 * interpreters), seeded as `coca survey assign` is; each interpreter gets a blind sheet of their own; the stored
 * survey keeps the assignments, and an interpreter writing to another's assignment is refused, nothing stored.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseCsvTable } from "../../src/io/csv.ts";
import { streamFor } from "../../src/stats/random-streams.ts";
import { openSqliteStore } from "../../src/store/sqlite-store.ts";
import type { Store } from "../../src/store/store.ts";
import { runDemoSurvey } from "../../src/survey/demo.ts";
import { assignUnits } from "../../src/survey/labels/assign.ts";
import { storedDesignOf } from "../../src/survey/labels/reestimate.ts";
import { blindId } from "../../src/survey/labels/sheet.ts";
import { importLabelFile } from "../../src/survey/labels/workflow.ts";

describe("interpreters named in the survey config", () => {
  let dir: string;
  let store: Store;
  let id: number;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "coca-interpreters-"));
    store = await openSqliteStore(":memory:");
    id = (
      await runDemoSurvey({ store, outDir: dir, sizePx: 128, n: 120, draws: 2_000, configOverrides: { interpreters: { names: ["ana", "ben"], double: 0.25 } } })
    ).surveyId;
  }, 120_000);
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("assigns every unit once and a quarter twice, seeded as `survey assign`, and keeps the assignments with the survey", async () => {
    const s = (await store.surveys.get(id))!;
    const design = await storedDesignOf(store, s);
    const stored = await store.labels.assignments(id);
    const expected = assignUnits({
      unitIds: design.units.map((u) => u.unitId),
      interpreters: ["ana", "ben"],
      doubleShare: 0.25,
      random: streamFor(s.config.seed, "assignment"),
    });
    expect(stored.map(({ unitId, interpreter, position, double }) => ({ unitId, interpreter, position, double }))).toEqual(expect.arrayContaining(expected));
    expect(stored).toHaveLength(expected.length);
    expect(new Set(stored.map((a) => a.unitId)).size).toBe(design.units.length);
    expect(stored.length - design.units.length).toBe(Math.round(0.25 * design.units.length));
  });

  it("writes a blind sheet per interpreter, with their units in their order and no map class", async () => {
    const s = (await store.surveys.get(id))!;
    const design = await storedDesignOf(store, s);
    const stored = await store.labels.assignments(id);
    for (const name of ["ana", "ben"]) {
      const path = join(dir, "survey", `${name}.sheet.csv`);
      expect(existsSync(path)).toBe(true);
      expect(existsSync(join(dir, "survey", `${name}.sheet.csvt`))).toBe(true);
      const sheet = parseCsvTable(readFileSync(path, "utf8"), path);
      expect(sheet.header).not.toContain("map_class");
      expect(sheet.header).not.toContain("stratum");
      const mine = stored.filter((a) => a.interpreter === name).sort((a, b) => a.position - b.position);
      expect(sheet.rows.map((r) => r.values.blind_id)).toEqual(mine.map((a) => blindId(design.checksum, a.unitId)));
      expect(new Set(sheet.rows.map((r) => r.values.interpreter))).toEqual(new Set([name]));
    }
  });

  it("refuses an interpreter writing to another's assignment, and stores nothing", async () => {
    const s = (await store.surveys.get(id))!;
    const design = await storedDesignOf(store, s);
    const stored = await store.labels.assignments(id);
    const bensOnly = stored.find((a) => a.interpreter === "ben" && !stored.some((b) => b.unitId === a.unitId && b.interpreter === "ana"))!;
    const anas = stored.find((a) => a.interpreter === "ana")!;
    const file = join(dir, "ana-filled.csv");
    writeFileSync(
      file,
      `blind_id,reference_class,interpreter,design_sha256\n${blindId(design.checksum, anas.unitId)},pasture,ana,${design.checksum}\n` +
        `${blindId(design.checksum, bensOnly.unitId)},coca,ana,${design.checksum}\n`,
    );
    const before = (await store.labels.list(id)).length;
    await expect(importLabelFile(store, id, file)).rejects.toThrow(
      /line 3: unit b\w+ is not assigned to ana: an interpreter writes only to their own assignment/,
    );
    expect((await store.labels.list(id)).length).toBe(before);
  });
});
