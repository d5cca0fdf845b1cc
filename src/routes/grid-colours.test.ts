import { describe, expect, it } from "vitest";
import type { CoarseGrid } from "./coarse-grid.ts";
import { gridRgba } from "./grid-colours.ts";

const grid = (values: (number | null)[]): CoarseGrid => ({
  width: values.length,
  height: 1,
  factor: 1,
  statistic: "max",
  unit: "A",
  cornersLonLat: [
    [0, 1],
    [1, 1],
    [1, 0],
    [0, 0],
  ],
  min: Math.min(...values.filter((v): v is number => v !== null)),
  max: Math.max(...values.filter((v): v is number => v !== null)),
  values,
});

describe("gridRgba", () => {
  it("leaves nodata and zero current transparent and puts the maximum at the dark end", () => {
    const px = gridRgba(grid([0, 0.25, 1, null]), "current");
    expect([...px.slice(0, 4)]).toEqual([0, 0, 0, 0]);
    expect([...px.slice(12, 16)]).toEqual([0, 0, 0, 0]);
    expect([...px.slice(8, 11)]).toEqual([128, 0, 38]);
    expect(px[7]).toBeGreaterThan(0);
  });
  it("scales cost logarithmically between min and max", () => {
    const px = gridRgba(grid([1, 10, 100]), "cost");
    expect([...px.slice(0, 3)]).toEqual([237, 248, 233]);
    expect([...px.slice(8, 11)]).toEqual([120, 72, 32]);
    // log-midpoint 10 sits halfway along the ramp: between its 2nd and 3rd colours
    expect([...px.slice(4, 7)]).toEqual([105, 190, 120]);
  });
});
