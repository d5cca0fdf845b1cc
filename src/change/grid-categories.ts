/**
 * @module change/grid-categories
 * Where coca went, SIMCI-style: coca hectares of each year added up on a coarse grid (1 km by default), each
 * cell classed by its history, and dispersion measures. UNODC/SIMCI classify a 1 km grid as permanently
 * affected (coca every year of the last decade), intermittently affected, abandoned (no coca in the last 3
 * years) and newly affected (change.md); the year thresholds are parameters here, with those defaults, to be
 * checked against the "Monitoreo de territorios afectados por cultivos ilícitos" reports before they are fixed.
 * Categories of a cell over years 1..T (affected = coca >= `minCocaHa`):
 * - new: affected in T and in none of the `newLookbackYears` years before (default all earlier years);
 * - permanent: affected in each of the last `permanentYears` years (default all years, at most 10);
 * - abandoned: affected once, but in none of the last `abandonedYears` years (default 3, at most T - 1);
 * - intermittent: affected in some year, none of the above; never: no coca in any year.
 * Pure: arrays in, arrays out.
 */
import Flatbush from "flatbush";
import { InputError } from "../domain/errors.ts";

export const CATEGORY_NAMES = ["never", "permanent", "intermittent", "abandoned", "new"] as const;
export type CellCategory = (typeof CATEGORY_NAMES)[number];

export interface CategoryThresholds {
  /** A cell is affected in a year when its coca area reaches this (ha; default: any coca, > 0). */
  minCocaHa?: number;
  permanentYears?: number;
  abandonedYears?: number;
  newLookbackYears?: number;
}

export interface CellGrid {
  /** Cells across and down. */
  cols: number;
  rows: number;
  /** Cell side in the map's units (m, or degrees on geographic grids). */
  cellSize: number;
  /** Map coordinates of the grid's upper-left corner. */
  x0: number;
  y0: number;
  /** Cell side in km (for distances). */
  cellKm: number;
}

export interface DispersionMeasures {
  /** Affected cells per year. */
  occupiedCells: number[];
  /** Cells affected in T but not in T - 1. */
  newCells: number;
  /** Share of those with no coca in any of the `newLookbackYears` years before T. */
  newCellsWithoutRecentCocaShare: number | null;
  /** Distance (km, centre to centre) from each new cell to the nearest cell affected in an earlier year. */
  distanceToPreviousKm: { mean: number; median: number; max: number } | null;
}

export interface GridCategories {
  thresholds: Required<CategoryThresholds>;
  /** Category index (into CATEGORY_NAMES) per cell, row-major. */
  category: Uint8Array;
  counts: Record<CellCategory, number>;
  dispersion: DispersionMeasures;
}

/** Classify cells from coca hectares per cell per year (`cocaHa[t][cell]`, years in order). */
export function categorizeCells(cocaHa: readonly Float64Array[], grid: CellGrid, thresholds: CategoryThresholds = {}): GridCategories {
  const T = cocaHa.length;
  if (T < 2) throw new InputError("cell categories need at least two years", { field: "maps" });
  const t: Required<CategoryThresholds> = {
    minCocaHa: thresholds.minCocaHa ?? 0,
    permanentYears: thresholds.permanentYears ?? Math.min(T, 10),
    abandonedYears: thresholds.abandonedYears ?? Math.min(3, T - 1),
    newLookbackYears: thresholds.newLookbackYears ?? T - 1,
  };
  if (!(t.permanentYears >= 1 && t.permanentYears <= T))
    throw new InputError(`permanent years must be 1..${T} (the years given), got ${t.permanentYears}`, { field: "permanent-years" });
  if (!(t.abandonedYears >= 1 && t.abandonedYears <= T - 1))
    throw new InputError(`abandoned years must be 1..${T - 1}, got ${t.abandonedYears}`, { field: "abandoned-years" });
  if (!(t.newLookbackYears >= 1 && t.newLookbackYears <= T - 1))
    throw new InputError(`new-lookback years must be 1..${T - 1}, got ${t.newLookbackYears}`, { field: "new-lookback-years" });
  const n = grid.cols * grid.rows;
  const affected = (y: number, c: number): boolean => {
    const v = cocaHa[y]![c]!;
    return v > 0 && v >= t.minCocaHa;
  };
  const category = new Uint8Array(n);
  const counts = Object.fromEntries(CATEGORY_NAMES.map((k) => [k, 0])) as Record<CellCategory, number>;
  for (let c = 0; c < n; c++) {
    let any = false;
    for (let y = 0; y < T; y++) if (affected(y, c)) any = true;
    let k: CellCategory = "never";
    if (any) {
      let recent = false;
      for (let y = T - 1 - t.newLookbackYears; y < T - 1; y++) if (affected(y, c)) recent = true;
      let every = true;
      for (let y = T - t.permanentYears; y < T; y++) if (!affected(y, c)) every = false;
      let lately = false;
      for (let y = T - t.abandonedYears; y < T; y++) if (affected(y, c)) lately = true;
      if (affected(T - 1, c) && !recent) k = "new";
      else if (every) k = "permanent";
      else if (!lately) k = "abandoned";
      else k = "intermittent";
    }
    category[c] = CATEGORY_NAMES.indexOf(k);
    counts[k]++;
  }

  // Dispersion.
  const occupiedCells = cocaHa.map((_, y) => {
    let k = 0;
    for (let c = 0; c < n; c++) if (affected(y, c)) k++;
    return k;
  });
  const newCells: number[] = [];
  let withoutRecent = 0;
  for (let c = 0; c < n; c++) {
    if (!affected(T - 1, c) || affected(T - 2, c)) continue;
    newCells.push(c);
    let recent = false;
    for (let y = T - 1 - t.newLookbackYears; y < T - 1; y++) if (affected(y, c)) recent = true;
    if (!recent) withoutRecent++;
  }
  const previous: number[] = [];
  for (let c = 0; c < n; c++) {
    for (let y = 0; y < T - 1; y++)
      if (affected(y, c)) {
        previous.push(c);
        break;
      }
  }
  let distanceToPreviousKm: DispersionMeasures["distanceToPreviousKm"] = null;
  if (newCells.length > 0 && previous.length > 0) {
    const index = new Flatbush(previous.length);
    for (const c of previous) index.add(c % grid.cols, Math.floor(c / grid.cols), c % grid.cols, Math.floor(c / grid.cols));
    index.finish();
    const d = newCells
      .map((c) => {
        const x = c % grid.cols;
        const y = Math.floor(c / grid.cols);
        const [j] = index.neighbors(x, y, 1);
        const p = previous[j!]!;
        return Math.hypot((p % grid.cols) - x, Math.floor(p / grid.cols) - y) * grid.cellKm;
      })
      .sort((a, b) => a - b);
    const mid = d.length >> 1;
    distanceToPreviousKm = {
      mean: d.reduce((s, v) => s + v, 0) / d.length,
      median: d.length % 2 ? d[mid]! : (d[mid - 1]! + d[mid]!) / 2,
      max: d[d.length - 1]!,
    };
  }
  return {
    thresholds: t,
    category,
    counts,
    dispersion: {
      occupiedCells,
      newCells: newCells.length,
      newCellsWithoutRecentCocaShare: newCells.length ? withoutRecent / newCells.length : null,
      distanceToPreviousKm,
    },
  };
}

/**
 * Add the coca hectares of one strip of a class map into cells: pixel (c, r) goes to the cell under its centre.
 * `colCell[c]` is the cell column of map column c (-1 outside), `rowCell(r)` the cell row of map row r.
 */
export function addStripToCells(
  codes: Uint8Array,
  width: number,
  y0: number,
  isCoca: Uint8Array,
  rowAreaHa: Float64Array,
  colCell: Int32Array,
  rowCell: (r: number) => number,
  cols: number,
  out: Float64Array,
): void {
  const rows = codes.length / width;
  for (let r = 0; r < rows; r++) {
    const cr = rowCell(y0 + r);
    if (cr < 0) continue;
    const a = rowAreaHa[y0 + r]!;
    const base = r * width;
    const cellBase = cr * cols;
    for (let c = 0; c < width; c++) {
      if (!isCoca[codes[base + c]!]) continue;
      const cc = colCell[c]!;
      if (cc >= 0) out[cellBase + cc]! += a;
    }
  }
}
