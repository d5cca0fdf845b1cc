import { describe, expect, it } from "vitest";
import { Kysely, SqliteDialect, sql } from "kysely";
import SQLite from "better-sqlite3";
import type { Database } from "./schema.ts";
import { migration003Auth } from "./migrations/003-auth.ts";
import { auditChainMigration } from "./migrations/005-audit-chain.ts";
import { createAuthRepository, roleAtLeast } from "./auth-repository.ts";
import { NotFoundError } from "../domain/errors.ts";

async function openAuthDb(): Promise<Kysely<Database>> {
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(":memory:") }) });
  await migration003Auth.up(db);
  await auditChainMigration.up(db);
  return db;
}

describe("auth repository", () => {
  it("stores tokens hashed, verifies them and refuses them once revoked", async () => {
    const db = await openAuthDb();
    const auth = createAuthRepository(db);
    const { token, secret } = await auth.createToken({ role: "analyst", name: "ci" });
    expect(secret).toMatch(/^coca_[a-z0-9]{12}_/);
    const raw = await db.selectFrom("api_tokens").selectAll().execute();
    expect(raw).toHaveLength(1);
    // The secret part after "coca_<id>_" (it may itself hold "_", so not split("_")[2], which can be empty).
    const secretPart = secret.slice("coca_".length + 12 + 1);
    expect(secretPart.length).toBeGreaterThan(10);
    expect(JSON.stringify(raw)).not.toContain(secretPart);
    expect((await auth.verifyToken(secret))?.role).toBe("analyst");
    // Another last character (never the same one: a secret may already end in "x").
    expect(await auth.verifyToken(`${secret.slice(0, -1)}${secret.endsWith("x") ? "y" : "x"}`)).toBeUndefined();
    expect(await auth.verifyToken("nonsense")).toBeUndefined();
    const revoked = await auth.revokeToken(token.id);
    expect(revoked.revokedAt).not.toBeNull();
    expect(await auth.verifyToken(secret)).toBeUndefined();
    await expect(auth.revokeToken("nosuchtoken0")).rejects.toBeInstanceOf(NotFoundError);
    await db.destroy();
  });

  it("keeps the audit log append-only", async () => {
    const db = await openAuthDb();
    const auth = createAuthRepository(db);
    await auth.appendAudit({ actor: "anonymous", actorRole: null, method: "POST", path: "/v1/x", action: "x.create", outcome: "denied", status: 401 });
    await auth.appendAudit({
      actor: "abc",
      actorRole: "admin",
      method: "DELETE",
      path: "/v1/x/1",
      action: "x.delete",
      target: "1",
      outcome: "success",
      status: 200,
    });
    const { entries, total } = await auth.listAudit();
    expect(total).toBe(2);
    expect(entries[0]!.action).toBe("x.delete");
    await expect(sql`delete from audit_log`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`update audit_log set outcome = 'success'`.execute(db)).rejects.toThrow(/append-only/);
    await db.destroy();
  });

  it("orders roles viewer < analyst < admin", () => {
    expect(roleAtLeast("admin", "analyst")).toBe(true);
    expect(roleAtLeast("viewer", "analyst")).toBe(false);
  });
});
