import { describe, expect, it } from "vitest";
import { accumulateCost, BACKLINK_NONE, pathLengthM, tracePath, type CostGrid } from "./accumulated-cost.ts";

const flat = (w: number, h: number, v = 1): CostGrid => ({ costs: new Float64Array(w * h).fill(v), width: w, height: h, cellWidthM: 1, cellHeightM: 1 });

describe("accumulateCost", () => {
  it("on a flat surface gives the octile distance (8) and knight-move distances (16)", () => {
    const g = flat(7, 7);
    const a8 = accumulateCost(g, [0]);
    expect(a8.costs[1 * 7 + 2]).toBeCloseTo(1 + Math.SQRT2, 12); // (1,2): one diagonal + one straight
    const a16 = accumulateCost(g, [0], { neighbours: 16 });
    expect(a16.costs[1 * 7 + 2]).toBeCloseTo(Math.sqrt(5), 12);
    expect(a16.costs[6 * 7 + 3]).toBeCloseTo(3 * Math.sqrt(5), 12);
    const a4 = accumulateCost(g, [0], { neighbours: 4 });
    expect(a4.costs[6 * 7 + 6]).toBe(12);
  });

  it("scales steps by the cell size in metres (rectangular cells, per-row widths)", () => {
    const g: CostGrid = { ...flat(3, 3), cellWidthM: 30, cellHeightM: 40 };
    const a = accumulateCost(g, [0]);
    expect(a.costs[4]).toBeCloseTo(50, 12);
    expect(a.costs[2]).toBe(60);
    const widths = Float64Array.from([10, 20, 30]);
    const b = accumulateCost({ ...g, cellWidthM: widths }, [0]);
    expect(b.costs[1]).toBe(10);
    expect(b.costs[4]).toBeCloseTo(Math.hypot(15, 40), 12);
  });

  it("takes the nearest of many sources and stops at targets when asked", () => {
    const g = flat(10, 1);
    const a = accumulateCost(g, [0, 9]);
    expect(Array.from(a.costs)).toEqual([0, 1, 2, 3, 4, 4, 3, 2, 1, 0]);
    const early = accumulateCost(g, [0], { stopAt: [2] });
    expect(early.costs[2]).toBe(2);
    expect(early.costs[9]).toBe(Infinity);
  });

  it("does not enter impassable cells (NaN, negative, Infinity) and leaves unreached cells marked", () => {
    const g = flat(5, 3);
    for (const r of [0, 1, 2]) g.costs[r * 5 + 2] = [NaN, -1, Infinity][r]!;
    const a = accumulateCost(g, [0]);
    expect(a.costs[4]).toBe(Infinity);
    expect(a.backlinks[4]).toBe(BACKLINK_NONE);
    expect(tracePath(a.backlinks, 5, 4).length).toBe(0);
    // a knight's move may not jump through the wall either
    const k = accumulateCost(g, [5], { neighbours: 16 });
    expect(k.costs[3]).toBe(Infinity);
  });

  it("goes around a wall and traces the path back with its length", () => {
    const g = flat(5, 5);
    for (let r = 0; r < 4; r++) g.costs[r * 5 + 2] = NaN;
    const a = accumulateCost(g, [0]);
    const path = tracePath(a.backlinks, 5, 4);
    expect(path[0]).toBe(0);
    expect(path[path.length - 1]).toBe(4);
    expect(path.includes(4 * 5 + 2)).toBe(true);
    expect(pathLengthM(path, g)).toBeCloseTo(a.costs[4]!, 12);
  });
});
