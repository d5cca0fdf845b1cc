/**
 * @module routes/route-analyses
 * The file edges of `coca routes corridors|close|game`: load a cost raster and endpoints, run the pure analyses
 * (corridors.ts, closures.ts), and write the routes and checkpoints as GeoJSON (WGS 84) and the closed cost raster.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Feature, FeatureCollection, Point } from "geojson";
import { InputError } from "../domain/errors.ts";
import { pixelCenter, type RasterGrid } from "../domain/raster-grid.ts";
import { writeFileAtomic } from "../io/atomic-write.ts";
import { createRandom } from "../stats/random.ts";
import type { CostGrid, Neighbourhood } from "./accumulated-cost.ts";
import { applyClosure, closeAndCompare, interdictionGame, type ClosureRule, type LandscapeState, type RiskLearning } from "./closures.ts";
import { distinctRoutes } from "./corridors.ts";
import { corridorNetwork, minCutSegments, mostVitalSegments, yenKShortest } from "./network-interdiction.ts";
import { costGridOf, endpointsOf, passableEndpoints, routeFeature, WGS84, type PointsInput } from "./find-routes.ts";
import { drawLines, drawPolygons, readGeoLayer } from "./geo-layer.ts";
import { transformer } from "./geo-layer.ts";
import type { Endpoint } from "./least-cost.ts";
import { markWithin } from "./corridors.ts";
import { readFloatBand, writeFloatRaster, type FloatBand } from "./route-rasters.ts";

export interface AnalysisInput {
  costPath: string;
  band?: number;
  from: PointsInput;
  to: PointsInput;
  lonlat?: boolean;
  neighbours?: Neighbourhood;
  outDir: string;
}

interface Loaded {
  cost: FloatBand;
  grid: CostGrid;
  sources: Endpoint[];
  targets: Endpoint[];
  /** Seconds per cost unit x metre -> hours, when the raster is in s/m. */
  hours: (cost: number) => number | null;
}

async function load(o: AnalysisInput): Promise<Loaded> {
  const cost = await readFloatBand(o.costPath, o.band ?? 1, "cost raster");
  const grid = costGridOf(cost);
  const sources = passableEndpoints(endpointsOf(o.from, cost.grid, { lonlat: o.lonlat, flag: "from" }), grid.costs, o.from.layerPath, "from");
  const targets = passableEndpoints(endpointsOf(o.to, cost.grid, { lonlat: o.lonlat, flag: "to" }), grid.costs, o.to.layerPath, "to");
  const sPerM = cost.metadata.COCA_UNIT === "s/m";
  return { cost, grid, sources, targets, hours: (c) => (sPerM && Number.isFinite(c) ? c / 3600 : null) };
}

function cellPoint(grid: RasterGrid, cell: number, props: Record<string, unknown>): Feature<Point> {
  const row = Math.floor(cell / grid.width);
  const [x, y] = pixelCenter(grid, cell - row * grid.width, row);
  const [lon, lat] = transformer(grid.crs, WGS84)([x, y]);
  return { type: "Feature", properties: props, geometry: { type: "Point", coordinates: [lon!, lat!] } };
}

function writeCollection(path: string, features: Feature[]): void {
  const fc: FeatureCollection = { type: "FeatureCollection", features };
  writeFileAtomic(path, `${JSON.stringify(fc)}\n`);
}

/** A landscape state as plain JSON (no typed arrays), with hours and km. */
function stateJson(s: LandscapeState, hours: (c: number) => number | null) {
  return {
    bestCost: Number.isFinite(s.bestCost) ? s.bestCost : null,
    bestWalkingHours: hours(s.bestCost),
    bestLengthKm: Number.isFinite(s.bestLengthM) ? s.bestLengthM / 1000 : null,
    routeExists: Number.isFinite(s.bestCost),
    effectiveResistance: Number.isFinite(s.resistance) ? s.resistance : null,
    flowEntropyNats: s.entropyNats,
    flowEvenness: s.evenness,
    corridorsAboveThreshold: s.corridors,
    footprintHa: s.footprintHa,
  };
}

export interface CorridorsOptions extends AnalysisInput {
  k: number;
  separationM: number;
  mode?: "exclude" | "penalty";
  penaltyFactor?: number;
}

export async function runCorridors(o: CorridorsOptions) {
  const { cost, grid, sources, targets, hours } = await load(o);
  const routes = distinctRoutes(grid, sources, targets, {
    k: o.k,
    separationM: o.separationM,
    mode: o.mode,
    penaltyFactor: o.penaltyFactor,
    neighbours: o.neighbours,
  });
  const summaries = routes.map((r) => ({
    rank: r.rank,
    from: sources.find((s) => s.cell === r.cells[0])?.label ?? sources[r.source]?.label ?? "?",
    to: targets[r.target]!.label,
    cost: r.cost,
    relativeCost: r.relativeCost,
    walkingHours: hours(r.cost),
    cells: r.cells.length,
  }));
  mkdirSync(o.outDir, { recursive: true });
  const out = join(o.outDir, "corridors.geojson");
  writeCollection(
    out,
    routes.map((r, i) => routeFeature({ target: r.target, source: r.source, cells: r.cells, cost: r.cost, lengthM: 0 }, cost.grid, summaries[i]!)),
  );
  return { k: o.k, separationM: o.separationM, mode: o.mode ?? "exclude", found: routes.length, routes: summaries, outputs: { corridors: out } };
}

export interface CloseOptions extends AnalysisInput {
  closuresPath: string;
  rule: ClosureRule;
  /** Buffer around closure points and lines (m); polygons close the cells whose centre they contain. */
  bufferM: number;
  thresholdA?: number;
}

/** The cells a closure layer closes (never the sources' or targets' own cells). */
export function closureMask(layerPath: string, grid: CostGrid, rasterGrid: RasterGrid, bufferM: number, keepOpen: readonly Endpoint[]): Uint8Array {
  const layer = readGeoLayer(layerPath, rasterGrid.crs, "closures");
  const mask = new Uint8Array(grid.width * grid.height);
  const widthM = typeof grid.cellWidthM === "number" ? grid.cellWidthM : grid.cellWidthM[grid.height >> 1]!;
  const unitsPerM = Math.abs(rasterGrid.geoTransform[1]) / widthM;
  const cells: number[] = [];
  for (const p of layer.points) {
    const col = Math.floor((p[0]! - rasterGrid.geoTransform[0]) / rasterGrid.geoTransform[1]);
    const row = Math.floor((p[1]! - rasterGrid.geoTransform[3]) / rasterGrid.geoTransform[5]);
    if (col >= 0 && col < grid.width && row >= 0 && row < grid.height) cells.push(row * grid.width + col);
  }
  for (const c of cells) mask[c] = 1;
  markWithin(mask, grid, cells, bufferM);
  drawLines(mask, rasterGrid, layer.lines, bufferM * unitsPerM);
  drawPolygons(mask, rasterGrid, layer.polygons);
  for (const e of keepOpen) mask[e.cell] = 0;
  let n = 0;
  for (const m of mask) n += m;
  if (n === 0) throw new InputError(`${layerPath}: the closures touch no cell of the cost raster`, { field: "closures" });
  return mask;
}

export async function runClose(o: CloseOptions) {
  const { cost, grid, sources, targets, hours } = await load(o);
  const mask = closureMask(o.closuresPath, grid, cost.grid, o.bufferM, [...sources, ...targets]);
  const cmp = closeAndCompare(grid, sources, targets, mask, o.rule, { neighbours: o.neighbours, thresholdA: o.thresholdA });
  mkdirSync(o.outDir, { recursive: true });
  const outputs = { routes: join(o.outDir, "close-routes.geojson"), closedCost: join(o.outDir, "closed-cost.tif") };
  const features = [];
  for (const [when, s] of [
    ["before", cmp.before],
    ["after", cmp.after],
  ] as const) {
    if (s.bestRoute.length > 0)
      features.push(
        routeFeature({ target: 0, source: 0, cells: s.bestRoute, cost: s.bestCost, lengthM: s.bestLengthM }, cost.grid, {
          when,
          cost: s.bestCost,
          walkingHours: hours(s.bestCost),
          lengthKm: s.bestLengthM / 1000,
        }),
      );
  }
  writeCollection(outputs.routes, features);
  const closed = Float32Array.from(applyClosure(grid.costs, mask, o.rule));
  await writeFloatRaster(outputs.closedCost, cost.grid, closed, "walking time s/m (closed)", {
    ...(cost.metadata.COCA_UNIT ? { COCA_UNIT: cost.metadata.COCA_UNIT } : {}),
    COCA_ROUTES_CLOSURE: JSON.stringify({ cost: o.costPath, closures: o.closuresPath, rule: o.rule, bufferM: o.bufferM }),
  });
  const added = cmp.addedCost;
  return {
    closures: o.closuresPath,
    rule: o.rule,
    closedCells: cmp.closedCells,
    thresholdA: o.thresholdA ?? 0.05,
    before: stateJson(cmp.before, hours),
    after: stateJson(cmp.after, hours),
    addedCost: Number.isFinite(added) ? added : null,
    addedWalkingHours: hours(added),
    noRouteAfter: !Number.isFinite(cmp.after.bestCost),
    flowShareThroughClosedBefore: cmp.flowShareClosedBefore,
    outputs,
  };
}

export interface GameOptionsIn extends AnalysisInput {
  rounds: number;
  checkpoints: number;
  radiusM: number;
  placement: "greedy" | "sampled";
  seed: number;
  rule: ClosureRule;
  thresholdA?: number;
  /** Conjugate-gradient tolerance of each round's current (default 1e-8). */
  tolerance?: number;
  learning?: RiskLearning;
}

export async function runGame(o: GameOptionsIn) {
  const { cost, grid, sources, targets, hours } = await load(o);
  const rounds = interdictionGame(grid, sources, targets, {
    rounds: o.rounds,
    checkpointsPerRound: o.checkpoints,
    checkpointRadiusM: o.radiusM,
    placement: o.placement,
    random: createRandom(o.seed),
    rule: o.rule,
    neighbours: o.neighbours,
    thresholdA: o.thresholdA,
    tolerance: o.tolerance,
    learning: o.learning,
  });
  mkdirSync(o.outDir, { recursive: true });
  const outputs = { routes: join(o.outDir, "game-routes.geojson"), checkpoints: join(o.outDir, "game-checkpoints.geojson") };
  writeCollection(
    outputs.routes,
    rounds
      .filter((r) => r.state.bestRoute.length > 0)
      .map((r) =>
        routeFeature({ target: 0, source: 0, cells: r.state.bestRoute, cost: r.state.bestCost, lengthM: r.state.bestLengthM }, cost.grid, {
          round: r.round,
          cost: r.state.bestCost,
          walkingHours: hours(r.state.bestCost),
        }),
      ),
  );
  writeCollection(
    outputs.checkpoints,
    rounds.flatMap((r) => r.checkpoints.map((c) => cellPoint(cost.grid, c, { round: r.round, radiusM: o.radiusM }))),
  );
  return {
    seed: o.seed,
    placement: o.placement,
    checkpointsPerRound: o.checkpoints,
    radiusM: o.radiusM,
    rule: o.rule,
    thresholdA: o.thresholdA ?? 0.05,
    learning: o.learning ?? null,
    costs: o.learning ? "perceived by traffickers (base x (1 + aversion x risk)); checkpoints stand one round each" : "with every checkpoint so far closed",
    simulated: "an interdiction game on the given cost surface: checkpoints and rerouting are modelled, not observed",
    rounds: rounds.map((r) => ({
      round: r.round,
      checkpoints: r.checkpoints.length,
      closedCells: r.closedCells,
      flowShareIntercepted: r.flowShareIntercepted,
      ...stateJson(r.state, hours),
    })),
    outputs,
  };
}

export interface NetworkOptions extends AnalysisInput {
  k: number;
  separationM: number;
  mode?: "exclude" | "penalty";
  penaltyFactor?: number;
  paths: number;
}

/** Corridors -> coarse network -> Yen's k shortest paths, most vital segments, min cut. */
export async function runNetwork(o: NetworkOptions) {
  const { cost, grid, sources, targets, hours } = await load(o);
  const routes = distinctRoutes(grid, sources, targets, {
    k: o.k,
    separationM: o.separationM,
    mode: o.mode ?? "penalty",
    penaltyFactor: o.penaltyFactor,
    neighbours: o.neighbours,
  });
  const net = corridorNetwork(
    grid,
    routes.map((r) => r.cells),
    sources.map((s) => s.cell),
    targets.map((t) => t.cell),
  );
  const yen = yenKShortest(net, o.paths);
  const vital = mostVitalSegments(net);
  const cut = minCutSegments(net);
  const toWgs = transformer(cost.grid.crs, WGS84);
  const where = (cells: Int32Array): [number, number] => {
    const c = cells[cells.length >> 1]!;
    const row = Math.floor(c / grid.width);
    const [x, y] = pixelCenter(cost.grid, c - row * grid.width, row);
    const [lon, lat] = toWgs([x, y]);
    return [Math.round(lon! * 1e6) / 1e6, Math.round(lat! * 1e6) / 1e6];
  };
  const vitalRank = new Map(vital.map((v, i) => [v.segment, i + 1]));
  const inCut = new Set(cut.cut);
  mkdirSync(o.outDir, { recursive: true });
  const out = join(o.outDir, "network.geojson");
  writeCollection(
    out,
    net.segments.map((seg) =>
      routeFeature({ target: 0, source: 0, cells: seg.cells, cost: seg.cost, lengthM: 0 }, cost.grid, {
        segment: seg.id,
        cost: seg.cost,
        walkingHours: hours(seg.cost),
        vitalRank: vitalRank.get(seg.id) ?? null,
        inMinCut: inCut.has(seg.id),
      }),
    ),
  );
  return {
    corridors: routes.length,
    nodes: net.nodeCells.length,
    segments: net.segments.length,
    kShortest: yen.map((p, i) => ({ rank: i + 1, cost: p.cost, walkingHours: hours(p.cost), segments: p.segments })),
    mostVital: vital.map((v, i) => ({
      rank: i + 1,
      segment: v.segment,
      lonLat: where(net.segments[v.segment]!.cells),
      costWithout: Number.isFinite(v.costWithout) ? v.costWithout : null,
      addedCost: Number.isFinite(v.addedCost) ? v.addedCost : null,
      addedWalkingHours: hours(v.addedCost),
      separates: !Number.isFinite(v.costWithout),
    })),
    minCut: { size: cut.cut.length, segments: cut.cut.map((id) => ({ segment: id, lonLat: where(net.segments[id]!.cells) })) },
    note: "the network holds only the corridors found (k distinct routes); a cut of it need not separate the whole raster",
    outputs: { network: out },
  };
}
