/**
 * @module change/cell-history
 * Coca maps of several years (one grid) read in row strips and added up on a coarse grid of `cellKm` cells
 * anchored at the maps' upper-left corner (on geographic grids the cell side in degrees is cellKm at the maps'
 * centre latitude), then classed by grid-categories. With regions (districts, or protected areas), the coca
 * hectares of each region and year, and the regions that have coca in the last year and had none before.
 */
import type { FeatureCollection } from "geojson";
import { DataError, InputError } from "../domain/errors.ts";
import type { RasterGrid } from "../domain/raster-grid.ts";
import { openClassRows } from "../imagery/zonal/class-row-source.ts";
import type { RegionSet } from "../imagery/zonal/regions.ts";
import { zonalTotalsByStrips } from "../imagery/zonal/zonal-totals.ts";
import { cellAreaHaByRow } from "../raster/cell-area.ts";
import { readClassMap } from "../raster/read/class-map.ts";
import { sameGrid } from "./align-grid.ts";
import { addStripToCells, categorizeCells, CATEGORY_NAMES, type CategoryThresholds, type CellGrid, type GridCategories } from "./grid-categories.ts";

export interface CellHistoryOptions {
  maps: readonly string[];
  years: readonly string[];
  /** The class counted (default "coca"). */
  className?: string;
  cellKm?: number;
  thresholds?: CategoryThresholds;
  regions?: RegionSet;
  stripRows?: number;
}

export interface RegionHistory {
  region: string;
  cocaHaByYear: number[];
  /** Coca in the last year and none in any earlier year. */
  entered: boolean;
}

export interface CellHistory extends GridCategories {
  years: string[];
  cells: CellGrid;
  mapGrid: RasterGrid;
  cocaHaByYear: Float64Array[];
  totalCocaHaByYear: number[];
  regions?: RegionHistory[];
}

export async function cellHistory(options: CellHistoryOptions): Promise<CellHistory> {
  const { maps, years } = options;
  if (maps.length !== years.length) throw new InputError(`${maps.length} maps but ${years.length} year labels`, { field: "years" });
  if (maps.length < 2) throw new InputError("give at least two maps (years)", { field: "maps" });
  const className = options.className ?? "coca";
  const cellKm = options.cellKm ?? 1;
  if (!(cellKm > 0)) throw new InputError(`cell size must be > 0 km, got ${cellKm}`, { field: "cell-km" });
  const stripRows = options.stripRows ?? 512;
  let grid: RasterGrid | undefined;
  let cells: CellGrid | undefined;
  const cocaHaByYear: Float64Array[] = [];
  for (const [k, ref] of maps.entries()) {
    const map = await readClassMap(ref);
    try {
      const g = map.grid;
      if (g.geoTransform[2] !== 0 || g.geoTransform[4] !== 0) throw new DataError(`${ref}: rotated grids are not supported for cell categories`);
      if (!grid) {
        grid = g;
        const gt = g.geoTransform;
        let cellSize = cellKm * 1000;
        if (g.crs.geographic) cellSize = cellKm / (111.32 * Math.cos(((gt[3] + (g.height / 2) * gt[5]) * Math.PI) / 180));
        else if (!/\+units=m\b/.test(g.crs.proj4) && /\+units=/.test(g.crs.proj4))
          throw new DataError(`${ref}: the map's CRS is not in metres (${g.crs.name})`);
        const widthMap = g.width * Math.abs(gt[1]);
        const heightMap = g.height * Math.abs(gt[5]);
        cells = { cols: Math.ceil(widthMap / cellSize), rows: Math.ceil(heightMap / cellSize), cellSize, x0: gt[0], y0: gt[3], cellKm };
      } else if (!sameGrid(grid, g)) {
        throw new DataError(`${ref} is not on the grid of ${maps[0]}: bring the maps onto one grid first (coca change map resamples by nearest neighbour)`);
      }
      const names = map.classNames;
      const codeOf = names.indexOf(className);
      if (codeOf < 0) throw new InputError(`${ref} has no class "${className}" (classes: ${names.join(", ")})`, { field: "class" });
      const isCoca = new Uint8Array(256);
      isCoca[codeOf + 1] = 1;
      const c = cells!;
      const gt = g.geoTransform;
      const colCell = Int32Array.from({ length: g.width }, (_, col) => {
        const x = Math.floor(((col + 0.5) * Math.abs(gt[1])) / c.cellSize);
        return x < c.cols ? x : -1;
      });
      const rowCell = (r: number): number => {
        const y = Math.floor(((r + 0.5) * Math.abs(gt[5])) / c.cellSize);
        return y < c.rows ? y : -1;
      };
      const rowAreaHa = cellAreaHaByRow(g);
      const out = new Float64Array(c.cols * c.rows);
      for (let y0 = 0; y0 < g.height; y0 += stripRows) {
        const y1 = Math.min(g.height, y0 + stripRows);
        addStripToCells(await map.readWindow({ x0: 0, y0, x1: g.width, y1 }), g.width, y0, isCoca, rowAreaHa, colCell, rowCell, c.cols, out);
      }
      cocaHaByYear[k] = out;
    } finally {
      await map.close();
    }
  }
  const categories = categorizeCells(cocaHaByYear, cells!, options.thresholds);
  let regions: RegionHistory[] | undefined;
  if (options.regions) {
    const perYear: Map<string, number>[] = [];
    for (const ref of maps) {
      const source = await openClassRows(ref);
      try {
        const rows = await zonalTotalsByStrips(source, options.regions, { stripRows });
        perYear.push(new Map(rows.filter((r) => r.className === className).map((r) => [r.region, r.areaHa])));
      } finally {
        await source.close();
      }
    }
    regions = options.regions.regions.map((r) => {
      const cocaHaByYear = perYear.map((m) => m.get(r.name) ?? 0);
      const last = cocaHaByYear[cocaHaByYear.length - 1]!;
      return { region: r.name, cocaHaByYear, entered: last > 0 && cocaHaByYear.slice(0, -1).every((v) => v === 0) };
    });
  }
  return {
    ...categories,
    years: [...years],
    cells: cells!,
    mapGrid: grid!,
    cocaHaByYear,
    totalCocaHaByYear: cocaHaByYear.map((a) => a.reduce((s, v) => s + v, 0)),
    regions,
  };
}

/** Cells with any coca in any year, as polygons in the maps' CRS, with coca ha per year and the category. */
export function cellsToGeoJson(h: CellHistory): FeatureCollection {
  const { cols, cellSize, x0, y0 } = h.cells;
  const sy = h.mapGrid.geoTransform[5] < 0 ? -1 : 1;
  const features: FeatureCollection["features"] = [];
  for (let c = 0; c < h.category.length; c++) {
    if (h.category[c] === 0) continue;
    const col = c % cols;
    const row = Math.floor(c / cols);
    const xa = x0 + col * cellSize;
    const xb = xa + cellSize;
    const ya = y0 + sy * row * cellSize;
    const yb = ya + sy * cellSize;
    const props: Record<string, unknown> = { col, row, category: CATEGORY_NAMES[h.category[c]!] };
    h.years.forEach((y, t) => (props[`coca_ha_${y}`] = h.cocaHaByYear[t]![c]));
    features.push({
      type: "Feature",
      properties: props,
      geometry: {
        type: "Polygon",
        coordinates: [
          [
            [xa, ya],
            [xb, ya],
            [xb, yb],
            [xa, yb],
            [xa, ya],
          ],
        ],
      },
    });
  }
  const fc: FeatureCollection & { crs?: unknown } = { type: "FeatureCollection", features };
  const epsg = h.mapGrid.crs.epsg;
  if (epsg !== undefined && epsg !== 4326) fc.crs = { type: "name", properties: { name: `urn:ogc:def:crs:EPSG::${epsg}` } };
  return fc;
}
