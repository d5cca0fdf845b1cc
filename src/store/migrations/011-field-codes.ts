/**
 * @module store/migrations/011-field-codes
 * Each stored field keeps its class code and pixel count, so every way a field leaves the system
 * (CLI, export, API) carries the one field schema (domain/field-properties.ts). Rows stored before
 * this version have both null.
 */
import type { Migration } from "../migrate.ts";

export const fieldCodesMigration: Migration = {
  version: 11,
  name: "field class codes and pixel counts",
  async up(db) {
    await db.schema.alterTable("survey_fields").addColumn("class_code", "integer").execute();
    await db.schema.alterTable("survey_fields").addColumn("pixel_count", "integer").execute();
  },
};
