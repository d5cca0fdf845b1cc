/**
 * @module imagery/zonal/zonal-totals
 * Hectares of each class per region polygon. Cells cut by a region's edge count with the share of the cell
 * inside the region (fractional coverage): each pixel row is cut into strips at the region's vertices, so
 * that within a strip every edge is one straight segment; each strip is sampled on horizontal lines at
 * most 1/SUBROWS of a row apart, and on each line the inside intervals are exact. A cell's share is thus
 * exact across the row and a midpoint sum down it, which is exact unless an edge crosses the cell's side
 * within the strip; that costs at most about 1/(8 SUBROWS^2) of a cell per such crossing (measured: a
 * slanted triangle within 1e-4 cells).
 * Cell areas are planar on projected grids and ellipsoidal on geographic ones (as GRASS `r.stats -a`).
 */
import { DataError } from "../../domain/errors.ts";
import { cellAreaHaByRow } from "../../raster/cell-area.ts";
import { stripRowsFor } from "../../raster/read/strip-rows.ts";
import { classNameOf, type ClassRaster } from "../vectorize/fields.ts";
import { regionRingsInPixels, type RegionSet } from "./regions.ts";

/** Sample lines per pixel row (at least one per strip between vertices). */
export const SUBROWS = 16;

export interface ZonalRow {
  region: string;
  classCode: number;
  className: string;
  /** Hectares of the class inside the region (ellipsoidal on geographic grids). */
  areaHa: number;
}

/**
 * Coverage of one region over the grid, row by row: calls `visit(row, c0, cover)` where `cover[c - c0]`
 * is the share (0..1) of cell (c, row) inside the region. Edges are kept in an active list, so the cost
 * is in the cells covered and the edges crossing each row, not all edges for every row.
 */
function coverRegion(
  rings: readonly number[][],
  width: number,
  rowFrom: number,
  rowTo: number,
  visit: (row: number, c0: number, cover: Float64Array) => void,
): void {
  // Non-horizontal edges with y0 < y1.
  const ex0: number[] = [];
  const ey0: number[] = [];
  const ex1: number[] = [];
  const ey1: number[] = [];
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const ring of rings)
    for (let i = 0; i + 3 < ring.length; i += 2) {
      const xa = ring[i]!;
      const ya = ring[i + 1]!;
      const xb = ring[i + 2]!;
      const yb = ring[i + 3]!;
      minX = Math.min(minX, xa, xb);
      maxX = Math.max(maxX, xa, xb);
      minY = Math.min(minY, ya, yb);
      maxY = Math.max(maxY, ya, yb);
      if (ya === yb) continue;
      const up = ya < yb;
      ex0.push(up ? xa : xb);
      ey0.push(up ? ya : yb);
      ex1.push(up ? xb : xa);
      ey1.push(up ? yb : ya);
    }
  const c0 = Math.max(0, Math.floor(minX));
  const c1 = Math.min(width, Math.ceil(maxX));
  const r0 = Math.max(rowFrom, Math.floor(minY));
  const r1 = Math.min(rowTo, Math.ceil(maxY));
  if (c0 >= c1 || r0 >= r1) return;
  const order = Array.from(ey0.keys()).sort((a, b) => ey0[a]! - ey0[b]!);
  let nextEdge = 0;
  let active: number[] = [];
  const n = c1 - c0;
  // cover[] gets partial cells directly; runs of full cells go through a difference array.
  const cover = new Float64Array(n);
  const diff = new Float64Array(n + 1);
  const xs: number[] = [];
  const cuts: number[] = [];
  for (let r = r0; r < r1; r++) {
    while (nextEdge < order.length && ey0[order[nextEdge]!]! < r + 1) active.push(order[nextEdge++]!);
    active = active.filter((e) => ey1[e]! > r);
    if (active.length === 0) continue;
    cover.fill(0);
    diff.fill(0);
    let touched = false;
    cuts.length = 0;
    cuts.push(r, r + 1);
    for (const e of active) {
      if (ey0[e]! > r && ey0[e]! < r + 1) cuts.push(ey0[e]!);
      if (ey1[e]! > r && ey1[e]! < r + 1) cuts.push(ey1[e]!);
    }
    cuts.sort((a, b) => a - b);
    for (let s = 0; s + 1 < cuts.length; s++) {
      const ya = cuts[s]!;
      const yb = cuts[s + 1]!;
      if (!(yb > ya)) continue;
      const nSub = Math.ceil(SUBROWS * (yb - ya));
      const w = (yb - ya) / nSub;
      for (let j = 0; j < nSub; j++) {
        const y = ya + (j + 0.5) * w;
        xs.length = 0;
        for (const e of active) {
          if (ey0[e]! <= y && y < ey1[e]!) xs.push(ex0[e]! + ((y - ey0[e]!) / (ey1[e]! - ey0[e]!)) * (ex1[e]! - ex0[e]!));
        }
        if (xs.length < 2) continue;
        xs.sort((a, b) => a - b);
        for (let k = 0; k + 1 < xs.length; k += 2) {
          const a = Math.max(xs[k]!, c0);
          const b = Math.min(xs[k + 1]!, c1);
          if (!(b > a)) continue;
          touched = true;
          const ca = Math.floor(a);
          const cb = Math.min(Math.ceil(b) - 1, c1 - 1);
          if (ca === cb) {
            cover[ca - c0]! += (b - a) * w;
            continue;
          }
          cover[ca - c0]! += (ca + 1 - a) * w;
          cover[cb - c0]! += (b - cb) * w;
          // Full cells ca+1 .. cb-1.
          diff[ca + 1 - c0]! += w;
          diff[cb - c0]! -= w;
        }
      }
    }
    if (!touched) continue;
    let run = 0;
    for (let i = 0; i < n; i++) {
      run += diff[i]!;
      cover[i]! += run;
    }
    visit(r, c0, cover);
  }
}

/**
 * Hectares of each class in each region, with fractional coverage of cells cut by region edges.
 * Rows come region by region (in file order), classes by code; nodata cells and classes with no area are left out.
 * Throws DataError when no region overlaps the class map (usually a CRS mix-up).
 */
export function zonalTotals(raster: ClassRaster, regions: RegionSet): ZonalRow[] {
  const acc = new ZonalAccumulator(raster, regions);
  acc.addRows(0, raster.values);
  return acc.rows();
}

/** A class map read by rows: what zonalTotalsByStrips needs (the imagery reader's ClassMap fits). */
export interface ClassRowSource {
  readonly grid: ClassRaster["grid"];
  readonly nodata?: number | null;
  /** Names by code (`classNames[code]`). */
  readonly classNames: ClassRaster["classNames"];
  /** Codes of rows [y0, y1), row-major; valid until the next call (a source may read every strip into one buffer). */
  readRows(y0: number, y1: number): Promise<Uint8Array>;
}

/**
 * zonalTotals over a class map read `stripRows` rows at a time: memory is set by the strip, not the map.
 * Gives the same rows as zonalTotals (up to floating-point summation order).
 */
export async function zonalTotalsByStrips(
  source: ClassRowSource,
  regions: RegionSet,
  { stripRows = stripRowsFor(source.grid.width) }: { stripRows?: number } = {},
): Promise<ZonalRow[]> {
  const acc = new ZonalAccumulator(source, regions);
  for (let y0 = 0; y0 < source.grid.height; y0 += stripRows) {
    const y1 = Math.min(source.grid.height, y0 + stripRows);
    if (acc.touches(y0, y1)) acc.addRows(y0, await source.readRows(y0, y1));
  }
  return acc.rows();
}

/** Per-region class areas accumulated over row strips of a class map. */
class ZonalAccumulator {
  private readonly rings: number[][][];
  private readonly rowSpan: [number, number][];
  private readonly rowAreaHa: Float64Array;
  private readonly byCode: Float64Array;
  private readonly hit: Uint8Array;

  constructor(
    private readonly map: Pick<ClassRaster, "grid" | "nodata" | "classNames">,
    private readonly regions: RegionSet,
  ) {
    this.rings = regions.regions.map((region) => regionRingsInPixels(regions, region, map.grid));
    this.rowSpan = this.rings.map((rings) => {
      let lo = Infinity;
      let hi = -Infinity;
      for (const ring of rings)
        for (let i = 1; i < ring.length; i += 2) {
          lo = Math.min(lo, ring[i]!);
          hi = Math.max(hi, ring[i]!);
        }
      return [Math.floor(lo), Math.ceil(hi)];
    });
    this.rowAreaHa = cellAreaHaByRow(map.grid);
    this.byCode = new Float64Array(256 * regions.regions.length);
    this.hit = new Uint8Array(regions.regions.length);
  }

  /** True when some region reaches rows [y0, y1). */
  touches(y0: number, y1: number): boolean {
    return this.rowSpan.some(([lo, hi]) => lo < y1 && hi > y0);
  }

  /** Add the cells of rows y0 .. y0 + values.length / width - 1. */
  addRows(y0: number, values: Uint8Array): void {
    const { width } = this.map.grid;
    const y1 = y0 + values.length / width;
    this.rings.forEach((rings, k) => {
      const [lo, hi] = this.rowSpan[k]!;
      if (lo >= y1 || hi <= y0) return;
      const off = 256 * k;
      coverRegion(rings, width, y0, y1, (r, c0, cover) => {
        const a = this.rowAreaHa[r]!;
        const base = (r - y0) * width + c0;
        for (let i = 0; i < cover.length; i++) {
          const f = cover[i]!;
          if (f > 0) {
            this.byCode[off + values[base + i]!]! += f * a;
            this.hit[k] = 1;
          }
        }
      });
    });
  }

  rows(): ZonalRow[] {
    const nodata = this.map.nodata ?? 0;
    if (!this.hit.some((h) => h))
      throw new DataError(
        `no region in ${this.regions.source} (${this.regions.crs.name}) overlaps the class map (${this.map.grid.crs.name}); check both files' CRS`,
      );
    const rows: ZonalRow[] = [];
    this.regions.regions.forEach((region, k) => {
      for (let code = 0; code < 256; code++) {
        const areaHa = this.byCode[256 * k + code]!;
        if (code === nodata || areaHa === 0) continue;
        rows.push({ region: region.name, classCode: code, className: classNameOf(this.map, code), areaHa });
      }
    });
    return rows;
  }
}

/** Hectares of each class over the whole class map (no regions): the r.stats -a equivalent. */
export function classTotals(raster: ClassRaster): ClassTotalRow[] {
  const acc = new ClassTotalsAccumulator(raster);
  acc.addRows(0, raster.values);
  return acc.rows();
}

export interface ClassTotalRow {
  classCode: number;
  className: string;
  /** Hectares of the class over the whole map (ellipsoidal on geographic grids). */
  areaHa: number;
}

/**
 * classTotals and zonalTotals in one pass over a class map read `stripRows` rows at a time: memory is set by
 * the strip, not the map. The numbers are those of classTotals and zonalTotals on the whole map, to the last
 * digit (each sum is taken in the same row order).
 */
export async function mapTotalsByStrips(
  source: ClassRowSource,
  regions: RegionSet,
  { stripRows = stripRowsFor(source.grid.width) }: { stripRows?: number } = {},
): Promise<{ totals: ClassTotalRow[]; zonal: ZonalRow[] }> {
  const zonal = new ZonalAccumulator(source, regions);
  const totals = new ClassTotalsAccumulator(source);
  for (let y0 = 0; y0 < source.grid.height; y0 += stripRows) {
    const y1 = Math.min(source.grid.height, y0 + stripRows);
    const values = await source.readRows(y0, y1);
    totals.addRows(y0, values);
    if (zonal.touches(y0, y1)) zonal.addRows(y0, values);
  }
  return { totals: totals.rows(), zonal: zonal.rows() };
}

/** Per-class areas accumulated over row strips: a row's pixels are counted, then the count times the row's cell area is added. */
class ClassTotalsAccumulator {
  private readonly rowAreaHa: Float64Array;
  private readonly counts = new Float64Array(256);
  private readonly out = new Float64Array(256);

  constructor(private readonly map: Pick<ClassRaster, "grid" | "nodata" | "classNames">) {
    this.rowAreaHa = cellAreaHaByRow(map.grid);
  }

  /** Add the cells of rows y0 .. y0 + values.length / width - 1. */
  addRows(y0: number, values: Uint8Array): void {
    const { width } = this.map.grid;
    const { counts, out } = this;
    const rows = values.length / width;
    for (let j = 0; j < rows; j++) {
      counts.fill(0);
      const base = j * width;
      for (let c = 0; c < width; c++) counts[values[base + c]!]!++;
      const a = this.rowAreaHa[y0 + j]!;
      for (let k = 0; k < 256; k++) if (counts[k]! > 0) out[k]! += counts[k]! * a;
    }
  }

  rows(): ClassTotalRow[] {
    const nodata = this.map.nodata ?? 0;
    const rows: ClassTotalRow[] = [];
    for (let k = 0; k < 256; k++) if (k !== nodata && this.out[k]! > 0) rows.push({ classCode: k, className: classNameOf(this.map, k), areaHa: this.out[k]! });
    return rows;
  }
}
