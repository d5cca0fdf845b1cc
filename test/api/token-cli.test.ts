import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/main.ts";
import { openSqliteStore } from "../../src/store/sqlite-store.ts";

/** Run `coca ARGS` in-process; returns the exit code and what went to stdout/stderr. */
async function coca(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const so = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
  const se = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => ((err += String(chunk)), true));
  try {
    const code = await main(args);
    return { code, out, err };
  } finally {
    so.mockRestore();
    se.mockRestore();
  }
}

describe("coca token", () => {
  const dir = mkdtempSync(join(tmpdir(), "coca-token-cli-"));
  const db = join(dir, "coca.db");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("creates (shown once), lists and revokes tokens, as JSON and as a table", async () => {
    const created = await coca(["--db", db, "token", "create", "--role", "analyst", "--name", "ci bot", "--json"]);
    expect(created.code).toBe(0);
    const token = JSON.parse(created.out);
    expect(token).toMatchObject({ name: "ci bot", role: "analyst", revokedAt: null });
    expect(token.token).toMatch(new RegExp(`^coca_${token.id}_`));

    const store = await openSqliteStore(db);
    try {
      expect((await store.auth.verifyToken(token.token))?.id).toBe(token.id);
    } finally {
      await store.close();
    }

    const listed = await coca(["--db", db, "token", "list", "--json"]);
    expect(JSON.parse(listed.out).tokens).toEqual([expect.objectContaining({ id: token.id, role: "analyst" })]);
    expect(listed.out).not.toContain(token.token);
    const table = await coca(["--db", db, "token", "list"]);
    expect(table.out).toMatch(/^id\s+name\s+role/);
    expect(table.out).toContain("ci bot");

    const revoked = await coca(["--db", db, "token", "revoke", token.id, "--json"]);
    expect(JSON.parse(revoked.out).revokedAt).not.toBeNull();
    const again = await openSqliteStore(db);
    try {
      expect(await again.auth.verifyToken(token.token)).toBeUndefined();
    } finally {
      await again.close();
    }
  });

  it("refuses an unknown role (exit 2) and an unknown id (exit 4)", async () => {
    const bad = await coca(["--db", db, "token", "create", "--role", "root"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/unknown --role root \(expected one of viewer, analyst, admin\)/);
    const missing = await coca(["--db", db, "token", "revoke", "nosuchtoken0"]);
    expect(missing.code).toBe(4);
    expect(missing.err).toMatch(/no API token with id nosuchtoken0/);
  });
});
