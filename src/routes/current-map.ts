/**
 * @module routes/current-map
 * `coca routes current`: circuit-theory current from sources to targets over a cost raster, written as a current
 * density raster (amperes per cell for 1 A in total: where flow concentrates, pinch points) and a voltage raster,
 * with the effective resistance between sources and targets.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { effectiveResistance, rasterNetwork } from "./circuit.ts";
import { costGridOf, endpointsOf, passableEndpoints, type PointsInput } from "./find-routes.ts";
import { readFloatBand, writeFloatRaster } from "./route-rasters.ts";

export interface CurrentMapOptions {
  costPath: string;
  band?: number;
  from: PointsInput;
  to: PointsInput;
  lonlat?: boolean;
  neighbours?: 4 | 8;
  tolerance?: number;
  outDir: string;
}

export interface CurrentMapResult {
  effectiveResistance: number;
  /** Unit of the resistance: the cost raster's unit times metres (s for s/m), per the conductance convention. */
  resistanceUnit: string | null;
  iterations: number;
  relativeResidual: number;
  sources: number;
  targets: number;
  /** Current of the cell carrying the most (A, of 1 A total), and the share of cells carrying over 10 % of it. */
  maxCellCurrentA: number;
  outputs: { current: string; voltage: string };
}

export async function currentMap(o: CurrentMapOptions): Promise<CurrentMapResult> {
  const cost = await readFloatBand(o.costPath, o.band ?? 1, "cost raster");
  const grid = costGridOf(cost);
  const sources = passableEndpoints(endpointsOf(o.from, cost.grid, { lonlat: o.lonlat, flag: "from" }), grid.costs, o.from.layerPath, "from");
  const targets = passableEndpoints(endpointsOf(o.to, cost.grid, { lonlat: o.lonlat, flag: "to" }), grid.costs, o.to.layerPath, "to");
  const net = rasterNetwork(grid, o.neighbours ?? 8);
  const res = effectiveResistance(
    net,
    sources.map((s) => s.cell),
    targets.map((t) => t.cell),
    { tolerance: o.tolerance ?? 1e-8, raster: { grid, neighbours: o.neighbours ?? 8 } },
  );
  const current = Float32Array.from(res.currentA, (a, i) => (Number.isNaN(grid.costs[i]!) ? NaN : a));
  const voltage = Float32Array.from(res.voltagesV);
  let max = 0;
  for (const a of current) if (a > max) max = a;
  mkdirSync(o.outDir, { recursive: true });
  const outputs = { current: join(o.outDir, "current.tif"), voltage: join(o.outDir, "voltage.tif") };
  const record = JSON.stringify({
    cost: o.costPath,
    sources: sources.map((s) => s.label),
    targets: targets.map((t) => t.label),
    effectiveResistance: res.resistanceOhm,
  });
  await writeFloatRaster(outputs.current, cost.grid, current, "current A (1 A total)", { COCA_ROUTES_CURRENT: record });
  await writeFloatRaster(outputs.voltage, cost.grid, voltage, "voltage V (1 A total)", { COCA_ROUTES_CURRENT: record });
  const unit = cost.metadata.COCA_UNIT === "s/m" ? "s" : null;
  return {
    effectiveResistance: res.resistanceOhm,
    resistanceUnit: unit,
    iterations: res.iterations,
    relativeResidual: res.relativeResidual,
    sources: sources.length,
    targets: targets.length,
    maxCellCurrentA: max,
    outputs,
  };
}
