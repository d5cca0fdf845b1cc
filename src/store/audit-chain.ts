/**
 * @module store/audit-chain
 * The audit log's hash chain. Each entry stores `prev_hash` (the previous entry's hash; 64 zeros for the first)
 * and `entry_hash` = SHA-256 of the previous hash and the entry's own content (id included). Rewriting an entry,
 * inserting one, deleting one or reordering them breaks the chain at that entry; `verifyAuditChain` walks it and
 * names the first entry that does not match. It also checks that the append-only triggers are still there and
 * that no entry after the last one was removed (SQLite's AUTOINCREMENT counter). The last entry's hash is the
 * chain's head: published or printed elsewhere, it makes even a consistent rewrite of the whole file detectable.
 */
import { createHash } from "node:crypto";
import { sql, type Kysely } from "kysely";

/** The `prev_hash` of the first entry. */
export const GENESIS_HASH = "0".repeat(64);

/** Triggers that keep the log append-only on SQLite (migrations 3 and 5). */
export const AUDIT_TRIGGERS = ["audit_log_no_update", "audit_log_no_delete", "audit_log_no_replace", "audit_log_chain"] as const;

/** The columns an entry's hash covers, in order. */
export interface AuditChainRow {
  id: number;
  at: string;
  actor: string;
  actor_role: string | null;
  method: string;
  path: string;
  action: string;
  target: string | null;
  outcome: string;
  status: number;
  detail: string | null;
}

/** The hash of an entry: hex SHA-256 of `prevHash`, a newline and the JSON array of its columns. */
export function auditEntryHash(prevHash: string, row: AuditChainRow): string {
  const content = JSON.stringify([
    Number(row.id),
    row.at,
    row.actor,
    row.actor_role,
    row.method,
    row.path,
    row.action,
    row.target,
    row.outcome,
    Number(row.status),
    row.detail,
  ]);
  return createHash("sha256").update(`${prevHash}\n${content}`).digest("hex");
}

export interface AuditChainReport {
  /** True when every entry matches and the triggers are in place. */
  ok: boolean;
  /** Entries walked. */
  entries: number;
  /** The last entry's id and hash (anchor it elsewhere), or null for an empty log. */
  head: { id: number; hash: string } | null;
  /** The first problem: the entry id at fault (null for a store-level problem) and what is wrong. */
  firstMismatch: { id: number | null; reason: string } | null;
}

/** Walk the chain in id order (in pages, so a long log is not loaded at once). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function verifyAuditChain(db: Kysely<any>, { isSqlite = true }: { isSqlite?: boolean } = {}): Promise<AuditChainReport> {
  const report: AuditChainReport = { ok: true, entries: 0, head: null, firstMismatch: null };
  const fail = (id: number | null, reason: string): AuditChainReport => ({ ...report, ok: false, firstMismatch: { id, reason } });
  if (isSqlite) {
    const rows = (await sql<{ name: string }>`select name from sqlite_master where type = 'trigger' and tbl_name = 'audit_log'`.execute(db)).rows;
    const present = new Set(rows.map((r) => r.name));
    const missing = AUDIT_TRIGGERS.filter((t) => !present.has(t));
    if (missing.length > 0)
      return fail(null, `trigger ${missing.join(", ")} of the audit log is missing (dropped?): the log is no longer protected against rewrites`);
  }
  if (!isSqlite) {
    const rows = (
      await sql<{
        name: string;
        enabled: string;
      }>`select tgname as name, tgenabled as enabled from pg_trigger where tgrelid = 'audit_log'::regclass and not tgisinternal`.execute(db)
    ).rows;
    const on = new Set(rows.filter((r) => r.enabled !== "D").map((r) => r.name));
    const missing = ["audit_log_no_update", "audit_log_no_delete", "audit_log_no_truncate", "audit_log_chain"].filter((t) => !on.has(t));
    if (missing.length > 0)
      return fail(null, `trigger ${missing.join(", ")} of the audit log is missing or disabled: the log is no longer protected against rewrites`);
  }
  let prev = GENESIS_HASH;
  let lastId = 0;
  const PAGE = 1000;
  for (;;) {
    const page = (await db.selectFrom("audit_log").selectAll().where("id", ">", lastId).orderBy("id").limit(PAGE).execute()) as (AuditChainRow & {
      prev_hash: string | null;
      entry_hash: string | null;
    })[];
    for (const row of page) {
      const id = Number(row.id);
      if (row.prev_hash !== prev) {
        const why =
          report.entries === 0 ? "does not start the chain" : `does not follow entry ${lastId} (an entry before it was deleted, inserted or rewritten)`;
        return fail(id, `entry ${id} ${why}: prev_hash ${String(row.prev_hash).slice(0, 12)}..., expected ${prev.slice(0, 12)}...`);
      }
      const hash = auditEntryHash(prev, row);
      if (row.entry_hash !== hash) return fail(id, `entry ${id} was rewritten or forged: its content does not match its hash`);
      if (report.entries > 0 && id !== lastId + 1) return fail(id, `entries ${lastId + 1} to ${id - 1} are missing (deleted)`);
      prev = hash;
      lastId = id;
      report.entries++;
      report.head = { id, hash };
    }
    if (page.length < PAGE) break;
  }
  if (isSqlite) {
    const seq = (await sql<{ seq: number }>`select seq from sqlite_sequence where name = 'audit_log'`.execute(db)).rows[0];
    if (seq && Number(seq.seq) > lastId) {
      return fail(lastId + 1, `entries ${lastId + 1} to ${Number(seq.seq)} were appended and are gone (deleted from the end of the log)`);
    }
  }
  return report;
}
