/**
 * @module routes/demo
 * `coca routes demo`: the whole route analysis on real terrain (the southern Ecuadorian Andes DEM in
 * data/terrain/, 10 m, from spDataLarge, CC0) with simulated coca fields in the west and simulated border crossings on the
 * eastern edge: cost surface, best routes, distinct corridors, current map and three rounds of closures.
 * The terrain is real; the fields, the crossings and the interdiction are simulated, and the outputs say so.
 */
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Feature, Point } from "geojson";
import { NotFoundError } from "../domain/errors.ts";
import { pixelCenter, type RasterGrid } from "../domain/raster-grid.ts";
import { writeFileAtomic } from "../io/atomic-write.ts";
import { isPassable } from "./accumulated-cost.ts";
import { buildCostSurface } from "./build-cost-surface.ts";
import { currentMap } from "./current-map.ts";
import { findRoutes, WGS84 } from "./find-routes.ts";
import { transformer } from "./geo-layer.ts";
import { runCorridors, runGame } from "./route-analyses.ts";
import { readFloatBand } from "./route-rasters.ts";

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
/** The real terrain the demo uses by default: the elevation band of spDataLarge's `ta.tif` (CC0), shipped in data/terrain/. */
export const DEMO_DEM = resolve(projectRoot, "data/terrain/southern-ecuador-elevation-10m.tif");
export const DEMO_DEM_BAND = 1;

export interface DemoOptions {
  outDir: string;
  demPath?: string;
  demBand?: number;
  rounds?: number;
}

/** The passable cell nearest to (col, row), searching outwards ring by ring. */
function nearestPassable(costs: Float32Array, grid: RasterGrid, col: number, row: number): [number, number] {
  for (let d = 0; d < Math.max(grid.width, grid.height); d++) {
    for (let dr = -d; dr <= d; dr++) {
      for (let dc = -d; dc <= d; dc++) {
        if (Math.max(Math.abs(dr), Math.abs(dc)) !== d) continue;
        const r = row + dr;
        const c = col + dc;
        if (r >= 0 && r < grid.height && c >= 0 && c < grid.width && isPassable(costs[r * grid.width + c]!)) return [c, r];
      }
    }
  }
  throw new NotFoundError("the demo terrain has no passable cell");
}

function pointLayer(grid: RasterGrid, cells: [number, number][], kind: string): { features: Feature<Point>[]; xy: [number, number][] } {
  const toWgs = transformer(grid.crs, WGS84);
  const xy: [number, number][] = [];
  const features = cells.map(([c, r], i) => {
    const [x, y] = pixelCenter(grid, c, r);
    xy.push([x, y]);
    const [lon, lat] = toWgs([x, y]);
    return {
      type: "Feature" as const,
      properties: { name: `${kind} ${i + 1}`, simulated: true },
      geometry: { type: "Point" as const, coordinates: [lon!, lat!] },
    };
  });
  return { features, xy };
}

export async function runRoutesDemo(o: DemoOptions) {
  const demPath = o.demPath ?? DEMO_DEM;
  if (!existsSync(demPath)) {
    throw new NotFoundError(`the demo terrain ${demPath} is absent (it ships in data/terrain/); give a DEM with --dem (and --dem-band)`);
  }
  const demBand = o.demBand ?? (o.demPath ? 1 : DEMO_DEM_BAND);
  mkdirSync(o.outDir, { recursive: true });
  const costPath = join(o.outDir, "cost.tif");
  const cost = await buildCostSurface({ demPath, demBand, model: "tobler", outPath: costPath });
  const band = await readFloatBand(costPath, 1, "cost raster");
  const g = band.grid;
  // Simulated coca fields in the western tenth, simulated border crossings on the eastern edge.
  const fieldCells = [0.2, 0.5, 0.8].map((f) => nearestPassable(band.values, g, Math.round(0.1 * g.width), Math.round(f * (g.height - 1))));
  const crossingCells = [0.15, 0.5, 0.85].map((f) => nearestPassable(band.values, g, g.width - 1, Math.round(f * (g.height - 1))));
  const fields = pointLayer(g, fieldCells, "simulated coca field");
  const crossings = pointLayer(g, crossingCells, "simulated border crossing");
  const fieldsPath = join(o.outDir, "fields.geojson");
  const crossingsPath = join(o.outDir, "crossings.geojson");
  const crs = { type: "name", properties: { name: `EPSG:${g.crs.epsg}` } };
  // Stored in the raster's CRS (exact cell centres), with the legacy crs member naming it.
  const inCrs = (layer: typeof fields) => ({
    type: "FeatureCollection",
    crs,
    features: layer.features.map((f, i) => ({ ...f, geometry: { type: "Point", coordinates: layer.xy[i] } })),
  });
  writeFileAtomic(fieldsPath, `${JSON.stringify(inCrs(fields))}\n`);
  writeFileAtomic(crossingsPath, `${JSON.stringify(inCrs(crossings))}\n`);
  const from = { layerPath: fieldsPath };
  const to = { layerPath: crossingsPath };
  const paths = await findRoutes({ costPath, from, to, outDir: join(o.outDir, "paths") });
  const corridors = await runCorridors({ costPath, from, to, outDir: join(o.outDir, "corridors"), k: 3, separationM: 200 });
  const current = await currentMap({ costPath, from, to, outDir: join(o.outDir, "current"), tolerance: 1e-6 });
  const game = await runGame({
    costPath,
    from,
    to,
    outDir: join(o.outDir, "game"),
    rounds: o.rounds ?? 3,
    checkpoints: 2,
    radiusM: 50,
    placement: "greedy",
    seed: 1,
    rule: { mode: "block" },
    tolerance: 1e-6,
  });
  const summary = {
    simulated: "real terrain (southern Ecuadorian Andes DEM, 10 m, CC0); the coca fields, border crossings and interdiction are simulated",
    terrain: { path: demPath, band: demBand, sha256: cost.dem.sha256 },
    cost: { path: costPath, secondsPerM: cost.secondsPerM, impassableCells: cost.impassableCells },
    fields: fieldsPath,
    crossings: crossingsPath,
    bestRoute: paths.routes[0] ?? null,
    routes: paths.routes,
    corridors: corridors.routes,
    current: {
      effectiveResistance: current.effectiveResistance,
      iterations: current.iterations,
      maxCellCurrentA: current.maxCellCurrentA,
      outputs: current.outputs,
    },
    game: game.rounds,
    outputs: { paths: paths.outputs, corridors: corridors.outputs, game: game.outputs },
  };
  writeFileAtomic(join(o.outDir, "demo.json"), `${JSON.stringify(summary, null, 1)}\n`);
  return summary;
}
