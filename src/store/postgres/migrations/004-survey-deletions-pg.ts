/**
 * @module store/postgres/migrations/004-survey-deletions-pg
 * Version 4 on PostgreSQL: the log of deleted surveys (who asked, why, when, and the survey's own record).
 */
import { sql } from "kysely";
import type { Migration } from "../../migrate.ts";

export const surveyDeletionsMigrationPg: Migration = {
  version: 4,
  name: "survey deletions log",
  async up(db) {
    await sql`
      create table survey_deletions (
        survey_id integer not null,
        name text collate "C" not null,
        country text collate "C" not null,
        year integer not null,
        simulated boolean not null,
        created_at text collate "C" not null,
        deleted_at text collate "C" not null,
        reason text not null,
        actor text not null,
        config_json text not null,
        provenance_json text not null,
        results_json text not null
      )`.execute(db);
  },
};
