/**
 * One side of bench/survey-memory.bench.ts, in its own process (the parent runs it under /usr/bin/time -v):
 * the survey's stages after classification over one class map, and a JSON line of what they found.
 *
 *   npx tsx bench/support/survey-memory-child.ts strips|whole STAGE CLASSES.tif REGIONS.geojson OUT_DIR
 *
 * STAGE: "all" (map totals, design, labels simulated with the map as truth, fields), or one of "map-totals",
 * "design", "fields" (alone: no regions for the fields). "strips" runs the survey's stages as they are (row strips); "whole" does the same work the
 * way the stages did before (the whole class map read into memory: readClassRaster, zonalTotals, classTotals,
 * readAreaFrame + designSample, vectorizeFields).
 */
import { mkdirSync } from "node:fs";
import { designSample } from "../../src/area/design-sample.ts";
import { toWgs84Transform } from "../../src/domain/raster-grid.ts";
import { readAreaFrame } from "../../src/area/read-frame.ts";
import { vectorizeFields } from "../../src/imagery/vectorize/fields.ts";
import { readClassRaster } from "../../src/imagery/vectorize/read-class-raster.ts";
import { readRegions } from "../../src/imagery/zonal/regions.ts";
import { classTotals, zonalTotals } from "../../src/imagery/zonal/zonal-totals.ts";
import { parseAllocation } from "../../src/stats/allocation.ts";
import { streamFor } from "../../src/stats/random-streams.ts";
import { designStage } from "../../src/survey/stages/design.ts";
import { fieldsStage } from "../../src/survey/stages/fields.ts";
import { labelsStage } from "../../src/survey/stages/labels.ts";
import { mapAreaHa, mapTotalsStage } from "../../src/survey/stages/map-totals.ts";

const CLASSES = ["coca", "forest", "crops", "water", "bare"];
const DESIGN = { n: 600, allocation: "min:50" };
const FIELDS = { minAreaHa: 0.1, simplifyM: 0 };
const SEED = 42;

const [mode, stage, classesPath, regionsPath, outDir] = process.argv.slice(2) as [string, string, string, string, string];
mkdirSync(outDir, { recursive: true });
const regions = { path: regionsPath, nameField: "name" };
const config = {
  design: { ...DESIGN, strata: "map" as const, anticipatedUsersAccuracy: 0.8, anticipatedOmission: 0.01 },
  targetClass: "coca",
  seed: SEED,
  outDir,
  fields: FIELDS,
};
const out: Record<string, number> = {};
const want = (s: string): boolean => stage === "all" || stage === s;

if (mode === "strips") {
  // Alone, the fields stage is given no regions (the map totals stage would find them).
  const totals = want("map-totals") ? await mapTotalsStage({ classesPath, regions }) : undefined;
  if (totals) out.mapCocaHa = mapAreaHa(totals, "coca");
  if (want("design")) {
    const drawn = await designStage({ config, classesPath, classes: CLASSES });
    out.sampleUnits = drawn.points.length;
    out.firstUnitIndex = drawn.design.units[0]!.index;
    if (stage === "all") {
      const labels = await labelsStage({
        source: { simulate: { truthPath: classesPath, errorRate: 0.1, trueAreaHa: {} } },
        seed: SEED,
        design: drawn,
        classes: CLASSES,
        targetClass: "coca",
        classesPath,
        regionOfPixel: totals!.regionOfPixel,
      });
      out.trueAreaInFrameHa = labels.trueAreaInFrameHa!;
    }
  }
  if (want("fields")) {
    const fields = await fieldsStage({ classesPath, config, regionOfPixel: totals?.regionOfPixel ?? (() => null) });
    out.fields = fields.rows.length;
    out.vertices = fields.rows.reduce(
      (n, r) => n + (r.geometry as { coordinates: unknown[][] }).coordinates.reduce((m: number, ring) => m + ring.length, 0),
      0,
    );
    out.fieldsHa = fields.totalAreaHa;
  }
} else {
  const raster = await readClassRaster(classesPath);
  if (want("map-totals")) {
    zonalTotals(raster, readRegions(regionsPath, "name"));
    out.mapCocaHa = classTotals(raster).find((t) => t.className === "coca")?.areaHa ?? 0;
  }
  if (want("design")) {
    const frame = await readAreaFrame({ mapPath: classesPath });
    const random = streamFor(SEED, "design");
    const drawn = designSample({ frame, design: "stratified", seed: random.seed, random, n: DESIGN.n, allocation: parseAllocation(DESIGN.allocation) });
    out.sampleUnits = drawn.points.length;
    out.firstUnitIndex = drawn.design.units[0]!.index;
    if (stage === "all") {
      // The labels stage read the truth whole, beside the map in memory.
      const truth = await readClassRaster(classesPath);
      let n = 0;
      for (let i = 0; i < truth.values.length; i++) if (truth.values[i] === 1 && raster.values[i] !== 0) n++;
      out.truePixels = n;
    }
  }
  if (want("fields")) {
    const fields = vectorizeFields(raster, { classCode: "coca", minAreaHa: FIELDS.minAreaHa });
    // The rows the stage stored, in WGS 84, as the stage built them before (from f.coordinates).
    const toWgs84 = toWgs84Transform(raster.grid.crs, "the class map's CRS");
    const rows = fields.map((f) =>
      f.coordinates.map((ring) => ring.map((p) => toWgs84(p)).map(([x, y]) => [Math.round(x * 1e7) / 1e7, Math.round(y * 1e7) / 1e7])),
    );
    out.vertices = rows.reduce((n, r) => n + r.reduce((m, ring) => m + ring.length, 0), 0);
    out.fields = fields.length;
    out.fieldsHa = fields.reduce((s, f) => s + f.areaHa, 0);
  }
}
process.stdout.write(`${JSON.stringify(out)}\n`);
