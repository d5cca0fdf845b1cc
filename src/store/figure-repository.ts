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
 */
import { sql, type Expression, type ExpressionBuilder, type Kysely, type Selectable, type SqlBool } from "kysely";
import { InputError } from "../domain/errors.ts";
import { isMetric, type Figure, type Metric, type RegionKind, type SourceFamily } from "../domain/figure.ts";
import { normalizeCountry } from "../domain/country.ts";
import type { Database } from "./schema.ts";
import type { FigureRow } from "./figure-tables.ts";

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
  /** Figures already stored with the same vintage and value (left as they were). */
  unchanged: number;
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
   * changes nothing. A figure stored with the same vintage and another value aborts the whole import
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

function rowToFigure(row: Selectable<FigureRow>): Figure {
  return {
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
    citationKind: row.citation_kind as Figure["citationKind"],
    notes: row.notes,
  };
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
      return rows.map(rowToFigure);
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
      return rows.map(rowToFigure);
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
        const seen = new Set<string>();
        for (const f of figures) {
          const key = JSON.stringify([f.country, f.region, f.year, f.metric, f.source, f.sourceTerm, f.published]);
          if (seen.has(key) || (await findVintage(trx, f))) {
            unchanged++;
            continue;
          }
          seen.add(key);
          // A concurrent writer (say, two first runs seeding the same store) may have stored it meanwhile.
          const result = await trx
            .insertInto("figures")
            .values(figureToRow(f, origin, now))
            .onConflict((oc) => oc.columns(["country", "region", "year", "metric", "source", "source_term", "published"]).doNothing())
            .executeTakeFirst();
          if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) {
            unchanged++;
            continue;
          }
          inserted.push(f);
        }
        if (inserted.length > 0 || logAlways) {
          await trx
            .insertInto("figure_imports")
            .values({ origin, sha256, rows: figures.length, inserted: inserted.length, unchanged, imported_at: now })
            .execute();
        }
        return { inserted, unchanged };
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
        const now = new Date().toISOString();
        for (const row of rows) {
          await trx
            .insertInto("figure_deletions")
            .values({ figure_id: row.id, figure_json: JSON.stringify(row), reason: reason.trim(), deleted_at: now })
            .execute();
          await trx.deleteFrom("figures").where("id", "=", row.id).execute();
        }
        return rows.map(rowToFigure);
      });
    },

    async deletions() {
      const rows = await db.selectFrom("figure_deletions").selectAll().orderBy("id").execute();
      return rows.map((r) => ({
        figure: rowToFigure(JSON.parse(r.figure_json) as Selectable<FigureRow>),
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
