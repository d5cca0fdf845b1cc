/**
 * @module store/postgres/migrations/001-figures-pg
 * Version 1 on PostgreSQL: the official-figures registry (figures with every vintage, deletions log, imports log).
 * Same tables and columns as the SQLite migration; keys are identity columns, text sorts in byte order
 * (`collate "C"`, as SQLite's BINARY) so that both stores list in the same order.
 */
import { sql } from "kysely";
import type { Migration } from "../../migrate.ts";

export const figuresMigrationPg: Migration = {
  version: 1,
  name: "figures",
  async up(db) {
    await sql`
      create table figures (
        id integer generated always as identity primary key,
        country text collate "C" not null,
        region text collate "C" not null,
        region_kind text collate "C" not null,
        year integer not null,
        metric text collate "C" not null,
        value double precision not null,
        unit text collate "C" not null,
        source text collate "C" not null,
        source_family text collate "C" not null,
        source_raw text collate "C" not null,
        source_term text collate "C" not null,
        published text collate "C" not null,
        publication_title text collate "C" not null,
        citation text collate "C" not null,
        citation_kind text collate "C" not null,
        notes text collate "C" not null,
        origin text collate "C" not null,
        imported_at text collate "C" not null,
        constraint figures_identity_vintage unique (country, region, year, metric, source, source_term, published)
      )`.execute(db);
    await sql`create index figures_by_country_metric on figures (country, metric, year)`.execute(db);
    await sql`
      create table figure_deletions (
        id integer generated always as identity primary key,
        figure_id integer not null,
        figure_json text not null,
        reason text not null,
        deleted_at text collate "C" not null
      )`.execute(db);
    await sql`
      create table figure_imports (
        id integer generated always as identity primary key,
        origin text collate "C" not null,
        sha256 text not null,
        rows integer not null,
        inserted integer not null,
        unchanged integer not null,
        imported_at text collate "C" not null
      )`.execute(db);
  },
};
