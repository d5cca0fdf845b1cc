/**
 * @module change/change-survey
 * A change survey from two class maps of the same area (the two stored surveys' classes.tif): the transition
 * map, strata on it (every transition present, plus an optional buffer stratum of stable non-target pixels
 * within `bufferPx` of a pixel mapped as the target class at either date, where omission hides), and a sample
 * drawn by the survey's design stage (survey/stages/design) for interpreters who label each unit at both dates
 * (reference_class_t1, reference_class_t2). With the labels, the estimate is stats/change-estimator's (Stehman
 * 2014: strata need not be the change classes).
 */
import { join } from "node:path";
import { readAreaFrame } from "../area/read-frame.ts";
import type { SamplePoint } from "../area/sample-points.ts";
import { InputError } from "../domain/errors.ts";
import { csvLine, csvSidecarPath, csvtOf, WGS84_PRJ } from "../io/csv.ts";
import { writeFileAtomic } from "../io/atomic-write.ts";
import { writeRaster } from "../raster/write/write-raster.ts";
import { designStage, strataSizesOf, type DesignResult } from "../survey/stages/design.ts";
import { mapTransitions, type TransitionResult } from "./transitions.ts";

export interface ChangeSurveyDesignInput {
  fromClasses: string;
  toClasses: string;
  outDir: string;
  targetClass: string;
  n: number;
  seed: number;
  /** Buffer stratum radius in pixels (none when undefined). */
  bufferPx?: number;
  /** proportional | equal | neyman | min:N (default min:N with N = n / (2 × strata), at least 1). */
  allocation?: string;
}

export interface ChangeSurveyDesign {
  transitions: TransitionResult;
  design: DesignResult;
  /** Stratum names by id (transition names, and the buffer). */
  strataNames: Map<string, string>;
  files: { transitions: string; strata: string; sampleCsv: string; sampleGeoJson: string; strataCsv: string };
}

/** Square dilation (Chebyshev radius r) of a 0/1 mask of width × height, separable. */
export function dilateMask(mask: Uint8Array, width: number, height: number, r: number): Uint8Array {
  const pass = (src: Uint8Array, along: number, across: number, idx: (a: number, b: number) => number): Uint8Array => {
    const out = new Uint8Array(src.length);
    for (let b = 0; b < across; b++) {
      let last = -Infinity;
      for (let a = 0; a < along; a++) {
        if (src[idx(a, b)]) last = a;
        if (a - last <= r) out[idx(a, b)] = 1;
      }
      last = Infinity;
      for (let a = along - 1; a >= 0; a--) {
        if (src[idx(a, b)]) last = a;
        if (last - a <= r) out[idx(a, b)] = 1;
      }
    }
    return out;
  };
  const rows = pass(mask, width, height, (x, y) => y * width + x);
  return pass(rows, height, width, (y, x) => y * width + x);
}

/** Build the transition map, its strata and the two-date sample in `outDir`. */
export async function designChangeSurvey(input: ChangeSurveyDesignInput): Promise<ChangeSurveyDesign> {
  const { outDir, targetClass } = input;
  const transitionsPath = join(outDir, "transitions.tif");
  const transitions = await mapTransitions({ from: input.fromClasses, to: input.toClasses, out: transitionsPath });
  if (!transitions.classes.includes(targetClass)) {
    throw new InputError(`${input.fromClasses}: the class maps have no class "${targetClass}" (classes: ${transitions.classes.join(", ")})`, {
      field: "class",
    });
  }
  const frame = await readAreaFrame({ mapPath: transitionsPath });
  const { width, height } = frame.grid;
  const byCode = new Map(transitions.transitions.map((t) => [t.code, t]));
  const involves = new Uint8Array(256);
  for (const t of transitions.transitions) if (t.fromClass === targetClass || t.toClass === targetClass) involves[t.code] = 1;
  const strata = new Uint8Array(width * height);
  const map = frame.map;
  for (let i = 0; i < strata.length; i++) {
    const v = map[i]!;
    strata[i] = v === frame.mapNodata ? 0 : v;
  }
  const strataNames = new Map<string, string>();
  for (const t of transitions.transitions) if (t.cells > 0) strataNames.set(String(t.code), t.name);
  const BUFFER = 255 - 1;
  if (input.bufferPx !== undefined) {
    const mask = new Uint8Array(strata.length);
    for (let i = 0; i < strata.length; i++) mask[i] = involves[strata[i]!]!;
    const near = dilateMask(mask, width, height, input.bufferPx);
    let any = 0;
    for (let i = 0; i < strata.length; i++) {
      const s = strata[i]!;
      if (s !== 0 && !involves[s] && near[i]) {
        strata[i] = BUFFER;
        any++;
      }
    }
    if (any) strataNames.set(String(BUFFER), `buffer: no ${targetClass} at either date, within ${input.bufferPx} px of ${targetClass}`);
  }
  const strataPath = join(outDir, "strata.tif");
  await writeRaster(strataPath, [strata], { grid: frame.grid, sampleType: "uint8", nodata: 0 });
  const allocation = input.allocation ?? `min:${Math.max(1, Math.floor(input.n / (2 * strataNames.size)))}`;
  const design = await designStage({
    config: {
      design: { n: input.n, allocation, anticipatedUsersAccuracy: 0.7, anticipatedOmission: 0.01, strata: { raster: strataPath } },
      targetClass,
      seed: input.seed,
      outDir,
    },
    classesPath: transitionsPath,
    classes: [...byCode.values()].map((t) => t.name),
  });
  // The interpreters' sheet: the design's columns with both dates to fill in.
  writeFileAtomic(design.files.csv, changeSampleCsv(design.points, strataNames));
  // Its .csvt and .prj: lon/lat (WGS 84) are the point's coordinates in QGIS and GDAL.
  writeFileAtomic(csvSidecarPath(design.files.csv, ".csvt"), CHANGE_SAMPLE_CSVT);
  writeFileAtomic(csvSidecarPath(design.files.csv, ".prj"), WGS84_PRJ);
  return {
    transitions,
    design,
    strataNames,
    files: {
      transitions: transitionsPath,
      strata: strataPath,
      sampleCsv: design.files.csv,
      sampleGeoJson: design.files.geojson,
      strataCsv: design.files.strata,
    },
  };
}

/** The sample for interpreters: one row per unit, reference_class_t1 and reference_class_t2 empty. */
/** The .csvt of the change sample's CSV (changeSampleCsv's columns). */
export const CHANGE_SAMPLE_CSVT = csvtOf([
  "String",
  "String",
  "String",
  "String",
  "Integer",
  "Integer",
  "CoordX",
  "CoordY",
  "String",
  "String",
  "String",
  "String",
]);

export function changeSampleCsv(points: readonly SamplePoint[], strataNames: ReadonlyMap<string, string>): string {
  const header = [
    "unit_id",
    "stratum",
    "stratum_name",
    "map_class",
    "row",
    "col",
    "lon",
    "lat",
    "reference_class_t1",
    "reference_class_t2",
    "eradication_kind",
    "region",
  ];
  const lines = [
    csvLine(header),
    ...points.map((p) =>
      csvLine([p.unitId, p.stratum, strataNames.get(p.stratum) ?? p.stratum, p.mapClass, p.row, p.col, p.lon.toFixed(8), p.lat.toFixed(8), "", "", "", ""]),
    ),
  ];
  return `${lines.join("\n")}\n`;
}

export { strataSizesOf };
