/**
 * @module store/migrations/012-change-labels
 * Reference labels of change surveys stored as designs awaiting labels (`coca change survey --store`):
 * the same three tables as the survey labels' (006-labels), keyed by the change analysis instead of
 * the survey. Labels are append-only (on SQLite, triggers refuse UPDATE and DELETE). A change analysis
 * stored that way is marked `awaiting_labels` (it has no estimate; only those take labels).
 */
import { sql, SqliteAdapter, type Kysely } from "kysely";
import type { Migration } from "../migrate.ts";

export const changeLabelsMigration: Migration = {
  version: 12,
  name: "change survey labels",
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>): Promise<void> {
    const isSqlite = db.getExecutor().adapter instanceof SqliteAdapter;
    await db.schema
      .alterTable("change_analyses")
      .addColumn("awaiting_labels", "integer", (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .createTable("change_labels")
      .addColumn("id", isSqlite ? "integer" : "serial", (c) => (isSqlite ? c.primaryKey().autoIncrement() : c.primaryKey()))
      .addColumn("analysis_id", "integer", (c) => c.notNull())
      .addColumn("unit_id", "text", (c) => c.notNull())
      .addColumn("period", "text", (c) => c.notNull().check(sql`period in ('t1', 't2')`))
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
    await db.schema.createIndex("change_labels_by_unit").on("change_labels").columns(["analysis_id", "unit_id", "period", "id"]).execute();
    await db.schema
      .createTable("change_label_uses")
      .addColumn("analysis_id", "integer", (c) => c.notNull())
      .addColumn("estimate", "text", (c) => c.notNull())
      .addColumn("unit_id", "text", (c) => c.notNull())
      .addColumn("period", "text", (c) => c.notNull())
      .addColumn("label_id", "integer", (c) => c.notNull())
      .addPrimaryKeyConstraint("change_label_uses_pk", ["analysis_id", "estimate", "unit_id", "period"])
      .execute();
    await db.schema
      .createTable("change_assignments")
      .addColumn("analysis_id", "integer", (c) => c.notNull())
      .addColumn("unit_id", "text", (c) => c.notNull())
      .addColumn("interpreter", "text", (c) => c.notNull())
      .addColumn("position", "integer", (c) => c.notNull())
      .addColumn("double", "integer", (c) => c.notNull())
      .addPrimaryKeyConstraint("change_assignments_pk", ["analysis_id", "interpreter", "unit_id"])
      .execute();
    if (isSqlite) {
      await sql`create trigger change_labels_no_update before update on change_labels
        begin select raise(abort, 'change_labels is append-only: a correction is a new label'); end`.execute(db);
      await sql`create trigger change_labels_no_delete before delete on change_labels
        begin select raise(abort, 'change_labels is append-only: a correction is a new label'); end`.execute(db);
    }
  },
};
