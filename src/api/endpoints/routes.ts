/**
 * @module api/endpoints/routes
 * Stored route analyses over HTTP (`coca routes demo --store`, `npm start`): the list, and one analysis with
 * its paths and corridors as WGS 84 GeoJSON, the current summary, the closure rounds (routes and checkpoints
 * per round) and coarse cost and current grids to draw over a map (also as PNG). The rasters stay files.
 */
import { z } from "zod";
import { NotFoundError } from "../../domain/errors.ts";
import { gridRgba } from "../../routes/grid-colours.ts";
import { routeAnalysisSchema, routeAnalysisSummarySchema } from "../../routes/stored-analysis.ts";
import { encodePngRgba } from "../../raster/write/png.ts";
import { defineRoute, type AnyRoute } from "../route.ts";
import { idParam } from "../schemas.ts";
import type { EndpointDeps } from "./deps.ts";
import { publicPaths } from "../public-paths.ts";

export function routeAnalysisRoutes({ store, config }: EndpointDeps): AnyRoute[] {
  return [
    defineRoute({
      method: "get",
      path: "/v1/routes",
      operationId: "listRouteAnalyses",
      summary: "Stored route analyses (trafficking routes over terrain): id, name, rounds, best walking time, terrain checksum, simulated mark",
      tag: "routes",
      responses: { 200: { description: "every stored route analysis, newest first", schema: z.object({ routes: z.array(routeAnalysisSummarySchema) }) } },
      handler: async (c) => c.json({ routes: await store.routes.list() }),
    }),
    defineRoute({
      method: "get",
      path: "/v1/routes/:id",
      operationId: "getRouteAnalysis",
      summary:
        "One route analysis: provenance (cost-surface parameters, terrain sha256, seeds), best route, corridors, current summary, closure rounds, layers (fields, crossings, paths, corridors, per-round routes and checkpoints; WGS 84 GeoJSON) and coarse cost and current grids",
      tag: "routes",
      params: z.object({ id: idParam.describe("route analysis id") }),
      responses: { 200: { description: "the analysis", schema: routeAnalysisSchema } },
      handler: async (c, { params, principal }) => {
        const a = await store.routes.get(params.id);
        if (!a) throw new NotFoundError(`no route analysis with id ${params.id} (see GET /v1/routes)`);
        // The server's absolute paths stay on the server (api/public-paths); admins see them as stored.
        return c.json(principal.role === "admin" ? a : publicPaths(a, config.dataRoot));
      },
    }),
    ...(["cost", "current"] as const).map((kind) =>
      defineRoute({
        method: "get",
        path: `/v1/routes/:id/${kind}.png`,
        operationId: kind === "cost" ? "getRouteAnalysisCostPng" : "getRouteAnalysisCurrentPng",
        summary:
          kind === "cost"
            ? "The analysis's coarse cost grid (walking time per metre, log scale) as a PNG, to lay over a map at grids.cost.cornersLonLat"
            : "The analysis's coarse current grid (block maximum, square-root scale) as a PNG, to lay over a map at grids.current.cornersLonLat",
        tag: "routes",
        params: z.object({ id: idParam.describe("route analysis id") }),
        responses: { 200: { description: "PNG image, one pixel per coarse cell, nodata transparent", mediaType: "image/png" } },
        handler: async (c, { params }) => {
          const a = await store.routes.get(params.id);
          if (!a) throw new NotFoundError(`no route analysis with id ${params.id} (see GET /v1/routes)`);
          const grid = a.grids[kind];
          const png = encodePngRgba(gridRgba(grid, kind), grid.width, grid.height);
          return c.body(new Uint8Array(png), 200, { "content-type": "image/png", "cache-control": "public, max-age=300" });
        },
      }),
    ),
  ];
}
