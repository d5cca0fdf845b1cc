/**
 * @module store/postgres/migrations/010-figure-citations-pg
 * Version 10 on PostgreSQL: further citations of a figure (`figure_citations`) and the three citation kinds,
 * as in SQLite (text sorts in byte order, `collate "C"`).
 */
import { sql } from "kysely";
import type { Migration } from "../../migrate.ts";
import { reclassifyPrimaryCitations } from "../../migrations/010-figure-citations.ts";

export const figureCitationsMigrationPg: Migration = {
  version: 10,
  name: "figure citations",
  async up(db) {
    await sql`
      create table figure_citations (
        id integer generated always as identity primary key,
        figure_id integer not null references figures (id),
        publication_title text collate "C" not null,
        citation text collate "C" not null,
        citation_kind text collate "C" not null,
        origin text collate "C" not null,
        added_at text collate "C" not null,
        constraint figure_citations_once unique (figure_id, citation)
      )`.execute(db);
    await sql`create index figure_citations_by_figure on figure_citations (figure_id)`.execute(db);
    await reclassifyPrimaryCitations(db);
  },
};
