/**
 * @module store/open-store
 * The one place that knows which kind of store a location names. `--db` / `COCA_DB` is a file path
 * (SQLite, the embedded default) or a `postgres://` / `postgresql://` URL (the team store, PostgreSQL +
 * PostGIS); any other scheme is refused rather than taken as a file name. Everything past `openStore`
 * sees only the `Store` interface.
 */
import { resolve as resolvePath } from "node:path";
import { InputError } from "../domain/errors.ts";
import { defaultStorePath, openSqliteStore } from "./sqlite-store.ts";
import type { Store } from "./store.ts";

/** A store location, classified. */
export type StoreLocation = { kind: "sqlite"; path: string } | { kind: "postgres"; url: string };

const POSTGRES_URL = /^postgres(ql)?:\/\//i;
/** A URL scheme (two letters or more, so that a Windows drive `C:` is still a path). */
const SCHEME = /^([a-z][a-z0-9+.-]+):/i;

/**
 * Classify a location: a postgres URL, or a file path (resolved against the working directory), or ":memory:".
 * @throws InputError for any other scheme (`mysql://...`, `file:...`, `http://...`), naming where it came from.
 */
export function parseStoreLocation(location: string, from = "--db"): StoreLocation {
  if (POSTGRES_URL.test(location)) {
    try {
      new URL(location);
    } catch {
      throw new InputError(`${from} '${redactUrl(location)}' is not a valid postgres:// URL`, { field: from });
    }
    return { kind: "postgres", url: location };
  }
  const scheme = SCHEME.exec(location);
  if (scheme) {
    throw new InputError(
      `${from} '${redactUrl(location)}': unsupported store scheme '${scheme[1]}:' ` + `(expected a SQLite file path or a postgres:// / postgresql:// URL)`,
      { field: from },
    );
  }
  return { kind: "sqlite", path: location };
}

/** The location to open: the explicit option (`--db`), then `COCA_DB`, then the default SQLite file. */
export function resolveStoreLocation(explicit?: string, env: NodeJS.ProcessEnv = process.env): StoreLocation {
  if (explicit && explicit.length > 0) return absolute(parseStoreLocation(explicit, "--db"));
  if (env.COCA_DB && env.COCA_DB.length > 0) return absolute(parseStoreLocation(env.COCA_DB, "COCA_DB"));
  return { kind: "sqlite", path: defaultStorePath(env) };
}

function absolute(location: StoreLocation): StoreLocation {
  if (location.kind !== "sqlite" || location.path === ":memory:") return location;
  return { kind: "sqlite", path: resolvePath(location.path) };
}

/** A URL with its password replaced by `***` (for messages and `Store.location`). */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@/]*@/i, "$1***@");
}

/** Display form of a location: the file path, or the URL without its password. */
export function describeStoreLocation(location: StoreLocation): string {
  return location.kind === "sqlite" ? location.path : redactUrl(location.url);
}

/**
 * Open (creating and migrating when needed) the store at `location`: a string as `--db` takes it, or a
 * parsed location. The PostgreSQL driver is loaded only when a postgres URL is given.
 */
export async function openStore(location: string | StoreLocation): Promise<Store> {
  const parsed = typeof location === "string" ? absolute(parseStoreLocation(location)) : location;
  if (parsed.kind === "postgres") {
    const { openPostgresStore } = await import("./postgres/postgres-store.ts");
    return openPostgresStore(parsed.url);
  }
  return openSqliteStore(parsed.path);
}
