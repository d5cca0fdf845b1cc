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
        expect(await store.figures.importFigures([fig({}), fig({})], { origin: "a" })).toEqual({ inserted: [], unchanged: 2, citationsAdded: 0 });
        await expect(store.figures.importFigures([fig({ year: 2018 }), fig({ value: 9 })], { origin: "b" })).rejects.toThrow(InputError);
        expect(await store.figures.count()).toBe(1);
        expect(await store.figures.imports()).toEqual([{ origin: "a", sha256: "ab", rows: 1, inserted: 1, unchanged: 0, importedAt: expect.any(String) }]);
        expect(await store.figures.conflicts([fig({ value: 9 }), fig({})])).toEqual([
          expect.objectContaining({ index: 0, existing: expect.objectContaining({ value: 1 }) }),
        ]);
      });

      it("keeps another citation of the same identity, vintage and value as an additional citation of the one latest row", async () => {
        await store.figures.importFigures([fig({})], { origin: "a" });
        const repost = { publicationTitle: "UNODC survey (repost)", citation: "UNODC survey; https://docslib.org/x", citationKind: "repost" as const };
        const second = await store.figures.importFigures([fig({ ...repost })], { origin: "b" });
        expect(second).toEqual({ inserted: [], unchanged: 1, citationsAdded: 1 });
        expect(await store.figures.list({ country: "BOL", year: 2017 })).toEqual([fig({ sourceRaw: "UNODC", additionalCitations: [repost] })]);
        expect(await store.figures.list({ country: "BOL", year: 2017, allVintages: true })).toHaveLength(1);
        expect(await store.figures.count()).toBe(1);
        // Again, or with the figure's own citation: nothing new.
        expect((await store.figures.importFigures([fig({ ...repost }), fig({})], { origin: "c" })).citationsAdded).toBe(0);
        // Another value for the same identity and vintage is still refused, whatever its citation.
        await expect(store.figures.importFigures([fig({ value: 2, citation: "d" })], { origin: "d" })).rejects.toThrow(InputError);
        // A new vintage is a new row; its own citations are its own.
        await store.figures.importFigures([fig({ published: "2019", value: 1, additionalCitations: [repost] })], { origin: "e" });
        expect((await store.figures.list({ country: "BOL", year: 2017 })).map((f) => [f.published, f.additionalCitations?.length])).toEqual([["2019", 1]]);
        expect((await store.figures.imports()).map((r) => r.origin)).toEqual(["a", "b", "e"]);
        const removed = await store.figures.deleteFigures({ year: 2017, published: "2018" }, { reason: "test" });
        expect(removed[0]!.additionalCitations).toEqual([repost]);
        expect((await store.figures.deletions())[0]!.figure.additionalCitations).toEqual([repost]);
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
        await store.labels.assign(id, [{ unitId: "u1", interpreter: "ana", position: 1, double: false }]);
        await store.labels.assign(kept, [{ unitId: "u1", interpreter: "ana", position: 1, double: false }]);
        expect(await store.surveys.delete(id, { reason: "wrong scene", actor: "tok1" })).toMatchObject({ id, name: "contract", simulated: true });
        // Its interpreters' assignments went with it; the other survey's stay.
        expect(await store.labels.assignments(id)).toEqual([]);
        expect(await store.labels.assignments(kept)).toHaveLength(1);
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

    describe("survey geometries: regions, sample points, tile index", () => {
      const square = (x: number, y: number, d: number) => ({
        type: "Polygon",
        coordinates: [
          [
            [x, y],
            [x + d, y],
            [x + d, y + d],
            [x, y + d],
            [x, y],
          ],
        ],
      });
      // An L-shaped region whose bounding box covers (-74.5, -9.5) though its shape does not.
      const ell = {
        type: "Polygon",
        coordinates: [
          [
            [-75, -10],
            [-74, -10],
            [-74, -9.9],
            [-74.9, -9.9],
            [-74.9, -9],
            [-75, -9],
            [-75, -10],
          ],
        ],
      };
      const geometries = {
        regions: [
          { regionId: 1, name: "Ell", bbox: [-75, -10, -74, -9] as [number, number, number, number], geometry: ell },
          { regionId: 2, name: "North", bbox: [-74, -8, -73, -7] as [number, number, number, number], geometry: square(-74, -8, 1) },
        ],
        samplePoints: Array.from({ length: 12 }, (_, i) => ({
          unitId: `u${String(i + 1).padStart(3, "0")}`,
          stratum: i % 2 === 0 ? "coca" : "other",
          mapClass: i % 2 === 0 ? "coca" : "other",
          lon: -75 + i * 0.1,
          lat: -9.5,
          properties: { unit_id: `u${String(i + 1).padStart(3, "0")}`, inclusion_probability: 0.001 * (i + 1) },
        })),
        tiles: [0, 1].flatMap((row) =>
          [0, 1].map((col) => ({
            tileCol: col,
            tileRow: row,
            window: { x0: col * 512, y0: row * 512, x1: col * 512 + 512, y1: row * 512 + 512 },
            bbox: [-75 + col * 0.5, -9.5 - row * 0.5, -74.5 + col * 0.5, -9 - row * 0.5] as [number, number, number, number],
            geometry: square(-75 + col * 0.5, -9.5 - row * 0.5, 0.5),
          })),
        ),
      };

      it("stores them with the survey and answers them as written, in order", async () => {
        const id = await store.surveys.save(survey({ geometries }));
        expect(await store.surveys.regions(id)).toEqual(geometries.regions);
        const page = await store.surveys.samplePoints(id, { limit: 5, offset: 2 });
        expect(page.total).toBe(12);
        expect(page.points).toEqual(geometries.samplePoints.slice(2, 7));
        expect(await store.surveys.tiles(id)).toEqual(geometries.tiles);
        const other = await store.surveys.save(survey({ name: "without" }));
        expect(await store.surveys.regions(other)).toEqual([]);
        expect((await store.surveys.samplePoints(other, { limit: 5, offset: 0 })).total).toBe(0);
      });

      it("filters them by bounding box", async () => {
        const id = await store.surveys.save(survey({ geometries }));
        const names = async (b: [number, number, number, number]) => (await store.surveys.regions(id, { bbox: b })).map((r) => r.name);
        expect(await names([-76, -11, -72, -6])).toEqual(["Ell", "North"]);
        expect(await names([-73.5, -7.5, -73.4, -7.4])).toEqual(["North"]);
        expect(await names([-70, -20, -69, -19])).toEqual([]);
        // Inside the L's bounding box but outside its shape: PostGIS compares shapes, SQLite bounding boxes.
        expect(await names([-74.6, -9.6, -74.4, -9.4])).toEqual(kind === "postgres" ? [] : ["Ell"]);
        const pts = await store.surveys.samplePoints(id, { bbox: [-74.85, -9.6, -74.55, -9.4], limit: 100, offset: 0 });
        expect(pts.points.map((p) => p.unitId)).toEqual(["u003", "u004", "u005"]);
        expect(pts.total).toBe(3);
        const tiles = await store.surveys.tiles(id, { bbox: [-74.4, -9.4, -74.3, -9.3] });
        expect(tiles.map((t) => [t.tileCol, t.tileRow])).toEqual([[1, 0]]);
      });

      it("deletes them with their survey", async () => {
        const id = await store.surveys.save(survey({ geometries }));
        await store.surveys.delete(id, { reason: "test", actor: "t" });
        expect(await store.surveys.regions(id)).toEqual([]);
        expect((await store.surveys.samplePoints(id, { limit: 10, offset: 0 })).total).toBe(0);
        expect(await store.surveys.tiles(id)).toEqual([]);
      });

      it("fills regions and sample points of surveys stored before version 9 from their artifacts", async () => {
        await store.close();
        await backend.cleanup();
        backend = await create();
        const before = backend.migrations.filter((m) => m.version < 9);
        const raw = backend.raw();
        try {
          await migrate(raw, { location: backend.location, migrations: before });
        } finally {
          await raw.destroy();
        }
        // Store a survey with the code of version 8: only its artifacts carry the regions and the sample.
        const old = await openStoreAt8(backend.location, kind);
        const regionsFile = { type: "FeatureCollection", features: [{ type: "Feature", properties: { dept: "Ell" }, geometry: ell }] };
        const sampleFile = {
          type: "FeatureCollection",
          features: [
            {
              type: "Feature",
              id: "u1",
              geometry: { type: "Point", coordinates: [-74.95, -9.5] },
              properties: { unit_id: "u1", stratum: "coca", map_class: "coca" },
            },
          ],
        };
        const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
        const config = { ...surveyConfigFixture({ seed: 1 }), regions: { path: "/r.geojson", nameField: "dept" } };
        const id = await old.save(
          survey({
            config,
            // No field rows: the repository of today writes columns of later versions (class_code, version 11).
            fields: [],
            artifacts: [
              { name: "regions.geojson", mediaType: "application/geo+json", bytes: enc(regionsFile) },
              { name: "sample.geojson", mediaType: "application/geo+json", bytes: enc(sampleFile) },
            ],
          }),
        );
        await old.close();
        store = await openStore(backend.location);
        expect(await store.surveys.regions(id)).toEqual([{ regionId: 1, name: "Ell", bbox: [-75, -10, -74, -9], geometry: ell }]);
        expect((await store.surveys.samplePoints(id, { limit: 10, offset: 0 })).points).toEqual([
          { unitId: "u1", stratum: "coca", mapClass: "coca", lon: -74.95, lat: -9.5, properties: { unit_id: "u1", stratum: "coca", map_class: "coca" } },
        ]);
      });

      it.skipIf(kind !== "postgres")("answers bbox queries with ST_Intersects on the GiST-indexed geometry (EXPLAIN)", async () => {
        const id = await store.surveys.save(survey({ geometries }));
        const raw = backend.raw();
        try {
          // A planner on a tiny table prefers a scan: forbid it, as it would on a table of thousands of rows.
          const plans: string[] = [];
          await raw.connection().execute(async (conn) => {
            await sql`set enable_seqscan = off`.execute(conn);
            for (const table of ["survey_regions", "survey_sample_points", "survey_tiles"]) {
              const r = await sql<{ "QUERY PLAN": string }>`explain select * from ${sql.table(table)} where survey_id = ${id}
                and ST_Intersects(geom, ST_MakeEnvelope(-76, -11, -72, -6, 4326))`.execute(conn);
              plans.push(r.rows.map((x) => x["QUERY PLAN"]).join("\n"));
            }
          });
          expect(plans[0]).toMatch(/Index Scan using survey_regions_geom|Bitmap Index Scan on survey_regions_geom/);
          expect(plans[1]).toMatch(/survey_sample_points_geom/);
          expect(plans[2]).toMatch(/survey_tiles_geom/);
          for (const p of plans) expect(p).toMatch(/geom && /);
        } finally {
          await raw.destroy();
        }
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

    describe("change survey labels", () => {
      it("appends labels to a change design awaiting labels, per date, and refuses to change or delete them", async () => {
        const analysis = (awaitingLabels: boolean) => ({
          name: "contract change",
          kind: "survey" as const,
          simulated: true,
          createdAt: "2026-11-28T00:00:00.000Z",
          fromLabel: "2023",
          toLabel: "2024",
          targetClass: "coca",
          headline: null,
          awaitingLabels,
          provenance: { codeVersion: "x", command: "contract", seed: 1, inputs: [], params: {} },
          result: { estimate: null, mappedTransitions: null, fields: null, categories: null, regions: null, truth: null },
          artifacts: [],
        });
        const design = await store.changes.save(analysis(true));
        const other = await store.changes.save(analysis(false));
        expect((await store.changes.list()).map((a) => [a.id, a.awaitingLabels])).toEqual([
          [design, true],
          [other, false],
        ]);
        const label = (unitId: string, period: "t1" | "t2", referenceClass: string) => ({
          unitId,
          period,
          referenceClass,
          interpreter: "ana",
          labelledAt: "2026-11-28T00:00:00.000Z",
          confidence: 0.9,
          comment: "",
          imagery: "",
          kind: "interpretation" as const,
          reason: "",
          simulated: false,
          origin: "contract",
        });
        const stored = await store.changeLabels.append(design, [label("u1", "t1", "coca"), label("u1", "t2", "other")]);
        expect(stored.map((l) => [l.unitId, l.period, l.referenceClass, l.surveyId])).toEqual([
          ["u1", "t1", "coca", design],
          ["u1", "t2", "other", design],
        ]);
        expect(await store.changeLabels.list(design)).toEqual(stored);
        // A survey with the same id has no labels of the change design's.
        expect(await store.labels.list(design)).toEqual([]);
        await store.changeLabels.assign(design, [{ unitId: "u1", interpreter: "ana", position: 1, double: false }]);
        expect(await store.changeLabels.assignments(design)).toEqual([{ unitId: "u1", interpreter: "ana", position: 1, double: false }]);
        await store.changeLabels.recordUses(design, "analysis 9", [{ unitId: "u1", period: "t1", labelId: stored[0]!.id }]);
        expect(await store.changeLabels.uses(design, "analysis 9")).toEqual([{ unitId: "u1", period: "t1", labelId: stored[0]!.id }]);
        await expect(store.changeLabels.append(other, [label("u1", "t1", "coca")])).rejects.toThrow(/not a change survey design awaiting labels/);
        await expect(store.changeLabels.append(999, [label("u1", "t1", "coca")])).rejects.toThrow(NotFoundError);
        const raw = backend.raw();
        try {
          await expect(sql`update change_labels set reference_class = 'forged'`.execute(raw)).rejects.toThrow(/append-only/);
          await expect(sql`delete from change_labels`.execute(raw)).rejects.toThrow(/append-only/);
          await expect(
            sql`insert into change_labels (analysis_id, unit_id, period, reference_class, interpreter, labelled_at, comment, imagery, kind, reason, simulated, origin, stored_at)
            values (${design}, 'u2', 'single', 'coca', 'ana', 'x', '', '', 'interpretation', '', 0, '', 'x')`.execute(raw),
          ).rejects.toThrow();
        } finally {
          await raw.destroy();
        }
        expect(await store.changeLabels.list(design)).toHaveLength(2);
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
        // Migration 10 reads the old "primary" kind by the rule: a citation without a URL is the producer's own document.
        expect((await store.figures.list({ country: "BOL" }))[0]!.citationKind).toBe("producer");
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

/** A survey repository over a store migrated only to version 8 (the code before the spatial tables). */
async function openStoreAt8(location: string, kind: string): Promise<{ save(s: NewSurvey): Promise<number>; close(): Promise<void> }> {
  const db =
    kind === "postgres"
      ? new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: location, max: 1 }) }) })
      : new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(location) }) });
  const { createSurveyRepository } = await import("../../src/store/survey-repository.ts");
  const { createPgSurveyRepository } = await import("../../src/store/postgres/pg-survey-repository.ts");
  const repo = kind === "postgres" ? createPgSurveyRepository(db) : createSurveyRepository(db);
  // Without `geometries` the save writes no spatial rows, as version 8's code did.
  return { save: (s) => repo.save({ ...s, geometries: undefined }), close: () => db.destroy() };
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
      publication_title: "UNODC Bolivia coca survey 2019",
      citation: "UNODC Bolivia coca survey 2019",
      citation_kind: "primary",
      notes: "",
      origin: "test",
      imported_at: "2020-01-01T00:00:00Z",
    })
    .execute();
}
