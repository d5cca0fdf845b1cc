/**
 * @module store/migrate
 * Versioned schema migrations: an older store is brought up to date when it is
 * opened; a store written by a newer Coca Monitor is refused.
 */
import { sql, type Kysely } from "kysely";
import { ConflictError } from "../domain/errors.ts";
import type { Database } from "./schema.ts";

/**
 * One schema change. The list lives in migrations/index.ts and is handed to `migrate` by the store
 * that opens the database, so this file imports no migration (and no migration imports back a list).
 */
export interface Migration {
  /** Fixed forever once released; the next change takes the next version. */
  version: number;
  name: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  up(db: Kysely<any>): Promise<void>;
}

/** The schema version this code writes. */
export function codeSchemaVersion(migrations: readonly Migration[]): number {
  return migrations.reduce((max, m) => Math.max(max, m.version), 0);
}

/** Current schema version of an open store (0 for an empty store). */
export async function storeSchemaVersion(db: Kysely<Database>): Promise<number> {
  await db.schema
    .createTable("schema_migrations")
    .ifNotExists()
    .addColumn("version", "integer", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("applied_at", "text", (c) => c.notNull())
    .execute();
  const row = await db
    .selectFrom("schema_migrations")
    .select(sql<number>`coalesce(max(version), 0)`.as("v"))
    .executeTakeFirst();
  return Number(row?.v ?? 0);
}

/**
 * Apply every pending migration of `migrations` (the store's: migrations/index.ts MIGRATIONS), each in its own transaction.
 * @returns the versions applied.
 * @throws ConflictError when the store is newer than this code.
 */
export async function migrate(db: Kysely<Database>, { location, migrations }: { location: string; migrations: readonly Migration[] }): Promise<number[]> {
  const current = await storeSchemaVersion(db);
  const known = codeSchemaVersion(migrations);
  if (current > known) {
    throw new ConflictError(
      `store ${location} has schema version ${current}, newer than this Coca Monitor understands (up to ${known}); ` +
        `upgrade coca-monitor, or open another store with --db / COCA_DB`,
    );
  }
  const applied: number[] = [];
  const pending = [...migrations].filter((m) => m.version > current).sort((a, b) => a.version - b.version);
  for (const m of pending) {
    const done = await db.transaction().execute(async (trx) => {
      // Another process may have applied it meanwhile (two openers of a new store): the write transaction
      // serialises them (BEGIN IMMEDIATE on SQLite, an advisory lock on PostgreSQL), so look again inside it.
      const row = await trx.selectFrom("schema_migrations").select("version").where("version", "=", m.version).executeTakeFirst();
      if (row) return false;
      await m.up(trx);
      await trx.insertInto("schema_migrations").values({ version: m.version, name: m.name, applied_at: new Date().toISOString() }).execute();
      return true;
    });
    if (done) applied.push(m.version);
  }
  return applied;
}
