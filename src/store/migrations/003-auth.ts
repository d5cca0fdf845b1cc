/**
 * @module store/migrations/003-auth
 * Version 3: API tokens (hashed, revocable) and the append-only audit log.
 * On SQLite, triggers refuse UPDATE and DELETE on the audit log so that it stays append-only
 * whatever code writes to the file.
 */
import { sql, SqliteAdapter, type Kysely } from "kysely";
import type { Migration } from "../migrate.ts";

export const migration003Auth: Migration = {
  version: 3,
  name: "auth-and-audit",
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable("api_tokens")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('viewer', 'analyst', 'admin')`))
      .addColumn("token_hash", "text", (c) => c.notNull().unique())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("revoked_at", "text")
      .addColumn("last_used_at", "text")
      .execute();
    const isSqlite = db.getExecutor().adapter instanceof SqliteAdapter;
    await db.schema
      .createTable("audit_log")
      .addColumn("id", isSqlite ? "integer" : "serial", (c) => (isSqlite ? c.primaryKey().autoIncrement() : c.primaryKey()))
      .addColumn("at", "text", (c) => c.notNull())
      .addColumn("actor", "text", (c) => c.notNull())
      .addColumn("actor_role", "text")
      .addColumn("method", "text", (c) => c.notNull())
      .addColumn("path", "text", (c) => c.notNull())
      .addColumn("action", "text", (c) => c.notNull())
      .addColumn("target", "text")
      .addColumn("outcome", "text", (c) => c.notNull())
      .addColumn("status", "integer", (c) => c.notNull())
      .addColumn("detail", "text")
      .execute();
    await db.schema.createIndex("audit_log_at").on("audit_log").column("at").execute();
    if (isSqlite) {
      await sql`create trigger audit_log_no_update before update on audit_log
        begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
      await sql`create trigger audit_log_no_delete before delete on audit_log
        begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
    }
  },
};
