/**
 * @module routes/flow-metrics
 * Measures of how flow spreads over a landscape, from a circuit solution: the Shannon entropy of flow shares over
 * edges (NarcoLogic's flow diversity, Magliocca et al. 2019), the share of the flow passing through a set of cells,
 * the footprint of cells carrying flow above a threshold, and the number of distinct corridors above it.
 */
import type { CostGrid } from "./accumulated-cost.ts";
import type { Network } from "./circuit.ts";
import { markWithin } from "./corridors.ts";

/** Shannon entropy (nats) of |current| shares over the network's edges, and its evenness H / ln(edges with flow). */
export function flowEntropy(net: Network, voltagesV: Float64Array): { entropyNats: number; evenness: number; edgesWithFlow: number } {
  let total = 0;
  const { rowPtr, cols, conductanceS: g } = net;
  for (let i = 0; i < net.nodeCount; i++) {
    const vi = voltagesV[i]!;
    if (Number.isNaN(vi)) continue;
    for (let q = rowPtr[i]!; q < rowPtr[i + 1]!; q++) {
      const j = cols[q]!;
      if (j > i) total += Math.abs(g[q]! * (vi - voltagesV[j]!));
    }
  }
  if (!(total > 0)) return { entropyNats: 0, evenness: 0, edgesWithFlow: 0 };
  let h = 0;
  let edges = 0;
  for (let i = 0; i < net.nodeCount; i++) {
    const vi = voltagesV[i]!;
    if (Number.isNaN(vi)) continue;
    for (let q = rowPtr[i]!; q < rowPtr[i + 1]!; q++) {
      const j = cols[q]!;
      if (j <= i) continue;
      const p = Math.abs(g[q]! * (vi - voltagesV[j]!)) / total;
      if (p > 0) {
        h -= p * Math.log(p);
        edges++;
      }
    }
  }
  return { entropyNats: h, evenness: edges > 1 ? h / Math.log(edges) : 0, edgesWithFlow: edges };
}

/**
 * Current passing through the cells of `mask` (A): the current entering the set across its boundary
 * (for a set holding no source or target, all the flow that crosses it). For 1 A total this is a share.
 */
export function currentThrough(net: Network, voltagesV: Float64Array, mask: Uint8Array): number {
  let inflow = 0;
  const { rowPtr, cols, conductanceS: g } = net;
  for (let i = 0; i < net.nodeCount; i++) {
    if (mask[i] === 1) continue;
    const vi = voltagesV[i]!;
    if (Number.isNaN(vi)) continue;
    for (let q = rowPtr[i]!; q < rowPtr[i + 1]!; q++) {
      const j = cols[q]!;
      if (mask[j] !== 1) continue;
      const c = g[q]! * (vi - voltagesV[j]!);
      if (c > 0) inflow += c;
    }
  }
  return inflow;
}

export interface CorridorCount {
  /** Connected groups (8-neighbour) of cells carrying at least the threshold, away from sources and targets. */
  corridors: number;
  /** Cells carrying at least the threshold (anywhere). */
  cellsAbove: number;
}

/**
 * Distinct corridors: cells with current >= `thresholdA`, minus the cells within `clearM` of a source or target
 * (where all corridors meet), grouped into 8-connected components.
 */
export function countCorridors(
  currentA: Float64Array,
  grid: Pick<CostGrid, "width" | "height" | "cellWidthM" | "cellHeightM">,
  thresholdA: number,
  endpoints: ArrayLike<number>,
  clearM: number,
): CorridorCount {
  const { width, height } = grid;
  const n = width * height;
  const near = new Uint8Array(n);
  markWithin(near, grid, endpoints, clearM);
  const above = new Uint8Array(n);
  let cellsAbove = 0;
  for (let i = 0; i < n; i++) {
    if (currentA[i]! >= thresholdA) {
      cellsAbove++;
      if (near[i] === 0) above[i] = 1;
    }
  }
  const seen = new Uint8Array(n);
  const queue = new Int32Array(n);
  let corridors = 0;
  for (let s = 0; s < n; s++) {
    if (above[s] === 0 || seen[s] === 1) continue;
    corridors++;
    let head = 0;
    let tail = 0;
    queue[tail++] = s;
    seen[s] = 1;
    while (head < tail) {
      const cell = queue[head++]!;
      const r = (cell / width) | 0;
      const c = cell - r * width;
      for (let dr = -1; dr <= 1; dr++) {
        for (let dc = -1; dc <= 1; dc++) {
          const y = r + dr;
          const x = c + dc;
          if (y < 0 || y >= height || x < 0 || x >= width) continue;
          const j = y * width + x;
          if (above[j] === 1 && seen[j] === 0) {
            seen[j] = 1;
            queue[tail++] = j;
          }
        }
      }
    }
  }
  return { corridors, cellsAbove };
}

/** Area in hectares of the cells carrying at least `thresholdA`. */
export function footprintHa(currentA: Float64Array, grid: Pick<CostGrid, "width" | "height" | "cellWidthM" | "cellHeightM">, thresholdA: number): number {
  let m2 = 0;
  for (let i = 0; i < currentA.length; i++) {
    if (currentA[i]! < thresholdA) continue;
    const r = Math.floor(i / grid.width);
    m2 += (typeof grid.cellWidthM === "number" ? grid.cellWidthM : grid.cellWidthM[r]!) * grid.cellHeightM;
  }
  return m2 / 10_000;
}
