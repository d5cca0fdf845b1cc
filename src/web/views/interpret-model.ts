/**
 * @module web/views/interpret-model
 * The Interpret view's logic without the DOM: the sheet as the API gives it, keyboard shortcuts
 * (1-9 then a-z for the classes, arrows or j/k to move), progress, the label to submit (a unit
 * labelled before needs a reason: it becomes a correction), and the queue of labels kept in local
 * storage while offline. A change survey's unit has a class at each of two dates: keys 1-9 and letters
 * pick the first date's class, the same keys with Shift the second date's (by key position, so Shift+1 is
 * date 2's first class on any keyboard layout); both dates chosen, the unit's labels are submitted.
 */

export interface SheetUnit {
  position: number;
  blindId: string;
  lon: number;
  lat: number;
  x: number;
  y: number;
  label: { referenceClass: string; confidence: number | null; comment: string; labelId: number } | null;
}

export interface Sheet {
  surveyId: number;
  interpreter: string;
  designSha256: string;
  legend: string[];
  units: SheetUnit[];
  labelled: number;
}

export interface PendingLabel {
  blindId: string;
  /** A change survey's date (t1 or t2); absent for a survey's single date. */
  period?: "t1" | "t2";
  referenceClass: string;
  confidence?: number;
  comment?: string;
  reason?: string;
}

const KEYS = "123456789abcdefghilmnopqrstuvwxyz"; // j and k move

/** The key that picks class `index` of the legend. */
export function shortcutFor(index: number): string | undefined {
  return KEYS[index];
}

/** What a key press does: pick a class, move, or nothing. */
export function keyAction(key: string, legend: readonly string[]): { pick: string } | { move: -1 | 1 } | null {
  if (key === "ArrowRight" || key === "j") return { move: 1 };
  if (key === "ArrowLeft" || key === "k") return { move: -1 };
  const i = KEYS.indexOf(key.toLowerCase());
  if (i >= 0 && i < legend.length && key.length === 1) return { pick: legend[i]! };
  return null;
}

/** The next index, clamped to the sheet. */
export function step(index: number, by: number, length: number): number {
  return Math.max(0, Math.min(length - 1, index + by));
}

/** The first unit without a label (or the last one). */
export function firstOpen(units: readonly SheetUnit[]): number {
  const i = units.findIndex((u) => u.label === null);
  return i >= 0 ? i : Math.max(0, units.length - 1);
}

/** Units labelled, counting the queued ones. */
export function progress(units: readonly SheetUnit[], queued: readonly PendingLabel[]): { done: number; total: number } {
  const q = new Set(queued.map((p) => p.blindId));
  return { done: units.filter((u) => u.label !== null || q.has(u.blindId)).length, total: units.length };
}

/** The label to submit for a unit; a unit labelled before needs a reason (else an error message key). */
export function submission(
  unit: SheetUnit,
  choice: { referenceClass: string; confidence?: number; comment?: string; reason?: string },
): PendingLabel | { error: "reasonNeeded" | "sameClass" } {
  const reason = choice.reason?.trim() ?? "";
  if (unit.label !== null) {
    if (unit.label.referenceClass === choice.referenceClass && reason === "") return { error: "sameClass" };
    if (reason === "") return { error: "reasonNeeded" };
  }
  return {
    blindId: unit.blindId,
    referenceClass: choice.referenceClass,
    ...(choice.confidence !== undefined ? { confidence: choice.confidence } : {}),
    ...(choice.comment && choice.comment.trim() !== "" ? { comment: choice.comment.trim() } : {}),
    ...(reason !== "" ? { reason } : {}),
  };
}

/** The queue key for one survey and interpreter. */
export function queueKey(surveyId: number, interpreter: string): string {
  return `coca-monitor.interpret.${surveyId}.${interpreter}`;
}

/** Add a label to the queue, replacing a queued one of the same unit (and date). */
export function enqueue(queue: readonly PendingLabel[], label: PendingLabel): PendingLabel[] {
  return [...queue.filter((p) => p.blindId !== label.blindId || p.period !== label.period), label];
}

export type ChangePeriod = "t1" | "t2";
export const CHANGE_PERIODS: readonly ChangePeriod[] = ["t1", "t2"];

/** A unit of a change survey's sheet (GET /v1/change/analyses/ID/sheet): the interpreter's label at each date. */
export interface ChangeSheetUnit extends Omit<SheetUnit, "label"> {
  labels: Record<ChangePeriod, SheetUnit["label"]>;
}

export interface ChangeSheet {
  analysisId: number;
  interpreter: string;
  designSha256: string;
  legend: string[];
  dates: { period: ChangePeriod; label: string; scenes: number }[];
  units: ChangeSheetUnit[];
  labelled: number;
}

/** The class index a key position gives (Digit1-9, then letters as KEYS orders them), from `code` (layout-free) or `key`. */
function keyIndex(key: string, code: string): number {
  const digit = /^Digit([1-9])$/.exec(code);
  if (digit) return Number(digit[1]) - 1;
  const letter = /^Key([A-Z])$/.exec(code);
  if (letter) return KEYS.indexOf(letter[1]!.toLowerCase());
  return key.length === 1 ? KEYS.indexOf(key.toLowerCase()) : -1;
}

/** What a key press does in a change unit: pick a class for date 1 (no Shift) or date 2 (Shift), move, or nothing. */
export function changeKeyAction(
  e: { key: string; code: string; shiftKey: boolean },
  legend: readonly string[],
): { pick: string; period: ChangePeriod } | { move: -1 | 1 } | null {
  if (e.key === "ArrowRight" || (e.key === "j" && !e.shiftKey)) return { move: 1 };
  if (e.key === "ArrowLeft" || (e.key === "k" && !e.shiftKey)) return { move: -1 };
  const i = keyIndex(e.key, e.code);
  if (i >= 0 && i < legend.length) return { pick: legend[i]!, period: e.shiftKey ? "t2" : "t1" };
  return null;
}

/** Change units labelled at both dates, counting the queued labels. */
export function changeProgress(units: readonly ChangeSheetUnit[], queued: readonly PendingLabel[]): { done: number; total: number } {
  const q = new Set(queued.map((p) => `${p.blindId}\u0000${p.period}`));
  const has = (u: ChangeSheetUnit, p: ChangePeriod): boolean => u.labels[p] !== null || q.has(`${u.blindId}\u0000${p}`);
  return { done: units.filter((u) => has(u, "t1") && has(u, "t2")).length, total: units.length };
}

/** The first change unit not labelled at both dates (or the last one). */
export function firstOpenChange(units: readonly ChangeSheetUnit[]): number {
  const i = units.findIndex((u) => u.labels.t1 === null || u.labels.t2 === null);
  return i >= 0 ? i : Math.max(0, units.length - 1);
}

/**
 * The labels to submit for a change unit once a class is chosen at both dates (`draft`): one per date whose
 * class is new; a date labelled before with another class needs a reason (a correction). "incomplete" while
 * a date has no class yet.
 */
export function changeSubmission(
  unit: ChangeSheetUnit,
  choice: { draft: Partial<Record<ChangePeriod, string>>; confidence?: number; comment?: string; reason?: string },
): PendingLabel[] | { error: "reasonNeeded" | "sameClass" | "incomplete" } {
  const reason = choice.reason?.trim() ?? "";
  const classOf = (p: ChangePeriod): string | undefined => choice.draft[p] ?? unit.labels[p]?.referenceClass;
  if (CHANGE_PERIODS.some((p) => classOf(p) === undefined)) return { error: "incomplete" };
  const changed = CHANGE_PERIODS.filter((p) => unit.labels[p]?.referenceClass !== classOf(p) || (reason !== "" && choice.draft[p] !== undefined));
  if (changed.length === 0) return { error: "sameClass" };
  if (reason === "" && changed.some((p) => unit.labels[p] !== null)) return { error: "reasonNeeded" };
  return changed.map((period) => ({
    blindId: unit.blindId,
    period,
    referenceClass: classOf(period)!,
    ...(choice.confidence !== undefined ? { confidence: choice.confidence } : {}),
    ...(choice.comment && choice.comment.trim() !== "" ? { comment: choice.comment.trim() } : {}),
    ...(reason !== "" && unit.labels[period] !== null ? { reason } : {}),
  }));
}
