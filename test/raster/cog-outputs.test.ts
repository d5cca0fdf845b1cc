/**
 * Every raster the pipeline writes, as GDAL sees it: the simulated scene and its truth (`imagery synth`), the class
 * map (`imagery classify`), the mosaic (`imagery mosaic`), the transition map (`change map`) and the cost surface
 * (`routes cost`) are COGs by GDAL's own reading (LAYOUT=COG), with overviews down to one 512-px block, and pass GDAL's
 * COG validator (full check: block order, leaders and trailers); the categorical ones name their categories.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classifyScene } from "../../src/imagery/pipeline/classify-scene.ts";
import { saveModel } from "../../src/imagery/classify/model.ts";
import { trainModel } from "../../src/imagery/classify/train.ts";
import { SYNTH_BANDS } from "../../src/imagery/synth/spectra.ts";
import { synthesizeScene, type SynthesizeResult } from "../../src/imagery/synth/synthesize-scene.ts";
import { writeRaster } from "../../src/raster/write/write-raster.ts";
import { openRaster } from "../../src/raster/read/raster-source.ts";
import { runCocaInProcess } from "../support/cli.ts";

const PY = "/usr/bin/python3";
const hasGdal = spawnSync("gdalinfo", ["--version"]).status === 0;
const hasValidator = spawnSync(PY, ["-c", "from osgeo_utils.samples import validate_cloud_optimized_geotiff"]).status === 0;
if (!hasGdal) console.log("skipping the COG output tests: gdalinfo (gdal-bin) is not installed");
else if (!hasValidator) console.log("skipping the COG validator checks: /usr/bin/python3 has no osgeo_utils (apt-get install python3-gdal)");

const VALIDATE = `
import json, sys
from osgeo import gdal
from osgeo_utils.samples import validate_cloud_optimized_geotiff as v
warnings, errors, _ = v.validate(gdal.Open(sys.argv[1]), full_check=True)
print(json.dumps({"warnings": warnings, "errors": errors}))
`;

let dir: string;
let synth: SynthesizeResult;
let classes: string;
let mosaic: string;
let sources: string;
let transitions: string;
let cost: string;
beforeAll(async () => {
  if (!hasGdal) return;
  dir = mkdtempSync(join(tmpdir(), "coca-cog-outputs-"));
  synth = await synthesizeScene({ seed: 5, sizePx: 1100, outDir: join(dir, "synth") });
  const trained = await trainModel({ scenePath: synth.scenePath, labelsPath: synth.trainingPath, classField: "class", seed: 1, trees: 4, maxDepth: 6 });
  const model = join(dir, "model.json");
  saveModel(trained.model, model);
  classes = join(dir, "classes.tif");
  await classifyScene({ scene: synth.scenePath, model, out: classes, poolSize: 0 });
  mosaic = join(dir, "mosaic.tif");
  sources = join(dir, "sources.tif");
  transitions = join(dir, "transitions.tif");
  cost = join(dir, "cost.tif");
  const runs = [
    await runCocaInProcess("imagery", "mosaic", classes, "--out", mosaic, "--sources", sources, "--json"),
    await runCocaInProcess("change", "map", "--from", synth.truthPath, "--to", classes, "--out", transitions, "--json"),
  ];
  // A DEM on the scene's grid: a tilted plane with ripples, in metres.
  const scene = await openRaster(synth.scenePath);
  const { width, height } = scene.grid;
  const dem = new Float32Array(width * height);
  for (let i = 0; i < dem.length; i++) dem[i] = 800 + 0.5 * (i % width) + 0.3 * Math.floor(i / width) + 20 * Math.sin(i / 97);
  const demPath = join(dir, "dem.tif");
  await writeRaster(demPath, [dem], { grid: scene.grid, sampleType: "float32" });
  await scene.close();
  runs.push(await runCocaInProcess("routes", "cost", "--dem", demPath, "--out", cost, "--json"));
  for (const r of runs) expect(r.code, r.stderr).toBe(0);
}, 300_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!hasGdal)("raster outputs are COGs as GDAL writes them", () => {
  for (const [name, file, bands] of [
    ["the simulated scene", () => synth.scenePath, SYNTH_BANDS.length + 1],
    ["its truth map", () => synth.truthPath, 1],
    ["the class map", () => classes, 1],
    ["the mosaic", () => mosaic, 1],
    ["the mosaic's source map", () => sources, 1],
    ["the transition map", () => transitions, 1],
    ["the cost surface", () => cost, 1],
  ] as const) {
    it(`${name}: LAYOUT=COG, 512-px blocks, overviews 550 and 275 px, a valid COG`, () => {
      const info = JSON.parse(execFileSync("gdalinfo", ["-json", file()]).toString());
      expect(info.metadata.IMAGE_STRUCTURE.LAYOUT).toBe("COG");
      expect(info.bands).toHaveLength(bands);
      for (const band of info.bands) {
        expect(band.block).toEqual([512, 512]);
        expect(band.overviews.map((o: { size: number[] }) => o.size)).toEqual([
          [550, 550],
          [275, 275],
        ]);
      }
      if (!hasValidator) return;
      const verdict = JSON.parse(execFileSync(PY, ["-c", VALIDATE, file()]).toString());
      expect(verdict).toEqual({ warnings: [], errors: [] });
    });
  }

  for (const [name, file] of [
    ["the class map", () => classes],
    ["the mosaic", () => mosaic],
    ["the mosaic's source map", () => sources],
    ["the transition map", () => transitions],
  ] as const) {
    it(`${name} names its categories, in the GeoTIFF metadata and in the .aux.xml`, () => {
      expect(existsSync(`${file()}.aux.xml`)).toBe(true);
      const info = JSON.parse(execFileSync("gdalinfo", ["-json", file()]).toString());
      const names = JSON.parse(info.metadata[""].CLASS_NAMES) as string[];
      expect(names.length).toBeGreaterThan(0);
      expect(info.bands[0].categories.slice(1)).toEqual(names);
    });
  }
});
