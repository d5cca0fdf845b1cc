/**
 * @module store/postgres/migrations/011-field-codes-pg
 * Version 11 on PostgreSQL: each stored field's class code and pixel count, as in SQLite (null for
 * rows stored before).
 */
import { sql } from "kysely";
import type { Migration } from "../../migrate.ts";

export const fieldCodesMigrationPg: Migration = {
  version: 11,
  name: "field class codes and pixel counts",
  async up(db) {
    await sql`alter table survey_fields add column class_code integer, add column pixel_count integer`.execute(db);
  },
};
