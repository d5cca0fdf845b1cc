/**
 * A change survey stored before it is labelled (`coca change survey --store`): its blind sheet (one class
 * column per date, nothing of the map), labels appended per date through the survey labels' checks (a unit not
 * in the design, a class outside the legend, a label for the wrong date: refused with the reason, nothing
 * stored; a relabel needs a reason and never overwrites), and `coca change estimate --analysis ID` from the
 * stored labels: the numbers of `coca change survey --labels` with the same labels, to the last digit.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changeSubject, estimateChangeFromLabels } from "../../src/change/change-design.ts";
import { DEFAULT_DEMO_PARAMS, runChangeDemo, type ChangeDemo } from "../../src/change/demo.ts";
import { InputError } from "../../src/domain/errors.ts";
import { csvLine, parseCsvTable } from "../../src/io/csv.ts";
import { writeRaster } from "../../src/raster/write/write-raster.ts";
import { openSqliteStore } from "../../src/store/sqlite-store.ts";
import type { SheetAnswer } from "../../src/survey/labels/read-sheet.ts";
import { blindId } from "../../src/survey/labels/sheet.ts";
import { importAnswersTo } from "../../src/survey/labels/workflow.ts";
import { runCocaInProcess, type Run } from "../support/cli.ts";
import { surveyConfigFixture, surveyProvenanceFixture, surveyResultsFixture } from "../support/survey-record.ts";

describe("a change survey stored as a design, labelled per date, estimated from the store", () => {
  let dir: string;
  let demo: ChangeDemo;
  let designId: number;
  const db = (): string => join(dir, "coca.db");
  const coca = (...args: string[]): Promise<Run> => runCocaInProcess("--db", db(), ...args);
  const name = (v: number): string => (v === 1 ? "coca" : "other");
  const SURVEY = ["--from", "1", "--to", "2", "--buffer-px", "1", "--n", "200", "--seed", "4"];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "coca-change-design-"));
    demo = runChangeDemo({ ...DEFAULT_DEMO_PARAMS, seed: 11, sizePx: 200, sampleSize: 200, minimumPerStratum: 30 });
    const store = await openSqliteStore(db());
    for (const [k, map] of [demo.map1, demo.map2].entries()) {
      const tif = join(dir, `classes-${k}.tif`);
      await writeRaster(tif, [map], { grid: demo.grid, sampleType: "uint8", nodata: 0, classNames: ["coca", "other"] });
      await store.surveys.save({
        name: `SIMULATED ${2023 + k}`,
        country: "PER",
        year: 2023 + k,
        simulated: true,
        createdAt: "2026-01-01T00:00:00Z",
        config: surveyConfigFixture({ year: 2023 + k, scenes: [join(dir, `scene-${2023 + k}.tif`)] }),
        provenance: surveyProvenanceFixture(),
        results: surveyResultsFixture(),
        estimates: [],
        fields: [],
        artifacts: [{ name: "classes.tif", mediaType: "image/tiff", bytes: readFileSync(tif) }],
      });
    }
    await store.close();
    const run = await coca("change", "survey", ...SURVEY, "--out-dir", join(dir, "design"), "--store", "--json");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { stage: string; storedId: number; sampleSize: number };
    expect(out).toMatchObject({ stage: "stored-design", sampleSize: 200 });
    designId = out.storedId;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("stores the design with both dates' scenes; its sheet is blind; labels per date estimate as --labels does", async () => {
    const show = JSON.parse((await coca("change", "show", String(designId), "--json")).stdout) as {
      kind: string;
      awaitingLabels: boolean;
      result: { estimate: null; design: { legend: string[]; dates: { period: string; label: string; scenes: { ref: string }[] }[] } };
      artifacts: { name: string }[];
    };
    expect([show.kind, show.awaitingLabels]).toEqual(["survey", true]);
    expect(show.result.estimate).toBeNull();
    expect(show.result.design.legend).toEqual(["coca", "other"]);
    expect(show.result.design.dates.map((d) => [d.period, d.label, d.scenes.map((s) => s.ref)])).toEqual([
      ["t1", "2023", [join(dir, "scene-2023.tif")]],
      ["t2", "2024", [join(dir, "scene-2024.tif")]],
    ]);
    expect(show.artifacts.map((f) => f.name)).toEqual(expect.arrayContaining(["sample.geojson", "map-year1.tif", "map-year2.tif", "transitions.tif"]));
    // Not estimated yet: the analysis endpoints' estimate is refused with the way forward.
    const early = await coca("change", "estimate", "--analysis", String(designId));
    expect(early.code).toBe(2);
    expect(early.stderr).toMatch(/no unit is labelled at both dates/);

    const sheetDir = join(dir, "sheet");
    expect((await coca("change", "sheet", String(designId), "--out", sheetDir)).code).toBe(0);
    const sheet = parseCsvTable(readFileSync(join(sheetDir, "sheet.csv"), "utf8"), "sheet.csv");
    expect(sheet.header).toEqual(expect.arrayContaining(["blind_id", "reference_class_t1", "reference_class_t2", "design_sha256"]));
    expect(sheet.header.filter((h) => /stratum|map_class|map_code|unit_id/.test(h))).toEqual([]);
    const key = new Map(
      parseCsvTable(readFileSync(join(sheetDir, "sheet.key.csv"), "utf8"), "sheet.key.csv").rows.map((r) => [r.values.blind_id!, r.values.unit_id!]),
    );
    const sample = new Map(parseCsvTable(readFileSync(join(dir, "design", "sample.csv"), "utf8"), "sample.csv").rows.map((r) => [r.values.unit_id!, r.values]));
    const truthAt = (unitId: string): [string, string] => {
      const u = sample.get(unitId)!;
      const i = Number(u.row) * demo.params.sizePx + Number(u.col);
      return [name(demo.truth1[i]!), name(demo.truth2[i]!)];
    };
    // The interpreter fills the sheet from the truth: t1 in one file, t2 in another (dates may be labelled apart).
    for (const [k, col] of [
      [0, "reference_class_t1"],
      [1, "reference_class_t2"],
    ] as const) {
      const filled = sheet.rows.map((r) => ({ ...r.values, [col]: truthAt(key.get(r.values.blind_id!)!)[k] }));
      const file = join(dir, `filled-${col}.csv`);
      writeFileSync(
        file,
        `${[csvLine(sheet.header), ...filled.map((r) => csvLine(sheet.header.map((h) => (r as Record<string, string>)[h] ?? "")))].join("\n")}\n`,
      );
      const imp = await coca("change", "labels", "import", String(designId), file, "--interpreter", "ana", "--json");
      expect(imp.stderr).toBe("");
      expect(JSON.parse(imp.stdout)).toMatchObject({ stored: 200, byDate: k === 0 ? { t1: 200, t2: 0 } : { t1: 0, t2: 200 } });
    }
    const fromStore = await coca("change", "estimate", "--analysis", String(designId), "--store", "--json");
    expect(fromStore.stderr).toBe("");
    const e = JSON.parse(fromStore.stdout) as { areas: unknown; transitions: unknown; labels: { used: number; unlabelled: number }; storedId: number };
    expect(e.labels).toMatchObject({ used: 200, unlabelled: 0 });

    // The same labels as a --labels file, through the change survey's own path.
    const labelled = [...sample.values()].map((u) => {
      const [t1, t2] = truthAt(u.unit_id!);
      return { ...u, reference_class_t1: t1, reference_class_t2: t2 };
    });
    const cols = Object.keys(labelled[0]!);
    const labelsFile = join(dir, "labels.csv");
    writeFileSync(labelsFile, `${[csvLine(cols), ...labelled.map((r) => csvLine(cols.map((c) => (r as Record<string, string>)[c] ?? "")))].join("\n")}\n`);
    const viaFile = await coca("change", "survey", ...SURVEY, "--out-dir", join(dir, "file"), "--labels", labelsFile, "--json");
    expect(viaFile.stderr).toBe("");
    const f = JSON.parse(viaFile.stdout) as { estimate: { areas: unknown; transitions: unknown } };
    expect(e.areas).toEqual(f.estimate.areas);
    expect(e.transitions).toEqual(f.estimate.transitions);

    // Stored as a change survey, with the labels it used recorded against the design.
    const stored = JSON.parse((await coca("change", "show", String(e.storedId), "--json")).stdout) as {
      kind: string;
      awaitingLabels: boolean;
      result: { estimate: { areas: unknown } };
      provenance: { params: { designAnalysis: number } };
    };
    expect([stored.kind, stored.awaitingLabels]).toEqual(["survey", false]);
    expect(stored.result.estimate.areas).toEqual(f.estimate.areas);
    expect(stored.provenance.params.designAnalysis).toBe(designId);
    const store = await openSqliteStore(db());
    try {
      expect(await store.changeLabels.uses(designId, `analysis ${e.storedId}`)).toHaveLength(400);
    } finally {
      await store.close();
    }
  });

  it("refuses a unit not in the design, a class outside the legend and a label for the wrong date; nothing stored", async () => {
    const store = await openSqliteStore(db());
    try {
      const subject = await changeSubject(store, designId);
      const { checksum, units } = subject.design;
      const good = blindId(checksum, units[0]!.unitId);
      const before = (await store.changeLabels.list(designId)).length;
      const submit = (answers: Omit<SheetAnswer, "where">[]): Promise<unknown> =>
        importAnswersTo(
          subject,
          answers.map((a, i) => ({ where: `labels[${i}]`, interpreter: "ben", designSha256: checksum, ...a })),
          { file: "test request", sha256: "0".repeat(64) },
        );
      const ok = { blindId: good, classes: { t1: "coca" } };
      await expect(submit([ok, { blindId: "b0000000000", classes: { t1: "coca" } }])).rejects.toThrow(
        /test request: labels\[1\]: blind id b0000000000 is not a unit of this survey's design/,
      );
      await expect(submit([ok, { unitId: "no-such-unit", classes: { t2: "coca" } }])).rejects.toThrow(
        /labels\[1\]: unit no-such-unit is not in the survey's design/,
      );
      await expect(submit([ok, { blindId: blindId(checksum, units[1]!.unitId), classes: { t2: "forest" } }])).rejects.toThrow(
        /labels\[1\]: class "forest" .* is not in the legend \(coca, other\)/,
      );
      const wrongDate = submit([ok, { blindId: blindId(checksum, units[1]!.unitId), classes: { single: "coca" } }]);
      await expect(wrongDate).rejects.toBeInstanceOf(InputError);
      await expect(wrongDate).rejects.toThrow(/labels\[1\]: a label for date "single" \(reference_class\): this design takes labels for t1, t2/);
      await expect(submit([{ ...ok }].map((a) => ({ ...a, designSha256: "f".repeat(64) })))).rejects.toThrow(/made for another design/);
      expect(await store.changeLabels.list(designId)).toHaveLength(before);
      // A relabel by the same interpreter is a correction: it needs a reason, and the first label stays.
      await submit([ok]);
      await expect(submit([{ ...ok, classes: { t1: "other" } }])).rejects.toThrow(/ben already labelled unit .*a correction needs a reason/);
      await submit([{ ...ok, classes: { t1: "other" }, reason: "cloud shadow" }]);
      const mine = (await store.changeLabels.list(designId)).filter((l) => l.interpreter === "ben");
      expect(mine.map((l) => [l.period, l.referenceClass, l.kind])).toEqual([
        ["t1", "coca", "interpretation"],
        ["t1", "other", "correction"],
      ]);
      // A change design's labels are not a survey's: survey 1 has none.
      expect(await store.labels.list(1)).toHaveLength(0);
      // ben and ana now disagree on one unit at t1: it is left out until adjudicated.
      const r = await estimateChangeFromLabels(store, designId);
      expect(r.labels.used + r.labels.unlabelled).toBe(200);
      expect(r.labels.disagreements.length + r.labels.used).toBe(200);
    } finally {
      await store.close();
    }
  });

  it("refuses labels for an analysis that is not a design", async () => {
    const store = await openSqliteStore(db());
    try {
      const estimated = (await store.changes.list()).find((a) => a.kind === "survey" && !a.awaitingLabels)!;
      await expect(changeSubject(store, estimated.id)).rejects.toThrow(/\(survey\) is not a change survey design awaiting labels/);
      await expect(store.changeLabels.append(estimated.id, [])).rejects.toThrow(/not a change survey design awaiting labels/);
      await expect(store.changeLabels.append(999, [])).rejects.toThrow(/change analysis 999 not found/);
    } finally {
      await store.close();
    }
  });

  it("agreement date by date: a unit ben labels against ana at the first date waits for adjudication", async () => {
    const store = await openSqliteStore(db());
    try {
      // ben has labelled unit 0 at t1 (the test above); he now labels unit 1 at t1 against ana's label.
      const subject = await changeSubject(store, designId);
      const unit = subject.design.units[1]!.unitId;
      const anas = (await store.changeLabels.list(designId)).find((l) => l.unitId === unit && l.period === "t1" && l.interpreter === "ana")!;
      const other = anas.referenceClass === "coca" ? "other" : "coca";
      await importAnswersTo(
        subject,
        [
          {
            where: "labels[0]",
            interpreter: "ben",
            designSha256: subject.design.checksum,
            blindId: blindId(subject.design.checksum, unit),
            classes: { t1: other },
          },
        ],
        { file: "test request", sha256: "0".repeat(64) },
      );
    } finally {
      await store.close();
    }
    const run = await coca("change", "labels", "agreement", String(designId), "--json");
    expect(run.stderr).toBe("");
    const out = JSON.parse(run.stdout) as {
      dates: { period: string; doubleUnits: number; pending: { unitId: string }[]; overall: { observedAgreement: number }; units: number }[];
    };
    // Two units labelled by both at t1: unit 0 (they agree: ben's correction matches ana) and unit 1 (they do not).
    expect(out.dates.map((d) => [d.period, d.doubleUnits, d.pending.length, d.units])).toEqual([
      ["t1", 2, 1, 200],
      ["t2", 0, 0, 200],
    ]);
    expect(out.dates[0]!.overall.observedAgreement).toBe(0.5);
    const text = await coca("change", "labels", "agreement", String(designId));
    expect(text.stdout).toMatch(/Date t1:\nReference labels: 203 stored for 200 units/);
    expect(text.stdout).toMatch(/Double interpretation: 2 units; observed agreement 50%/);
    expect(text.stdout).toMatch(/Disagreements waiting for adjudication: 1/);
  });

  it("assigns units to named interpreters: each one's sheet holds their units, and a label on another's unit is refused", async () => {
    const assign = await coca("change", "assign", String(designId), "--interpreters", "ana,cora", "--json");
    expect(assign.stderr).toBe("");
    expect(JSON.parse(assign.stdout).assignments.map((a: { units: number }) => a.units)).toEqual([100, 100]);
    expect((await coca("change", "sheet", String(designId), "--out", join(dir, "s2"))).stderr).toMatch(/name one with --interpreter/);
    expect((await coca("change", "sheet", String(designId), "--interpreter", "cora", "--out", join(dir, "s2"))).code).toBe(0);
    const cora = parseCsvTable(readFileSync(join(dir, "s2", "cora.sheet.csv"), "utf8"), "cora.sheet.csv");
    expect(cora.rows).toHaveLength(100);
    const store = await openSqliteStore(db());
    try {
      const subject = await changeSubject(store, designId);
      const anas = new Set((await store.changeLabels.assignments(designId)).filter((a) => a.interpreter === "ana").map((a) => a.unitId));
      const notCoras = subject.design.units.find((u) => anas.has(u.unitId))!;
      const before = (await store.changeLabels.list(designId)).length;
      await expect(
        importAnswersTo(
          subject,
          [{ where: "labels[0]", interpreter: "cora", blindId: blindId(subject.design.checksum, notCoras.unitId), classes: { t1: "coca" } }],
          { file: "test request", sha256: "0".repeat(64) },
        ),
      ).rejects.toThrow(/is not assigned to cora: an interpreter writes only to their own assignment/);
      expect(await store.changeLabels.list(designId)).toHaveLength(before);
    } finally {
      await store.close();
    }
  });
});
