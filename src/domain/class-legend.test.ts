import { describe, expect, it } from "vitest";
import {
  classByCode,
  classByName,
  codeOf,
  colorDistance,
  createClassLegend,
  hexColor,
  LAND_COVER_COLORS,
  legendColorTable,
  legendFromColorTable,
  legendNames,
  MIN_COLOR_DISTANCE,
  nameOf,
  type ClassLegend,
  type Rgba,
} from "./class-legend.ts";
import { DataError } from "./errors.ts";

/** The colours class maps were written with before the legend (imagery/synth/legend.ts colorTableFor). */
const SET1: Rgba[] = [
  [228, 26, 28, 255],
  [55, 126, 184, 255],
  [77, 175, 74, 255],
  [152, 78, 163, 255],
  [255, 127, 0, 255],
  [255, 255, 51, 255],
  [166, 86, 40, 255],
  [247, 129, 191, 255],
  [153, 153, 153, 255],
];

function minPairDistance(legend: ClassLegend): number {
  let min = Infinity;
  const cs = legend.classes;
  for (let i = 0; i < cs.length; i++) for (let j = i + 1; j < cs.length; j++) min = Math.min(min, colorDistance(cs[i]!.color, cs[j]!.color));
  return min;
}

describe("ClassLegend", () => {
  const legend = createClassLegend(["coca", "other", "water"]);

  it("numbers classes from 1 in the given order; code 0 is nodata", () => {
    expect(legend.classes.map((c) => [c.code, c.name])).toEqual([
      [1, "coca"],
      [2, "other"],
      [3, "water"],
    ]);
    expect(codeOf(legend, "water")).toBe(3);
    expect(nameOf(legend, 1)).toBe("coca");
    expect(classByName(legend, "other")?.code).toBe(2);
    expect(classByCode(legend, 0)).toBeUndefined();
    expect(classByCode(legend, 4)).toBeUndefined();
    expect(classByCode(legend, 1.5)).toBeUndefined();
    expect(codeOf(legend, "forest")).toBeUndefined();
    expect(legendNames(legend)).toEqual(["coca", "other", "water"]);
  });

  it("writes a colour table indexed by code with a transparent nodata entry", () => {
    const table = legendColorTable(legend);
    expect(table).toHaveLength(4);
    expect(table[0]).toEqual([0, 0, 0, 0]);
    expect(table[1]).toEqual([227, 26, 28, 255]);
    expect(table[3]).toEqual([31, 120, 180, 255]);
    expect(hexColor(table[1]!)).toBe("#e31a1c");
  });

  it("colours the demo scene's classes as before and keeps the old palette where nothing clashes", () => {
    const names = Object.keys(LAND_COVER_COLORS);
    const demo = createClassLegend(names);
    expect(demo.classes.map((c) => c.color)).toEqual(Object.values(LAND_COVER_COLORS));
    // Classes the land-cover legend does not name took Set1 by index; they still do when no colour clashes.
    const other = createClassLegend(["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota"]);
    expect(other.classes.map((c) => c.color)).toEqual(SET1);
    expect(createClassLegend(["coca", "forest"]).classes.map((c) => c.color)).toEqual([LAND_COVER_COLORS.coca, SET1[1]]);
  });

  it("never gives two classes nearly the same colour (the blue of water and Set1, the red of coca and Set1)", () => {
    // Before: "forest" took Set1 blue (55,126,184) beside water (31,120,180); "bare" took Set1 red beside coca.
    const water = createClassLegend(["coca", "forest", "other", "water"]);
    expect(colorDistance(water.classes[1]!.color, LAND_COVER_COLORS.water!)).toBeGreaterThanOrEqual(MIN_COLOR_DISTANCE);
    expect(minPairDistance(water)).toBeGreaterThanOrEqual(MIN_COLOR_DISTANCE);
    // Only the class whose own colour clashes changes: "other" keeps Set1's third colour.
    expect(water.classes[2]!.color).toEqual(SET1[2]);
    expect(water.classes[3]!.color).toEqual(LAND_COVER_COLORS.water);
    const red = createClassLegend(["bare", "coca", "forest", "water"]);
    expect(minPairDistance(red)).toBeGreaterThanOrEqual(MIN_COLOR_DISTANCE);
    expect(red.classes[1]!.color).toEqual(LAND_COVER_COLORS.coca);
    // Many classes: all distinct (the old palette repeated itself after 9 classes).
    const many = createClassLegend(Array.from({ length: 24 }, (_, i) => `class ${i + 1}`));
    expect(minPairDistance(many)).toBeGreaterThanOrEqual(MIN_COLOR_DISTANCE);
    const all = createClassLegend([...Object.keys(LAND_COVER_COLORS), ...Array.from({ length: 12 }, (_, i) => `extra ${i + 1}`)]);
    expect(minPairDistance(all)).toBeGreaterThanOrEqual(MIN_COLOR_DISTANCE);
  });

  it("keeps colours given by a file's colour table and fills the missing ones", () => {
    const table: Rgba[] = [
      [0, 0, 0, 0],
      [1, 2, 3, 255],
      [0, 0, 0, 255],
    ];
    const read = legendFromColorTable(["a", "coca", "c"], table);
    expect(read.classes[0]!.color).toEqual([1, 2, 3, 255]);
    // Black (no entry) and codes past the table's end get the default colours.
    expect(read.classes[1]!.color).toEqual(LAND_COVER_COLORS.coca);
    expect(colorDistance(read.classes[2]!.color, [0, 0, 0, 255])).toBeGreaterThan(MIN_COLOR_DISTANCE);
    expect(legendFromColorTable(["forest", "coca"], undefined).classes.map((c) => hexColor(c.color))).toEqual(["#377eb8", "#e31a1c"]);
  });

  it("holds at most 255 classes (codes of a uint8 map)", () => {
    expect(createClassLegend(Array.from({ length: 255 }, (_, i) => `c${i}`)).classes).toHaveLength(255);
    expect(() => createClassLegend(Array.from({ length: 256 }, (_, i) => `c${i}`))).toThrow(DataError);
    expect(
      legendFromColorTable(
        Array.from({ length: 300 }, (_, i) => `c${i}`),
        undefined,
      ).classes,
    ).toHaveLength(255);
  });
});
