import SQLite from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditEntryHash } from "./audit-chain.ts";
import { openSqliteStore } from "./sqlite-store.ts";
import type { Store } from "./store.ts";

let dir: string;
let path: string;
let store: Store;

const entry = (k: number) => ({
  actor: `tok${k}`,
  actorRole: "analyst" as const,
  method: "POST",
  path: "/v1/figures",
  action: "figures.import",
  target: null,
  outcome: "success" as const,
  status: 201,
  detail: `entry ${k}`,
});

/** Tamper with the store file directly, as someone with write access to it could. */
function tamper(...statements: string[]): void {
  const raw = new SQLite(path);
  for (const s of statements) raw.exec(s);
  raw.close();
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "coca-audit-chain-"));
  path = join(dir, "coca.db");
  store = await openSqliteStore(path);
  for (let k = 1; k <= 5; k++) await store.auth.appendAudit({ ...entry(k), at: `2026-01-0${k}T00:00:00.000Z` });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the audit log's hash chain", () => {
  it("verifies an untouched log and gives its head", async () => {
    const report = await store.auth.verifyAudit();
    expect(report).toMatchObject({ ok: true, entries: 5, firstMismatch: null });
    expect(report.head!.id).toBe(5);
    expect(report.head!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await store.auth.auditEntryWithHash(report.head!.hash)).toBe(5);
  });

  it("refuses INSERT OR REPLACE, UPDATE and DELETE, and an insert that does not continue the chain", () => {
    const raw = new SQLite(path);
    const cols = "(id, at, actor, method, path, action, outcome, status, prev_hash, entry_hash)";
    const head = (raw.prepare("select entry_hash from audit_log order by id desc limit 1").get() as { entry_hash: string }).entry_hash;
    // Continuing the chain, so that only the no-replace trigger can refuse it.
    expect(() => raw.exec(`insert or replace into audit_log ${cols} values (2, 'x', 'forger', 'POST', '/', 'a', 'success', 200, '${head}', '')`)).toThrow(
      /audit_log is append-only/,
    );
    expect(() => raw.exec(`replace into audit_log ${cols} values (3, 'x', 'forger', 'POST', '/', 'a', 'success', 200, '${head}', '')`)).toThrow(
      /audit_log is append-only/,
    );
    expect(() => raw.exec("update audit_log set detail = 'x' where id = 1")).toThrow(/append-only/);
    expect(() => raw.exec("delete from audit_log where id = 1")).toThrow(/append-only/);
    expect(() => raw.exec(`insert into audit_log ${cols} values (null, 'x', 'forger', 'POST', '/', 'a', 'success', 200, 'abc', 'def')`)).toThrow(
      /does not continue the hash chain/,
    );
    expect((raw.prepare("select count(*) as n from audit_log").get() as { n: number }).n).toBe(5);
    raw.close();
  });

  it("detects a rewritten entry (trigger dropped, row updated, trigger restored) and names it", async () => {
    tamper(
      "drop trigger audit_log_no_update",
      "update audit_log set detail = 'nothing happened' where id = 3",
      "create trigger audit_log_no_update before update on audit_log begin select raise(abort, 'audit_log is append-only'); end",
    );
    const report = await store.auth.verifyAudit();
    expect(report.ok).toBe(false);
    expect(report.firstMismatch).toEqual({ id: 3, reason: "entry 3 was rewritten or forged: its content does not match its hash" });
  });

  it("detects an entry inserted in the middle, even with a correctly computed hash", async () => {
    const raw = new SQLite(path);
    const rows = raw.prepare("select * from audit_log order by id").all() as Record<string, never>[];
    raw.close();
    const forged = { ...rows[2]!, id: 3, actor: "forger", detail: "forged" } as never;
    const forgedHash = auditEntryHash(rows[1]!["entry_hash"], forged);
    tamper(
      "drop trigger audit_log_no_update",
      "drop trigger audit_log_chain",
      "update audit_log set id = id + 100 where id >= 3",
      "update audit_log set id = id - 99 where id >= 100",
      `insert into audit_log (id, at, actor, actor_role, method, path, action, target, outcome, status, detail, prev_hash, entry_hash)
         values (3, '${rows[2]!["at"]}', 'forger', 'analyst', 'POST', '/v1/figures', 'figures.import', null, 'success', 201, 'forged', '${rows[1]!["entry_hash"]}', '${forgedHash}')`,
      "create trigger audit_log_no_update before update on audit_log begin select raise(abort, 'audit_log is append-only'); end",
      "create trigger audit_log_chain before insert on audit_log begin select 1; end",
    );
    const report = await store.auth.verifyAudit();
    expect(report.ok).toBe(false);
    expect(report.firstMismatch!.id).toBe(4);
    expect(report.firstMismatch!.reason).toMatch(/^entry 4 does not follow entry 3/);
  });

  it("detects a deleted entry in the middle and one deleted from the end", async () => {
    tamper(
      "drop trigger audit_log_no_delete",
      "delete from audit_log where id = 2",
      "create trigger audit_log_no_delete before delete on audit_log begin select raise(abort, 'audit_log is append-only'); end",
    );
    const middle = await store.auth.verifyAudit();
    expect(middle.firstMismatch!.id).toBe(3);
    expect(middle.firstMismatch!.reason).toMatch(/^entry 3 does not follow entry 1/);

    tamper(
      "drop trigger audit_log_no_delete",
      "delete from audit_log where id >= 2",
      "create trigger audit_log_no_delete before delete on audit_log begin select raise(abort, 'audit_log is append-only'); end",
    );
    const end = await store.auth.verifyAudit();
    expect(end.firstMismatch).toEqual({ id: 2, reason: "entries 2 to 5 were appended and are gone (deleted from the end of the log)" });
  });

  it("detects a dropped trigger", async () => {
    tamper("drop trigger audit_log_no_replace");
    const report = await store.auth.verifyAudit();
    expect(report.ok).toBe(false);
    expect(report.firstMismatch!.reason).toMatch(/trigger audit_log_no_replace of the audit log is missing/);
  });

  it("keeps chaining across reopenings; an anchored head is still found once entries are appended", async () => {
    const anchored = (await store.auth.verifyAudit()).head!;
    await store.close();
    store = await openSqliteStore(path);
    await store.auth.appendAudit(entry(6));
    const later = await store.auth.verifyAudit();
    expect(later).toMatchObject({ ok: true, entries: 6 });
    expect(await store.auth.auditEntryWithHash(anchored.hash)).toBe(5);
  });
});

describe("migration 5 on a store with entries", () => {
  it("chains the entries written before it, in id order", async () => {
    const { Kysely, SqliteDialect } = await import("kysely");
    const { migration003Auth } = await import("./migrations/003-auth.ts");
    const { auditChainMigration } = await import("./migrations/005-audit-chain.ts");
    const { createAuthRepository } = await import("./auth-repository.ts");
    const db = new Kysely<never>({ dialect: new SqliteDialect({ database: new SQLite(":memory:") }) });
    await migration003Auth.up(db);
    for (let k = 1; k <= 3; k++) {
      await db
        .insertInto("audit_log" as never)
        .values({ at: `t${k}`, actor: "a", method: "POST", path: "/", action: "x", outcome: "success", status: 200 } as never)
        .execute();
    }
    await auditChainMigration.up(db);
    const auth = createAuthRepository(db as never);
    await auth.appendAudit(entry(4));
    const report = await auth.verifyAudit();
    expect(report).toMatchObject({ ok: true, entries: 4, firstMismatch: null });
    expect(report.head!.id).toBe(4);
    await db.destroy();
  });
});
