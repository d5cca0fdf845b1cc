/**
 * @module change/change-design
 * A change survey stored before it is labelled (`coca change survey --store`: kind survey, awaiting labels): its
 * sample design (the sample.geojson artifact), the maps' legend, and the scenes of each date. As a label
 * subject (survey/labels/subject.ts) it takes labels at t1 and t2 through the survey labels' checks
 * (design checksum, unit, legend, assignment, a reason for a correction; store.changeLabels, append-only).
 * Its estimate from the stored labels is stats/change-estimator's over the units labelled at both dates,
 * in design order: with the labels of a `--labels` file, the numbers of `coca change survey --labels`.
 */
import { DataError, InputError, NotFoundError } from "../domain/errors.ts";
import type { ReferenceLabel } from "../domain/reference-label.ts";
import { decodeUtf8 } from "../io/csv.ts";
import { estimateChange, type ChangeEstimate, type ChangeUnit } from "../stats/change-estimator.ts";
import type { IntervalMethod } from "../stats/interval-method.ts";
import type { LabelUse } from "../store/label-repository.ts";
import type { Store } from "../store/store.ts";
import { resolveLabels, type Disagreement } from "../survey/labels/resolve.ts";
import { parseStoredDesign, type StoredDesign } from "../survey/labels/stored-design.ts";
import type { LabelSubject } from "../survey/labels/subject.ts";
import type { ChangeAnalysisDetail, ChangeDesignInfo } from "./analysis-record.ts";

/** A stored change analysis that is a design awaiting labels, with its design info. */
export async function getChangeDesign(store: Store, id: number): Promise<ChangeAnalysisDetail & { design: ChangeDesignInfo }> {
  const a = await store.changes.get(id);
  if (!a) throw new NotFoundError(`no change analysis with id ${id} in ${store.location} (see coca change list)`);
  if (!a.awaitingLabels || !a.result.design)
    throw new InputError(`change analysis ${id} (${a.kind}) is not a change survey design awaiting labels (coca change survey --store)`, { field: "id" });
  return { ...a, design: a.result.design };
}

/** The stored design of a change analysis (its sample.geojson), with the maps' legend (not the transition names). */
export async function storedChangeDesignOf(store: Store, a: Pick<ChangeAnalysisDetail, "id"> & { design: ChangeDesignInfo }): Promise<StoredDesign> {
  const f = await store.changes.artifact(a.id, "sample.geojson");
  if (!f) throw new DataError(`change analysis ${a.id} has no stored sample design (sample.geojson artifact)`);
  const where = `change analysis ${a.id} sample.geojson`;
  const design = parseStoredDesign(decodeUtf8(f.bytes, where), where);
  if (design.checksum !== a.design.designSha256)
    throw new DataError(
      `${where}: its design checksum ${design.checksum.slice(0, 12)}… is not the one stored with it (${a.design.designSha256.slice(0, 12)}…)`,
    );
  return { ...design, legend: a.design.legend };
}

/** A change design as a label subject: dates t1 and t2, labels in store.changeLabels, chips from each date's scenes. */
export async function changeSubject(store: Store, id: number): Promise<LabelSubject> {
  const a = await getChangeDesign(store, id);
  const design = await storedChangeDesignOf(store, a);
  return {
    name: `change analysis ${id}`,
    id,
    design,
    seed: a.provenance.seed ?? design.record.seed,
    periods: ["t1", "t2"],
    labels: store.changeLabels,
    scenes: async (period) => a.design.dates.find((d) => d.period === period)?.scenes ?? [],
  };
}

export interface ChangeLabelEstimate {
  analysisId: number;
  targetClass: string;
  estimate: ChangeEstimate;
  labels: {
    /** Units labelled at both dates (the label that counts at each). */
    used: number;
    /** Units of the design without a label that counts at one date or both. */
    unlabelled: number;
    disagreements: Disagreement[];
    uses: LabelUse[];
  };
}

/** The two-date units the estimator takes, in design order, from the labels that count at each date. */
export function changeUnitsOf(
  design: Pick<StoredDesign, "units">,
  labels: readonly ReferenceLabel[],
): { units: ChangeUnit[]; uses: LabelUse[]; disagreements: Disagreement[] } {
  const t1 = resolveLabels(labels, "t1");
  const t2 = resolveLabels(labels, "t2");
  const units: ChangeUnit[] = [];
  const uses: LabelUse[] = [];
  for (const u of design.units) {
    const a = t1.chosen.get(u.unitId);
    const b = t2.chosen.get(u.unitId);
    if (!a || !b) continue;
    units.push({ unitId: u.unitId, stratum: u.stratum, fromClass: a.referenceClass, toClass: b.referenceClass });
    uses.push({ unitId: u.unitId, period: "t1", labelId: a.id }, { unitId: u.unitId, period: "t2", labelId: b.id });
  }
  return { units, uses, disagreements: [...t1.disagreements, ...t2.disagreements] };
}

/** Estimate a change design from its stored labels (units labelled at both dates). */
export async function estimateChangeFromLabels(store: Store, id: number, options: { interval?: IntervalMethod } = {}): Promise<ChangeLabelEstimate> {
  const a = await getChangeDesign(store, id);
  const design = await storedChangeDesignOf(store, a);
  const { units, uses, disagreements } = changeUnitsOf(design, await store.changeLabels.list(id));
  if (units.length === 0)
    throw new InputError(
      `change analysis ${id}: no unit is labelled at both dates yet (${design.units.length} units; label them in the Interpret view or coca change labels import)`,
      {
        field: "labels",
      },
    );
  const estimate = estimateChange({
    strata: design.strata.map((s) => ({ id: s.stratum, sizeHa: s.sizeHa, sizeUnits: s.sizePx })),
    units,
    targetClass: a.targetClass,
    interval: options.interval ?? (a.design.interval as IntervalMethod),
  });
  return {
    analysisId: id,
    targetClass: a.targetClass,
    estimate,
    labels: { used: units.length, unlabelled: design.units.length - units.length, disagreements, uses },
  };
}
