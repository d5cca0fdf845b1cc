/**
 * @module store/migrations/002-surveys
 * Stored surveys, their estimates per region, fields and artifacts.
 */
import type { Migration } from "../migrate.ts";

export const surveysMigration: Migration = {
  version: 2,
  name: "surveys",
  async up(db) {
    await db.schema
      .createTable("surveys")
      .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("country", "text", (c) => c.notNull())
      .addColumn("year", "integer", (c) => c.notNull())
      .addColumn("simulated", "integer", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("config_json", "text", (c) => c.notNull())
      .addColumn("provenance_json", "text", (c) => c.notNull())
      .addColumn("results_json", "text", (c) => c.notNull())
      .execute();
    await db.schema
      .createTable("survey_estimates")
      .addColumn("survey_id", "integer", (c) => c.notNull().references("surveys.id").onDelete("cascade"))
      .addColumn("region", "text", (c) => c.notNull())
      .addColumn("class_name", "text", (c) => c.notNull())
      .addColumn("area_ha", "double precision", (c) => c.notNull())
      .addColumn("area_se_ha", "double precision")
      .addColumn("ci_low_ha", "double precision")
      .addColumn("ci_high_ha", "double precision")
      .addColumn("map_area_ha", "double precision")
      .addPrimaryKeyConstraint("survey_estimates_pk", ["survey_id", "region", "class_name"])
      .execute();
    await db.schema
      .createTable("survey_fields")
      .addColumn("survey_id", "integer", (c) => c.notNull().references("surveys.id").onDelete("cascade"))
      .addColumn("field_id", "integer", (c) => c.notNull())
      .addColumn("class_name", "text", (c) => c.notNull())
      .addColumn("area_ha", "double precision", (c) => c.notNull())
      .addColumn("region", "text")
      .addColumn("min_lon", "double precision", (c) => c.notNull())
      .addColumn("min_lat", "double precision", (c) => c.notNull())
      .addColumn("max_lon", "double precision", (c) => c.notNull())
      .addColumn("max_lat", "double precision", (c) => c.notNull())
      .addColumn("geometry", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("survey_fields_pk", ["survey_id", "field_id"])
      .execute();
    await db.schema.createIndex("survey_fields_bbox").on("survey_fields").columns(["survey_id", "min_lon", "max_lon", "min_lat", "max_lat"]).execute();
    await db.schema
      .createTable("survey_artifacts")
      .addColumn("survey_id", "integer", (c) => c.notNull().references("surveys.id").onDelete("cascade"))
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("media_type", "text", (c) => c.notNull())
      .addColumn("sha256", "text", (c) => c.notNull())
      .addColumn("bytes", "blob", (c) => c.notNull())
      .addPrimaryKeyConstraint("survey_artifacts_pk", ["survey_id", "name"])
      .execute();
  },
};
