import { describe, expect, it } from "vitest";
import {
  changeKeyAction,
  changeProgress,
  changeSubmission,
  enqueue,
  firstOpen,
  firstOpenChange,
  keyAction,
  progress,
  shortcutFor,
  step,
  submission,
  type ChangeSheetUnit,
  type SheetUnit,
} from "./interpret-model.ts";

const unit = (blindId: string, label: SheetUnit["label"] = null): SheetUnit => ({ position: 1, blindId, lon: 0, lat: 0, x: 0, y: 0, label });
const legend = ["bare soil and roads", "coca", "other crops", "pasture", "primary forest", "secondary regrowth", "settlement", "water", "cloud", "shadow"];

describe("interpret view logic", () => {
  it("maps keys to classes (1-9, then letters) and to moves", () => {
    expect(shortcutFor(0)).toBe("1");
    expect(shortcutFor(9)).toBe("a");
    expect(keyAction("2", legend)).toEqual({ pick: "coca" });
    expect(keyAction("a", legend)).toEqual({ pick: "shadow" });
    expect(keyAction("b", legend)).toBeNull();
    expect(keyAction("ArrowRight", legend)).toEqual({ move: 1 });
    expect(keyAction("k", legend)).toEqual({ move: -1 });
    expect(step(0, -1, 5)).toBe(0);
    expect(step(4, 1, 5)).toBe(4);
  });

  it("counts progress with the offline queue and finds the first open unit", () => {
    const units = [unit("b1", { referenceClass: "coca", confidence: null, comment: "", labelId: 1 }), unit("b2"), unit("b3")];
    expect(firstOpen(units)).toBe(1);
    expect(progress(units, [{ blindId: "b2", referenceClass: "coca" }])).toEqual({ done: 2, total: 3 });
    expect(enqueue([{ blindId: "b2", referenceClass: "coca" }], { blindId: "b2", referenceClass: "water" })).toEqual([
      { blindId: "b2", referenceClass: "water" },
    ]);
  });

  it("asks a reason to change a unit labelled before (a correction), never silently overwrites", () => {
    const done = unit("b1", { referenceClass: "coca", confidence: 0.9, comment: "", labelId: 1 });
    expect(submission(unit("b2"), { referenceClass: "coca", confidence: 0.7, comment: " rows " })).toEqual({
      blindId: "b2",
      referenceClass: "coca",
      confidence: 0.7,
      comment: "rows",
    });
    expect(submission(done, { referenceClass: "pasture" })).toEqual({ error: "reasonNeeded" });
    expect(submission(done, { referenceClass: "coca" })).toEqual({ error: "sameClass" });
    expect(submission(done, { referenceClass: "pasture", reason: "second look" })).toEqual({ blindId: "b1", referenceClass: "pasture", reason: "second look" });
  });
});

describe("interpret view logic for a change survey (two dates)", () => {
  const two = ["coca", "other"];
  const cu = (blindId: string, t1: string | null = null, t2: string | null = null): ChangeSheetUnit => ({
    position: 1,
    blindId,
    lon: 0,
    lat: 0,
    x: 0,
    y: 0,
    labels: {
      t1: t1 === null ? null : { referenceClass: t1, confidence: null, comment: "", labelId: 1 },
      t2: t2 === null ? null : { referenceClass: t2, confidence: null, comment: "", labelId: 2 },
    },
  });

  it("picks date 1 with a number, date 2 with Shift and the same key (by position, whatever the layout)", () => {
    expect(changeKeyAction({ key: "1", code: "Digit1", shiftKey: false }, two)).toEqual({ pick: "coca", period: "t1" });
    expect(changeKeyAction({ key: "!", code: "Digit1", shiftKey: true }, two)).toEqual({ pick: "coca", period: "t2" });
    expect(changeKeyAction({ key: '"', code: "Digit2", shiftKey: true }, two)).toEqual({ pick: "other", period: "t2" });
    expect(changeKeyAction({ key: "3", code: "Digit3", shiftKey: false }, two)).toBeNull();
    expect(changeKeyAction({ key: "ArrowLeft", code: "ArrowLeft", shiftKey: false }, two)).toEqual({ move: -1 });
    expect(changeKeyAction({ key: "j", code: "KeyJ", shiftKey: false }, two)).toEqual({ move: 1 });
  });

  it("submits a unit once both dates have a class; a relabel needs a reason and sends only the date that changed", () => {
    expect(changeSubmission(cu("b1"), { draft: { t1: "coca" } })).toEqual({ error: "incomplete" });
    expect(changeSubmission(cu("b1"), { draft: { t1: "coca", t2: "other" }, confidence: 0.9 })).toEqual([
      { blindId: "b1", period: "t1", referenceClass: "coca", confidence: 0.9 },
      { blindId: "b1", period: "t2", referenceClass: "other", confidence: 0.9 },
    ]);
    const done = cu("b2", "coca", "coca");
    expect(changeSubmission(done, { draft: { t2: "coca" } })).toEqual({ error: "sameClass" });
    expect(changeSubmission(done, { draft: { t2: "other" } })).toEqual({ error: "reasonNeeded" });
    expect(changeSubmission(done, { draft: { t2: "other" }, reason: "cleared field" })).toEqual([
      { blindId: "b2", period: "t2", referenceClass: "other", reason: "cleared field" },
    ]);
    // Date 1 labelled before, date 2 new: no reason needed.
    expect(changeSubmission(cu("b3", "other"), { draft: { t2: "coca" } })).toEqual([{ blindId: "b3", period: "t2", referenceClass: "coca" }]);
  });

  it("counts a unit done when both dates are labelled or queued, and queues per date", () => {
    const units = [cu("b1", "coca", "coca"), cu("b2", "coca"), cu("b3")];
    expect(changeProgress(units, [])).toEqual({ done: 1, total: 3 });
    expect(changeProgress(units, [{ blindId: "b2", period: "t2", referenceClass: "coca" }])).toEqual({ done: 2, total: 3 });
    expect(firstOpenChange(units)).toBe(1);
    const q = enqueue([{ blindId: "b3", period: "t1", referenceClass: "coca" }], { blindId: "b3", period: "t2", referenceClass: "other" });
    expect(q).toHaveLength(2);
    expect(enqueue(q, { blindId: "b3", period: "t2", referenceClass: "coca" }).map((p) => p.referenceClass)).toEqual(["coca", "coca"]);
  });
});
