/**
 * @module store/migrations/001-figures
 * Version 1: the official-figures registry (figures with every vintage, deletions log, imports log).
 */
import type { Kysely } from "kysely";
import type { Migration } from "../migrate.ts";

export const figuresMigration: Migration = {
  version: 1,
  name: "figures",
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable("figures")
      .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("country", "text", (c) => c.notNull())
      .addColumn("region", "text", (c) => c.notNull())
      .addColumn("region_kind", "text", (c) => c.notNull())
      .addColumn("year", "integer", (c) => c.notNull())
      .addColumn("metric", "text", (c) => c.notNull())
      .addColumn("value", "double precision", (c) => c.notNull())
      .addColumn("unit", "text", (c) => c.notNull())
      .addColumn("source", "text", (c) => c.notNull())
      .addColumn("source_family", "text", (c) => c.notNull())
      .addColumn("source_raw", "text", (c) => c.notNull())
      .addColumn("source_term", "text", (c) => c.notNull())
      .addColumn("published", "text", (c) => c.notNull())
      .addColumn("publication_title", "text", (c) => c.notNull())
      .addColumn("citation", "text", (c) => c.notNull())
      .addColumn("citation_kind", "text", (c) => c.notNull())
      .addColumn("notes", "text", (c) => c.notNull())
      .addColumn("origin", "text", (c) => c.notNull())
      .addColumn("imported_at", "text", (c) => c.notNull())
      .addUniqueConstraint("figures_identity_vintage", ["country", "region", "year", "metric", "source", "source_term", "published"])
      .execute();
    await db.schema.createIndex("figures_by_country_metric").on("figures").columns(["country", "metric", "year"]).execute();
    await db.schema
      .createTable("figure_deletions")
      .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("figure_id", "integer", (c) => c.notNull())
      .addColumn("figure_json", "text", (c) => c.notNull())
      .addColumn("reason", "text", (c) => c.notNull())
      .addColumn("deleted_at", "text", (c) => c.notNull())
      .execute();
    await db.schema
      .createTable("figure_imports")
      .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("origin", "text", (c) => c.notNull())
      .addColumn("sha256", "text", (c) => c.notNull())
      .addColumn("rows", "integer", (c) => c.notNull())
      .addColumn("inserted", "integer", (c) => c.notNull())
      .addColumn("unchanged", "integer", (c) => c.notNull())
      .addColumn("imported_at", "text", (c) => c.notNull())
      .execute();
  },
};
