/**
 * @module routes/accumulated-cost
 * Accumulated cost from many sources over a cost raster (Dijkstra on a typed-array binary heap) and the path back
 * from any cell. Convention of scikit-image `MCP_Geometric` and GRASS `r.cost`: a move between neighbouring cells
 * costs the mean of the two cell costs times the step length (cell sizes in metres; 1 or √2 cells on a square
 * grid). Knight's moves (16 neighbours, GRASS `r.cost -k`) cost the mean of the four cells the move touches (the two
 * ends and the two cells it passes between) times its length. `geometric: false` is scikit-image's plain `MCP`: a
 * path costs the sum of its cells, the source cell included. The heap has decrease-key (binary-heap.ts), so each
 * cell is popped once.
 */
import { IndexedCellHeap } from "./binary-heap.ts";

export type Neighbourhood = 4 | 8 | 16;

/** Row and column offsets of move codes 1..16 (code 0 is reserved for sources, 255 for unreached cells). */
export const MOVE_DR = Int8Array.from([0, -1, 0, 1, 0, -1, 1, 1, -1, -2, -2, -1, 1, 2, 2, 1, -1]);
export const MOVE_DC = Int8Array.from([0, 0, 1, 0, -1, 1, 1, -1, -1, -1, 1, 2, 2, 1, -1, -2, -2]);
/** Back-link code of a source cell. */
export const BACKLINK_SOURCE = 0;
/** Back-link code of a cell no source reaches. */
export const BACKLINK_NONE = 255;

/** A cost raster with its cell sizes in metres. */
export interface CostGrid {
  /** Cost per metre of each cell, row-major; NaN, negative or infinite = impassable. */
  costs: Float32Array | Float64Array;
  width: number;
  height: number;
  /** Cell width in metres: one number, or one per row (geographic grids, where it shrinks with latitude). */
  cellWidthM: number | Float64Array;
  cellHeightM: number;
}

export interface AccumulateOptions {
  neighbours?: Neighbourhood;
  /** Mean of the two cells times the step length (default), or scikit-image MCP's sum of cells. */
  geometric?: boolean;
  /** Stop once every one of these cells is settled (the rest of the raster keeps Infinity). */
  stopAt?: ArrayLike<number>;
}

export interface AccumulatedCost {
  /** Least accumulated cost to each cell; Infinity where no source reaches. */
  costs: Float64Array;
  /** Move code (1..16) of the last move into each cell; 0 at sources, 255 where unreached. */
  backlinks: Uint8Array;
  /** Cells settled. */
  settled: number;
}

/** True where a cell can be entered. */
export function isPassable(cost: number): boolean {
  return cost >= 0 && cost < Infinity;
}

function rowWidths(grid: CostGrid): Float64Array {
  if (typeof grid.cellWidthM !== "number") {
    if (grid.cellWidthM.length !== grid.height) throw new RangeError(`cellWidthM has ${grid.cellWidthM.length} rows, the grid ${grid.height}`);
    return grid.cellWidthM;
  }
  return new Float64Array(grid.height).fill(grid.cellWidthM);
}

/** Length in metres of move `code` starting in row `r` (the width of a move across rows is the mean of their widths). */
export function stepLengthM(code: number, r: number, widths: Float64Array, cellHeightM: number): number {
  const dr = MOVE_DR[code]!;
  const dc = MOVE_DC[code]!;
  const r2 = r + dr;
  const w = dr === 0 ? widths[r]! : (widths[r]! + widths[Math.min(Math.max(r2, 0), widths.length - 1)]!) / 2;
  const x = dc * w;
  const y = dr * cellHeightM;
  return Math.sqrt(x * x + y * y);
}

/**
 * Least accumulated cost from `sources` (cell indices) to every cell, with back-links.
 * Sources on impassable cells are the caller's to reject (they are skipped here).
 */
export function accumulateCost(grid: CostGrid, sources: ArrayLike<number>, options: AccumulateOptions = {}): AccumulatedCost {
  const { width, height, costs } = grid;
  const neighbours = options.neighbours ?? 8;
  const geometric = options.geometric ?? true;
  const nMoves = neighbours;
  const n = width * height;
  if (costs.length !== n) throw new RangeError(`cost raster has ${costs.length} cells, expected ${width} x ${height}`);
  const acc = new Float64Array(n).fill(Infinity);
  const back = new Uint8Array(n).fill(BACKLINK_NONE);
  const done = new Uint8Array(n);
  const widths = rowWidths(grid);
  // Step lengths per row and move (geographic grids differ by row; projected ones repeat one row).
  const steps = new Float64Array(height * 17);
  for (let r = 0; r < height; r++) for (let k = 1; k <= 16; k++) steps[r * 17 + k] = stepLengthM(k, r, widths, grid.cellHeightM);
  const offsets = new Int32Array(17);
  for (let k = 1; k <= 16; k++) offsets[k] = MOVE_DR[k]! * width + MOVE_DC[k]!;
  const heap = new IndexedCellHeap(n, 1 << 12);
  for (let i = 0; i < sources.length; i++) {
    const s = sources[i]!;
    if (s < 0 || s >= n || !isPassable(costs[s]!)) continue;
    const start = geometric ? 0 : costs[s]!;
    if (start < acc[s]!) {
      acc[s] = start;
      back[s] = BACKLINK_SOURCE;
      heap.pushOrDecrease(start, s);
    }
  }
  let remaining = -1;
  let isTarget: Uint8Array | undefined;
  if (options.stopAt) {
    isTarget = new Uint8Array(n);
    remaining = 0;
    for (let i = 0; i < options.stopAt.length; i++) {
      const t = options.stopAt[i]!;
      if (t >= 0 && t < n && isTarget[t] === 0) {
        isTarget[t] = 1;
        remaining++;
      }
    }
  }
  const margin = nMoves > 8 ? 2 : 1;
  let settled = 0;
  while (heap.size > 0) {
    const cell = heap.popCell();
    const key = acc[cell]!;
    done[cell] = 1;
    settled++;
    if (isTarget !== undefined && isTarget[cell] === 1 && --remaining === 0) break;
    const r = (cell / width) | 0;
    const c = cell - r * width;
    // Interior cells need no bounds checks (the common case on large rasters).
    const interior = r >= margin && r < height - margin && c >= margin && c < width - margin;
    const here = costs[cell]!;
    const rowSteps = r * 17;
    for (let k = 1; k <= nMoves; k++) {
      if (!interior) {
        const r2 = r + MOVE_DR[k]!;
        const c2 = c + MOVE_DC[k]!;
        if (r2 < 0 || r2 >= height || c2 < 0 || c2 >= width) continue;
      }
      const next = cell + offsets[k]!;
      if (done[next] === 1) continue;
      const there = costs[next]!;
      if (!(there >= 0 && there < Infinity)) continue;
      let move: number;
      if (!geometric) move = there;
      else if (k <= 8) move = 0.5 * (here + there) * steps[rowSteps + k]!;
      else {
        // Knight's move: the two cells it passes between are the orthogonal and the diagonal first steps.
        const dr = MOVE_DR[k]!;
        const dc = MOVE_DC[k]!;
        const a = Math.abs(dr) === 2 ? cell + (dr >> 1) * width : cell + (dc >> 1);
        const b = Math.abs(dr) === 2 ? cell + (dr >> 1) * width + dc : cell + dr * width + (dc >> 1);
        const ca = costs[a]!;
        const cb = costs[b]!;
        if (!(ca >= 0 && ca < Infinity && cb >= 0 && cb < Infinity)) continue;
        move = 0.25 * (here + there + ca + cb) * steps[rowSteps + k]!;
      }
      const total = key + move;
      if (total < acc[next]!) {
        acc[next] = total;
        back[next] = k;
        heap.pushOrDecrease(total, next);
      }
    }
  }
  return { costs: acc, backlinks: back, settled };
}

/** The cells from a source to `target` (both included), following back-links; empty if the target is unreached. */
export function tracePath(backlinks: Uint8Array, width: number, target: number): Int32Array {
  const out: number[] = [];
  let cell = target;
  const limit = backlinks.length;
  while (out.length <= limit) {
    const code = backlinks[cell]!;
    if (code === BACKLINK_NONE) return new Int32Array(0);
    out.push(cell);
    if (code === BACKLINK_SOURCE) break;
    cell -= MOVE_DR[code]! * width + MOVE_DC[code]!;
  }
  return Int32Array.from(out.reverse());
}

/** Length of a path of cells in metres (sum of its step lengths). */
export function pathLengthM(path: Int32Array, grid: Pick<CostGrid, "width" | "height" | "cellWidthM" | "cellHeightM">): number {
  const widths = typeof grid.cellWidthM === "number" ? new Float64Array(grid.height).fill(grid.cellWidthM) : grid.cellWidthM;
  let total = 0;
  for (let i = 1; i < path.length; i++) {
    const a = path[i - 1]!;
    const b = path[i]!;
    const ra = (a / grid.width) | 0;
    const rb = (b / grid.width) | 0;
    const dr = rb - ra;
    const dc = b - rb * grid.width - (a - ra * grid.width);
    const dx = dc * (dr === 0 ? widths[ra]! : (widths[ra]! + widths[rb]!) / 2);
    const dy = dr * grid.cellHeightM;
    total += Math.sqrt(dx * dx + dy * dy);
  }
  return total;
}

/** The move code (1..16) taking cell `from` to the neighbouring cell `to`, or 0 if they are not neighbours. */
export function moveCode(from: number, to: number, width: number): number {
  const rf = Math.floor(from / width);
  const rt = Math.floor(to / width);
  const dr = rt - rf;
  const dc = to - rt * width - (from - rf * width);
  for (let k = 1; k <= 16; k++) if (MOVE_DR[k] === dr && MOVE_DC[k] === dc) return k;
  return 0;
}

/**
 * Cost of a path of cells on `grid` by the same convention as accumulateCost (geometric): Infinity if it enters
 * an impassable cell. Used to price a route found on a modified surface on the original one.
 */
export function pathCost(grid: CostGrid, path: ArrayLike<number>): number {
  const { width, costs } = grid;
  const widths = typeof grid.cellWidthM === "number" ? new Float64Array(grid.height).fill(grid.cellWidthM) : grid.cellWidthM;
  if (path.length > 0 && !isPassable(costs[path[0]!]!)) return Infinity;
  let total = 0;
  for (let i = 1; i < path.length; i++) {
    const a = path[i - 1]!;
    const b = path[i]!;
    const k = moveCode(a, b, width);
    if (k === 0) throw new RangeError(`cells ${a} and ${b} of the path are not neighbours`);
    const ca = costs[a]!;
    const cb = costs[b]!;
    if (!isPassable(cb)) return Infinity;
    const step = stepLengthM(k, Math.floor(a / width), widths, grid.cellHeightM);
    if (k <= 8) total += 0.5 * (ca + cb) * step;
    else {
      const dr = MOVE_DR[k]!;
      const dc = MOVE_DC[k]!;
      const m1 = Math.abs(dr) === 2 ? a + (dr >> 1) * width : a + (dc >> 1);
      const m2 = Math.abs(dr) === 2 ? a + (dr >> 1) * width + dc : a + dr * width + (dc >> 1);
      if (!isPassable(costs[m1]!) || !isPassable(costs[m2]!)) return Infinity;
      total += 0.25 * (ca + cb + costs[m1]! + costs[m2]!) * step;
    }
  }
  return total;
}
