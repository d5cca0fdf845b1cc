/**
 * @module store/migrations/007-change
 * Stored change analyses (coca change demo|estimate --store|survey) and their artifacts.
 * Self-contained: two new tables, nothing else touched (renumber freely at merge).
 */
import { sql, SqliteAdapter, type Kysely } from "kysely";
import type { Migration } from "../migrate.ts";

export const changeMigration: Migration = {
  version: 7,
  name: "change analyses",
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>): Promise<void> {
    const isSqlite = db.getExecutor().adapter instanceof SqliteAdapter;
    await db.schema
      .createTable("change_analyses")
      .addColumn("id", isSqlite ? "integer" : "serial", (c) => (isSqlite ? c.primaryKey().autoIncrement() : c.primaryKey()))
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('demo', 'estimate', 'survey')`))
      .addColumn("simulated", "integer", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("from_label", "text", (c) => c.notNull())
      .addColumn("to_label", "text", (c) => c.notNull())
      .addColumn("target_class", "text", (c) => c.notNull())
      .addColumn("headline", "text")
      .addColumn("provenance_json", "text", (c) => c.notNull())
      .addColumn("result_json", "text", (c) => c.notNull())
      .execute();
    await db.schema
      .createTable("change_artifacts")
      .addColumn("analysis_id", "integer", (c) => c.notNull().references("change_analyses.id").onDelete("cascade"))
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("media_type", "text", (c) => c.notNull())
      .addColumn("sha256", "text", (c) => c.notNull())
      .addColumn("bytes", isSqlite ? "blob" : "bytea", (c) => c.notNull())
      .addPrimaryKeyConstraint("change_artifacts_pk", ["analysis_id", "name"])
      .execute();
  },
};
