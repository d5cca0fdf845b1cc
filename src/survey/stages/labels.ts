/**
 * @module survey/stages/labels
 * Stage "labels": the reference class of each sample unit, read from the interpreters' file
 * (checked against the design) or, in the demo, simulated from a known truth (seeded), with
 * the region holding each unit. The simulated interpreters draw from the survey seed's "labels" stream.
 */
import type { RasterGrid } from "../../domain/raster-grid.ts";
import type { DesignResult } from "./design.ts";
import { strataSizesOf } from "./design.ts";
import { checkLabelledUnits, readLabelRows } from "../../area/read-units.ts";
import type { ClassRaster } from "../../imagery/vectorize/fields.ts";
import { readClassRaster } from "../../imagery/vectorize/read-class-raster.ts";
import { cellAreaHaByRow } from "../../raster/cell-area.ts";
import { streamFor } from "../../stats/random-streams.ts";
import type { RegionObservation } from "../region-estimates.ts";
import { simulateReferenceLabels } from "../simulate-labels.ts";

export interface SimulatedTruth {
  /** Ground-truth class raster (same grid as the scene). */
  truthPath: string;
  /** Probability that a simulated interpreter labels a unit wrongly. */
  errorRate: number;
  /** True area of each class, ha. */
  trueAreaHa: Record<string, number>;
}

export interface LabelsContext {
  /** The interpreters' file (reference_class per unit), or the simulated truth of the demo. */
  source: { labels: string } | { simulate: SimulatedTruth };
  /** The survey seed; the simulated interpreters draw from its "labels" stream. */
  seed: number;
  design: Pick<DesignResult, "points" | "design" | "record" | "strata" | "files">;
  classes: readonly string[];
  targetClass: string;
  /** The class map (for the simulated truth's area where the map has data, and what its target class is made of). */
  map: Pick<ClassRaster, "values" | "grid" | "classNames">;
  regionOfPixel: (col: number, row: number) => string | null;
}

export interface LabelsResult {
  observations: RegionObservation[];
  /** Simulated surveys: the true area of the target class where the map has data, ha. */
  trueAreaInFrameHa: number | undefined;
  /** Simulated surveys: what the estimator targets under the interpreters' error, and what the map's target class is made of. */
  simulatedTarget?: SimulatedTarget;
  warnings: string[];
}

/** What a simulated survey's estimator targets, and the map's commission by true class. */
export interface SimulatedTarget {
  /** Interpreter error rate and the legend size it spreads over. */
  errorRate: number;
  legendClasses: number;
  /** Expected area labelled as the target class: (1 − e)·true + e/(K − 1)·(frame − true), ha. */
  labelledTargetHa: number;
  /** Area mapped as the target class, by true class (the target class itself first), ha. */
  mappedByTrueClass: { className: string; areaHa: number; shareOfMapped: number }[];
}

export async function labelsStage(ctx: LabelsContext): Promise<LabelsResult> {
  const { design: drawn, source } = ctx;
  const warnings: string[] = [];
  let trueAreaInFrameHa: number | undefined;
  let simulatedTarget: SimulatedTarget | undefined;
  let labelled: { unitId?: string; stratum: string; mapClass: string; referenceClass: string }[];
  if ("simulate" in source) {
    const truth = await readClassRaster(source.simulate.truthPath);
    trueAreaInFrameHa = trueAreaInFrame(truth.values, truth.classNames.indexOf(ctx.targetClass), ctx.map.values, ctx.map.grid);
    simulatedTarget = describeSimulatedTarget(truth, ctx, trueAreaInFrameHa, source.simulate.errorRate);
    const refs = simulateReferenceLabels({
      indices: drawn.design.units.map((u) => u.index),
      truth: truth.values,
      classNames: truth.classNames.slice(1).map((n, i) => n ?? `class ${i + 1}`),
      errorRate: source.simulate.errorRate,
      random: streamFor(ctx.seed, "labels"),
    });
    labelled = drawn.points.map((p, i) => ({ unitId: p.unitId, stratum: p.stratum, mapClass: p.mapClass, referenceClass: refs[i]! }));
  } else {
    const rows = await readLabelRows(source.labels);
    const design = { record: drawn.record, units: new Map(drawn.points.map((p) => [p.unitId, { stratum: p.stratum, mapClass: p.mapClass }])) };
    labelled = checkLabelledUnits({ rows, file: source.labels, strata: strataSizesOf(drawn), strataFile: drawn.files.strata, legend: ctx.classes, design, designFile: drawn.files.geojson });
    if (labelled.length !== drawn.points.length) {
      warnings.push(`${source.labels}: ${labelled.length} of ${drawn.points.length} sample units are labelled; the estimate uses the labelled ones only`);
    }
  }
  const byId = new Map(drawn.points.map((p) => [p.unitId, p]));
  const observations = labelled.map((u) => {
    const p = byId.get(u.unitId!)!;
    return { stratum: u.stratum, mapClass: u.mapClass, referenceClass: u.referenceClass, unitId: u.unitId, region: ctx.regionOfPixel(p.col + 0.5, p.row + 0.5) };
  });
  return { observations, trueAreaInFrameHa, ...(simulatedTarget ? { simulatedTarget } : {}), warnings };
}

/**
 * The interpreters mislabel a unit with probability e, picking one of the K − 1 other classes at random, so a
 * unit is labelled as the target with probability 1 − e where it is the target and e/(K − 1) elsewhere: the
 * estimator is unbiased for that labelled area, not for the true one.
 */
function describeSimulatedTarget(truth: ClassRaster, ctx: LabelsContext, trueHa: number, errorRate: number): SimulatedTarget {
  const grid = ctx.map.grid;
  const rowHa = cellAreaHaByRow(grid);
  const k = truth.classNames.length - 1;
  const mapCode = ctx.map.classNames.indexOf(ctx.targetClass);
  const byTrue = new Float64Array(truth.classNames.length);
  let frameHa = 0;
  for (let row = 0, i = 0; row < grid.height; row++) {
    const a = rowHa[row]!;
    for (let col = 0; col < grid.width; col++, i++) {
      if (ctx.map.values[i] === 0) continue;
      frameHa += a;
      if (ctx.map.values[i] === mapCode) byTrue[truth.values[i]!]! += a;
    }
  }
  const mapped = byTrue.reduce((x, y) => x + y, 0);
  const targetCode = truth.classNames.indexOf(ctx.targetClass);
  const mappedByTrueClass = [...byTrue]
    .map((areaHa, code) => ({ className: truth.classNames[code] ?? `class ${code}`, areaHa, shareOfMapped: mapped > 0 ? areaHa / mapped : 0, code }))
    .filter((r) => r.code > 0 && r.areaHa > 0)
    .sort((a, b) => (a.code === targetCode ? -1 : b.code === targetCode ? 1 : b.areaHa - a.areaHa))
    .map(({ className, areaHa, shareOfMapped }) => ({ className, areaHa, shareOfMapped }));
  return { errorRate, legendClasses: k, labelledTargetHa: (1 - errorRate) * trueHa + (k > 1 ? (errorRate / (k - 1)) * (frameHa - trueHa) : 0), mappedByTrueClass };
}

/** True area of class `code` where the map has data (the frame the sample estimates), ha. */
function trueAreaInFrame(truth: Uint8Array, code: number, map: Uint8Array, grid: RasterGrid): number {
  const rowHa = cellAreaHaByRow(grid);
  let ha = 0;
  for (let row = 0, i = 0; row < grid.height; row++) {
    let n = 0;
    for (let col = 0; col < grid.width; col++, i++) if (truth[i] === code && map[i] !== 0) n++;
    ha += n * rowHa[row]!;
  }
  return ha;
}
