/**
 * @module imagery/synth/legend
 * The land-cover legend of the simulated Andes-Amazon scene: class codes (1..8, 0 = nodata),
 * names (coca is spelled exactly "coca"), colours for the class map.
 */
import type { Rgba } from "../../raster/read/raster-source.ts";

export interface LegendClass {
  code: number;
  name: string;
  color: Rgba;
}

export const SYNTH_LEGEND: readonly LegendClass[] = [
  { code: 1, name: "primary forest", color: [11, 93, 30, 255] },
  { code: 2, name: "secondary regrowth", color: [95, 168, 57, 255] },
  { code: 3, name: "pasture", color: [217, 232, 111, 255] },
  { code: 4, name: "other crops", color: [184, 134, 11, 255] },
  { code: 5, name: "coca", color: [227, 26, 28, 255] },
  { code: 6, name: "bare soil and roads", color: [160, 82, 45, 255] },
  { code: 7, name: "settlement", color: [127, 127, 127, 255] },
  { code: 8, name: "water", color: [31, 120, 180, 255] },
];

export const CLASS = {
  forest: 1,
  regrowth: 2,
  pasture: 3,
  crops: 4,
  coca: 5,
  bare: 6,
  settlement: 7,
  water: 8,
} as const;

/** Class names in code order (classNames[k - 1] names code k). */
export const SYNTH_CLASS_NAMES: readonly string[] = SYNTH_LEGEND.map((c) => c.name);

/** Default colours for K classes: the synthetic legend's when the names match, else a fixed palette. Index = code. */
export function colorTableFor(classNames: readonly string[]): Rgba[] {
  const fallback: Rgba[] = [
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
  const table: Rgba[] = [[0, 0, 0, 0]];
  classNames.forEach((name, i) => {
    const known = SYNTH_LEGEND.find((c) => c.name === name);
    table.push(known ? known.color : fallback[i % fallback.length]!);
  });
  return table;
}
