/**
 * @module store/sqlite-store
 * The embedded default store: one SQLite file through better-sqlite3.
 */
import SQLite from "better-sqlite3";
import { Kysely } from "kysely";
import { accessSync, constants, existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { homedir } from "node:os";
import { ConflictError, DataError } from "../domain/errors.ts";
import type { Database } from "./schema.ts";
import { codeSchemaVersion, migrate } from "./migrate.ts";
import { MIGRATIONS } from "./migrations/index.ts";
import { StoreSqliteDialect, storeErrorFor } from "./sqlite-dialect.ts";
import { storeOver, type Store } from "./store.ts";

/**
 * Where the store lives when neither `--db` nor `COCA_DB` says otherwise:
 * `$XDG_DATA_HOME/coca-monitor/coca.db`, i.e. `~/.local/share/coca-monitor/coca.db`.
 */
export function defaultStorePath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_DATA_HOME && env.XDG_DATA_HOME.length > 0 ? env.XDG_DATA_HOME : join(homedir(), ".local", "share");
  return join(base, "coca-monitor", "coca.db");
}

/** Resolve the store path: explicit option, then `COCA_DB`, then the default. */
export function resolveStorePath(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit && explicit.length > 0) return explicit === ":memory:" ? explicit : resolve(explicit);
  if (env.COCA_DB && env.COCA_DB.length > 0) return env.COCA_DB === ":memory:" ? env.COCA_DB : resolve(env.COCA_DB);
  return defaultStorePath(env);
}

/**
 * True when `path` exists but may not be written: no write permission bit (mode 0444, which a superuser could
 * still write, is taken as meant read-only), or this process may not write it (a read-only file system).
 */
function isReadOnlyFile(path: string): boolean {
  if (path === ":memory:" || !existsSync(path)) return false;
  if ((statSync(path).mode & 0o222) === 0) return true;
  try {
    accessSync(path, constants.W_OK);
    return false;
  } catch {
    return true;
  }
}

/** The schema version of a store opened read-only (no table is created), 0 when it has none. */
function readOnlyVersion(raw: SQLite.Database): number {
  const table = raw.prepare("select 1 from sqlite_master where type = 'table' and name = 'schema_migrations'").get();
  if (!table) return 0;
  const row = raw.prepare("select coalesce(max(version), 0) as v from schema_migrations").get() as { v: number };
  return Number(row.v);
}

/**
 * Open (creating and migrating if needed) the SQLite store at `path`. A store this process cannot write (file mode
 * 0444, a read-only file system, or `readOnly`) is opened read-only: every read works, a write is a DataError saying
 * the store is read-only (exit 3). Write transactions begin IMMEDIATE and wait up to 5 s for another writer.
 */
export async function openSqliteStore(path: string, { readOnly = false }: { readOnly?: boolean } = {}): Promise<Store> {
  const ro = readOnly || isReadOnlyFile(path);
  if (path !== ":memory:" && !ro) mkdirSync(dirname(path), { recursive: true });
  let raw: SQLite.Database;
  try {
    raw = ro ? new SQLite(path, { readonly: true, fileMustExist: true }) : new SQLite(path);
    raw.pragma("foreign_keys = ON");
    raw.pragma("busy_timeout = 5000");
  } catch (cause) {
    throw new DataError(`cannot open store ${path}${ro ? " (read-only)" : ""}: ${(cause as Error).message}`, { cause });
  }
  const db = new Kysely<Database>({ dialect: new StoreSqliteDialect({ database: raw }, path) });
  try {
    if (ro) {
      const current = readOnlyVersion(raw);
      const known = codeSchemaVersion(MIGRATIONS);
      if (current > known) {
        throw new ConflictError(`store ${path} has schema version ${current}, newer than this Coca Monitor understands (up to ${known}); upgrade coca-monitor`);
      }
      if (current < known) {
        throw new DataError(
          `store ${path} is read-only and at schema version ${current}; this Coca Monitor needs ${known}: open it once writable to migrate it`,
        );
      }
    } else {
      await migrate(db, { location: path, migrations: MIGRATIONS });
      // WAL only once the version check has passed: switching modes rewrites the file header,
      // and a store refused as too new must be left exactly as it was.
      raw.pragma("journal_mode = WAL");
    }
  } catch (error) {
    await db.destroy();
    if (error instanceof Error && /file is not a database/i.test(error.message)) {
      throw new DataError(`store ${path} is not a Coca Monitor SQLite database: ${error.message}`, { cause: error });
    }
    throw storeErrorFor(error, path) ?? error;
  }
  return storeOver(db, path, () => db.destroy());
}
