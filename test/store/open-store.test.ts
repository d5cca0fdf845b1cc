/**
 * Choosing the store from `--db` / `COCA_DB`: a file path is SQLite, a postgres:// URL is PostgreSQL, any other
 * scheme is refused (exit 2) instead of becoming a file named after it; a PostgreSQL server that does not answer,
 * or a database that does not exist, is a clear error (exit 3) and creates no file.
 */
import { PG_MIGRATIONS } from "../../src/store/postgres/migrations/index.ts";
import { describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { InputError } from "../../src/domain/errors.ts";
import { openStore, parseStoreLocation, redactUrl, resolveStoreLocation } from "../../src/store/open-store.ts";
import { projectRoot, type Run } from "../support/cli.ts";
import { createTestDatabase, pgQuery, pgSkipReason, pgUrlFor } from "./pg-server.ts";

const pgReason = await pgSkipReason();

/** `node bin/coca.js ARGS` in an empty temporary folder, to see what files it leaves there. */
async function cocaIn(dir: string, env: Record<string, string>, ...args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [join(projectRoot, "bin", "coca.js"), ...args],
      { cwd: dir, env: { ...process.env, COCA_DB: "", ...env } },
      (error, stdout, stderr) => done({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

describe("store location", () => {
  it("takes paths as SQLite and postgres URLs as PostgreSQL", () => {
    expect(parseStoreLocation("store.db")).toEqual({ kind: "sqlite", path: "store.db" });
    expect(parseStoreLocation(":memory:")).toEqual({ kind: "sqlite", path: ":memory:" });
    expect(parseStoreLocation("C:/data/coca.db")).toEqual({ kind: "sqlite", path: "C:/data/coca.db" });
    expect(parseStoreLocation("postgres://u:p@h/db")).toEqual({ kind: "postgres", url: "postgres://u:p@h/db" });
    expect(parseStoreLocation("POSTGRESQL://h:5433/db")).toEqual({ kind: "postgres", url: "POSTGRESQL://h:5433/db" });
    expect(resolveStoreLocation("rel/store.db", {})).toEqual({ kind: "sqlite", path: resolve("rel/store.db") });
    expect(resolveStoreLocation(undefined, { COCA_DB: "postgres://h/db" })).toEqual({ kind: "postgres", url: "postgres://h/db" });
    expect(resolveStoreLocation(undefined, { XDG_DATA_HOME: "/x" })).toEqual({ kind: "sqlite", path: "/x/coca-monitor/coca.db" });
  });

  it("refuses other schemes, naming where the location came from, without showing a password", () => {
    for (const bad of ["mysql://u:secret@h/db", "file:store.db", "https://example.org/coca.db", "sqlite://x.db"]) {
      expect(() => parseStoreLocation(bad)).toThrow(InputError);
    }
    expect(() => resolveStoreLocation(undefined, { COCA_DB: "mysql://u:secret@h/db" })).toThrow(
      /^COCA_DB 'mysql:\/\/u:\*\*\*@h\/db': unsupported store scheme 'mysql:'/,
    );
    expect(redactUrl("postgres://coca:s3cr3t@db.example:5432/coca")).toBe("postgres://coca:***@db.example:5432/coca");
    expect(redactUrl("postgres://db.example/coca")).toBe("postgres://db.example/coca");
  });

  it("coca refuses an unknown scheme with exit 2 and leaves no file behind", async () => {
    const dir = mkdtempSync(join(tmpdir(), "coca-open-"));
    try {
      const run = await cocaIn(dir, { COCA_DB: "mysql://root@127.0.0.1/coca" }, "figures", "list", "--json");
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/unsupported store scheme 'mysql:'/);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("coca answers exit 3 with a clear message when no PostgreSQL server answers, and creates no file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "coca-open-"));
    try {
      const run = await cocaIn(dir, {}, "--db", "postgres://coca:hunter2@127.0.0.1:1/coca", "figures", "list", "--json");
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/cannot open PostgreSQL store postgres:\/\/coca:\*\*\*@127\.0\.0\.1:1\/coca: .*ECONNREFUSED/);
      expect(run.stderr).not.toMatch(/hunter2/);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(pgReason !== undefined)(`a database that does not exist is a DataError${pgReason ? ` (skipped: ${pgReason})` : ""}`, async () => {
    await expect(openStore(pgUrlFor("coca_no_such_database_x"))).rejects.toThrow(/cannot open PostgreSQL store .*does not exist/);
  });

  it.skipIf(pgReason !== undefined)(
    `coca reports a login the server refuses with exit 3 and creates no file${pgReason ? ` (skipped: ${pgReason})` : ""}`,
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "coca-open-"));
      try {
        const url = new URL(pgUrlFor("postgres"));
        url.username = "coca_no_such_role";
        url.password = "hunter2";
        const run = await cocaIn(dir, {}, "--db", url.toString(), "figures", "list", "--json");
        expect(run.code).toBe(3);
        expect(run.stderr).toMatch(/cannot open PostgreSQL store postgres:\/\/coca_no_such_role:\*\*\*@.*role "coca_no_such_role" does not exist/);
        expect(run.stderr).not.toMatch(/hunter2/);
        expect(readdirSync(dir)).toEqual([]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it.skipIf(pgReason !== undefined)(
    `several openers of a new PostgreSQL store at once (three pools) migrate it once${pgReason ? ` (skipped: ${pgReason})` : ""}`,
    async () => {
      const db = await createTestDatabase("coca_open_race");
      try {
        const stores = await Promise.all([openStore(db.url), openStore(db.url), openStore(db.url)]);
        expect(await Promise.all(stores.map((s) => s.figures.count()))).toEqual([0, 0, 0]);
        await Promise.all(stores.map((s) => s.close()));
        const versions = await pgQuery(db.url, "select version from schema_migrations order by version");
        expect(versions.rows.map((r) => r.version)).toEqual(PG_MIGRATIONS.map((m) => m.version));
      } finally {
        await db.drop();
      }
    },
  );
});
