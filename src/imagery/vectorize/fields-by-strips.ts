/**
 * @module imagery/vectorize/fields-by-strips
 * Fields of a class map read by row strips, so that memory is set by a strip plus the open fields, not by the map.
 *
 * Rows are cut into runs and joined to the runs of the row above with union-find, as `labelRegions` does, but only
 * two rows of runs are kept. A field (connected component) stays open while its last row has runs; the first row
 * without one closes it, and its runs (all it is made of) are handed to the same ring tracer, on a window the size of
 * the field's bounding box. Fields come out as `vectorizeClasses` gives them on the whole map: the same fields, with
 * the same ids (scan order of each field's first pixel), areas (summed over the same runs in the same order) and
 * rings, vertex for vertex (a field traced alone has the same boundary edges, and the tracer keeps only a field's own
 * edges at a vertex shared with another).
 *
 * Memory: the strip, two rows of runs, and the runs and bounding-box window of each open field; a field the size of
 * the map (e.g. a background class when every class is vectorised) costs what the whole map did.
 */
import { cellAreaHaByRow } from "../../raster/cell-area.ts";
import { stripRowsFor } from "../../raster/read/strip-rows.ts";
import type { ClassRowSource } from "../zonal/zonal-totals.ts";
import {
  checkOptions,
  classNameOf,
  makeField,
  pixelRingsToMap,
  resolveClassCodeIn,
  selectedCodes,
  type ClassesOptions,
  type Field,
  type FieldOptions,
} from "./fields.ts";
import type { Runs } from "./label-components.ts";
import { traceRings } from "./trace-rings.ts";

export interface StripOptions {
  /** Rows read at a time (default: `stripRowsFor(width)`, 8 MiB of 8-bit codes per strip, `raster/read/strip-rows.ts`). */
  stripRows?: number;
}

/** `vectorizeFields` over a class map read by row strips. */
export async function vectorizeFieldsByStrips(source: ClassRowSource, options: FieldOptions & StripOptions): Promise<Field[]> {
  return vectorizeClassesByStrips(source, { ...options, classCodes: [options.classCode] });
}

/** One open field: its runs as (row, start, end) triplets, in row order unless `merged`. */
interface OpenField {
  runs: number[];
  value: number;
  /** Position of the first pixel, row * width + col: the scan order that numbers the fields. */
  first: number;
  minCol: number;
  maxCol: number;
  lastRow: number;
  merged: boolean;
  closed: boolean;
}

/** `vectorizeClasses` over a class map read by row strips: the same fields, ids, areas and rings. */
export async function vectorizeClassesByStrips(source: ClassRowSource, options: ClassesOptions & StripOptions = {}): Promise<Field[]> {
  const { grid } = source;
  const { width, height } = grid;
  const stripRows = options.stripRows ?? stripRowsFor(width);
  const { minAreaHa, tolM, connectivity } = checkOptions(options);
  let codes: number[] | undefined;
  if (options.classCodes) {
    codes = [];
    for (const c of options.classCodes) codes.push(await resolveClassCodeByStrips(source, c, stripRows));
  }
  const selected = selectedCodes(source, codes, (c) => c as number);
  const rowAreaHa = cellAreaHaByRow(grid);
  const toMap = pixelRingsToMap(grid, tolM, rowAreaHa);
  const reach = connectivity === 8 ? 1 : 0;

  // Union-find over field ids; `open[id]` holds the field at its root.
  let parent = new Int32Array(1024);
  const open: (OpenField | undefined)[] = [];
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const newField = (row: number, s: number, e: number, value: number): number => {
    const id = open.length;
    if (id === parent.length) {
      const grown = new Int32Array(parent.length * 2);
      grown.set(parent);
      parent = grown;
    }
    parent[id] = id;
    open.push({ runs: [row, s, e], value, first: row * width + s, minCol: s, maxCol: e, lastRow: row, merged: false, closed: false });
    return id;
  };
  const union = (a: number, b: number): number => {
    a = find(a);
    b = find(b);
    if (a === b) return a;
    const fa = open[a]!;
    const fb = open[b]!;
    // The larger run list takes the smaller; the field keeps the earlier first pixel.
    const [big, small, root, gone] = fa.runs.length >= fb.runs.length ? [fa, fb, a, b] : [fb, fa, b, a];
    for (let i = 0; i < small.runs.length; i++) big.runs.push(small.runs[i]!);
    big.first = Math.min(big.first, small.first);
    big.minCol = Math.min(big.minCol, small.minCol);
    big.maxCol = Math.max(big.maxCol, small.maxCol);
    big.lastRow = Math.max(big.lastRow, small.lastRow);
    big.merged = true;
    parent[gone] = root;
    open[gone] = undefined;
    return root;
  };

  const done: { first: number; field: Omit<Field, "fieldId"> & { rings: Float64Array[] } }[] = [];
  const names = new Map<number, string>();
  const close = (f: OpenField): void => {
    f.closed = true;
    const runs = f.merged ? sortRuns(f.runs, width) : f.runs;
    // Area in the order vectorizeClasses sums it: rows ascending, runs left to right.
    let areaHa = 0;
    let pixels = 0;
    for (let k = 0; k < runs.length; k += 3) {
      const np = runs[k + 2]! - runs[k + 1]!;
      areaHa += np * rowAreaHa[runs[k]!]!;
      pixels += np;
    }
    if (!(areaHa >= minAreaHa)) return;
    const rings = traceField(runs, f.minCol, f.maxCol);
    let className = names.get(f.value);
    if (className === undefined) names.set(f.value, (className = classNameOf(source, f.value)));
    done.push({ first: f.first, field: makeField(0, className, areaHa, pixels, toMap(rings)) });
  };

  // Runs of the row above and of this row: columns [start, end), value, field id.
  let pStart = new Int32Array(width);
  let pEnd = new Int32Array(width);
  let pVal = new Uint8Array(width);
  let pId = new Int32Array(width);
  let cStart = new Int32Array(width);
  let cEnd = new Int32Array(width);
  let cVal = new Uint8Array(width);
  let cId = new Int32Array(width);
  let pn = 0;
  for (let y0 = 0; y0 < height; y0 += stripRows) {
    const y1 = Math.min(height, y0 + stripRows);
    const values = await source.readRows(y0, y1);
    for (let r = y0; r < y1; r++) {
      const base = (r - y0) * width;
      let cn = 0;
      for (let c = 0; c < width;) {
        const v = values[base + c]!;
        let e = c + 1;
        while (e < width && values[base + e] === v) e++;
        if (selected[v]) {
          cStart[cn] = c;
          cEnd[cn] = e;
          cVal[cn] = v;
          cn++;
        }
        c = e;
      }
      // Join each run to the runs above it that overlap (or touch diagonally, for 8-connectivity) with the same value.
      let j = 0;
      for (let k = 0; k < cn; k++) {
        const s = cStart[k]! - reach;
        const e = cEnd[k]! + reach;
        while (j < pn && pEnd[j]! <= s) j++;
        let id = -1;
        for (let i = j; i < pn && pStart[i]! < e; i++) {
          if (pVal[i] !== cVal[k]) continue;
          id = id < 0 ? find(pId[i]!) : union(id, pId[i]!);
        }
        if (id < 0) id = newField(r, cStart[k]!, cEnd[k]!, cVal[k]!);
        else {
          const f = open[id]!;
          f.runs.push(r, cStart[k]!, cEnd[k]!);
          if (cStart[k]! < f.minCol) f.minCol = cStart[k]!;
          if (cEnd[k]! > f.maxCol) f.maxCol = cEnd[k]!;
          f.lastRow = r;
        }
        cId[k] = id;
      }
      // Fields of the row above with no run in this row are complete.
      for (let i = 0; i < pn; i++) {
        const f = open[find(pId[i]!)]!;
        if (!f.closed && f.lastRow < r) close(f);
      }
      for (let i = 0; i < pn; i++) {
        const root = find(pId[i]!);
        if (open[root]?.closed) open[root] = undefined;
      }
      [pStart, cStart] = [cStart, pStart];
      [pEnd, cEnd] = [cEnd, pEnd];
      [pVal, cVal] = [cVal, pVal];
      [pId, cId] = [cId, pId];
      pn = cn;
    }
  }
  for (let i = 0; i < pn; i++) {
    const f = open[find(pId[i]!)];
    if (f && !f.closed) close(f);
  }
  done.sort((a, b) => a.first - b.first);
  return done.map((d, i) => makeField(i + 1, d.field.className, d.field.areaHa, d.field.pixelCount, d.field.rings));
}

/** Runs (row, start, end) sorted by row, then start. */
function sortRuns(runs: number[], width: number): number[] {
  const n = runs.length / 3;
  const order = Array.from({ length: n }, (_, k) => k).sort((a, b) => runs[3 * a]! * width + runs[3 * a + 1]! - (runs[3 * b]! * width + runs[3 * b + 1]!));
  const out = new Array<number>(runs.length);
  order.forEach((k, i) => {
    out[3 * i] = runs[3 * k]!;
    out[3 * i + 1] = runs[3 * k + 1]!;
    out[3 * i + 2] = runs[3 * k + 2]!;
  });
  return out;
}

/** The rings of one field from its sorted runs, traced on its bounding box, in pixel-corner coordinates of the whole grid. */
function traceField(runs: readonly number[], minCol: number, maxCol: number): number[][] {
  const n = runs.length / 3;
  const row0 = runs[0]!;
  const w = maxCol - minCol;
  const h = runs[3 * (n - 1)]! - row0 + 1;
  const labels = new Int32Array(w * h);
  const rowStart = new Int32Array(h + 1);
  const start = new Int32Array(n);
  const end = new Int32Array(n);
  let k = 0;
  for (let r = 0; r < h; r++) {
    rowStart[r] = k;
    while (k < n && runs[3 * k]! - row0 === r) {
      start[k] = runs[3 * k + 1]! - minCol;
      end[k] = runs[3 * k + 2]! - minCol;
      labels.fill(1, r * w + start[k]!, r * w + end[k]!);
      k++;
    }
  }
  rowStart[h] = n;
  const windowRuns: Runs = { count: n, rowStart, start, end, label: new Int32Array(n).fill(1) };
  const [polygon] = traceRings(labels, w, h, new Uint8Array([0, 1]), windowRuns);
  return polygon!.rings.map((ring) => {
    for (let i = 0; i < ring.length; i += 2) {
      ring[i]! += minCol;
      ring[i + 1]! += row0;
    }
    return ring;
  });
}

/** Resolve a class by code or name; an unknown name reads the map once more to name the classes it holds. */
/** `resolveClassCode` over a class map read by row strips (read only when the name is unknown, to name the classes present). */
export async function resolveClassCodeByStrips(source: ClassRowSource, cls: number | string, stripRows = stripRowsFor(source.grid.width)): Promise<number> {
  const present = new Uint8Array(256);
  const named = typeof cls === "number" || /^\d+$/.test(cls) || source.classNames.some((n) => n !== undefined && n.toLowerCase() === cls.toLowerCase());
  if (!named) {
    for (let y0 = 0; y0 < source.grid.height; y0 += stripRows) {
      const values = await source.readRows(y0, Math.min(source.grid.height, y0 + stripRows));
      for (let i = 0; i < values.length; i++) present[values[i]!] = 1;
    }
  }
  return resolveClassCodeIn(source, cls, () => present);
}
