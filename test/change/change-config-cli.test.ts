/**
 * `coca change survey --config`: two years' scenes in one config (the synthetic engine's two years of the change
 * demo's landscape), both classified by one random forest trained on the first year, then the same path as two
 * stored surveys: transition map, strata, a two-date sample; labelled from the simulated truth, estimated and stored.
 * And the refusals: one year only, a top-level `scenes`, and --config with --from.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { year2Classes } from "../../src/change/demo-classified.ts";
import { DEFAULT_DEMO_PARAMS, simulateChange, type ChangeSimulation } from "../../src/change/demo.ts";
import { csvLine, parseCsvTable } from "../../src/io/csv.ts";
import { SYNTH_CLASS_NAMES } from "../../src/imagery/synth/legend.ts";
import { trainingPolygons } from "../../src/imagery/synth/synthesize-scene.ts";
import { synthesizeYearScene } from "../../src/imagery/synth/synthesize-year.ts";
import { runCocaInProcess, type Run } from "../support/cli.ts";

describe("coca change survey --config (two scene sets in one config)", () => {
  let dir: string;
  let sim: ChangeSimulation;
  let year2: Uint8Array;
  const path = (n: string): string => join(dir, n);
  const coca = (...args: string[]): Promise<Run> => runCocaInProcess("--db", path("coca.db"), ...args);
  const base = (): Record<string, unknown> => ({
    name: "SIMULATED change config",
    country: "PER",
    seed: 5,
    training: { labels: "training.geojson", classField: "class", trees: 10, maxDepth: 10 },
    regions: { path: "regions.geojson" },
    design: { n: 300 },
  });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "coca-change-config-"));
    sim = simulateChange({ ...DEFAULT_DEMO_PARAMS, seed: 7, sizePx: 160 });
    year2 = year2Classes(sim);
    await synthesizeYearScene({ seed: 7, sizePx: sim.n, classes: sim.land1, yearSalt: 0, out: path("scene-2023.tif") });
    await synthesizeYearScene({ seed: 7, sizePx: sim.n, classes: year2, yearSalt: 1, out: path("scene-2024.tif") });
    writeFileSync(path("training.geojson"), JSON.stringify(trainingPolygons(sim.land, sim.grid, 7)));
    const [x0, , , y0, , dy] = sim.grid.geoTransform;
    const x1 = x0 + sim.n * sim.grid.geoTransform[1];
    const y1 = y0 + sim.n * dy;
    writeFileSync(
      path("regions.geojson"),
      JSON.stringify({
        type: "FeatureCollection",
        crs: { type: "name", properties: { name: `urn:ogc:def:crs:EPSG::${sim.grid.crs.epsg}` } },
        features: [
          {
            type: "Feature",
            properties: { name: "all" },
            geometry: {
              type: "Polygon",
              coordinates: [
                [
                  [x0, y0],
                  [x1, y0],
                  [x1, y1],
                  [x0, y1],
                  [x0, y0],
                ],
              ],
            },
          },
        ],
      }),
    );
    writeFileSync(
      path("change.json"),
      JSON.stringify({
        ...base(),
        years: [
          { year: 2023, scenes: ["scene-2023.tif"] },
          { year: 2024, scenes: ["scene-2024.tif"] },
        ],
      }),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("classifies both years with one model, designs the change sample, then estimates from two-date labels and stores", async () => {
    const out = path("cs");
    const first = await coca("change", "survey", "--config", path("change.json"), "--out-dir", out, "--json");
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    const design = JSON.parse(first.stdout) as { stage: string; years: number[]; surveys: null; sampleSize: number; strata: { name: string }[] };
    expect(design).toMatchObject({ stage: "needs-labels", years: [2023, 2024], surveys: null, sampleSize: 300 });
    expect(design.strata.map((s) => s.name)).toEqual(expect.arrayContaining(["coca -> coca"]));
    // One model for both years: trained once, in the output folder.
    expect(readFileSync(join(out, "model.json"), "utf8").length).toBeGreaterThan(0);
    const sheet = parseCsvTable(readFileSync(join(out, "sample.csv"), "utf8"), "sample.csv");
    const labelled = sheet.rows.map((r) => {
      const i = Number(r.values.row) * sim.n + Number(r.values.col);
      return { ...r.values, reference_class_t1: SYNTH_CLASS_NAMES[sim.land1[i]! - 1]!, reference_class_t2: SYNTH_CLASS_NAMES[year2[i]! - 1]! };
    });
    const cols = sheet.header;
    writeFileSync(
      path("labels.csv"),
      `${[csvLine(cols), ...labelled.map((r) => csvLine(cols.map((c) => (r as Record<string, string>)[c] ?? "")))].join("\n")}\n`,
    );
    const second = await coca("change", "survey", "--config", path("change.json"), "--out-dir", out, "--labels", path("labels.csv"), "--json");
    expect(second.stderr).toBe("");
    expect(second.code).toBe(0);
    const est = JSON.parse(second.stdout) as { storedId: number; estimate: { areas: Record<string, { estimateHa: number; ciHa: [number, number] }> } };
    const truthHa = (m: Uint8Array): number => m.reduce((s, v) => s + (v === 5 ? sim.cellHa : 0), 0);
    const a = est.estimate.areas;
    // The estimate's interval holds the simulated truth (this seed).
    expect(a.firstDateHa!.ciHa[0]).toBeLessThanOrEqual(truthHa(sim.land1));
    expect(a.firstDateHa!.ciHa[1]).toBeGreaterThanOrEqual(truthHa(sim.land1));
    expect(a.secondDateHa!.ciHa[0]).toBeLessThanOrEqual(truthHa(year2));
    expect(a.secondDateHa!.ciHa[1]).toBeGreaterThanOrEqual(truthHa(year2));
    const show = JSON.parse((await coca("change", "show", String(est.storedId), "--json")).stdout) as {
      kind: string;
      fromLabel: string;
      toLabel: string;
      provenance: { command: string; inputs: { role: string }[] };
    };
    expect([show.kind, show.fromLabel, show.toLabel]).toEqual(["survey", "2023", "2024"]);
    expect(show.provenance.command).toMatch(/--config .*change\.json --n 300 --seed 5/);
    expect(show.provenance.inputs.map((i) => i.role)).toEqual(
      expect.arrayContaining(["change survey config", "classifier (trained on the first year)", "scene, 2023", "scene, 2024"]),
    );
    // Stored before labelling instead: the design keeps each year's scenes, for the interpreters' chips.
    const stored = await coca("change", "survey", "--config", path("change.json"), "--out-dir", path("cs-store"), "--store", "--json");
    expect(stored.stderr).toBe("");
    const { storedId } = JSON.parse(stored.stdout) as { storedId: number };
    const d = JSON.parse((await coca("change", "show", String(storedId), "--json")).stdout) as {
      awaitingLabels: boolean;
      result: { design: { dates: { label: string; scenes: { ref: string }[] }[] } };
    };
    expect(d.awaitingLabels).toBe(true);
    expect(d.result.design.dates.map((x) => [x.label, x.scenes.map((sc) => sc.ref)])).toEqual([
      ["2023", [path("scene-2023.tif")]],
      ["2024", [path("scene-2024.tif")]],
    ]);
  });

  it("refuses one year only, a top-level scenes list, and --config with --from (exit 2)", async () => {
    writeFileSync(path("one.json"), JSON.stringify({ ...base(), years: [{ year: 2023, scenes: ["scene-2023.tif"] }] }));
    const one = await coca("change", "survey", "--config", path("one.json"), "--out-dir", path("x"));
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/one\.json: years: a change survey config names exactly two years/);
    writeFileSync(path("flat.json"), JSON.stringify({ ...base(), year: 2023, scenes: ["scene-2023.tif"] }));
    const flat = await coca("change", "survey", "--config", path("flat.json"), "--out-dir", path("x"));
    expect(flat.code).toBe(2);
    expect(flat.stderr).toMatch(/flat\.json: give each year's scenes under years:/);
    const both = await coca("change", "survey", "--config", path("change.json"), "--from", "1", "--out-dir", path("x"));
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/give either --config or --from and --to, not both/);
  });
});
