/**
 * @module cli/tables/labels
 * The terminal table of reference labels, for a survey's and a change survey's labels alike (the `--json`
 * output is the labels themselves).
 */
import type { ReferenceLabel } from "../../domain/reference-label.ts";
import { fmt, renderTable } from "../output.ts";

export function labelsTable(rows: readonly ReferenceLabel[]): string {
  return renderTable(rows, [
    { header: "id", value: (l) => l.id, align: "right" },
    { header: "unit", value: (l) => l.unitId },
    { header: "date", value: (l) => l.period },
    { header: "class", value: (l) => l.referenceClass },
    { header: "interpreter", value: (l) => `${l.interpreter}${l.simulated ? " [SIMULATED]" : ""}` },
    { header: "kind", value: (l) => l.kind },
    { header: "confidence", value: (l) => (l.confidence === null ? "" : fmt(l.confidence, 2)), align: "right" },
    { header: "reason", value: (l) => l.reason },
    { header: "labelled", value: (l) => l.labelledAt },
  ]);
}
