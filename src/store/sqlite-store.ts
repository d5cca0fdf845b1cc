/**
 * @module store/sqlite-store
 * The embedded default store: one SQLite file through better-sqlite3.
 */
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { homedir } from "node:os";
import { DataError } from "../domain/errors.ts";
import type { Database } from "./schema.ts";
import { migrate } from "./migrate.ts";
import { MIGRATIONS } from "./migrations/index.ts";
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

/** Open (creating and migrating if needed) the SQLite store at `path`. */
export async function openSqliteStore(path: string): Promise<Store> {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  let raw: SQLite.Database;
  try {
    raw = new SQLite(path);
    raw.pragma("foreign_keys = ON");
    raw.pragma("busy_timeout = 5000");
  } catch (cause) {
    throw new DataError(`cannot open store ${path}: ${(cause as Error).message}`, { cause });
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });
  try {
    await migrate(db, { location: path, migrations: MIGRATIONS });
    // WAL only once the version check has passed: switching modes rewrites the file header,
    // and a store refused as too new must be left exactly as it was.
    raw.pragma("journal_mode = WAL");
  } catch (error) {
    await db.destroy();
    if (error instanceof Error && /file is not a database/i.test(error.message)) {
      throw new DataError(`store ${path} is not a Coca Monitor SQLite database: ${error.message}`, { cause: error });
    }
    throw error;
  }
  return storeOver(db, path, () => db.destroy());
}
