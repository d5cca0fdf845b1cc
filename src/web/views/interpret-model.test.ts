import { describe, expect, it } from "vitest";
import { enqueue, firstOpen, keyAction, progress, shortcutFor, step, submission, type SheetUnit } from "./interpret-model.ts";

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
