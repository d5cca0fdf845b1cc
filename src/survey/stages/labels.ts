/**
 * @module survey/stages/labels
 * Stage "labels": the reference class of each sample unit, read from the interpreters' file
 * (checked against the design) or, in the demo, simulated from a known truth (seeded), with
 * the region holding each unit. The simulated interpreters draw from the survey seed's "labels" stream.
 * The interpreters' file is a filled blind sheet (blind_id, see survey/labels/sheet.ts) or the
 * sample.csv (unit_id); either way the labels come back as reference labels for the store,
 * simulated ones marked.
 */
import type { DesignResult } from "./design.ts";
import { strataSizesOf } from "./design.ts";
import { checkLabelledUnits, type LabelRow } from "../../area/read-units.ts";
import { InputError } from "../../domain/errors.ts";
import type { NewReferenceLabel } from "../../domain/reference-label.ts";
import { readTextFile } from "../../io/read-file.ts";
import { sha256 } from "../../io/checksum.ts";
import { parseSheet } from "../labels/read-sheet.ts";
import { blindIndex } from "../labels/sheet.ts";
import { designChecksum } from "../labels/stored-design.ts";
import { openClassRows } from "../../imagery/zonal/class-row-source.ts";
import { DataError } from "../../domain/errors.ts";
import { cellAreaHaByRow } from "../../raster/cell-area.ts";
import { stripRowsFor } from "../../raster/read/strip-rows.ts";
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
  design: Pick<DesignResult, "points" | "design" | "record" | "strata" | "files"> & Partial<Pick<DesignResult, "assignments">>;
  classes: readonly string[];
  targetClass: string;
  /** The class map (for the simulated truth's area where the map has data, and what its target class is made of), read by row strips. */
  classesPath: string;
  regionOfPixel: (col: number, row: number) => string | null;
  /** What the units were judged on (the scenes), recorded with each label. */
  imagery?: string;
  /** The time recorded with simulated labels and with file labels that give none (ISO 8601). */
  now?: string;
}

export interface LabelsResult {
  observations: RegionObservation[];
  /** Simulated surveys: the true area of the target class where the map has data, ha. */
  trueAreaInFrameHa: number | undefined;
  /** Simulated surveys: what the estimator targets under the interpreters' error, and what the map's target class is made of. */
  simulatedTarget?: SimulatedTarget;
  warnings: string[];
  /** The labels the estimate used, as reference labels for the store (in design order). */
  labels: NewReferenceLabel[];
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
  const now = ctx.now ?? new Date().toISOString();
  const imagery = ctx.imagery ?? "";
  let labels: NewReferenceLabel[];
  if ("simulate" in source) {
    const indices = drawn.design.units.map((u) => u.index);
    const truth = await simulatedTruthByStrips(source.simulate.truthPath, ctx.classesPath, ctx.targetClass, indices);
    trueAreaInFrameHa = truth.trueAreaInFrameHa;
    simulatedTarget = describeSimulatedTarget(truth, ctx.targetClass, trueAreaInFrameHa, source.simulate.errorRate);
    const refs = simulateReferenceLabels({
      indices,
      truth: (i) => truth.atUnits.get(i)!,
      classNames: truth.classNames.slice(1).map((n, i) => n ?? `class ${i + 1}`),
      errorRate: source.simulate.errorRate,
      random: streamFor(ctx.seed, "labels"),
    });
    labelled = drawn.points.map((p, i) => ({ unitId: p.unitId, stratum: p.stratum, mapClass: p.mapClass, referenceClass: refs[i]! }));
    const origin = `survey run: simulated interpreters (error rate ${source.simulate.errorRate}) over ${source.simulate.truthPath}`;
    labels = labelled.map((u) => simulatedLabel(u.unitId!, u.referenceClass, { now, imagery, origin }));
  } else {
    const text = await readTextFile(source.labels);
    const answers = parseSheet(text, source.labels);
    const checksum = designChecksum(drawn.points, drawn.strata);
    const blind = blindIndex(
      checksum,
      drawn.points.map((p) => p.unitId),
    );
    const assigned = new Set((drawn.assignments ?? []).map((x) => `${x.interpreter}\u0000${x.unitId}`));
    const rows: LabelRow[] = answers.map((a) => {
      if (a.designSha256 !== undefined && a.designSha256 !== checksum) {
        throw new InputError(
          `${source.labels}: ${a.where}: this sheet was made for another design (design_sha256 ${a.designSha256.slice(0, 12)}…, this survey's is ${checksum.slice(0, 12)}…)`,
          { field: a.where },
        );
      }
      const unitId = a.blindId !== undefined ? blind.get(a.blindId) : a.unitId;
      if (a.blindId !== undefined && unitId === undefined)
        throw new InputError(`${source.labels}: ${a.where}: blind id ${a.blindId} is not a unit of this survey's design`, { field: a.where });
      // With named interpreters (the config's `interpreters`), each writes only to their own assignment.
      if (assigned.size > 0 && unitId !== undefined) {
        if (a.interpreter === undefined)
          throw new InputError(`${source.labels}: ${a.where}: no interpreter: the survey assigns its units to named interpreters`, { field: a.where });
        if (!assigned.has(`${a.interpreter}\u0000${unitId}`))
          throw new InputError(
            `${source.labels}: ${a.where}: unit ${a.blindId ?? unitId} is not assigned to ${a.interpreter}: an interpreter writes only to their own assignment`,
            { field: a.where },
          );
      }
      return { where: a.where, unitId, stratum: a.stratum, mapClass: a.mapClass, referenceClass: a.classes.single };
    });
    const design = { record: drawn.record, units: new Map(drawn.points.map((p) => [p.unitId, { stratum: p.stratum, mapClass: p.mapClass }])) };
    labelled = checkLabelledUnits({
      rows,
      file: source.labels,
      strata: strataSizesOf(drawn),
      strataFile: drawn.files.strata,
      legend: ctx.classes,
      design,
      designFile: drawn.files.geojson,
    });
    const origin = `${source.labels} sha256:${sha256(new TextEncoder().encode(text))}`;
    const answerOf = new Map(rows.map((r, i) => [r.unitId, answers[i]!]));
    labels = labelled.map((u) => {
      const a = answerOf.get(u.unitId)!;
      const confidence = a.confidence === undefined ? null : Number(a.confidence);
      if (confidence !== null && !(confidence >= 0 && confidence <= 1))
        throw new InputError(`${source.labels}: ${a.where}: confidence must be a number in [0, 1], got '${a.confidence}'`, { field: a.where });
      return {
        unitId: u.unitId!,
        period: "single",
        referenceClass: u.referenceClass,
        interpreter: a.interpreter ?? "unnamed interpreter",
        labelledAt: a.labelledAt ?? now,
        confidence,
        comment: a.comment ?? "",
        imagery: a.imagery ?? imagery,
        kind: "interpretation",
        reason: "",
        simulated: false,
        origin,
      };
    });
    if (labelled.length !== drawn.points.length) {
      warnings.push(`${source.labels}: ${labelled.length} of ${drawn.points.length} sample units are labelled; the estimate uses the labelled ones only`);
    }
  }
  const byId = new Map(drawn.points.map((p) => [p.unitId, p]));
  const observations = labelled.map((u) => {
    const p = byId.get(u.unitId!)!;
    return {
      stratum: u.stratum,
      mapClass: u.mapClass,
      referenceClass: u.referenceClass,
      unitId: u.unitId,
      region: ctx.regionOfPixel(p.col + 0.5, p.row + 0.5),
    };
  });
  return { observations, trueAreaInFrameHa, ...(simulatedTarget ? { simulatedTarget } : {}), warnings, labels };
}

/** What the simulated truth says over the class map's frame, from one pass over both rasters by row strips. */
interface TruthOverMap {
  /** The truth's class names (`classNames[code]`). */
  classNames: readonly (string | undefined)[];
  /** True area of the target class where the map has data, ha. */
  trueAreaInFrameHa: number;
  /** Area where the map has data, ha. */
  frameHa: number;
  /** Area mapped as the target class, by true code, ha. */
  byTrue: Float64Array;
  /** The true code at each sample unit's pixel index. */
  atUnits: Map<number, number>;
}

async function simulatedTruthByStrips(
  truthPath: string,
  classesPath: string,
  targetClass: string,
  indices: readonly number[],
  stripRows?: number,
): Promise<TruthOverMap> {
  const truth = await openClassRows(truthPath);
  try {
    const map = await openClassRows(classesPath);
    try {
      const { width, height } = map.grid;
      if (truth.grid.width !== width || truth.grid.height !== height)
        throw new DataError(
          `${truthPath}: the simulated truth (${truth.grid.width} x ${truth.grid.height}) is not on the class map's grid (${width} x ${height})`,
        );
      // Two 8-bit maps per pixel (the truth and the class map) within the strip budget.
      const rows = stripRows ?? stripRowsFor(width, 2);
      const rowHa = cellAreaHaByRow(map.grid);
      const code = truth.classNames.indexOf(targetClass);
      const mapCode = map.classNames.indexOf(targetClass);
      const byTrue = new Float64Array(truth.classNames.length);
      const order = indices.map((_, j) => j).sort((a, b) => indices[a]! - indices[b]!);
      const atUnits = new Map<number, number>();
      let next = 0;
      let ha = 0;
      let frameHa = 0;
      for (let y0 = 0; y0 < height; y0 += rows) {
        const y1 = Math.min(height, y0 + rows);
        const [t, m] = [await truth.readRows(y0, y1), await map.readRows(y0, y1)];
        // The same sums, in the same order, as over the whole rasters: per row for the true area, per pixel for the frame.
        for (let row = y0, i = 0; row < y1; row++) {
          const a = rowHa[row]!;
          let n = 0;
          for (let col = 0; col < width; col++, i++) {
            if (m[i] === 0) continue;
            if (t[i] === code) n++;
            frameHa += a;
            if (m[i] === mapCode) byTrue[t[i]!]! += a;
          }
          ha += n * a;
        }
        for (; next < order.length && indices[order[next]!]! < y1 * width; next++) {
          const index = indices[order[next]!]!;
          atUnits.set(index, t[index - y0 * width]!);
        }
      }
      return { classNames: truth.classNames, trueAreaInFrameHa: ha, frameHa, byTrue, atUnits };
    } finally {
      await map.close();
    }
  } finally {
    await truth.close();
  }
}

/**
 * The interpreters mislabel a unit with probability e, picking one of the K − 1 other classes at random, so a
 * unit is labelled as the target with probability 1 − e where it is the target and e/(K − 1) elsewhere: the
 * estimator is unbiased for that labelled area, not for the true one.
 */
function describeSimulatedTarget(truth: TruthOverMap, targetClass: string, trueHa: number, errorRate: number): SimulatedTarget {
  const k = truth.classNames.length - 1;
  const { byTrue, frameHa } = truth;
  const mapped = byTrue.reduce((x, y) => x + y, 0);
  const targetCode = truth.classNames.indexOf(targetClass);
  const mappedByTrueClass = [...byTrue]
    .map((areaHa, code) => ({ className: truth.classNames[code] ?? `class ${code}`, areaHa, shareOfMapped: mapped > 0 ? areaHa / mapped : 0, code }))
    .filter((r) => r.code > 0 && r.areaHa > 0)
    .sort((a, b) => (a.code === targetCode ? -1 : b.code === targetCode ? 1 : b.areaHa - a.areaHa))
    .map(({ className, areaHa, shareOfMapped }) => ({ className, areaHa, shareOfMapped }));
  return {
    errorRate,
    legendClasses: k,
    labelledTargetHa: (1 - errorRate) * trueHa + (k > 1 ? (errorRate / (k - 1)) * (frameHa - trueHa) : 0),
    mappedByTrueClass,
  };
}

function simulatedLabel(unitId: string, referenceClass: string, { now, imagery, origin }: { now: string; imagery: string; origin: string }): NewReferenceLabel {
  return {
    unitId,
    period: "single",
    referenceClass,
    interpreter: "simulated interpreter",
    labelledAt: now,
    confidence: null,
    comment: "",
    imagery,
    kind: "interpretation",
    reason: "",
    simulated: true,
    origin,
  };
}
