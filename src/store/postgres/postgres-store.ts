/**
 * @module store/postgres/postgres-store
 * The team store: PostgreSQL 15 + PostGIS through kysely's PostgresDialect over `pg`. Same repositories
 * as SQLite (figures and auth shared, surveys with PostGIS fields), same versioned migrations: an older
 * store is migrated when opened, a newer one refused. Several processes may open one store at once
 * (API servers, workers, analysts' CLIs); migrations run under an advisory lock so only one applies them.
 */
import pg from "pg";
import { Kysely, PostgresDialect, sql } from "kysely";
import { DataError } from "../../domain/errors.ts";
import { createAuthRepository } from "../auth-repository.ts";
import { createRouteRepository } from "../route-repository.ts";
import { createFigureRepository } from "../figure-repository.ts";
import { changeLabelScope, createLabelRepository } from "../label-repository.ts";
import { createChangeRepository } from "../change-repository.ts";
import { migrate } from "../migrate.ts";
import { redactUrl } from "../open-store.ts";
import type { Database } from "../schema.ts";
import type { Store } from "../store.ts";
import { PG_MIGRATIONS } from "./migrations/index.ts";
import { createPgSurveyRepository } from "./pg-survey-repository.ts";

/** Advisory lock key held while migrating ("coca" in ASCII). */
const MIGRATION_LOCK = 0x636f6361;
const BOOL_OID = 16;

/**
 * Booleans are boolean columns in PostgreSQL; the row types the repositories share (store/*-tables.ts)
 * carry them as 0/1, as SQLite does, so the pool reads them as 0/1. Everything else is pg's default
 * (int8 counts arrive as strings; the repositories apply Number()).
 */
const types = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === BOOL_OID && format !== "binary") return (value: string) => (value === "t" ? 1 : 0);
    return pg.types.getTypeParser(oid, format);
  },
};

/** Open (migrating if needed) the PostgreSQL store at `url`. A server that does not answer or refuses the login is a DataError (exit 3). */
export async function openPostgresStore(url: string, options: { max?: number } = {}): Promise<Store> {
  const shown = redactUrl(url);
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, types, connectionTimeoutMillis: 10_000 });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on("error", () => {});
  try {
    const client = await pool.connect();
    client.release();
  } catch (cause) {
    await pool.end().catch(() => {});
    throw new DataError(`cannot open PostgreSQL store ${shown}: ${(cause as Error).message}`, { cause });
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await db.connection().execute(async (conn) => {
      await sql`select pg_advisory_lock(${MIGRATION_LOCK})`.execute(conn);
      try {
        await ensurePostgis(conn, shown);
        await migrate(conn, { location: shown, migrations: PG_MIGRATIONS });
      } finally {
        await sql`select pg_advisory_unlock(${MIGRATION_LOCK})`.execute(conn);
      }
    });
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return {
    location: shown,
    figures: createFigureRepository(db),
    surveys: createPgSurveyRepository(db),
    auth: createAuthRepository(db),
    labels: createLabelRepository(db),
    changes: createChangeRepository(db),
    changeLabels: createLabelRepository(db, changeLabelScope),
    routes: createRouteRepository(db),
    close: () => db.destroy(),
  };
}

/** PostGIS must be available: created here when the role may, otherwise a DataError saying what to run. */
async function ensurePostgis(db: Kysely<Database>, shown: string): Promise<void> {
  const has = await sql<{ n: string }>`select count(*) as n from pg_extension where extname = 'postgis'`.execute(db);
  if (Number(has.rows[0]?.n ?? 0) > 0) return;
  try {
    await sql`create extension if not exists postgis`.execute(db);
  } catch (cause) {
    throw new DataError(
      `PostgreSQL store ${shown} has no PostGIS and this role cannot create it (${(cause as Error).message}): ` +
        `install postgresql-15-postgis-3 and run CREATE EXTENSION postgis in that database as a superuser`,
      { cause },
    );
  }
}
