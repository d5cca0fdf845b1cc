/**
 * @module store/sqlite-dialect
 * kysely's SQLite dialect with two changes: write transactions begin IMMEDIATE (they take the write lock at
 * BEGIN and wait for it up to the busy timeout, instead of starting as readers and failing with "database is
 * locked" when they try to write while another process holds the lock), and SQLite's read-only, disk-full and I/O
 * errors become one DataError naming the store (exit 3) instead of a raw SqliteError.
 */
import { CompiledQuery, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type QueryResult, type SqliteDialectConfig } from "kysely";
import { statfsSync } from "node:fs";
import { dirname } from "node:path";
import { DataError } from "../domain/errors.ts";

/** Bytes free for this process on the file system of the store at `location` (Infinity when unknown). */
function freeBytes(location: string): number {
  if (location === ":memory:") return Infinity;
  try {
    const fs = statfsSync(dirname(location));
    return fs.bavail * fs.bsize;
  } catch {
    return Infinity;
  }
}

/** The DataError for a SQLite error that means the store cannot be written or read, or undefined for any other error. */
export function storeErrorFor(error: unknown, location: string): DataError | undefined {
  const code = (error as { code?: unknown })?.code;
  if (typeof code !== "string" || !code.startsWith("SQLITE_")) return undefined;
  const what = (error as Error).message;
  if (code.startsWith("SQLITE_READONLY")) {
    return new DataError(`store ${location} is read-only (${what}): nothing was written; reads still work, writes need a writable store (--db / COCA_DB)`, {
      cause: error,
    });
  }
  // SQLite in WAL mode reports a full disk as an I/O error (SQLITE_IOERR_WRITE): look at the free space to tell.
  if (code === "SQLITE_FULL" || (code.startsWith("SQLITE_IOERR") && freeBytes(location) < 1024 * 1024)) {
    return new DataError(`store ${location}: the disk is full (${what}); nothing was written`, { cause: error });
  }
  if (code.startsWith("SQLITE_IOERR")) return new DataError(`store ${location}: I/O error (${what}); the transaction was not written`, { cause: error });
  if (code === "SQLITE_BUSY" || code.startsWith("SQLITE_BUSY_")) {
    return new DataError(`store ${location} is locked by another process for longer than the busy timeout (${what}); nothing was written, try again`, {
      cause: error,
    });
  }
  return undefined;
}

class Connection implements DatabaseConnection {
  constructor(
    private readonly inner: DatabaseConnection,
    private readonly location: string,
  ) {}
  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    try {
      return await this.inner.executeQuery<R>(query);
    } catch (error) {
      throw storeErrorFor(error, this.location) ?? error;
    }
  }
  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}

class ImmediateDriver extends SqliteDriver {
  private readonly wrapped = new WeakMap<DatabaseConnection, Connection>();
  constructor(
    config: SqliteDialectConfig,
    private readonly location: string,
  ) {
    super(config);
  }
  override async acquireConnection(): Promise<DatabaseConnection> {
    const inner = await super.acquireConnection();
    let c = this.wrapped.get(inner);
    if (!c) {
      c = new Connection(inner, this.location);
      this.wrapped.set(inner, c);
    }
    return c;
  }
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }
}

/** The SQLite dialect of the store at `location` (named in error messages). */
export class StoreSqliteDialect extends SqliteDialect {
  constructor(
    private readonly config: SqliteDialectConfig,
    private readonly location: string,
  ) {
    super(config);
  }
  override createDriver(): Driver {
    return new ImmediateDriver(this.config, this.location);
  }
}
