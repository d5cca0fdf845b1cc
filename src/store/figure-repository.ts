/**
 * @module store/figure-repository
 * The store's interface to the official-figures registry, written once over kysely so that it
 * runs unchanged on SQLite and PostgreSQL. It only stores and queries: validation, comparisons,
 * revision detection and target checks are pure functions in `src/figures/`.
 *
 * A figure's identity is (country, region, year, metric, source, source term); each publication of it is a
 * vintage, told apart by `published`. Every vintage is kept; `list` answers the latest one unless `allVintages`.
 * The source term is part of the identity because the vocabulary merges quantities a source publishes
 * separately (Colombia 2004: "manual_eradication" and "aerial_spraying" are both eradication_ha).
 *
 * One identity and vintage admit one value and one row. Another document citing the same value (a repost, a
 * news item, the producer's own report found later) is kept as an additional citation of that row
 * (`figure_citations`, migration 10), never as a second figure.
 */
import { sql, type Expression, type ExpressionBuilder, type Kysely, type Selectable, type SqlBool } from "kysely";
import { InputError } from "../domain/errors.ts";
import { batches } from "./batches.ts";
import { citationsOf, isMetric, type Citation, type CitationKind, type Figure, type Metric, type RegionKind, type SourceFamily } from "../domain/figure.ts";
import { normalizeCountry } from "../domain/country.ts";
import type { Database } from "./schema.ts";
import type { FigureCitationRow, FigureRow } from "./figure-tables.ts";

/** Which figures to answer. Every field is optional; text fields match case-insensitively. */
export interface FigureFilter {
  /** Any form `normalizeCountry` accepts: "PE", "PER", "Peru". */
  country?: string;
  /** A region name ("national", "Yungas de La Paz", "VRAEM"); omitted = every region. */
  region?: string;
  /** A normalised source ("ONDCP") or the source's exact string ("USG (INCSR)"). */
  source?: string;
  sourceFamily?: SourceFamily;
  metric?: Metric | string;
  year?: number;
  from?: number;
  to?: number;
  /** Only this vintage. */
  published?: string;
  /** Every vintage instead of the latest one per (country, region, year, metric, source, source term). */
  allVintages?: boolean;
}

/** An incoming figure that has the identity and vintage of a stored one but another value. */
export interface FigureConflict {
  /** Index of the incoming figure in the array given. */
  index: number;
  incoming: Figure;
  existing: Figure;
}

export interface ImportResult {
  /** Figures that were not in the store before (new figures and new vintages). */
  inserted: Figure[];
  /** Figures already stored with the same vintage and value (their value and own citation left as they were). */
  unchanged: number;
  /** Citations added to figures (stored or new) that another document already cited: one per (figure, citation) pair new to the store. */
  citationsAdded: number;
}

export interface ImportRecord {
  origin: string;
  sha256: string;
  rows: number;
  inserted: number;
  unchanged: number;
  importedAt: string;
}

export interface DeletedFigure {
  figure: Figure;
  figureId: number;
  reason: string;
  deletedAt: string;
}

export interface FigureRepository {
  /** Figures matching `filter`: the latest vintage per identity (country, region, year, metric, source, source term) unless `allVintages`; sorted by country, metric, region, year, source, vintage. */
  list(filter?: FigureFilter): Promise<Figure[]>;
  /** Every vintage of each figure (matching `filter`) that was published more than once, oldest vintage first. */
  revisions(filter?: FigureFilter): Promise<Figure[]>;
  /** Incoming figures whose identity and vintage are stored with a different value. */
  conflicts(figures: readonly Figure[]): Promise<FigureConflict[]>;
  /**
   * Store figures in one transaction. Idempotent: a figure already stored with the same vintage and value
   * keeps its row; each of the incoming figure's citations (its own and `additionalCitations`) that the stored
   * figure does not have yet is added to it as an additional citation. A figure stored with the same vintage and another value aborts the whole import
   * (InputError) and leaves the store as it was. An import that inserts nothing is not logged, unless `always`.
   */
  importFigures(figures: readonly Figure[], options: { origin: string; sha256?: string; logAlways?: boolean }): Promise<ImportResult>;
  /** Delete every vintage matching `filter` (at least one field required), logging each removed row with `reason`. */
  deleteFigures(filter: FigureFilter, options: { reason: string }): Promise<Figure[]>;
  /** What `deleteFigures` removed, oldest first. */
  deletions(): Promise<DeletedFigure[]>;
  /** The import log, oldest first. */
  imports(): Promise<ImportRecord[]>;
  /** Number of stored figures, every vintage counted. */
  count(): Promise<number>;
}

type FiguresExpression = ExpressionBuilder<Database, "figures">;

function rowToFigure(row: Selectable<FigureRow>, additional: readonly Citation[] = []): Figure {
  const figure: Figure = {
    country: row.country,
    region: row.region,
    regionKind: row.region_kind as RegionKind,
    year: Number(row.year),
    metric: row.metric as Metric,
    value: Number(row.value),
    unit: row.unit,
    source: row.source,
    sourceFamily: row.source_family as SourceFamily,
    sourceRaw: row.source_raw,
    sourceTerm: row.source_term,
    published: row.published,
    publicationTitle: row.publication_title,
    citation: row.citation,
    citationKind: row.citation_kind as CitationKind,
    notes: row.notes,
  };
  if (additional.length > 0) figure.additionalCitations = [...additional];
  return figure;
}

/** A figure as the deletions log keeps it (the row, and its additional citations when it had any). */
function deletedFigure(json: string): Figure {
  const row = JSON.parse(json) as Selectable<FigureRow> & { additional_citations?: Citation[] };
  return rowToFigure(row, row.additional_citations ?? []);
}

function rowToCitation(row: Selectable<FigureCitationRow>): Citation {
  return { publicationTitle: row.publication_title, citation: row.citation, citationKind: row.citation_kind as CitationKind };
}

/** The additional citations of each figure id, in the order they were stored. */
async function additionalCitations(db: Kysely<Database>, ids: readonly number[]): Promise<Map<number, Citation[]>> {
  const out = new Map<number, Citation[]>();
  for (const chunk of batches(ids, 500)) {
    const rows = await db.selectFrom("figure_citations").selectAll().where("figure_id", "in", chunk).orderBy("id").execute();
    for (const r of rows) {
      const id = Number(r.figure_id);
      const list = out.get(id) ?? [];
      list.push(rowToCitation(r));
      out.set(id, list);
    }
  }
  return out;
}

/** Rows as figures, each with its additional citations. */
async function withCitations(db: Kysely<Database>, rows: readonly Selectable<FigureRow>[]): Promise<Figure[]> {
  if (rows.length === 0) return [];
  const extra = await additionalCitations(
    db,
    rows.map((r) => Number(r.id)),
  );
  return rows.map((r) => rowToFigure(r, extra.get(Number(r.id))));
}

function figureToRow(f: Figure, origin: string, importedAt: string): Omit<FigureRow, "id"> {
  return {
    country: f.country,
    region: f.region,
    region_kind: f.regionKind,
    year: f.year,
    metric: f.metric,
    value: f.value,
    unit: f.unit,
    source: f.source,
    source_family: f.sourceFamily,
    source_raw: f.sourceRaw ?? f.source,
    source_term: f.sourceTerm,
    published: f.published,
    publication_title: f.publicationTitle,
    citation: f.citation,
    citation_kind: f.citationKind,
    notes: f.notes,
    origin,
    imported_at: importedAt,
  };
}

function isEmptyFilter(filter: FigureFilter): boolean {
  const { allVintages: _ignored, ...rest } = filter;
  return Object.values(rest).every((v) => v === undefined || v === "");
}

/** The WHERE clause for a filter (without the latest-vintage condition). */
function whereFilter(filter: FigureFilter): (eb: FiguresExpression) => Expression<SqlBool> {
  const country = filter.country ? normalizeCountry(filter.country) : undefined;
  if (filter.metric !== undefined && !isMetric(filter.metric)) {
    throw new InputError(`unknown metric '${filter.metric}' (expected one of the registry's metrics, e.g. cultivation_ha)`, {
      field: "metric",
    });
  }
  for (const key of ["year", "from", "to"] as const) {
    const v = filter[key];
    if (v !== undefined && !Number.isInteger(v)) throw new InputError(`${key} must be a whole year, got ${v}`, { field: key });
  }
  return (eb) => {
    const conds = [];
    if (country) conds.push(eb("figures.country", "=", country));
    if (filter.region) conds.push(eb(sql`lower(figures.region)`, "=", filter.region.toLowerCase()));
    if (filter.source) {
      const s = filter.source.toLowerCase();
      conds.push(eb.or([eb(sql`lower(figures.source)`, "=", s), eb(sql`lower(figures.source_raw)`, "=", s)]));
    }
    if (filter.sourceFamily) conds.push(eb("figures.source_family", "=", filter.sourceFamily));
    if (filter.metric) conds.push(eb("figures.metric", "=", filter.metric));
    if (filter.year !== undefined) conds.push(eb("figures.year", "=", filter.year));
    if (filter.from !== undefined) conds.push(eb("figures.year", ">=", filter.from));
    if (filter.to !== undefined) conds.push(eb("figures.year", "<=", filter.to));
    if (filter.published) conds.push(eb("figures.published", "=", filter.published));
    return eb.and(conds);
  };
}

/** No other vintage of the same identity is newer. */
function isLatestVintage(eb: FiguresExpression): Expression<SqlBool> {
  return eb.not(
    eb.exists(
      eb
        .selectFrom("figures as newer")
        .select(sql`1`.as("one"))
        .whereRef("newer.country", "=", "figures.country")
        .whereRef("newer.region", "=", "figures.region")
        .whereRef("newer.year", "=", "figures.year")
        .whereRef("newer.metric", "=", "figures.metric")
        .whereRef("newer.source", "=", "figures.source")
        .whereRef("newer.source_term", "=", "figures.source_term")
        .whereRef("newer.published", ">", "figures.published"),
    ),
  );
}

export function createFigureRepository(db: Kysely<Database>): FigureRepository {
  const ordered = (q: ReturnType<typeof baseQuery>) =>
    q
      .orderBy("figures.country")
      .orderBy("figures.metric")
      .orderBy(sql`case when figures.region = 'national' then 0 else 1 end`)
      .orderBy("figures.region")
      .orderBy("figures.year")
      .orderBy("figures.source")
      .orderBy("figures.published");
  const baseQuery = () => db.selectFrom("figures").selectAll("figures");

  async function findVintage(trx: Kysely<Database>, f: Figure) {
    return trx
      .selectFrom("figures")
      .selectAll()
      .where("country", "=", f.country)
      .where("region", "=", f.region)
      .where("year", "=", f.year)
      .where("metric", "=", f.metric)
      .where("source", "=", f.source)
      .where("source_term", "=", f.sourceTerm)
      .where("published", "=", f.published)
      .executeTakeFirst();
  }

  async function conflictsIn(trx: Kysely<Database>, figures: readonly Figure[]): Promise<FigureConflict[]> {
    const out: FigureConflict[] = [];
    for (let i = 0; i < figures.length; i++) {
      const incoming = figures[i]!;
      const row = await findVintage(trx, incoming);
      if (row && Number(row.value) !== incoming.value) out.push({ index: i, incoming, existing: rowToFigure(row) });
    }
    return out;
  }

  return {
    async list(filter = {}) {
      const where = whereFilter(filter);
      let q = baseQuery().where(where);
      if (!filter.allVintages && !filter.published) q = q.where((eb) => isLatestVintage(eb));
      const rows = await ordered(q).execute();
      return withCitations(db, rows);
    },

    async revisions(filter = {}) {
      const where = whereFilter({ ...filter, published: undefined });
      const q = baseQuery()
        .where(where)
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom("figures as other")
              .select(sql`1`.as("one"))
              .whereRef("other.country", "=", "figures.country")
              .whereRef("other.region", "=", "figures.region")
              .whereRef("other.year", "=", "figures.year")
              .whereRef("other.metric", "=", "figures.metric")
              .whereRef("other.source", "=", "figures.source")
              .whereRef("other.source_term", "=", "figures.source_term")
              .whereRef("other.published", "<>", "figures.published"),
          ),
        );
      const rows = await ordered(q).execute();
      return withCitations(db, rows);
    },

    async conflicts(figures) {
      return conflictsIn(db, figures);
    },

    async importFigures(figures, { origin, sha256 = "", logAlways = false }) {
      return db.transaction().execute(async (trx) => {
        const conflicts = await conflictsIn(trx, figures);
        if (conflicts.length > 0) {
          const lines = conflicts.map(
            (c) =>
              `${c.incoming.country} ${c.incoming.region} ${c.incoming.year} ${c.incoming.metric} ${c.incoming.source} ` +
              `(published ${c.incoming.published}): ${c.incoming.value} differs from stored ${c.existing.value}`,
          );
          throw new InputError(`import from ${origin} refused, nothing stored:\n  ${lines.join("\n  ")}`);
        }
        const now = new Date().toISOString();
        const inserted: Figure[] = [];
        let unchanged = 0;
        let citationsAdded = 0;
        for (const f of figures) {
          let row = await findVintage(trx, f);
          if (row) unchanged++;
          else {
            // A concurrent writer (say, two first runs seeding the same store) may have stored it meanwhile.
            const result = await trx
              .insertInto("figures")
              .values(figureToRow(f, origin, now))
              .onConflict((oc) => oc.columns(["country", "region", "year", "metric", "source", "source_term", "published"]).doNothing())
              .executeTakeFirst();
            if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) unchanged++;
            else inserted.push(f);
            row = await findVintage(trx, f);
            if (!row) continue;
          }
          const stored = await trx.selectFrom("figure_citations").select("citation").where("figure_id", "=", row.id).execute();
          const have = new Set([row.citation, ...stored.map((c) => c.citation)]);
          for (const c of citationsOf(f)) {
            if (have.has(c.citation)) continue;
            have.add(c.citation);
            await trx
              .insertInto("figure_citations")
              .values({
                figure_id: Number(row.id),
                publication_title: c.publicationTitle,
                citation: c.citation,
                citation_kind: c.citationKind,
                origin,
                added_at: now,
              })
              .execute();
            citationsAdded++;
          }
        }
        if (inserted.length > 0 || citationsAdded > 0 || logAlways) {
          await trx
            .insertInto("figure_imports")
            .values({ origin, sha256, rows: figures.length, inserted: inserted.length, unchanged, imported_at: now })
            .execute();
        }
        return { inserted, unchanged, citationsAdded };
      });
    },

    async deleteFigures(filter, { reason }) {
      if (!reason || reason.trim() === "") throw new InputError("a reason is required to delete figures", { field: "reason" });
      if (isEmptyFilter(filter)) {
        throw new InputError("refusing to delete every figure: give at least one filter (country, source, metric, year...)");
      }
      const where = whereFilter(filter);
      return db.transaction().execute(async (trx) => {
        const rows = await trx.selectFrom("figures").selectAll("figures").where(where).orderBy("id").execute();
        const figures = await withCitations(trx, rows);
        const now = new Date().toISOString();
        for (const [i, row] of rows.entries()) {
          const extra = figures[i]!.additionalCitations;
          const json = extra ? { ...row, additional_citations: extra } : row;
          await trx
            .insertInto("figure_deletions")
            .values({ figure_id: row.id, figure_json: JSON.stringify(json), reason: reason.trim(), deleted_at: now })
            .execute();
          await trx.deleteFrom("figure_citations").where("figure_id", "=", row.id).execute();
          await trx.deleteFrom("figures").where("id", "=", row.id).execute();
        }
        return figures;
      });
    },

    async deletions() {
      const rows = await db.selectFrom("figure_deletions").selectAll().orderBy("id").execute();
      return rows.map((r) => ({
        figure: deletedFigure(r.figure_json),
        figureId: Number(r.figure_id),
        reason: r.reason,
        deletedAt: r.deleted_at,
      }));
    },

    async imports() {
      const rows = await db.selectFrom("figure_imports").selectAll().orderBy("id").execute();
      return rows.map((r) => ({
        origin: r.origin,
        sha256: r.sha256,
        rows: Number(r.rows),
        inserted: Number(r.inserted),
        unchanged: Number(r.unchanged),
        importedAt: r.imported_at,
      }));
    },

    async count() {
      const row = await db
        .selectFrom("figures")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
  };
}
