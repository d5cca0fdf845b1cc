/**
 * @module area/design-sample
 * Draw a design on a frame already read (`readAreaFrame`): stratified, simple
 * random or systematic selection of pixels, then the points (map and WGS 84
 * coordinates), the frame's strata in pixels and ha, and the design record that
 * the GeoJSON carries. No file is read or written here; the caller writes the
 * outputs (pointsToGeoJson, pointsToCsv, strataToCsv).
 */
import { InputError } from "../domain/errors.ts";
import type { AllocationRule } from "../stats/allocation.ts";
import { bufferStrata } from "../stats/buffer-stratum.ts";
import type { Random } from "../stats/random.ts";
import { countStrata } from "../stats/sampling-frame.ts";
import { designSimpleRandomSample } from "../stats/simple-random-design.ts";
import { designStratifiedSample, type DesignKind, type SampleDesign, type SampleSizeTarget } from "../stats/stratified-design.ts";
import { designSystematicSample } from "../stats/systematic-design.ts";
import { stratumAreasHa, type AreaFrame } from "./read-frame.ts";
import { samplePoints, type DesignRecord, type FrameStratum, type SamplePoint } from "./sample-points.ts";

/** A target standard error: of the target class's area in ha (`area`), or of overall accuracy (`oa`, strata = map classes). */
export interface DesignTarget {
  kind: "area" | "oa";
  se: number;
  /** Per stratum code: anticipated proportion of the target class (`area`) or conjectured user's accuracy (`oa`). */
  anticipated: (stratum: number) => number;
}

export interface DesignSampleInput {
  frame: AreaFrame;
  design: DesignKind;
  /** Recorded in the design; `random` must be created from it. */
  seed: number;
  random: Random;
  n?: number;
  targetSe?: DesignTarget;
  allocation?: AllocationRule;
  /** With a fixed n: anticipated proportion of the target class per stratum code (Neyman SDs, expected SE, expected-count check). */
  anticipated?: (stratum: number) => number;
  /** Systematic designs: grid step in pixels (else derived from n). */
  stepPx?: number;
  /** How the strata were made, for the record (default: the strata raster's path, else strata = map classes). */
  strataSource?: string;
}

export interface DrawnSample {
  design: SampleDesign;
  points: SamplePoint[];
  strata: FrameStratum[];
  record: DesignRecord;
}

/** Draw the sample and describe it. Throws InputError for an impossible request. */
export function designSample(input: DesignSampleInput): DrawnSample {
  const { frame, random, n } = input;
  const { width, height } = frame.grid;
  const areas = stratumAreasHa(frame);
  const warnings: string[] = [];
  let design: SampleDesign;
  if (input.design === "stratified") {
    let target: SampleSizeTarget | undefined;
    const t = input.targetSe;
    if (n === undefined && t === undefined) throw new InputError("give a sample size n or a target standard error", { field: "n" });
    if (n !== undefined && t !== undefined) throw new InputError("give a sample size n or a target standard error, not both", { field: "n" });
    if (t) {
      if (t.kind === "oa") {
        if (frame.strataPath || input.strataSource) throw new InputError("a target SE of overall accuracy needs strata = map classes", { field: "target" });
        target = { kind: "overall-accuracy", se: t.se, anticipated: t.anticipated };
      } else {
        const totalHa = [...areas.values()].reduce((a, b) => a + b, 0);
        const pixels = countStrata(frame.strata, frame.strataNodata).validPixels;
        target = { kind: "class-area", seHa: t.se, pixelAreaHa: totalHa / pixels, anticipated: t.anticipated };
      }
    }
    design = designStratifiedSample({
      strataRaster: frame.strata,
      width,
      height,
      nodata: frame.strataNodata,
      n,
      target,
      allocation: input.allocation,
      anticipated: target ? undefined : input.anticipated,
      random,
    });
  } else {
    if (input.targetSe)
      throw new InputError(`a ${input.design} design takes n${input.design === "systematic" ? " or a grid step" : ""}, not a target SE`, { field: "targetSe" });
    if (input.design === "simple-random") {
      if (n === undefined) throw new InputError("a simple random design needs n", { field: "n" });
      design = designSimpleRandomSample({ strataRaster: frame.strata, width, height, nodata: frame.strataNodata, n, random });
    } else {
      design = designSystematicSample({ strataRaster: frame.strata, width, height, nodata: frame.strataNodata, n, stepPx: input.stepPx, random });
    }
  }
  return drawnSampleOf(design, {
    grid: frame.grid,
    seed: input.seed,
    mapPath: frame.mapPath,
    strataRaster: input.strataSource ?? frame.strataPath,
    stratumAreasHa: areas,
    pixelAreaHa: frame.pixelAreaHa,
    legend: [...new Set(countStrata(frame.map, frame.mapNodata).ids.map(frame.className))],
    mapCode: (i) => frame.map[i]!,
    className: frame.className,
    warnings,
  });
}

/** What a drawn design is described with: the frame's grid, files, stratum areas and legend, and the map code at a pixel. */
export interface DrawnSampleFrame {
  grid: AreaFrame["grid"];
  seed: number;
  mapPath: string;
  strataRaster?: string;
  /** Hectares per stratum value (stratumAreasHa). */
  stratumAreasHa: ReadonlyMap<number, number>;
  pixelAreaHa: Float64Array;
  /** Map class names present (the legend reference labels must use). */
  legend: string[];
  mapCode: (index: number) => number;
  className: (code: number) => string;
  /** Warnings found before the design was drawn. */
  warnings?: string[];
}

/** The sample's points, strata and record, from a drawn design. */
export function drawnSampleOf(design: SampleDesign, frame: DrawnSampleFrame): DrawnSample {
  const warnings = [...(frame.warnings ?? []), ...design.warnings];
  let minA = Infinity;
  let maxA = 0;
  for (const a of frame.pixelAreaHa) {
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
    sizeHa: frame.stratumAreasHa.get(s.id) ?? 0,
    sampleSize: s.sampleSize,
    inclusionProbability: s.inclusionProbability,
  }));
  const { width, height } = frame.grid;
  const record: DesignRecord = {
    design: design.design,
    seed: frame.seed,
    allocation: design.allocation,
    map: frame.mapPath,
    strataRaster: frame.strataRaster,
    crs: { name: frame.grid.crs.name, epsg: frame.grid.crs.epsg, proj4: frame.grid.crs.proj4 },
    width,
    height,
    geoTransform: [...frame.grid.geoTransform],
    legend: frame.legend,
    strata,
    sampleSize: design.units.length,
    sampleSizeRule: design.sampleSize
      ? `${design.sampleSize.formula}; target ${design.sampleSize.target}; n = ${design.sampleSize.nUnrounded.toFixed(2)} -> ${design.sampleSize.n}`
      : undefined,
    grid: design.grid,
    warnings,
  };
  const points = samplePoints(design, frame.grid, frame.mapCode, frame.className);
  return { design, points, strata, record };
}

/**
 * The frame with strata = map classes plus a buffer stratum: pixels not mapped as
 * `targetCode` within `radiusPx` of it (default code: the largest map code + 1).
 */
export function withBufferStratum(
  frame: AreaFrame,
  { targetCode, radiusPx, bufferCode }: { targetCode: number; radiusPx: number; bufferCode?: number },
): { frame: AreaFrame; strataSource: string } {
  if (frame.strataPath) throw new InputError("a buffer stratum replaces the strata raster: give one or the other", { field: "buffer-px" });
  const { width, height } = frame.grid;
  const code = bufferCode ?? Math.max(...countStrata(frame.map, frame.mapNodata).ids) + 1;
  const strata = bufferStrata({ map: frame.map, width, height, nodata: frame.mapNodata, targetCode, radiusPx, bufferCode: code });
  const name = frame.className(targetCode);
  return {
    frame: { ...frame, strata, strataNodata: frame.mapNodata },
    strataSource: `buffer: map classes, with non-${name} pixels within ${radiusPx} px of ${name} as stratum ${code}`,
  };
}
