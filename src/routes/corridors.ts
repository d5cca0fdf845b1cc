/**
 * @module routes/corridors
 * k distinct routes on a cost raster: each next route is the cheapest once the cells within a separation distance
 * of the earlier routes are excluded (or their cost multiplied by a penalty). On a raster, near-duplicate paths
 * dominate plain k-shortest-path lists; a separation turns "hundreds of routes" into a handful of corridors.
 * Near its own source and target a route leaves the cells open, so routes may share their ends.
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
export function markWithin(mask: Uint8Array, grid: Pick<CostGrid, "width" | "height" | "cellWidthM" | "cellHeightM">, cells: ArrayLike<number>, radiusM: number, value = 1): void {
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

/** Up to k routes, each separated from the earlier ones; stops early when no further route exists. */
export function distinctRoutes(grid: CostGrid, sources: readonly Endpoint[], targets: readonly Endpoint[], o: DistinctRoutesOptions): DistinctRoute[] {
  const mode = o.mode ?? "exclude";
  const penalty = o.penaltyFactor ?? 5;
  const work = Float64Array.from(grid.costs);
  const routes: DistinctRoute[] = [];
  const open = new Uint8Array(work.length);
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
    routes.push({ rank: round + 1, source: best.source, target: best.target, cells: best.cells, cost, relativeCost: routes.length === 0 ? 1 : cost / routes[0]!.cost });
    const near = new Uint8Array(work.length);
    markWithin(near, grid, best.cells, o.separationM);
    // keep the ends open: cells within the separation of this route's source and target
    open.fill(0);
    markWithin(open, grid, [best.cells[0]!, best.cells[best.cells.length - 1]!], o.separationM);
    for (let i = 0; i < work.length; i++) {
      if (near[i] === 0 || open[i] === 1) continue;
      work[i] = mode === "exclude" ? NaN : work[i]! * penalty;
    }
  }
  return routes;
}
