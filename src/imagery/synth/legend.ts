/**
 * @module imagery/synth/legend
 * The land-cover classes of the simulated Andes-Amazon scene: class codes (1..8, 0 = nodata) and
 * names (coca is spelled exactly "coca"), as a `ClassLegend` whose colours are the project's
 * land-cover colours (`LAND_COVER_COLORS` in domain/class-legend).
 */
import { createClassLegend, legendNames, type ClassLegend } from "../../domain/class-legend.ts";

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

/** Name of each class of the scene, by its code in `CLASS`. */
const NAMES: Readonly<Record<(typeof CLASS)[keyof typeof CLASS], string>> = {
  [CLASS.forest]: "primary forest",
  [CLASS.regrowth]: "secondary regrowth",
  [CLASS.pasture]: "pasture",
  [CLASS.crops]: "other crops",
  [CLASS.coca]: "coca",
  [CLASS.bare]: "bare soil and roads",
  [CLASS.settlement]: "settlement",
  [CLASS.water]: "water",
};

/** The scene's legend (codes 1..8 as in `CLASS`). */
export const SYNTH_LEGEND: ClassLegend = createClassLegend(
  Object.values(CLASS)
    .sort((a, b) => a - b)
    .map((code) => NAMES[code]),
);

/** Class names in code order (classNames[k - 1] names code k). */
export const SYNTH_CLASS_NAMES: readonly string[] = legendNames(SYNTH_LEGEND);
