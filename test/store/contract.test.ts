/**
 * The store contract: one suite, run against every store kind (SQLite always; PostgreSQL + PostGIS when a
 * server answers, each run in its own fresh database; under CI=true a missing server fails the suite).
 * Every store is opened through `openStore(location)`, as the CLI and the API open it.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import SQLite from "better-sqlite3";
import pg from "pg";
import { Kysely, PostgresDialect, SqliteDialect, sql } from "kysely";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConflictError, InputError, NotFoundError } from "../../src/domain/errors.ts";
import { codeSchemaVersion, migrate, storeSchemaVersion, type Migration } from "../../src/store/migrate.ts";
import { MIGRATIONS } from "../../src/store/migrations/index.ts";
import { PG_MIGRATIONS } from "../../src/store/postgres/migrations/index.ts";
import { openStore } from "../../src/store/open-store.ts";
import type { Database } from "../../src/store/schema.ts";
import type { Store } from "../../src/store/store.ts";
import type { NewSurvey } from "../../src/store/survey-repository.ts";
import { fig } from "../support/figures.ts";
import { surveyConfigFixture, surveyProvenanceFixture, surveyResultsFixture } from "../support/survey-record.ts";
import { createTestDatabase, pgSkipReason } from "./pg-server.ts";

/** One empty store location of a kind, with a raw connection to the same database for what the store does not expose. */
interface Backend {
  location: string;
  migrations: readonly Migration[];
  raw(): Kysely<Database>;
  cleanup(): Promise<void>;
}

const pgReason = await pgSkipReason();

const KINDS: { kind: string; skip: string | undefined; create(): Promise<Backend> }[] = [
  {
    kind: "sqlite",
    skip: undefined,
    async create() {
      const dir = mkdtempSync(join(tmpdir(), "coca-contract-"));
      const path = join(dir, "store.db");
      return {
        location: path,
        migrations: MIGRATIONS,
        raw: () => new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(path) }) }),
        cleanup: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  },
  {
    kind: "postgres",
    skip: pgReason,
    async create() {
      const db = await createTestDatabase("coca_contract");
      return {
        location: db.url,
        migrations: PG_MIGRATIONS,
        raw: () => {
          const pool = new pg.Pool({ connectionString: db.url, max: 1 });
          pool.on("error", () => {}); // the database is dropped WITH (FORCE) at the end
          return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
        },
        cleanup: () => db.drop(),
      };
    },
  },
];

function survey(overrides: Partial<NewSurvey> = {}): NewSurvey {
  const square = (x: number, y: number) => ({
    type: "Polygon",
    coordinates: [
      [
        [x, y],
        [x + 0.01, y],
        [x + 0.01, y + 0.01],
        [x, y + 0.01],
        [x, y],
      ],
    ],
  });
  return {
    name: "contract",
    country: "PER",
    year: 2024,
    simulated: true,
    createdAt: "2026-11-28T00:00:00.000Z",
    config: surveyConfigFixture({ seed: 1 }),
    provenance: surveyProvenanceFixture(),
    results: surveyResultsFixture({ headline: "x" }),
    estimates: [
      { region: "total", className: "coca", areaHa: 100, areaSeHa: 10, ciLowHa: 80.4, ciHighHa: 119.6, mapAreaHa: 90 },
      { region: "A", className: "coca", areaHa: 60.125, areaSeHa: null, ciLowHa: null, ciHighHa: null, mapAreaHa: null },
    ],
    fields: Array.from({ length: 30 }, (_, i) => ({
      fieldId: i + 1,
      className: i % 3 === 0 ? "other" : "coca",
      // Fields of older surveys have no class code nor pixel count (null); newer ones keep both.
      classCode: i < 20 ? (i % 3 === 0 ? 2 : 1) : null,
      areaHa: 1 + i / 7,
      pixelCount: i < 20 ? 100 + i : null,
      region: i < 15 ? "A" : null,
      bbox: [-75 + i * 0.1, -9, -75 + i * 0.1 + 0.01, -9 + 0.01] as [number, number, number, number],
      geometry: square(-75 + i * 0.1, -9),
    })),
    artifacts: [
      { name: "classes.tif", mediaType: "image/tiff", bytes: new Uint8Array([1, 2, 3, 0, 255]) },
      { name: "sample.csv", mediaType: "text/csv", bytes: new TextEncoder().encode("id,class\n1,coca\n") },
    ],
    ...overrides,
  };
}

for (const { kind, skip, create } of KINDS) {
  describe.skipIf(skip !== undefined)(`store contract: ${kind}${skip ? ` (skipped: ${skip})` : ""}`, () => {
    let backend: Backend;
    let store: Store;
    beforeEach(async () => {
      backend = await create();
      store = await openStore(backend.location);
    });
    afterEach(async () => {
      await store?.close();
      await backend.cleanup();
    });

    describe("figures", () => {
      it("answers the latest vintage by default, every vintage on request, and the revisions", async () => {
        await store.figures.importFigures([fig({}), fig({ value: 2, published: "2021" }), fig({ year: 2016, value: 3 })], { origin: "t" });
        expect((await store.figures.list({ country: "bo", year: 2017 })).map((f) => [f.value, f.published])).toEqual([[2, "2021"]]);
        expect((await store.figures.list({ country: "BOL", year: 2017, allVintages: true })).map((f) => f.published)).toEqual(["2018", "2021"]);
        expect((await store.figures.list({ country: "BOL", from: 2016, to: 2016 })).map((f) => f.value)).toEqual([3]);
        expect((await store.figures.revisions({})).map((f) => f.published)).toEqual(["2018", "2021"]);
        expect(await store.figures.list({ country: "BOL", year: 2017, published: "2018" })).toEqual([fig({ sourceRaw: "UNODC" })]);
      });

      it("sorts national first, then regions in byte order, whatever the server's collation", async () => {
        const regions = ["Zeta", "apurimac", "Érea", "national", "Yungas", "Alto Huallaga"];
        await store.figures.importFigures(
          regions.map((region) => fig({ region, regionKind: region === "national" ? "national" : "department" })),
          { origin: "t" },
        );
        expect((await store.figures.list({})).map((f) => f.region)).toEqual(["national", "Alto Huallaga", "Yungas", "Zeta", "apurimac", "Érea"]);
      });

      it("matches sources by short name or exact string, case-insensitively", async () => {
        await store.figures.importFigures([fig({ source: "INCSR", sourceRaw: "USG (INCSR)" })], { origin: "t" });
        expect(await store.figures.list({ source: "incsr" })).toHaveLength(1);
        expect(await store.figures.list({ source: "usg (incsr)" })).toHaveLength(1);
        expect(await store.figures.list({ source: "UNODC" })).toHaveLength(0);
      });

      it("imports idempotently and atomically: a conflicting value refuses the whole import", async () => {
        expect((await store.figures.importFigures([fig({})], { origin: "a", sha256: "ab" })).inserted).toHaveLength(1);
        expect(await store.figures.importFigures([fig({}), fig({})], { origin: "a" })).toEqual({ inserted: [], unchanged: 2 });
        await expect(store.figures.importFigures([fig({ year: 2018 }), fig({ value: 9 })], { origin: "b" })).rejects.toThrow(InputError);
        expect(await store.figures.count()).toBe(1);
        expect(await store.figures.imports()).toEqual([{ origin: "a", sha256: "ab", rows: 1, inserted: 1, unchanged: 0, importedAt: expect.any(String) }]);
        expect(await store.figures.conflicts([fig({ value: 9 }), fig({})])).toEqual([
          expect.objectContaining({ index: 0, existing: expect.objectContaining({ value: 1 }) }),
        ]);
      });

      it("deletes only with a filter and a reason, and logs each removed row", async () => {
        await store.figures.importFigures([fig({}), fig({ year: 2016, value: 44000.5 })], { origin: "t" });
        await expect(store.figures.deleteFigures({}, { reason: "all" })).rejects.toThrow(/at least one filter/);
        await expect(store.figures.deleteFigures({ year: 2016 }, { reason: " " })).rejects.toThrow(/reason is required/);
        expect((await store.figures.deleteFigures({ year: 2016 }, { reason: "typo" })).map((f) => f.value)).toEqual([44000.5]);
        expect(await store.figures.count()).toBe(1);
        expect(await store.figures.deletions()).toEqual([
          { figure: fig({ year: 2016, value: 44000.5, sourceRaw: "UNODC" }), figureId: expect.any(Number), reason: "typo", deletedAt: expect.any(String) },
        ]);
      });
    });

    describe("surveys", () => {
      it("stores a survey with estimates, fields and artifacts and reads it back unchanged", async () => {
        const s = survey();
        const id = await store.surveys.save(s);
        const other = await store.surveys.save(survey({ name: "real", simulated: false }));
        expect(other).toBeGreaterThan(id);
        const got = await store.surveys.get(id);
        expect(got).toMatchObject({ id, name: "contract", country: "PER", year: 2024, simulated: true, createdAt: s.createdAt, fieldCount: 30 });
        expect(got!.config).toEqual(s.config);
        expect(got!.provenance).toEqual(s.provenance);
        expect(got!.results).toEqual(s.results);
        expect(got!.estimates).toEqual([s.estimates[1], s.estimates[0]]);
        expect(got!.artifacts).toEqual([
          { name: "classes.tif", mediaType: "image/tiff", sha256: expect.stringMatching(/^[0-9a-f]{64}$/), sizeBytes: 5 },
          { name: "sample.csv", mediaType: "text/csv", sha256: expect.stringMatching(/^[0-9a-f]{64}$/), sizeBytes: 16 },
        ]);
        expect(Array.from((await store.surveys.artifact(id, "classes.tif"))!.bytes)).toEqual([1, 2, 3, 0, 255]);
        expect(await store.surveys.artifact(id, "nope")).toBeUndefined();
        expect((await store.surveys.get(other))!.simulated).toBe(false);
        expect((await store.surveys.list()).map((x) => [x.id, x.simulated])).toEqual([
          [id, true],
          [other, false],
        ]);
        expect(await store.surveys.get(other + 100)).toBeUndefined();
        expect(await store.surveys.count()).toBe(2);
      });

      it("pages fields, filters them by class and by bounding box, and answers their shapes as written", async () => {
        const s = survey();
        const id = await store.surveys.save(s);
        const page = await store.surveys.fields(id, { limit: 10, offset: 5 });
        expect(page.total).toBe(30);
        expect(page.fields.map((f) => f.fieldId)).toEqual([6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
        expect(page.fields[0]).toEqual(s.fields[5]);
        const all = await store.surveys.fields(id, { limit: 100, offset: 0 });
        expect(all.fields).toEqual(s.fields);
        const others = await store.surveys.fields(id, { className: "other", limit: 100, offset: 0 });
        expect(others.fields.map((f) => f.fieldId)).toEqual([1, 4, 7, 10, 13, 16, 19, 22, 25, 28]);
        // Fields 3..5 lie at lon -74.8..-74.59; the box touches field 3's west edge... and stops inside field 5.
        const box = await store.surveys.fields(id, { bbox: [-74.805, -8.995, -74.595, -8.9], limit: 100, offset: 0 });
        expect(box.fields.map((f) => f.fieldId)).toEqual([3, 4, 5]);
        expect(box.total).toBe(3);
        const south = await store.surveys.fields(id, { bbox: [-76, -10, -70, -9.5], limit: 100, offset: 0 });
        expect(south.total).toBe(0);
      });

      it("deletes a survey with everything stored with it, after logging it", async () => {
        const id = await store.surveys.save(survey());
        const kept = await store.surveys.save(survey({ name: "kept" }));
        expect(await store.surveys.delete(id, { reason: "wrong scene", actor: "tok1" })).toMatchObject({ id, name: "contract", simulated: true });
        expect(await store.surveys.delete(id, { reason: "again", actor: "tok1" })).toBeUndefined();
        expect(await store.surveys.get(id)).toBeUndefined();
        expect((await store.surveys.fields(id, { limit: 10, offset: 0 })).total).toBe(0);
        expect(await store.surveys.artifact(id, "classes.tif")).toBeUndefined();
        expect((await store.surveys.get(kept))!.fieldCount).toBe(30);
        expect(await store.surveys.deletions()).toEqual([
          {
            id,
            name: "contract",
            country: "PER",
            year: 2024,
            simulated: true,
            createdAt: "2026-11-28T00:00:00.000Z",
            deletedAt: expect.any(String),
            reason: "wrong scene",
            actor: "tok1",
          },
        ]);
      });

      it("stores nothing of a survey whose write fails", async () => {
        const bad = survey({ fields: [...survey().fields, { ...survey().fields[0]! }] });
        await expect(store.surveys.save(bad)).rejects.toThrow();
        expect(await store.surveys.count()).toBe(0);
      });
    });

    describe("tokens and audit log", () => {
      it("creates, verifies, lists and revokes tokens", async () => {
        const t0 = new Date("2026-01-01T00:00:00Z");
        const { token, secret } = await store.auth.createToken({ role: "analyst", name: " Ana ", now: t0 });
        const { token: admin } = await store.auth.createToken({ role: "admin", now: new Date("2026-01-02T00:00:00Z") });
        expect(token).toEqual({
          id: expect.stringMatching(/^[a-z0-9]{12}$/),
          name: "Ana",
          role: "analyst",
          createdAt: t0.toISOString(),
          revokedAt: null,
          lastUsedAt: null,
        });
        expect((await store.auth.verifyToken(secret, new Date("2026-01-03T00:00:00Z")))?.lastUsedAt).toBe("2026-01-03T00:00:00.000Z");
        expect(await store.auth.verifyToken(secret.slice(0, -1) + (secret.endsWith("A") ? "B" : "A"))).toBeUndefined();
        expect((await store.auth.listTokens()).map((t) => t.id)).toEqual([admin.id, token.id]);
        const revoked = await store.auth.revokeToken(token.id, new Date("2026-01-04T00:00:00Z"));
        expect(revoked.revokedAt).toBe("2026-01-04T00:00:00.000Z");
        expect((await store.auth.revokeToken(token.id)).revokedAt).toBe("2026-01-04T00:00:00.000Z");
        expect(await store.auth.verifyToken(secret)).toBeUndefined();
        await expect(store.auth.getToken("nosuchtoken0")).rejects.toThrow(NotFoundError);
        await expect(store.auth.createToken({ role: "root" as never })).rejects.toThrow(InputError);
      });

      it("appends to the audit log, lists it newest first, and refuses to change or delete it", async () => {
        for (let i = 0; i < 3; i++) {
          await store.auth.appendAudit({
            actor: i === 1 ? "anonymous" : "tok",
            actorRole: i === 1 ? null : "admin",
            method: "POST",
            path: `/v1/x/${i}`,
            action: `a.${i}`,
            outcome: "success",
            status: 201,
          });
        }
        const { entries, total } = await store.auth.listAudit({ limit: 2 });
        expect(total).toBe(3);
        expect(entries.map((e) => e.path)).toEqual(["/v1/x/2", "/v1/x/1"]);
        expect(entries[1]).toEqual({
          id: expect.any(Number),
          at: expect.any(String),
          actor: "anonymous",
          actorRole: null,
          method: "POST",
          path: "/v1/x/1",
          action: "a.1",
          target: null,
          outcome: "success",
          status: 201,
          detail: null,
        });
        expect((await store.auth.listAudit({ actor: "tok" })).total).toBe(2);
        const raw = backend.raw();
        try {
          await expect(sql`update audit_log set actor = 'forged'`.execute(raw)).rejects.toThrow(/append-only/);
          await expect(sql`delete from audit_log`.execute(raw)).rejects.toThrow(/append-only/);
        } finally {
          await raw.destroy();
        }
        expect((await store.auth.listAudit({ actor: "forged" })).total).toBe(0);
        expect((await store.auth.listAudit()).total).toBe(3);
      });
    });

    describe("schema versions", () => {
      it("migrates an older store when it is opened, keeping its rows", async () => {
        await store.close();
        await backend.cleanup();
        backend = await create();
        const raw = backend.raw();
        try {
          await migrate(raw, { location: backend.location, migrations: backend.migrations.filter((m) => m.version === 1) });
          await store_figure(raw);
        } finally {
          await raw.destroy();
        }
        store = await openStore(backend.location);
        expect((await store.figures.list({ country: "BOL" })).map((f) => f.value)).toEqual([31000]);
        expect(await store.surveys.count()).toBe(0);
        const after = backend.raw();
        try {
          expect(await storeSchemaVersion(after)).toBe(codeSchemaVersion(backend.migrations));
        } finally {
          await after.destroy();
        }
      });

      it("refuses a store newer than the code", async () => {
        await store.close();
        const raw = backend.raw();
        const future = codeSchemaVersion(backend.migrations) + 1;
        try {
          await raw.insertInto("schema_migrations").values({ version: future, name: "from the future", applied_at: "2099-01-01T00:00:00Z" }).execute();
        } finally {
          await raw.destroy();
        }
        const error = await openStore(backend.location).then(
          async (s) => {
            await s.close();
            return undefined;
          },
          (e: unknown) => e,
        );
        store = undefined as unknown as Store;
        expect(error).toBeInstanceOf(ConflictError);
        expect((error as Error).message).toMatch(new RegExp(`schema version ${future}, newer than this Coca Monitor understands`));
      });

      it("has the same migration versions and names on both stores", () => {
        expect(PG_MIGRATIONS.map((m) => [m.version, m.name])).toEqual(MIGRATIONS.map((m) => [m.version, m.name]));
      });
    });
  });
}

async function store_figure(raw: Kysely<Database>): Promise<void> {
  await raw
    .insertInto("figures")
    .values({
      country: "BOL",
      region: "national",
      region_kind: "national",
      year: 2019,
      metric: "cultivation_ha",
      value: 31000,
      unit: "ha",
      source: "UNODC",
      source_family: "UN",
      source_raw: "UNODC",
      source_term: "coca_cultivation",
      published: "2020",
      publication_title: "t",
      citation: "c",
      citation_kind: "primary",
      notes: "",
      origin: "test",
      imported_at: "2020-01-01T00:00:00Z",
    })
    .execute();
}
