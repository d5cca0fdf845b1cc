/**
 * @module store/postgres/migrations/008-routes-pg
 * Version 8 on PostgreSQL: stored route analyses, as in SQLite (JSON as text, so both stores answer the
 * same bytes). `simulated` stays an integer 0/1 here: the one route repository runs on both stores.
 */
import { sql } from "kysely";
import type { Migration } from "../../migrate.ts";

export const routeAnalysesMigrationPg: Migration = {
  version: 8,
  name: "route analyses",
  async up(db) {
    await sql`
      create table route_analyses (
        id integer generated always as identity primary key,
        name text collate "C" not null,
        simulated integer not null check (simulated in (0, 1)),
        simulated_note text not null,
        created_at text collate "C" not null,
        provenance_json text not null,
        summary_json text not null,
        layers_json text not null,
        grids_json text not null
      )`.execute(db);
  },
};
