/**
 * @module routes/least-cost
 * Least-cost routes from many sources to many targets on a cost raster: the accumulated cost from all sources,
 * and for every target its cheapest path (cells, cost, length), cheapest first. Sources and targets are cells;
 * an impassable one, or targets that no source reaches, are errors that say which and why.
 */
import { DataError, InputError } from "../domain/errors.ts";
import { accumulateCost, isPassable, pathLengthM, tracePath, type AccumulatedCost, type CostGrid, type Neighbourhood } from "./accumulated-cost.ts";
import { labelComponents } from "./components.ts";

/** A source or target: its cell and a label for messages (e.g. "--from 1 (712000,9560000)"). */
export interface Endpoint {
  cell: number;
  label: string;
}

export interface LeastCostRoute {
  /** Index of the target in the targets given. */
  target: number;
  /** Index of the source the route starts from. */
  source: number;
  cells: Int32Array;
  /** Accumulated cost at the target (the cost raster's unit times metres: seconds for s/m). */
  cost: number;
  lengthM: number;
}

export interface LeastCostResult {
  accumulated: AccumulatedCost;
  /** One route per target, cheapest first. */
  routes: LeastCostRoute[];
}

function checkPassable(grid: CostGrid, points: readonly Endpoint[], what: string): void {
  for (const p of points) {
    const v = grid.costs[p.cell]!;
    if (!isPassable(v)) throw new InputError(`${what} ${p.label} lies on an impassable cell (cost ${v}); move it or change the cost surface`, { field: what });
  }
}

/**
 * Cheapest routes from any source to each target. Throws InputError for impassable endpoints and DataError
 * (exit 3) when a target cannot be reached, naming the components of sources and targets.
 */
export function leastCostRoutes(
  grid: CostGrid,
  sources: readonly Endpoint[],
  targets: readonly Endpoint[],
  { neighbours = 8 }: { neighbours?: Neighbourhood } = {},
): LeastCostResult {
  if (sources.length === 0) throw new InputError("no sources given", { field: "from" });
  if (targets.length === 0) throw new InputError("no targets given", { field: "to" });
  checkPassable(grid, sources, "source");
  checkPassable(grid, targets, "target");
  const accumulated = accumulateCost(
    grid,
    Int32Array.from(sources, (s) => s.cell),
    { neighbours },
  );
  const unreached = targets.filter((t) => accumulated.costs[t.cell] === Infinity);
  if (unreached.length === targets.length) {
    const comp = labelComponents(grid.costs, grid.width, grid.height, neighbours);
    const describe = (ps: readonly Endpoint[]): string =>
      [...new Set(ps.map((p) => comp.labels[p.cell]!))].map((id) => `component ${id} (${comp.sizes[id]} cells)`).join(", ");
    throw new DataError(
      `no route: the passable cells form ${comp.count} separate components; the sources are in ${describe(sources)}, the targets in ${describe(targets)}`,
    );
  }
  const routes: LeastCostRoute[] = [];
  const sourceIndex = new Map<number, number>();
  sources.forEach((s, i) => sourceIndex.has(s.cell) || sourceIndex.set(s.cell, i));
  targets.forEach((t, target) => {
    if (accumulated.costs[t.cell] === Infinity) return;
    const cells = tracePath(accumulated.backlinks, grid.width, t.cell);
    routes.push({ target, source: sourceIndex.get(cells[0]!) ?? -1, cells, cost: accumulated.costs[t.cell]!, lengthM: pathLengthM(cells, grid) });
  });
  routes.sort((a, b) => a.cost - b.cost || a.target - b.target);
  return { accumulated, routes };
}
