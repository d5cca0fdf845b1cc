/**
 * @module store/migrations/008-routes
 * Stored route analyses (`coca routes demo --store`): one row each, with its provenance (cost-surface
 * parameters, terrain checksum, seeds), summary (best route, corridors, current, closure rounds), small
 * layers (WGS 84 GeoJSON) and coarse cost and current grids, as JSON. The big rasters stay files.
 */
import type { Migration } from "../migrate.ts";

export const routeAnalysesMigration: Migration = {
  version: 8,
  name: "route analyses",
  async up(db) {
    await db.schema
      .createTable("route_analyses")
      .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("simulated", "integer", (c) => c.notNull())
      .addColumn("simulated_note", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("provenance_json", "text", (c) => c.notNull())
      .addColumn("summary_json", "text", (c) => c.notNull())
      .addColumn("layers_json", "text", (c) => c.notNull())
      .addColumn("grids_json", "text", (c) => c.notNull())
      .execute();
  },
};
