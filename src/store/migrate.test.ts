import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import { ConflictError } from "../domain/errors.ts";
import { sha256 } from "../io/checksum.ts";
import { codeSchemaVersion, migrate, storeSchemaVersion } from "./migrate.ts";
import { MIGRATIONS } from "./migrations/index.ts";
import type { Database } from "./schema.ts";
import { openSqliteStore } from "./sqlite-store.ts";

function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "coca-migrate-"));
  return fn(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

/** A raw connection, in WAL mode as `openSqliteStore` leaves every store. */
function open(path: string): Kysely<Database> {
  const raw = new SQLite(path);
  raw.pragma("journal_mode = WAL");
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });
}

describe("migrate", () => {
  it("brings a store written by an older version up to date, keeping its data", async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, "old.db");
      // An "older Coca Monitor": it knew only migration 1 (the figures registry).
      const older = open(path);
      expect(await migrate(older, { location: path, migrations: MIGRATIONS.slice(0, 1) })).toEqual([1]);
      await older
        .insertInto("figures")
        .values({
          country: "BOL",
          region: "national",
          region_kind: "national",
          year: 2017,
          metric: "cultivation_ha",
          value: 31000,
          unit: "ha",
          source: "ONDCP",
          source_family: "US",
          source_raw: "ONDCP",
          source_term: "coca_cultivation",
          published: "2019",
          publication_title: "ONDCP release on Bolivia coca (2019)",
          citation: "ONDCP release on Bolivia coca (2019); https://x",
          citation_kind: "primary",
          notes: "",
          origin: "test",
          imported_at: "2019-01-01T00:00:00Z",
        })
        .execute();
      await older.destroy();

      const store = await openSqliteStore(path);
      try {
        expect((await store.figures.list({ country: "BOL" })).map((f) => f.value)).toEqual([31000]);
      } finally {
        await store.close();
      }
      const db = open(path);
      try {
        expect(await storeSchemaVersion(db)).toBe(codeSchemaVersion(MIGRATIONS));
        const applied = await db.selectFrom("schema_migrations").select("version").orderBy("version").execute();
        expect(applied.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version).sort((a, b) => a - b));
      } finally {
        await db.destroy();
      }
    });
  });

  it("refuses a store newer than the code with a clear message, and leaves it untouched", async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, "newer.db");
      const db = open(path);
      await migrate(db, { location: path, migrations: MIGRATIONS });
      const future = codeSchemaVersion(MIGRATIONS) + 1;
      await db.insertInto("schema_migrations").values({ version: future, name: "from the future", applied_at: "2099-01-01T00:00:00Z" }).execute();
      await db.destroy();
      const before = sha256(readFileSync(path));

      const error = await openSqliteStore(path).then(
        async (s) => {
          await s.close();
          return undefined;
        },
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ConflictError);
      expect((error as Error).message).toMatch(
        new RegExp(`schema version ${future}, newer than this Coca Monitor understands \\(up to ${codeSchemaVersion(MIGRATIONS)}\\)`),
      );
      expect(sha256(readFileSync(path))).toBe(before);
    });
  });

  it("applies nothing to a store that is up to date", async () => {
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(":memory:") }) });
    try {
      expect(await migrate(db, { location: ":memory:", migrations: MIGRATIONS })).toEqual(MIGRATIONS.map((m) => m.version).sort((a, b) => a - b));
      expect(await migrate(db, { location: ":memory:", migrations: MIGRATIONS })).toEqual([]);
    } finally {
      await db.destroy();
    }
  });
});
