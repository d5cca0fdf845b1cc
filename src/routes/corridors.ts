/**
 * @module routes/corridors
 * k distinct routes on a cost raster: each next route is the cheapest once the cells within a separation distance
 * of the earlier routes are excluded (or their cost multiplied by a penalty). On a raster, near-duplicate paths
 * dominate plain k-shortest-path lists; a separation turns "hundreds of routes" into a handful of corridors.
 * The band around a route starts twice the separation away from its source and target, so routes may share their ends.
 */
import { DataError } from "../domain/errors.ts";
import { pathCost, type CostGrid, type Neighbourhood } from "./accumulated-cost.ts";
import { leastCostRoutes, type Endpoint } from "./least-cost.ts";

export interface DistinctRoute {
  rank: number;
  source: number;
  target: number;
  cells: Int32Array;
  /** Cost on the original surface (penalties not included). */
  cost: number;
  /** cost / the best route's cost. */
  relativeCost: number;
}

export interface DistinctRoutesOptions {
  k: number;
  separationM: number;
  /** "exclude" (default): cells near earlier routes are impassable; "penalty": their cost is multiplied. */
  mode?: "exclude" | "penalty";
  penaltyFactor?: number;
  neighbours?: Neighbourhood;
}

/** Mark the cells within `radiusM` of any of `cells` (a disc per cell; cell sizes from the grid). */
export function markWithin(
  mask: Uint8Array,
  grid: Pick<CostGrid, "width" | "height" | "cellWidthM" | "cellHeightM">,
  cells: ArrayLike<number>,
  radiusM: number,
  value = 1,
): void {
  const { width, height } = grid;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i]!;
    const r = Math.floor(cell / width);
    const c = cell - r * width;
    const wM = typeof grid.cellWidthM === "number" ? grid.cellWidthM : grid.cellWidthM[r]!;
    const rr = Math.floor(radiusM / grid.cellHeightM);
    const rc = Math.floor(radiusM / wM);
    for (let dr = -rr; dr <= rr; dr++) {
      const y = r + dr;
      if (y < 0 || y >= height) continue;
      for (let dc = -rc; dc <= rc; dc++) {
        const x = c + dc;
        if (x < 0 || x >= width) continue;
        const dy = dr * grid.cellHeightM;
        const dx = dc * wM;
        if (dx * dx + dy * dy <= radiusM * radiusM) mask[y * width + x] = value;
      }
    }
  }
}

/** The cells of a path farther than `clearM` (straight line) from both its first and its last cell. */
function middleCells(grid: Pick<CostGrid, "width" | "cellWidthM" | "cellHeightM">, cells: Int32Array, clearM: number): Int32Array {
  const xy = (cell: number): [number, number] => {
    const r = Math.floor(cell / grid.width);
    const w = typeof grid.cellWidthM === "number" ? grid.cellWidthM : grid.cellWidthM[r]!;
    return [(cell - r * grid.width) * w, r * grid.cellHeightM];
  };
  const [ax, ay] = xy(cells[0]!);
  const [bx, by] = xy(cells[cells.length - 1]!);
  return cells.filter((c) => {
    const [x, y] = xy(c);
    return Math.hypot(x - ax, y - ay) > clearM && Math.hypot(x - bx, y - by) > clearM;
  });
}

/** Up to k routes, each separated from the earlier ones; stops early when no further route exists. */
export function distinctRoutes(grid: CostGrid, sources: readonly Endpoint[], targets: readonly Endpoint[], o: DistinctRoutesOptions): DistinctRoute[] {
  const mode = o.mode ?? "exclude";
  const penalty = o.penaltyFactor ?? 5;
  const work = Float64Array.from(grid.costs);
  const routes: DistinctRoute[] = [];
  for (let round = 0; round < o.k; round++) {
    let best;
    try {
      best = leastCostRoutes({ ...grid, costs: work }, sources, targets, { neighbours: o.neighbours }).routes[0];
    } catch (error) {
      if (error instanceof DataError && round > 0) break;
      throw error;
    }
    if (!best) break;
    const cost = pathCost(grid, best.cells);
    routes.push({
      rank: round + 1,
      source: best.source,
      target: best.target,
      cells: best.cells,
      cost,
      relativeCost: routes.length === 0 ? 1 : cost / routes[0]!.cost,
    });
    // The band around the route starts 2 x separation away from its ends, so later routes can leave the same
    // source and reach the same target in other directions.
    const cellsMid = middleCells(grid, best.cells, 2 * o.separationM);
    if (cellsMid.length === 0) break;
    const near = new Uint8Array(work.length);
    markWithin(near, grid, cellsMid, o.separationM);
    for (let i = 0; i < work.length; i++) {
      if (near[i] === 0) continue;
      work[i] = mode === "exclude" ? NaN : work[i]! * penalty;
    }
  }
  return routes;
}
