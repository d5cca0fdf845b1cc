/**
 * @module store/postgres/migrations/006-labels-pg
 * Version 6 on PostgreSQL: the reference labels' tables (the same schema as on SQLite, store/migrations/006-labels),
 * with the labels append-only as there: row triggers refuse UPDATE and DELETE, a statement trigger TRUNCATE.
 */
import { sql } from "kysely";
import type { Migration } from "../../migrate.ts";
import { labelsMigration } from "../../migrations/006-labels.ts";

export const labelsMigrationPg: Migration = {
  version: 6,
  name: "reference labels",
  async up(db) {
    await labelsMigration.up(db);
    await sql`
      create function survey_labels_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'survey_labels is append-only: a correction is a new label (% refused)', tg_op using errcode = 'integrity_constraint_violation';
      end
      $$`.execute(db);
    await sql`create trigger survey_labels_no_update before update on survey_labels for each row execute function survey_labels_append_only()`.execute(db);
    await sql`create trigger survey_labels_no_delete before delete on survey_labels for each row execute function survey_labels_append_only()`.execute(db);
    await sql`create trigger survey_labels_no_truncate before truncate on survey_labels for each statement execute function survey_labels_append_only()`.execute(
      db,
    );
  },
};
