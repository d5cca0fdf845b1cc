/**
 * @module area/design-sample
 * Draw a sample on a read frame (class map, optional strata raster) and describe
 * it for interpreters: the design, its record (stored in the GeoJSON as
 * `coca_design`), the points in map and WGS 84 coordinates, and the strata.
 * Used by `coca area design` and by the survey runner.
 */
import { InputError } from "../domain/errors.ts";
import type { AllocationRule } from "../stats/allocation.ts";
import type { Random } from "../stats/random.ts";
import { countStrata } from "../stats/sampling-frame.ts";
import { designSimpleRandomSample } from "../stats/simple-random-design.ts";
import { designStratifiedSample, type SampleDesign, type SampleSizeTarget } from "../stats/stratified-design.ts";
import { designSystematicSample } from "../stats/systematic-design.ts";
import { stratumAreasHa, type AreaFrame } from "./read-frame.ts";
import { samplePoints, type DesignRecord, type FrameStratum, type SamplePoint } from "./sample-points.ts";

export interface TargetSe {
  /** "area": SE of the target class's area, ha; "oa": SE of overall accuracy (proportion). */
  kind: "area" | "oa";
  se: number;
  /** Anticipated proportion of the target class (area) or user's accuracy (oa) per stratum code. */
  anticipated: (code: number) => number;
}

export interface DesignSampleInput {
  frame: AreaFrame;
  design: SampleDesign["design"];
  seed: number;
  random: Random;
  n?: number;
  targetSe?: TargetSe;
  allocation?: AllocationRule;
  stepPx?: number;
}

export interface DrawnSample {
  design: SampleDesign;
  record: DesignRecord;
  points: SamplePoint[];
  strata: FrameStratum[];
}

/** Draw the sample and build everything that is written for interpreters. */
export function designSample({ frame, design: kind, seed, random, n, targetSe, allocation, stepPx }: DesignSampleInput): DrawnSample {
  const { width, height } = frame.grid;
  const areas = stratumAreasHa(frame);
  const warnings: string[] = [];
  let design: SampleDesign;
  if (kind === "stratified") {
    let target: SampleSizeTarget | undefined;
    if (targetSe !== undefined) {
      if (targetSe.kind === "oa") {
        if (frame.strataPath) throw new InputError("a target SE of overall accuracy needs strata = map classes (no strata raster)", { field: "target" });
        target = { kind: "overall-accuracy", se: targetSe.se, anticipated: targetSe.anticipated };
      } else {
        const totalHa = [...areas.values()].reduce((a, b) => a + b, 0);
        const pixels = countStrata(frame.strata, frame.strataNodata).validPixels;
        target = { kind: "class-area", seHa: targetSe.se, pixelAreaHa: totalHa / pixels, anticipated: targetSe.anticipated };
      }
    }
    design = designStratifiedSample({ strataRaster: frame.strata, width, height, nodata: frame.strataNodata, n, target, allocation, random });
  } else if (kind === "simple-random") {
    if (n === undefined) throw new InputError("a simple random design needs n", { field: "n" });
    design = designSimpleRandomSample({ strataRaster: frame.strata, width, height, nodata: frame.strataNodata, n, random });
  } else {
    design = designSystematicSample({ strataRaster: frame.strata, width, height, nodata: frame.strataNodata, n, stepPx, random });
  }
  warnings.push(...design.warnings);
  const rowAreas = frame.pixelAreaHa;
  let minA = Infinity;
  let maxA = -Infinity;
  for (const a of rowAreas) {
    if (a < minA) minA = a;
    if (a > maxA) maxA = a;
  }
  if (maxA > minA * 1.01) {
    warnings.push(
      `pixel areas vary by ${(((maxA - minA) / minA) * 100).toFixed(1)}% across the map (geographic CRS): stratum sizes are true ha, ` +
        `but equal-probability pixel sampling weights every pixel alike; reproject to an equal-area CRS for exact estimates`,
    );
  }
  const strata: FrameStratum[] = design.strata.map((s) => ({
    stratum: String(s.id),
    sizePx: s.sizePx,
    sizeHa: areas.get(s.id) ?? 0,
    sampleSize: s.sampleSize,
    inclusionProbability: s.inclusionProbability,
  }));
  const legend = countStrata(frame.map, frame.mapNodata).ids.map(frame.className);
  const record: DesignRecord = {
    design: design.design,
    seed,
    allocation: design.allocation,
    map: frame.mapPath,
    strataRaster: frame.strataPath,
    crs: { name: frame.grid.crs.name, epsg: frame.grid.crs.epsg, proj4: frame.grid.crs.proj4 },
    width,
    height,
    geoTransform: [...frame.grid.geoTransform],
    legend,
    strata,
    sampleSize: design.units.length,
    sampleSizeRule: design.sampleSize
      ? `${design.sampleSize.formula}; target ${design.sampleSize.target}; n = ${design.sampleSize.nUnrounded.toFixed(2)} -> ${design.sampleSize.n}`
      : undefined,
    grid: design.grid,
    warnings,
  };
  const points = samplePoints(design, frame.grid, (i) => frame.map[i]!, frame.className);
  return { design, record, points, strata };
}
