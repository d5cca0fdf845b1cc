/**
 * @module survey/labels/resolve
 * Which label counts for each unit, from its whole history (labels are never overwritten):
 * the latest adjudication if there is one; else each interpreter's latest label (a correction
 * replaces the same interpreter's earlier one), which counts when all interpreters agree. Units
 * whose interpreters disagree, with no adjudication yet, are listed for adjudication and left
 * out of the estimate. Simulated labels (the demo's stand-in interpreters) step aside for a unit
 * as soon as it has a real one.
 */
import type { LabelPeriod, ReferenceLabel } from "../../domain/reference-label.ts";

export interface Disagreement {
  unitId: string;
  period: LabelPeriod;
  /** Each interpreter's latest label. */
  labels: ReferenceLabel[];
}

export interface ResolvedLabels {
  /** The label that counts, per unit id (for `period`). */
  chosen: Map<string, ReferenceLabel>;
  disagreements: Disagreement[];
}

/** A unit's labels that count: the real ones once there is any (simulated interpreters step aside). */
export function countingHistory<T extends Pick<ReferenceLabel, "simulated">>(all: readonly T[]): T[] {
  return all.some((l) => !l.simulated) ? all.filter((l) => !l.simulated) : [...all];
}

/** Each interpreter's latest non-adjudication label of a unit, by interpreter. */
export function latestByInterpreter(history: readonly ReferenceLabel[]): Map<string, ReferenceLabel> {
  const latest = new Map<string, ReferenceLabel>();
  for (const l of history) {
    if (l.kind === "adjudication") continue;
    const prev = latest.get(l.interpreter);
    if (!prev || l.id > prev.id) latest.set(l.interpreter, l);
  }
  return latest;
}

/** Resolve the labels of one date (`period`) of a survey. */
export function resolveLabels(labels: readonly ReferenceLabel[], period: LabelPeriod = "single"): ResolvedLabels {
  const byUnit = new Map<string, ReferenceLabel[]>();
  for (const l of labels) {
    if (l.period !== period) continue;
    const list = byUnit.get(l.unitId);
    if (list) list.push(l);
    else byUnit.set(l.unitId, [l]);
  }
  const chosen = new Map<string, ReferenceLabel>();
  const disagreements: Disagreement[] = [];
  for (const [unitId, all] of byUnit) {
    const history = countingHistory(all);
    let adjudication: ReferenceLabel | undefined;
    for (const l of history) if (l.kind === "adjudication" && (!adjudication || l.id > adjudication.id)) adjudication = l;
    if (adjudication) {
      chosen.set(unitId, adjudication);
      continue;
    }
    const latest = [...latestByInterpreter(history).values()].sort((a, b) => a.id - b.id);
    if (latest.length === 0) continue;
    if (latest.every((l) => l.referenceClass === latest[0]!.referenceClass)) chosen.set(unitId, latest[latest.length - 1]!);
    else disagreements.push({ unitId, period, labels: latest });
  }
  disagreements.sort((a, b) => (a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0));
  return { chosen, disagreements };
}
