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
import type { NewReferenceLabel, ReferenceLabel } from "../../domain/reference-label.ts";
import { readTextFile } from "../../io/read-file.ts";
import { sha256 } from "../../io/checksum.ts";
import { labelQa, type LabelQa } from "../labels/qa.ts";
import { parseSheet } from "../labels/read-sheet.ts";
import { observationsOf } from "../labels/reestimate.ts";
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
  /**
   * Every label of the run, as reference labels for the store: one per unit (in design order) from the simulated
   * interpreters; every row of the interpreters' file (in file order, both interpreters' of a doubly interpreted unit).
   */
  labels: NewReferenceLabel[];
  /** Indices into `labels` of the labels the estimate used (one per unit with a label that counts). */
  usedLabels: number[];
  /** Double interpretation: agreement, Cohen's kappa, pending disagreements, as `survey show` reports from the store. */
  qa: LabelQa | null;
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
  const now = ctx.now ?? new Date().toISOString();
  const imagery = ctx.imagery ?? "";
  return "simulate" in ctx.source ? simulatedLabels(ctx, ctx.source.simulate, { now, imagery }) : fileLabels(ctx, ctx.source.labels, { now, imagery });
}

/** The demo's simulated interpreters: one label per unit, every one used. */
async function simulatedLabels(ctx: LabelsContext, simulate: SimulatedTruth, { now, imagery }: { now: string; imagery: string }): Promise<LabelsResult> {
  const { design: drawn } = ctx;
  const indices = drawn.design.units.map((u) => u.index);
  const truth = await simulatedTruthByStrips(simulate.truthPath, ctx.classesPath, ctx.targetClass, indices);
  const trueAreaInFrameHa = truth.trueAreaInFrameHa;
  const simulatedTarget = describeSimulatedTarget(truth, ctx.targetClass, trueAreaInFrameHa, simulate.errorRate);
  const refs = simulateReferenceLabels({
    indices,
    truth: (i) => truth.atUnits.get(i)!,
    classNames: truth.classNames.slice(1).map((n, i) => n ?? `class ${i + 1}`),
    errorRate: simulate.errorRate,
    random: streamFor(ctx.seed, "labels"),
  });
  const origin = `survey run: simulated interpreters (error rate ${simulate.errorRate}) over ${simulate.truthPath}`;
  const labels = drawn.points.map((p, i) => simulatedLabel(p.unitId, refs[i]!, { now, imagery, origin }));
  const observations = drawn.points.map((p, i) => ({
    stratum: p.stratum,
    mapClass: p.mapClass,
    referenceClass: refs[i]!,
    unitId: p.unitId,
    region: ctx.regionOfPixel(p.col + 0.5, p.row + 0.5),
  }));
  return { observations, trueAreaInFrameHa, simulatedTarget, warnings: [], labels, usedLabels: labels.map((_, i) => i), qa: null };
}

/**
 * The interpreters' file: every row checked against the design (and the named interpreters' assignments), stored as a
 * label; the label that counts per unit chosen as `coca survey estimate` chooses from the store.
 */
async function fileLabels(ctx: LabelsContext, file: string, { now, imagery }: { now: string; imagery: string }): Promise<LabelsResult> {
  const { design: drawn } = ctx;
  const warnings: string[] = [];
  const source = { labels: file };
  const text = await readTextFile(source.labels);
  const answers = parseSheet(text, source.labels);
  const checksum = designChecksum(drawn.points, drawn.strata);
  const blind = blindIndex(
    checksum,
    drawn.points.map((p) => p.unitId),
  );
  const assigned = new Set((drawn.assignments ?? []).map((x) => `${x.interpreter}\u0000${x.unitId}`));
  // A unit may have one row per named interpreter (double interpretation: the units assigned to two have a row from each).
  const interpretersOf = new Map<string, Set<string>>();
  /** Per row: 0 for a unit's first row, k for its (k + 1)-th interpreter's. */
  const layer: number[] = [];
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
    const seen = unitId === undefined ? undefined : interpretersOf.get(unitId);
    if (seen && a.interpreter !== undefined && !seen.has(a.interpreter) && !seen.has("")) {
      layer.push(seen.size);
      seen.add(a.interpreter);
    } else {
      if (seen && a.interpreter !== undefined && seen.has(a.interpreter))
        throw new InputError(`${source.labels}: ${a.where}: unit ${a.blindId ?? unitId} appears twice for ${a.interpreter}`, { field: a.where });
      if (unitId !== undefined && !seen) interpretersOf.set(unitId, new Set([a.interpreter ?? ""]));
      layer.push(0);
    }
    return { where: a.where, unitId, stratum: a.stratum, mapClass: a.mapClass, referenceClass: a.classes.single };
  });
  const design = { record: drawn.record, units: new Map(drawn.points.map((p) => [p.unitId, { stratum: p.stratum, mapClass: p.mapClass }])) };
  const check = (subset: LabelRow[]) =>
    checkLabelledUnits({
      rows: subset,
      file: source.labels,
      strata: strataSizesOf(drawn),
      strataFile: drawn.files.strata,
      legend: ctx.classes,
      design,
      designFile: drawn.files.geojson,
    });
  // The first row of each unit is checked as before (a unit twice without a second named interpreter is refused there);
  // the second (third…) interpreters' rows get the same checks (unit, stratum, class, legend) on their own.
  const checked = new Map<LabelRow, { unitId?: string; referenceClass: string }>();
  for (let k = 0, last = layer.reduce((m, v) => Math.max(m, v), 0); k <= last; k++) {
    const subset = rows.filter((_, i) => layer[i] === k);
    const units = check(subset);
    subset.forEach((r, i) => checked.set(r, units[i]!));
  }
  const origin = `${source.labels} sha256:${sha256(new TextEncoder().encode(text))}`;
  const labels: NewReferenceLabel[] = rows.map((r, i) => {
    const a = answers[i]!;
    const u = checked.get(r)!;
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
  // Which label counts per unit, by the rule `coca survey estimate` applies to the stored labels (survey/labels/resolve.ts):
  // the labels get the ids the store will give them (in this order), so the run and the re-estimate choose alike.
  const provisional: ReferenceLabel[] = labels.map((l, i) => ({ ...l, id: i + 1, surveyId: 0, storedAt: now }));
  const resolved = observationsOf({ units: drawn.points }, provisional, ctx.regionOfPixel);
  const qa = labelQa(provisional, ctx.classes);
  const usedLabels = resolved.uses.map((use) => use.labelId - 1);
  const labelledUnits = new Set(labels.map((l) => l.unitId)).size;
  if (labelledUnits !== drawn.points.length) {
    warnings.push(`${source.labels}: ${labelledUnits} of ${drawn.points.length} sample units are labelled; the estimate uses the labelled ones only`);
  }
  if (resolved.disagreements.length > 0) {
    const ids = resolved.disagreements.map((d) => d.unitId);
    warnings.push(
      `${source.labels}: the interpreters disagree on ${ids.length} doubly interpreted unit${ids.length === 1 ? "" : "s"} ` +
        `(${ids.slice(0, 10).join(", ")}${ids.length > 10 ? ", …" : ""}), left out of the estimate until adjudicated ` +
        "(`coca survey labels agreement ID --out FILE` writes the adjudication sheet; `coca survey labels import ID FILE --adjudicate --reason TEXT`, then `coca survey estimate ID`)",
    );
  }
  return { observations: resolved.observations, trueAreaInFrameHa: undefined, warnings, labels, usedLabels, qa: qa.doubleUnits > 0 ? qa : null };
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
