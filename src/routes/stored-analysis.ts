/**
 * @module routes/stored-analysis
 * What the store keeps of a route analysis (the demo's, `coca routes demo --store`): its provenance
 * (cost-surface parameters, the terrain's checksum, seeds), the small derived data (paths, corridors,
 * per-round routes and checkpoints as WGS 84 GeoJSON, per-round summaries, the cost and current maps as
 * coarse grids) so that the API answers without the big rasters, and the paths of those rasters.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { DataError } from "../domain/errors.ts";
import { coarseGrid, coarseGridSchema } from "./coarse-grid.ts";
import type { runRoutesDemo } from "./demo.ts";
import { WGS84 } from "./find-routes.ts";
import { transformer } from "./geo-layer.ts";
import { readFloatBand } from "./route-rasters.ts";

const featureCollection = z.object({ type: z.literal("FeatureCollection"), features: z.array(z.looseObject({ type: z.literal("Feature") })) });

export const routeRoundSchema = z.object({
  round: z.number().int().min(0),
  checkpoints: z.number().int().min(0),
  closedCells: z.number().int().min(0),
  flowShareIntercepted: z.number(),
  bestCost: z.number().nullable(),
  bestWalkingHours: z.number().nullable(),
  bestLengthKm: z.number().nullable(),
  routeExists: z.boolean(),
  effectiveResistance: z.number().nullable(),
  flowEntropyNats: z.number(),
  flowEvenness: z.number().nullable(),
  corridorsAboveThreshold: z.number().int(),
  footprintHa: z.number(),
});

export const routeProvenanceSchema = z.object({
  terrain: z.object({ path: z.string(), band: z.number().int(), sha256: z.string() }),
  cost: z.looseObject({ model: z.string(), secondsPerM: z.object({ min: z.number(), median: z.number(), max: z.number() }), impassableCells: z.number() }),
  /** The demo's fixed choices: neighbours, corridors, separation, checkpoints, radius, placement, seed, tolerance. */
  parameters: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  /** The big rasters and layers, by path (not stored). */
  files: z.record(z.string(), z.string()),
});

export const newRouteAnalysisSchema = z.object({
  name: z.string().min(1),
  simulated: z.boolean(),
  /** Said wherever the analysis appears: what is real and what is simulated. */
  simulatedNote: z.string(),
  createdAt: z.string(),
  provenance: routeProvenanceSchema,
  summary: z.object({
    bestRoute: z.looseObject({ cost: z.number(), lengthKm: z.number(), walkingHours: z.number().nullable() }).nullable(),
    corridors: z.array(z.looseObject({ rank: z.number(), relativeCost: z.number() })),
    current: z.object({ effectiveResistance: z.number(), iterations: z.number(), maxCellCurrentA: z.number() }),
    rounds: z.array(routeRoundSchema),
  }),
  layers: z.object({
    fields: featureCollection,
    crossings: featureCollection,
    paths: featureCollection,
    corridors: featureCollection,
    roundRoutes: featureCollection,
    checkpoints: featureCollection,
  }),
  grids: z.object({ cost: coarseGridSchema, current: coarseGridSchema }),
});
export type NewRouteAnalysis = z.infer<typeof newRouteAnalysisSchema>;

/** A stored analysis as read back: its id and everything it was stored with. */
export const routeAnalysisSchema = newRouteAnalysisSchema.extend({ id: z.number().int() });
export type RouteAnalysisDetail = z.infer<typeof routeAnalysisSchema>;

/** One line of the list of stored analyses. */
export const routeAnalysisSummarySchema = z.object({
  id: z.number().int(),
  name: z.string(),
  simulated: z.boolean(),
  simulatedNote: z.string(),
  createdAt: z.string(),
  /** Closure rounds after round 0 (the open landscape). */
  rounds: z.number().int(),
  bestWalkingHours: z.number().nullable(),
  terrainSha256: z.string(),
});
export type RouteAnalysisSummary = z.infer<typeof routeAnalysisSummarySchema>;
export type RouteRound = z.infer<typeof routeRoundSchema>;

export type DemoSummary = Awaited<ReturnType<typeof runRoutesDemo>>;

function readLayer(path: string): z.infer<typeof featureCollection> {
  const parsed = featureCollection.safeParse(JSON.parse(readFileSync(path, "utf8")));
  if (!parsed.success) throw new DataError(`${path}: not a GeoJSON FeatureCollection (${parsed.error.issues[0]?.message ?? "invalid"})`);
  return parsed.data;
}

/** A point layer the demo wrote in the raster's CRS, as WGS 84 (the demo's features carry both). */
function wgs84Points(path: string, toWgs: (p: [number, number]) => [number, number]): z.infer<typeof featureCollection> {
  const fc = readLayer(path);
  return {
    type: "FeatureCollection",
    features: fc.features.map((f) => {
      const g = f.geometry as { coordinates: [number, number] };
      return { ...f, geometry: { type: "Point", coordinates: toWgs(g.coordinates) } };
    }),
  };
}

/** The name the routes demo is stored under (`npm start` stores it once). */
export const ROUTES_DEMO_NAME = "routes demo";

/** The record to store for a finished `coca routes demo` run (reads its small layers and shrinks its rasters). */
export async function routeAnalysisOfDemo(d: DemoSummary, { name = ROUTES_DEMO_NAME, createdAt = new Date().toISOString() } = {}): Promise<NewRouteAnalysis> {
  const cost = await readFloatBand(d.cost.path, 1, "cost raster");
  const current = await readFloatBand(d.current.outputs.current, 1, "current map");
  const t = transformer(cost.grid.crs, WGS84);
  const toWgs = (p: [number, number]): [number, number] => t(p) as [number, number];
  const record: NewRouteAnalysis = {
    name,
    simulated: true,
    simulatedNote: d.simulated,
    createdAt,
    provenance: {
      terrain: d.terrain,
      cost: { model: "tobler", secondsPerM: d.cost.secondsPerM, impassableCells: d.cost.impassableCells },
      parameters: {
        neighbours: 8,
        corridors: 3,
        separationM: 200,
        checkpointsPerRound: 2,
        radiusM: 50,
        placement: "greedy",
        seed: 1,
        closure: "block",
        tolerance: 1e-6,
        rounds: d.game.length - 1,
      },
      files: {
        cost: d.cost.path,
        current: d.current.outputs.current,
        voltage: d.current.outputs.voltage,
        accumulated: d.outputs.paths.accumulated,
        backlinks: d.outputs.paths.backlinks,
        fields: d.fields,
        crossings: d.crossings,
      },
    },
    summary: {
      bestRoute: d.bestRoute ? { ...d.bestRoute } : null,
      corridors: d.corridors.map((c) => ({ ...c })),
      current: { effectiveResistance: d.current.effectiveResistance, iterations: d.current.iterations, maxCellCurrentA: d.current.maxCellCurrentA },
      rounds: d.game,
    },
    layers: {
      fields: wgs84Points(d.fields, toWgs),
      crossings: wgs84Points(d.crossings, toWgs),
      paths: readLayer(d.outputs.paths.routes),
      corridors: readLayer(d.outputs.corridors.corridors),
      roundRoutes: readLayer(d.outputs.game.routes),
      checkpoints: readLayer(d.outputs.game.checkpoints),
    },
    grids: {
      cost: coarseGrid(cost.values, cost.grid, { statistic: "mean", unit: "s/m" }),
      current: coarseGrid(current.values, current.grid, { statistic: "max", unit: "A (1 A total)" }),
    },
  };
  return newRouteAnalysisSchema.parse(record);
}
