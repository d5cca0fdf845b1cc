/**
 * @module store/migrations/006-labels
 * Reference labels kept in the store: every label (append-only; on SQLite, triggers refuse UPDATE and
 * DELETE), the labels each estimate used, and the units assigned to each interpreter.
 */
import { sql, SqliteAdapter, type Kysely } from "kysely";
import type { Migration } from "../migrate.ts";

export const labelsMigration: Migration = {
  version: 6,
  name: "reference labels",
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>): Promise<void> {
    const isSqlite = db.getExecutor().adapter instanceof SqliteAdapter;
    await db.schema
      .createTable("survey_labels")
      .addColumn("id", isSqlite ? "integer" : "serial", (c) => (isSqlite ? c.primaryKey().autoIncrement() : c.primaryKey()))
      .addColumn("survey_id", "integer", (c) => c.notNull())
      .addColumn("unit_id", "text", (c) => c.notNull())
      .addColumn("period", "text", (c) => c.notNull().check(sql`period in ('single', 't1', 't2')`))
      .addColumn("reference_class", "text", (c) => c.notNull())
      .addColumn("interpreter", "text", (c) => c.notNull())
      .addColumn("labelled_at", "text", (c) => c.notNull())
      .addColumn("confidence", "double precision")
      .addColumn("comment", "text", (c) => c.notNull())
      .addColumn("imagery", "text", (c) => c.notNull())
      .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('interpretation', 'correction', 'adjudication')`))
      .addColumn("reason", "text", (c) => c.notNull())
      .addColumn("simulated", "integer", (c) => c.notNull())
      .addColumn("origin", "text", (c) => c.notNull())
      .addColumn("stored_at", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("survey_labels_by_unit").on("survey_labels").columns(["survey_id", "unit_id", "period", "id"]).execute();
    await db.schema
      .createTable("survey_label_uses")
      .addColumn("survey_id", "integer", (c) => c.notNull())
      .addColumn("estimate", "text", (c) => c.notNull())
      .addColumn("unit_id", "text", (c) => c.notNull())
      .addColumn("period", "text", (c) => c.notNull())
      .addColumn("label_id", "integer", (c) => c.notNull())
      .addPrimaryKeyConstraint("survey_label_uses_pk", ["survey_id", "estimate", "unit_id", "period"])
      .execute();
    await db.schema
      .createTable("survey_assignments")
      .addColumn("survey_id", "integer", (c) => c.notNull())
      .addColumn("unit_id", "text", (c) => c.notNull())
      .addColumn("interpreter", "text", (c) => c.notNull())
      .addColumn("position", "integer", (c) => c.notNull())
      .addColumn("double", "integer", (c) => c.notNull())
      .addPrimaryKeyConstraint("survey_assignments_pk", ["survey_id", "interpreter", "unit_id"])
      .execute();
    if (isSqlite) {
      await sql`create trigger survey_labels_no_update before update on survey_labels
        begin select raise(abort, 'survey_labels is append-only: a correction is a new label'); end`.execute(db);
      await sql`create trigger survey_labels_no_delete before delete on survey_labels
        begin select raise(abort, 'survey_labels is append-only: a correction is a new label'); end`.execute(db);
    }
  },
};
