/**
 * @module survey/labels/qa
 * Quality control of a survey's labels from the store: on the units two interpreters labelled
 * (double interpretation), each interpreter's latest label (corrections count, adjudications do
 * not: they settle disagreements, they are not a third opinion), their agreement overall and per
 * pair of interpreters, and the units still waiting for adjudication.
 */
import type { LabelPeriod, ReferenceLabel } from "../../domain/reference-label.ts";
import { agreement, type AgreementResult } from "./agreement.ts";
import { countingHistory, latestByInterpreter, resolveLabels, type Disagreement } from "./resolve.ts";

export interface LabelQa {
  period: LabelPeriod;
  /** Units with labels from two or more interpreters. */
  doubleUnits: number;
  /** Agreement over every double-labelled unit (first and second interpreter in name order). */
  overall: AgreementResult;
  pairs: { a: string; b: string; result: AgreementResult }[];
  /** Units whose interpreters disagree and that no adjudication settled yet. */
  pending: Disagreement[];
  /** Units settled by an adjudication. */
  adjudicated: number;
  /** Labels per interpreter (latest per unit), for progress. */
  perInterpreter: { interpreter: string; units: number }[];
}

export function labelQa(labels: readonly ReferenceLabel[], classes: readonly string[], period: LabelPeriod = "single"): LabelQa {
  const byUnit = new Map<string, ReferenceLabel[]>();
  for (const l of labels) {
    if (l.period !== period) continue;
    const list = byUnit.get(l.unitId);
    if (list) list.push(l);
    else byUnit.set(l.unitId, [l]);
  }
  const allPairs: [string, string][] = [];
  const pairResults = new Map<string, [string, string][]>();
  const counts = new Map<string, number>();
  let adjudicated = 0;
  for (const all of byUnit.values()) {
    const history = countingHistory(all);
    if (history.some((l) => l.kind === "adjudication")) adjudicated++;
    const latest = [...latestByInterpreter(history).values()].sort((x, y) => (x.interpreter < y.interpreter ? -1 : 1));
    for (const l of latest) counts.set(l.interpreter, (counts.get(l.interpreter) ?? 0) + 1);
    if (latest.length < 2) continue;
    allPairs.push([latest[0]!.referenceClass, latest[1]!.referenceClass]);
    for (let i = 0; i < latest.length; i++) {
      for (let j = i + 1; j < latest.length; j++) {
        const key = `${latest[i]!.interpreter}\u0000${latest[j]!.interpreter}`;
        const list = pairResults.get(key) ?? [];
        list.push([latest[i]!.referenceClass, latest[j]!.referenceClass]);
        pairResults.set(key, list);
      }
    }
  }
  return {
    period,
    doubleUnits: allPairs.length,
    overall: agreement(allPairs, classes),
    pairs: [...pairResults].map(([key, pairs]) => {
      const [a, b] = key.split("\u0000") as [string, string];
      return { a, b, result: agreement(pairs, classes) };
    }),
    pending: resolveLabels(labels, period).disagreements,
    adjudicated,
    perInterpreter: [...counts].map(([interpreter, units]) => ({ interpreter, units })).sort((x, y) => (x.interpreter < y.interpreter ? -1 : 1)),
  };
}
