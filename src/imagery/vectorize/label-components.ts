/**
 * @module imagery/vectorize/label-components
 * Connected-component labelling of class rasters by runs: each row is cut into maximal runs of equal
 * value, runs are joined to the overlapping runs of the row above with union-find (the run-based variant
 * of Rosenfeld & Pfaltz 1966, "Sequential operations in digital picture processing", J. ACM 13(4)),
 * so the work per pixel is one comparison and the unions are per run.
 */

/** Which neighbours join pixels into one region: 4 = edge neighbours only (GDAL's default), 8 = also diagonal. */
export type Connectivity = 4 | 8;

/** Maximal runs of equal, selected value in each row: run k covers columns [start[k], end[k]) of its row. */
export interface Runs {
  count: number;
  /** Index of the first run of each row; runs of row r are rowStart[r] .. rowStart[r + 1] - 1. */
  rowStart: Int32Array;
  start: Int32Array;
  end: Int32Array;
  /** Region label of each run (1..). */
  label: Int32Array;
}

export interface Components {
  /** Region of each pixel, 1..count; 0 where the pixel is not selected. */
  labels: Int32Array;
  count: number;
  runs: Runs;
}

function find(parent: Int32Array, i: number): number {
  while (parent[i] !== i) {
    parent[i] = parent[parent[i]!]!;
    i = parent[i]!;
  }
  return i;
}

/**
 * Label the connected regions of pixels whose value equals `code`.
 * @param values class codes, row-major, `width * height`
 */
export function labelComponents(values: Uint8Array, width: number, height: number, code: number, connectivity: Connectivity = 4): Components {
  const selected = new Uint8Array(256);
  selected[code] = 1;
  return labelRegions(values, width, height, selected, connectivity);
}

/**
 * Label the connected regions of equal value among the pixels whose value is selected (`selected[value] !== 0`),
 * all classes in one pass: neighbours join a region only when their values are equal.
 * Labels are numbered in scan order of each region's first pixel.
 */
export function labelRegions(values: Uint8Array, width: number, height: number, selected: Uint8Array, connectivity: Connectivity = 4): Components {
  let cap = Math.max(1024, height * 4);
  let start = new Int32Array(cap);
  let end = new Int32Array(cap);
  let value = new Uint8Array(cap);
  const rowStart = new Int32Array(height + 1);
  let n = 0;
  for (let r = 0; r < height; r++) {
    rowStart[r] = n;
    const row = r * width;
    let c = 0;
    while (c < width) {
      const v = values[row + c]!;
      let e = c + 1;
      while (e < width && values[row + e] === v) e++;
      if (selected[v]) {
        if (n === cap) {
          cap *= 2;
          start = grow(start, new Int32Array(cap));
          end = grow(end, new Int32Array(cap));
          value = grow(value, new Uint8Array(cap));
        }
        start[n] = c;
        end[n] = e;
        value[n] = v;
        n++;
      }
      c = e;
    }
  }
  rowStart[height] = n;
  // Join each run to the runs above it that overlap (or touch diagonally, for 8-connectivity) with the same value.
  const parent = new Int32Array(n);
  for (let k = 0; k < n; k++) parent[k] = k;
  const reach = connectivity === 8 ? 1 : 0;
  for (let r = 1; r < height; r++) {
    let j = rowStart[r - 1]!;
    const jEnd = rowStart[r]!;
    for (let k = rowStart[r]!; k < rowStart[r + 1]!; k++) {
      const s = start[k]! - reach;
      const e = end[k]! + reach;
      while (j < jEnd && end[j]! <= s) j++;
      for (let i = j; i < jEnd && start[i]! < e; i++) {
        if (value[i] !== value[k]) continue;
        const a = find(parent, i);
        const b = find(parent, k);
        if (a < b) parent[b] = a;
        else if (b < a) parent[a] = b;
      }
    }
  }
  // Compact roots to 1..count in scan order, then paint the labels run by run.
  const label = new Int32Array(n);
  let count = 0;
  for (let k = 0; k < n; k++) {
    const root = find(parent, k);
    label[k] = root === k ? ++count : label[root]!;
  }
  const labels = new Int32Array(width * height);
  for (let r = 0; r < height; r++) {
    const row = r * width;
    for (let k = rowStart[r]!; k < rowStart[r + 1]!; k++) labels.fill(label[k]!, row + start[k]!, row + end[k]!);
  }
  return { labels, count, runs: { count: n, rowStart, start: start.subarray(0, n), end: end.subarray(0, n), label } };
}

function grow<T extends Int32Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
