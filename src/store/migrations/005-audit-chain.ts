/**
 * @module store/migrations/005-audit-chain
 * Version 5: the audit log becomes a hash chain (see store/audit-chain.ts). Existing entries are chained in id
 * order as they stand when the store is migrated; on SQLite, INSERT OR REPLACE (and any insert reusing an id) is
 * refused as UPDATE and DELETE are, and an insert must continue the chain.
 */
import { sql, SqliteAdapter, type Kysely } from "kysely";
import { auditEntryHash, GENESIS_HASH, type AuditChainRow } from "../audit-chain.ts";

export const auditChainMigration = {
  version: 5,
  name: "audit-log-hash-chain",
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>): Promise<void> {
    const isSqlite = db.getExecutor().adapter instanceof SqliteAdapter;
    await db.schema.alterTable("audit_log").addColumn("prev_hash", "text").execute();
    await db.schema.alterTable("audit_log").addColumn("entry_hash", "text").execute();
    if (isSqlite) await sql`drop trigger if exists audit_log_no_update`.execute(db);
    let prev = GENESIS_HASH;
    const rows = (await db.selectFrom("audit_log").selectAll().orderBy("id").execute()) as AuditChainRow[];
    for (const row of rows) {
      const hash = auditEntryHash(prev, row);
      await db.updateTable("audit_log").set({ prev_hash: prev, entry_hash: hash }).where("id", "=", row.id).execute();
      prev = hash;
    }
    if (isSqlite) {
      await sql`create trigger audit_log_no_update before update on audit_log
        begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
      // INSERT OR REPLACE deletes the old row without firing the delete trigger: refuse any insert of an existing id,
      // and any insert that does not continue the chain.
      await sql`create trigger audit_log_no_replace before insert on audit_log
        when new.id is not null and exists (select 1 from audit_log where id = new.id)
        begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
      await sql`create trigger audit_log_chain before insert on audit_log
        when new.prev_hash is not coalesce((select entry_hash from audit_log order by id desc limit 1), ${sql.lit(GENESIS_HASH)})
        begin select raise(abort, 'audit_log entry does not continue the hash chain'); end`.execute(db);
    }
  },
};
