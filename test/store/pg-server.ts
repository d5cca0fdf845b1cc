/**
 * A PostgreSQL server for tests: `COCA_TEST_PG_URL` (default postgres://postgres@127.0.0.1:5432/postgres, the
 * project machines' server with trust auth). Each test store gets its own fresh database, created here and
 * dropped afterwards. When no server answers the suites skip with the reason, except under CI=true,
 * where they fail: CI must reach PostgreSQL.
 */
import pg from "pg";
import { randomBytes } from "node:crypto";

export const PG_ADMIN_URL = process.env.COCA_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** Undefined when the server answers; otherwise why not. */
export async function pgUnavailable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    const ext = await client.query("select 1 from pg_available_extensions where name = 'postgis'");
    if (ext.rowCount === 0) return `PostgreSQL at ${PG_ADMIN_URL} has no PostGIS (apt-get install postgresql-15-postgis-3)`;
    return undefined;
  } catch (error) {
    return `no PostgreSQL answers at ${PG_ADMIN_URL}: ${(error as Error).message}`;
  } finally {
    await client.end().catch(() => {});
  }
}

/** The reason to skip PostgreSQL suites, or undefined to run them; throws under CI=true when the server is missing. */
export async function pgSkipReason(): Promise<string | undefined> {
  const reason = await pgUnavailable();
  if (reason && process.env.CI === "true") throw new Error(`CI=true and ${reason}: the PostgreSQL store must be tested in CI`);
  return reason;
}

/** URL of `database` on the test server. */
export function pgUrlFor(database: string): string {
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A new empty database with PostGIS; `drop` removes it (closing whatever still holds it). */
export async function createTestDatabase(prefix = "coca_test"): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  await admin((c) => c.query(`create database ${name}`));
  const url = pgUrlFor(name);
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query("create extension if not exists postgis");
  } finally {
    await c.end();
  }
  return {
    name,
    url,
    drop: () => admin(async (client) => void (await client.query(`drop database if exists ${name} with (force)`))),
  };
}

/** Run one SQL statement on a database of the test server. */
export async function pgQuery(url: string, text: string, values: unknown[] = []): Promise<pg.QueryResult> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await c.query(text, values);
  } finally {
    await c.end();
  }
}
