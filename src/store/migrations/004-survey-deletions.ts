/**
 * @module store/migrations/004-survey-deletions
 * A log of deleted surveys: who asked, why, when, and the survey's own record
 * (config, provenance, results), so that a deletion never loses what was published.
 */
import type { Migration } from "../migrate.ts";

export const surveyDeletionsMigration: Migration = {
  version: 4,
  name: "survey deletions log",
  async up(db) {
    await db.schema
      .createTable("survey_deletions")
      .addColumn("survey_id", "integer", (c) => c.notNull())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("country", "text", (c) => c.notNull())
      .addColumn("year", "integer", (c) => c.notNull())
      .addColumn("simulated", "integer", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("deleted_at", "text", (c) => c.notNull())
      .addColumn("reason", "text", (c) => c.notNull())
      .addColumn("actor", "text", (c) => c.notNull())
      .addColumn("config_json", "text", (c) => c.notNull())
      .addColumn("provenance_json", "text", (c) => c.notNull())
      .addColumn("results_json", "text", (c) => c.notNull())
      .execute();
  },
};
