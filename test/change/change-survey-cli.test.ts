/**
 * `coca change survey`: two stored surveys (their classes.tif are the change demo's simulated maps of two years)
 * -> transition map, strata with a buffer, a two-date sample; labelled from the simulated truth, estimated and
 * stored; and the refusals (same survey twice, unknown survey, labels missing a date's column).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_DEMO_PARAMS, runChangeDemo, type ChangeDemo } from "../../src/change/demo.ts";
import { csvLine, parseCsvTable } from "../../src/io/csv.ts";
import { writeRaster } from "../../src/raster/write/write-raster.ts";
import { openSqliteStore } from "../../src/store/sqlite-store.ts";
import { runCocaInProcess, type Run } from "../support/cli.ts";
import { surveyConfigFixture, surveyProvenanceFixture, surveyResultsFixture } from "../support/survey-record.ts";

describe("coca change survey", () => {
  let dir: string;
  let demo: ChangeDemo;
  const db = (): string => join(dir, "coca.db");
  const coca = (...args: string[]): Promise<Run> => runCocaInProcess("--db", db(), ...args);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "coca-change-survey-"));
    demo = runChangeDemo({ ...DEFAULT_DEMO_PARAMS, seed: 11, sizePx: 240, sampleSize: 300, minimumPerStratum: 50 });
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
        config: surveyConfigFixture({ year: 2023 + k }),
        provenance: surveyProvenanceFixture(),
        results: surveyResultsFixture(),
        estimates: [],
        fields: [],
        artifacts: [{ name: "classes.tif", mediaType: "image/tiff", bytes: readFileSync(tif) }],
      });
    }
    await store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("designs on the transition map with a buffer, then estimates from two-date labels and stores", async () => {
    const out = join(dir, "cs");
    const first = await coca("change", "survey", "--from", "1", "--to", "2", "--out-dir", out, "--buffer-px", "1", "--n", "400", "--seed", "3", "--json");
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    const design = JSON.parse(first.stdout) as { stage: string; strata: { id: string; name: string; sampleSize: number }[]; sampleSize: number };
    expect(design.stage).toBe("needs-labels");
    expect(design.sampleSize).toBe(400);
    expect(design.strata.map((s) => s.name)).toEqual(expect.arrayContaining(["coca -> coca", "coca -> other", "other -> coca", "other -> other"]));
    expect(design.strata.some((s) => s.name.startsWith("buffer"))).toBe(true);
    // Interpreters: the simulated truth at each unit's pixel.
    const sheet = parseCsvTable(readFileSync(join(out, "sample.csv"), "utf8"), "sample.csv");
    expect(sheet.header).toEqual(expect.arrayContaining(["reference_class_t1", "reference_class_t2"]));
    const name = (v: number): string => (v === 1 ? "coca" : "other");
    const n = demo.params.sizePx;
    const labelled = sheet.rows.map((r) => {
      const i = Number(r.values.row) * n + Number(r.values.col);
      return { ...r.values, reference_class_t1: name(demo.truth1[i]!), reference_class_t2: name(demo.truth2[i]!) };
    });
    const cols = sheet.header;
    const labels = join(dir, "labels.csv");
    writeFileSync(labels, `${[csvLine(cols), ...labelled.map((r) => csvLine(cols.map((c) => (r as Record<string, string>)[c] ?? "")))].join("\n")}\n`);
    const second = await coca(
      "change",
      "survey",
      "--from",
      "1",
      "--to",
      "2",
      "--out-dir",
      out,
      "--buffer-px",
      "1",
      "--n",
      "400",
      "--seed",
      "3",
      "--labels",
      labels,
      "--json",
    );
    expect(second.stderr).toBe("");
    expect(second.code).toBe(0);
    const est = JSON.parse(second.stdout) as { storedId: number; estimate: { areas: Record<string, { estimateHa: number; ciHa: [number, number] }> } };
    const a = est.estimate.areas;
    // The estimate's interval holds the simulated truth (this seed; coverage over seeds is the demo's test).
    expect(a.firstDateHa!.ciHa[0]).toBeLessThanOrEqual(demo.truth.firstDateHa);
    expect(a.firstDateHa!.ciHa[1]).toBeGreaterThanOrEqual(demo.truth.firstDateHa);
    expect(a.netChangeHa!.ciHa[0]).toBeLessThanOrEqual(demo.truth.netChangeHa);
    expect(a.netChangeHa!.ciHa[1]).toBeGreaterThanOrEqual(demo.truth.netChangeHa);
    const show = JSON.parse((await coca("change", "show", String(est.storedId), "--json")).stdout) as {
      kind: string;
      fromLabel: string;
      toLabel: string;
      provenance: { surveys: number[] };
      artifacts: { name: string }[];
    };
    expect([show.kind, show.fromLabel, show.toLabel]).toEqual(["survey", "2023", "2024"]);
    expect(show.provenance.surveys).toEqual([1, 2]);
    expect(show.artifacts.map((f) => f.name)).toEqual(["labels.csv", "map-year1.tif", "map-year2.tif", "transitions.tif"]);
  });

  it("refuses the same survey twice, an unknown survey and labels without the second date", async () => {
    const same = await coca("change", "survey", "--from", "1", "--to", "1", "--out-dir", join(dir, "x"));
    expect(same.code).toBe(2);
    expect(same.stderr).toMatch(/same survey/);
    expect((await coca("change", "survey", "--from", "1", "--to", "7", "--out-dir", join(dir, "x"))).code).toBe(4);
    const bad = join(dir, "bad.csv");
    writeFileSync(bad, "unit_id,stratum,reference_class_t1\n1,1,coca\n");
    const run = await coca("change", "survey", "--from", "1", "--to", "2", "--out-dir", join(dir, "y"), "--labels", bad);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/bad\.csv.*reference_class_t2/);
    expect(JSON.parse((await coca("change", "list", "--json")).stdout).analyses).toHaveLength(1);
  });
});
