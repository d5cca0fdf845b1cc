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
  /** The class map (for the simulated truth's area where the map has data). */
  map: Pick<ClassRaster, "values" | "grid">;
  regionOfPixel: (col: number, row: number) => string | null;
}

export interface LabelsResult {
  observations: RegionObservation[];
  /** Simulated surveys: the true area of the target class where the map has data, ha. */
  trueAreaInFrameHa: number | undefined;
  warnings: string[];
}

export async function labelsStage(ctx: LabelsContext): Promise<LabelsResult> {
  const { design: drawn, source } = ctx;
  const warnings: string[] = [];
  let trueAreaInFrameHa: number | undefined;
  let labelled: { unitId?: string; stratum: string; mapClass: string; referenceClass: string }[];
  if ("simulate" in source) {
    const truth = await readClassRaster(source.simulate.truthPath);
    trueAreaInFrameHa = trueAreaInFrame(truth.values, truth.classNames.indexOf(ctx.targetClass), ctx.map.values, ctx.map.grid);
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
  return { observations, trueAreaInFrameHa, warnings };
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
