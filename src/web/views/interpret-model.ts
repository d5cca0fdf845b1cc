/**
 * @module web/views/interpret-model
 * The Interpret view's logic without the DOM: the sheet as the API gives it, keyboard shortcuts
 * (1-9 then a-z for the classes, arrows or j/k to move), progress, the label to submit (a unit
 * labelled before needs a reason: it becomes a correction), and the queue of labels kept in local
 * storage while offline.
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

/** Add a label to the queue, replacing a queued one of the same unit. */
export function enqueue(queue: readonly PendingLabel[], label: PendingLabel): PendingLabel[] {
  return [...queue.filter((p) => p.blindId !== label.blindId), label];
}
