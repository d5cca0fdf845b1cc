import SQLite from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/api/app.ts";
import { openSqliteStore } from "../../src/store/sqlite-store.ts";
import { runCocaProcess } from "../support/cli.ts";
import { figure, jsonInit } from "./support.ts";

const dir = mkdtempSync(join(tmpdir(), "coca-audit-verify-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("verifying the audit log's hash chain", () => {
  it("GET /v1/audit/verify (admins only) and coca audit verify report an intact chain, then name a rewritten entry", async () => {
    const path = join(dir, "coca.db");
    const store = await openSqliteStore(path);
    const { app } = createApp({ store, config: { rateLimit: false } });
    const analyst = (await store.auth.createToken({ role: "analyst" })).secret;
    const admin = (await store.auth.createToken({ role: "admin" })).secret;
    const request = (p: string, init: RequestInit & { token?: string } = {}): Promise<Response> => {
      const { token, headers, ...rest } = init;
      const h = new Headers(headers);
      if (token) h.set("authorization", `Bearer ${token}`);
      return Promise.resolve(app.request(p, { ...rest, headers: h }));
    };
    await request("/v1/figures", jsonInit("POST", { figures: [figure()] }, analyst));
    await request("/v1/figures", jsonInit("POST", { figures: [figure({ value: -1 })] }, analyst));
    await request("/v1/figures", jsonInit("POST", { figures: [figure({ value: 2 })] }));
    expect((await request("/v1/audit/verify")).status).toBe(401);
    expect((await request("/v1/audit/verify", { token: analyst })).status).toBe(403);
    const res = await request("/v1/audit/verify", { token: admin });
    expect(res.status).toBe(200);
    const ok = await res.json();
    expect(ok).toMatchObject({ ok: true, entries: 3, firstMismatch: null, head: { id: 3 } });

    const cli = await runCocaProcess("--db", path, "audit", "verify", "--json");
    expect(cli.code).toBe(0);
    expect(JSON.parse(cli.stdout)).toMatchObject({ ok: true, entries: 3, head: ok.head });
    const anchoredRun = await runCocaProcess("--db", path, "audit", "verify", "--expect-head", ok.head.hash);
    expect(anchoredRun.code).toBe(0);
    expect(anchoredRun.stdout).toBe(`audit log verified: 3 entries, head entry 3 ${ok.head.hash} (the anchored head is entry 3, 0 entries ago)\n`);

    // Someone with the store file rewrites entry 2's outcome (dropping and restoring the update trigger).
    const raw = new SQLite(path);
    raw.exec("drop trigger audit_log_no_update");
    raw.exec("update audit_log set outcome = 'success', status = 201 where id = 2");
    raw.exec("create trigger audit_log_no_update before update on audit_log begin select raise(abort, 'audit_log is append-only'); end");
    raw.close();
    const bad = await (await request("/v1/audit/verify", { token: admin })).json();
    expect(bad).toMatchObject({ ok: false, firstMismatch: { id: 2, reason: "entry 2 was rewritten or forged: its content does not match its hash" } });
    const cliBad = await runCocaProcess("--db", path, "audit", "verify");
    expect(cliBad.code).toBe(3);
    expect(cliBad.stderr).toContain(`audit log of store ${path} does not verify: entry 2 was rewritten or forged`);
    await store.close();
  });

  it("an anchored head that is no longer in the chain fails coca audit verify --expect-head", async () => {
    const path = join(dir, "anchor.db");
    const store = await openSqliteStore(path);
    await store.auth.appendAudit({ actor: "a", actorRole: null, method: "POST", path: "/", action: "x", outcome: "success", status: 200 });
    await store.close();
    const run = await runCocaProcess("--db", path, "audit", "verify", "--expect-head", "f".repeat(64));
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/the anchored head ffffffffffff\.\.\. is not in the chain/);
  });
});
