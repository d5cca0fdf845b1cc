/**
 * @module store/postgres/migrations/012-change-labels-pg
 * Version 12 on PostgreSQL: the change surveys' label tables (the same schema as on SQLite,
 * store/migrations/012-change-labels), the labels append-only as the survey labels are (006-labels-pg).
 */
import { sql } from "kysely";
import type { Migration } from "../../migrate.ts";
import { changeLabelsMigration } from "../../migrations/012-change-labels.ts";

export const changeLabelsMigrationPg: Migration = {
  version: 12,
  name: "change survey labels",
  async up(db) {
    await changeLabelsMigration.up(db);
    await sql`
      create function change_labels_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'change_labels is append-only: a correction is a new label (% refused)', tg_op using errcode = 'integrity_constraint_violation';
      end
      $$`.execute(db);
    await sql`create trigger change_labels_no_update before update on change_labels for each row execute function change_labels_append_only()`.execute(db);
    await sql`create trigger change_labels_no_delete before delete on change_labels for each row execute function change_labels_append_only()`.execute(db);
    await sql`create trigger change_labels_no_truncate before truncate on change_labels for each statement execute function change_labels_append_only()`.execute(
      db,
    );
  },
};
