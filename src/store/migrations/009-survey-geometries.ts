/**
 * @module store/migrations/009-survey-geometries
 * A survey's regions, sample points and class-map tile index as tables (they were only artifacts), each row
 * with its lon/lat bounding box for the API's bbox queries; surveys already stored get their regions and
 * sample points from their artifacts. The PostgreSQL twin keeps PostGIS geometries under GiST indexes.
 */
import type { Migration } from "../migrate.ts";
import { backfillSurveyGeometries } from "../survey-geometry-repository.ts";

export const surveyGeometriesMigration: Migration = {
  version: 9,
  name: "survey geometries",
  async up(db) {
    await db.schema
      .createTable("survey_regions")
      .addColumn("survey_id", "integer", (c) => c.notNull().references("surveys.id").onDelete("cascade"))
      .addColumn("region_id", "integer", (c) => c.notNull())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("min_lon", "double precision", (c) => c.notNull())
      .addColumn("min_lat", "double precision", (c) => c.notNull())
      .addColumn("max_lon", "double precision", (c) => c.notNull())
      .addColumn("max_lat", "double precision", (c) => c.notNull())
      .addColumn("geometry", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("survey_regions_pk", ["survey_id", "region_id"])
      .execute();
    await db.schema.createIndex("survey_regions_bbox").on("survey_regions").columns(["survey_id", "min_lon", "max_lon", "min_lat", "max_lat"]).execute();
    await db.schema
      .createTable("survey_sample_points")
      .addColumn("survey_id", "integer", (c) => c.notNull().references("surveys.id").onDelete("cascade"))
      .addColumn("unit_id", "text", (c) => c.notNull())
      .addColumn("stratum", "text", (c) => c.notNull())
      .addColumn("map_class", "text", (c) => c.notNull())
      .addColumn("lon", "double precision", (c) => c.notNull())
      .addColumn("lat", "double precision", (c) => c.notNull())
      .addColumn("properties_json", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("survey_sample_points_pk", ["survey_id", "unit_id"])
      .execute();
    await db.schema.createIndex("survey_sample_points_lonlat").on("survey_sample_points").columns(["survey_id", "lon", "lat"]).execute();
    await db.schema
      .createTable("survey_tiles")
      .addColumn("survey_id", "integer", (c) => c.notNull().references("surveys.id").onDelete("cascade"))
      .addColumn("tile_col", "integer", (c) => c.notNull())
      .addColumn("tile_row", "integer", (c) => c.notNull())
      .addColumn("x0", "integer", (c) => c.notNull())
      .addColumn("y0", "integer", (c) => c.notNull())
      .addColumn("x1", "integer", (c) => c.notNull())
      .addColumn("y1", "integer", (c) => c.notNull())
      .addColumn("min_lon", "double precision", (c) => c.notNull())
      .addColumn("min_lat", "double precision", (c) => c.notNull())
      .addColumn("max_lon", "double precision", (c) => c.notNull())
      .addColumn("max_lat", "double precision", (c) => c.notNull())
      .addColumn("geometry", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("survey_tiles_pk", ["survey_id", "tile_col", "tile_row"])
      .execute();
    await db.schema.createIndex("survey_tiles_bbox").on("survey_tiles").columns(["survey_id", "min_lon", "max_lon", "min_lat", "max_lat"]).execute();
    await backfillSurveyGeometries(db, "sqlite");
  },
};
