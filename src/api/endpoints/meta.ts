/**
 * @module api/endpoints/meta
 * Service-level reads: health, what the dashboard needs to know (basemap, read policy, version),
 * and the boundaries it draws (the project's own OSM-derived file, ODbL).
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { defineRoute, type AnyRoute } from "../route.ts";
import type { EndpointDeps } from "./deps.ts";

export const BOUNDARIES_PATH = resolve(dirname(fileURLToPath(import.meta.url)), "../../../data/boundaries/andes-admin-osm.geojson");
export const BOUNDARIES_ATTRIBUTION = "© OpenStreetMap contributors (ODbL 1.0)";

const metaSchema = z.object({
  name: z.string(),
  version: z.string(),
  publicReads: z.boolean(),
  basemapUrl: z.string().nullable().describe("MapLibre style URL, or null: the dashboard draws only its own boundaries"),
  boundariesAttribution: z.string(),
  surveys: z.number().int().describe("surveys stored"),
});

export function metaRoutes({ store, config }: EndpointDeps, version: string): AnyRoute[] {
  let boundaries: string | undefined;
  return [
    defineRoute({
      method: "get",
      path: "/v1/health",
      operationId: "health",
      summary: "Liveness: the store answers",
      tag: "meta",
      public: true,
      responses: { 200: { description: "ok", schema: z.object({ status: z.literal("ok") }) } },
      handler: async (c) => {
        await store.surveys.count();
        return c.json({ status: "ok" as const });
      },
    }),
    defineRoute({
      method: "get",
      path: "/v1/meta",
      operationId: "meta",
      summary: "Server facts the dashboard needs: version, read policy, basemap",
      tag: "meta",
      public: true,
      responses: { 200: { description: "server facts", schema: metaSchema } },
      handler: async (c) =>
        c.json({
          name: "Coca Monitor",
          version,
          publicReads: config.publicReads,
          basemapUrl: config.basemapUrl ?? null,
          boundariesAttribution: BOUNDARIES_ATTRIBUTION,
          surveys: await store.surveys.count(),
        }),
    }),
    defineRoute({
      method: "get",
      path: "/v1/boundaries",
      operationId: "boundaries",
      summary: "Peru and Bolivia departments and neighbouring country outlines (GeoJSON, WGS 84, simplified; OSM, ODbL)",
      tag: "meta",
      responses: { 200: { description: "FeatureCollection with properties name, iso1, iso2, level", mediaType: "application/geo+json" } },
      handler: (c) => {
        boundaries ??= readFileSync(BOUNDARIES_PATH, "utf8");
        return c.body(boundaries, 200, { "content-type": "application/geo+json", "cache-control": "public, max-age=3600" });
      },
    }),
  ];
}
