/**
 * @module survey/labels/import
 * A filled sheet checked against the survey before anything is stored: the design checksum (a
 * sheet of another survey), each unit (in the design, once), each class (in the legend), the
 * interpreter (named; writing only to their own assignment when units are assigned), and the
 * unit's history (a unit the interpreter already labelled needs a reason: the new label is a
 * correction; an adjudication always needs one), and the date (a change survey's t1 / t2; a unit once
 * per date). Every problem is an InputError naming the file
 * and the line; a file with any problem stores nothing.
 */
import { InputError } from "../../domain/errors.ts";
import type { LabelAssignment, LabelKind, LabelPeriod, NewReferenceLabel, ReferenceLabel } from "../../domain/reference-label.ts";
import { blindIndex, classColumns } from "./sheet.ts";
import type { SheetAnswer } from "./read-sheet.ts";
import type { StoredDesign } from "./stored-design.ts";

export interface ImportContext {
  answers: readonly SheetAnswer[];
  file: string;
  /** "sha256:…" of the file, recorded as the labels' origin. */
  fileSha256: string;
  design: Pick<StoredDesign, "units" | "legend" | "checksum">;
  /** The dates the design takes labels for (["single"], or ["t1", "t2"] for a change survey); any date when absent. */
  periods?: readonly LabelPeriod[];
  /** The survey's labels so far. */
  existing: readonly ReferenceLabel[];
  assignments: readonly LabelAssignment[];
  /** The interpreter when the file has no interpreter column (or it is empty). */
  interpreter?: string;
  /** "adjudication" to settle disagreements; otherwise interpretations (and corrections). */
  adjudicate?: boolean;
  /** The reason of a correction or adjudication, when the file has no reason column. */
  reason?: string;
  imagery?: string;
  now: string;
}

export interface ImportPlan {
  labels: NewReferenceLabel[];
  /** Rows left without a class (not interpreted yet). */
  skipped: number;
}

export function planImport(ctx: ImportContext): ImportPlan {
  const { file, design } = ctx;
  if (ctx.answers.length === 0) throw new InputError(`${file}: no rows`);
  const units = new Map(design.units.map((u) => [u.unitId, u]));
  const blind = blindIndex(
    design.checksum,
    design.units.map((u) => u.unitId),
  );
  const legend = new Set(design.legend);
  const assigned = new Set(ctx.assignments.map((a) => `${a.interpreter}\u0000${a.unitId}`));
  const history = new Map<string, ReferenceLabel[]>();
  for (const l of ctx.existing) {
    const key = `${l.unitId}\u0000${l.period}`;
    const list = history.get(key);
    if (list) list.push(l);
    else history.set(key, [l]);
  }
  const seen = new Set<string>();
  const labels: NewReferenceLabel[] = [];
  let skipped = 0;
  for (const a of ctx.answers) {
    const at = `${file}: ${a.where}`;
    if (a.designSha256 !== undefined && a.designSha256 !== design.checksum) {
      throw new InputError(
        `${at}: this sheet was made for another design (design_sha256 ${a.designSha256.slice(0, 12)}…, the survey's is ${design.checksum.slice(0, 12)}…): a label file of another survey, or of another draw of the sample`,
        { field: a.where },
      );
    }
    let unitId = a.unitId;
    if (a.blindId !== undefined) {
      const fromBlind = blind.get(a.blindId);
      if (!fromBlind) throw new InputError(`${at}: blind id ${a.blindId} is not a unit of this survey's design`, { field: a.where });
      if (unitId !== undefined && unitId !== fromBlind)
        throw new InputError(`${at}: blind id ${a.blindId} is unit ${fromBlind}, not ${unitId}`, { field: a.where });
      unitId = fromBlind;
    }
    if (unitId === undefined) throw new InputError(`${at}: no blind_id or unit_id`, { field: a.where });
    const unit = units.get(unitId);
    if (!unit) throw new InputError(`${at}: unit ${unitId} is not in the survey's design`, { field: a.where });
    if (a.stratum !== undefined && a.stratum !== unit.stratum)
      throw new InputError(`${at}: unit ${unitId} is in stratum ${a.stratum} here but ${unit.stratum} in the design`, { field: a.where });
    if (a.mapClass !== undefined && a.mapClass !== unit.mapClass)
      throw new InputError(`${at}: unit ${unitId} has map class "${a.mapClass}" here but "${unit.mapClass}" in the design`, { field: a.where });
    const periods = Object.keys(a.classes) as LabelPeriod[];
    const wrong = ctx.periods ? periods.filter((p) => !ctx.periods!.includes(p)) : [];
    if (wrong.length > 0) {
      throw new InputError(
        `${at}: a label for date "${wrong[0]}" (${classColumns(wrong).join(", ")}): this design takes labels for ${ctx.periods!.join(", ")} (${classColumns(ctx.periods!).join(", ")})`,
        { field: a.where },
      );
    }
    // A unit once per date: a change survey's two dates may come in two rows (the API sends one label a row).
    for (const p of periods.length > 0 ? periods : ["any"]) {
      const key = `${unitId}\u0000${p}`;
      if (seen.has(key) || seen.has(`${unitId}\u0000any`) || (p === "any" && [...seen].some((k) => k.startsWith(`${unitId}\u0000`))))
        throw new InputError(`${at}: unit ${unitId} appears twice in the file${p === "any" || p === "single" ? "" : ` for date ${p}`}`, { field: a.where });
      seen.add(key);
    }
    if (periods.length === 0) {
      skipped++;
      continue;
    }
    const interpreter = a.interpreter ?? ctx.interpreter;
    if (interpreter === undefined) throw new InputError(`${at}: no interpreter (give an interpreter column or --interpreter)`, { field: a.where });
    if (!ctx.adjudicate && assigned.size > 0 && !assigned.has(`${interpreter}\u0000${unitId}`)) {
      throw new InputError(`${at}: unit ${a.blindId ?? unitId} is not assigned to ${interpreter}: an interpreter writes only to their own assignment`, {
        field: a.where,
      });
    }
    let confidence: number | null = null;
    if (a.confidence !== undefined) {
      confidence = Number(a.confidence);
      if (!Number.isFinite(confidence) || confidence < 0 || confidence > 1)
        throw new InputError(`${at}: confidence must be a number in [0, 1], got '${a.confidence}'`, { field: a.where });
    }
    const labelledAt = a.labelledAt ?? ctx.now;
    if (Number.isNaN(Date.parse(labelledAt))) throw new InputError(`${at}: labelled_at must be an ISO 8601 date-time, got '${labelledAt}'`, { field: a.where });
    const reason = a.reason ?? ctx.reason ?? "";
    for (const period of periods) {
      const referenceClass = a.classes[period]!;
      if (!legend.has(referenceClass))
        throw new InputError(`${at}: class "${referenceClass}" of unit ${a.blindId ?? unitId} is not in the legend (${[...legend].join(", ")})`, {
          field: a.where,
        });
      let kind: LabelKind = "interpretation";
      if (ctx.adjudicate) {
        kind = "adjudication";
        if (reason === "") throw new InputError(`${at}: an adjudication needs a reason (a reason column or --reason)`, { field: a.where });
      } else if ((history.get(`${unitId}\u0000${period}`) ?? []).some((l) => l.interpreter === interpreter && l.kind !== "adjudication")) {
        if (reason === "") {
          throw new InputError(
            `${at}: ${interpreter} already labelled unit ${a.blindId ?? unitId}; labels are never overwritten: a correction needs a reason (a reason column or --reason)`,
            { field: a.where },
          );
        }
        kind = "correction";
      }
      labels.push({
        unitId,
        period,
        referenceClass,
        interpreter,
        labelledAt,
        confidence,
        comment: a.comment ?? "",
        imagery: a.imagery ?? ctx.imagery ?? "",
        kind,
        reason,
        simulated: false,
        origin: `${file} ${ctx.fileSha256}`,
      });
    }
  }
  return { labels, skipped };
}
