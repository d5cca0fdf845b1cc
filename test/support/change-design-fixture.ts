/**
 * A change survey stored as a design awaiting labels, over real imagery: the synthetic engine's two years of
 * the change demo's landscape (one 11-band scene per year), two stored surveys whose class maps are coca /
 * other at each year (from the simulation's truth) and whose configs name those scenes, and
 * `coca change survey --from 1 --to 2 --store` over them. `truthOf(unitId)` is what an interpreter looking at
 * the ground would answer at each date.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { year2Classes } from "../../src/change/demo-classified.ts";
import { DEFAULT_DEMO_PARAMS, simulateChange } from "../../src/change/demo.ts";
import { SYNTH_CLASS_NAMES } from "../../src/imagery/synth/legend.ts";
import { synthesizeYearScene } from "../../src/imagery/synth/synthesize-year.ts";
import { parseCsvTable } from "../../src/io/csv.ts";
import { writeRaster } from "../../src/raster/write/write-raster.ts";
import { openSqliteStore } from "../../src/store/sqlite-store.ts";
import { runCocaInProcess } from "./cli.ts";
import { surveyConfigFixture, surveyProvenanceFixture, surveyResultsFixture } from "./survey-record.ts";

export interface ChangeDesignFixture {
  dbPath: string;
  designId: number;
  sampleSize: number;
  /** The simulated ground at each date of a design unit: "coca" or "other". */
  truthOf(unitId: string): [string, string];
}

const COCA = SYNTH_CLASS_NAMES.indexOf("coca") + 1;

export async function changeDesignFixture(dir: string, { sizePx = 160, n = 120, seed = 7 } = {}): Promise<ChangeDesignFixture> {
  const sim = simulateChange({ ...DEFAULT_DEMO_PARAMS, seed, sizePx });
  const years = [sim.land1, year2Classes(sim)];
  const dbPath = join(dir, "coca.db");
  const store = await openSqliteStore(dbPath);
  const maps: Uint8Array[] = [];
  for (const [k, land] of years.entries()) {
    const scene = join(dir, `scene-${2023 + k}.tif`);
    await synthesizeYearScene({ seed, sizePx: sim.n, classes: land, yearSalt: k, out: scene });
    const map = new Uint8Array(land.length);
    for (let i = 0; i < land.length; i++) map[i] = land[i] === COCA ? 1 : 2;
    maps.push(map);
    const tif = join(dir, `classes-${2023 + k}.tif`);
    await writeRaster(tif, [map], { grid: sim.grid, sampleType: "uint8", nodata: 0, classNames: ["coca", "other"] });
    await store.surveys.save({
      name: `SIMULATED ${2023 + k}`,
      country: "PER",
      year: 2023 + k,
      simulated: true,
      createdAt: "2026-01-01T00:00:00Z",
      config: surveyConfigFixture({ year: 2023 + k, scenes: [scene] }),
      provenance: surveyProvenanceFixture(),
      results: surveyResultsFixture(),
      estimates: [],
      fields: [],
      artifacts: [{ name: "classes.tif", mediaType: "image/tiff", bytes: readFileSync(tif) }],
    });
  }
  await store.close();
  const out = join(dir, "design");
  const run = await runCocaInProcess(
    "--db",
    dbPath,
    "change",
    "survey",
    "--from",
    "1",
    "--to",
    "2",
    "--out-dir",
    out,
    "--n",
    String(n),
    "--seed",
    "3",
    "--store",
    "--json",
  );
  if (run.code !== 0) throw new Error(`coca change survey --store failed: ${run.stderr}`);
  const designId = (JSON.parse(run.stdout) as { storedId: number }).storedId;
  const sample = new Map(parseCsvTable(readFileSync(join(out, "sample.csv"), "utf8"), "sample.csv").rows.map((r) => [r.values.unit_id!, r.values]));
  return {
    dbPath,
    designId,
    sampleSize: sample.size,
    truthOf: (unitId) => {
      const u = sample.get(unitId);
      if (!u) throw new Error(`unit ${unitId} is not in the sample`);
      const i = Number(u.row) * sim.n + Number(u.col);
      return [maps[0]![i] === 1 ? "coca" : "other", maps[1]![i] === 1 ? "coca" : "other"];
    },
  };
}
