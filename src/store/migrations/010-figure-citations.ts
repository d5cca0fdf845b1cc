/**
 * @module store/migrations/010-figure-citations
 * Version 10: a figure may have more than one citation, and citations have three kinds.
 * - `figure_citations`: further citations of a stored figure (same identity, vintage and value, another document),
 *   one row each, with the import that added it; the figure's own citation stays in `figures`.
 * - `figures.citation_kind`: "primary" (the old two-kind scheme) becomes "producer" or "repost" by the rule of
 *   `classifyCitation` (the URL's host: the producer's own site or someone else's); "secondary" stays.
 */
import type { Kysely } from "kysely";
import { kindOfLegacyCitation } from "../../figures/legacy-kind.ts";
import type { Migration } from "../migrate.ts";

/** Re-read every stored "primary" kind as "producer" or "repost" (shared by the SQLite and PostgreSQL twins). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function reclassifyPrimaryCitations(db: Kysely<any>): Promise<void> {
  const rows = (await db.selectFrom("figures").select(["id", "source", "source_raw", "citation"]).where("citation_kind", "=", "primary").execute()) as {
    id: number;
    source: string;
    source_raw: string;
    citation: string;
  }[];
  for (const r of rows) {
    const kind = kindOfLegacyCitation("primary", { source: r.source, sourceRaw: r.source_raw, citation: r.citation });
    await db.updateTable("figures").set({ citation_kind: kind }).where("id", "=", r.id).execute();
  }
}

export const figureCitationsMigration: Migration = {
  version: 10,
  name: "figure citations",
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable("figure_citations")
      .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
      .addColumn("figure_id", "integer", (c) => c.notNull().references("figures.id"))
      .addColumn("publication_title", "text", (c) => c.notNull())
      .addColumn("citation", "text", (c) => c.notNull())
      .addColumn("citation_kind", "text", (c) => c.notNull())
      .addColumn("origin", "text", (c) => c.notNull())
      .addColumn("added_at", "text", (c) => c.notNull())
      .addUniqueConstraint("figure_citations_once", ["figure_id", "citation"])
      .execute();
    await db.schema.createIndex("figure_citations_by_figure").on("figure_citations").column("figure_id").execute();
    await reclassifyPrimaryCitations(db);
  },
};
