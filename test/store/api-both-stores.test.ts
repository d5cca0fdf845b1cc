/**
 * The API answers the same bytes on both stores: a survey's detail, its fields by bounding box (ST_Intersects on
 * PostGIS, four columns on SQLite) and pages, and the figures list, on SQLite and on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/api/app.ts";
import { openStore } from "../../src/store/open-store.ts";
import type { Store } from "../../src/store/store.ts";
import { fig } from "../support/figures.ts";
import { smallSurvey } from "../api/support.ts";
import pg from "pg";
import { createTestDatabase, pgSkipReason } from "./pg-server.ts";

const pgReason = await pgSkipReason();

const PATHS = [
  "/v1/surveys/1",
  "/v1/surveys/1/fields?bbox=-67.05,-16.06,-67.021,-16.031",
  "/v1/surveys/1/fields?bbox=-67.035,-16.045,-67.0,-16.0&limit=3&offset=2",
  "/v1/surveys/1/fields?bbox=10,10,11,11",
  "/v1/surveys/1/estimates",
  "/v1/figures?country=BOL",
  "/v1/surveys",
  "/v1/surveys/1/regions",
  "/v1/surveys/1/regions?bbox=-67.03,-16.06,-67.0,-16.0",
  "/v1/surveys/1/sample?bbox=-67.05,-16.06,-67.02,-16.0",
  "/v1/surveys/1/tiles?bbox=-67.01,-16.01,-67.0,-16.0",
];

const box = (w: number, s: number, e: number, n: number) => ({
  type: "Polygon",
  coordinates: [
    [
      [w, s],
      [e, s],
      [e, n],
      [w, n],
      [w, s],
    ],
  ],
});

/** Two regions side by side, four sample points, a 2 x 2 tile index: the spatial tables of migration 9. */
const geometries = {
  regions: [
    {
      regionId: 1,
      name: "Yungas west",
      bbox: [-67.06, -16.06, -67.035, -16.0] as [number, number, number, number],
      geometry: box(-67.06, -16.06, -67.035, -16.0),
    },
    {
      regionId: 2,
      name: "Yungas east",
      bbox: [-67.035, -16.06, -67.0, -16.0] as [number, number, number, number],
      geometry: box(-67.035, -16.06, -67.0, -16.0),
    },
  ],
  samplePoints: [-67.055, -67.045, -67.025, -67.005].map((lon, i) => ({
    unitId: `s${i + 1}`,
    stratum: "coca",
    mapClass: "coca",
    lon,
    lat: -16.03,
    properties: { unit_id: `s${i + 1}`, stratum: "coca", map_class: "coca" },
  })),
  tiles: [0, 1].flatMap((row) =>
    [0, 1].map((col) => {
      const w = -67.06 + col * 0.03,
        n = -16.0 - row * 0.03;
      return {
        tileCol: col,
        tileRow: row,
        window: { x0: col * 512, y0: row * 512, x1: col * 512 + 512, y1: row * 512 + 512 },
        bbox: [w, n - 0.03, w + 0.03, n] as [number, number, number, number],
        geometry: box(w, n - 0.03, w + 0.03, n),
      };
    }),
  ),
};

describe.skipIf(pgReason !== undefined)(`the API on SQLite and on PostgreSQL${pgReason ? ` (skipped: ${pgReason})` : ""}`, () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const stores: Store[] = [];
  const answers: Record<string, string>[] = [];

  beforeAll(async () => {
    db = await createTestDatabase("coca_api_both");
    for (const location of [":memory:", db.url]) {
      const store = await openStore(location);
      stores.push(store);
      await store.surveys.save({ ...smallSurvey(), geometries });
      await store.figures.importFigures([fig({}), fig({ region: "Yungas", regionKind: "department", value: 2 }), fig({ year: 2018, value: 3 })], {
        origin: "t",
      });
      const { app } = createApp({ store, config: { rateLimit: false } });
      const got: Record<string, string> = {};
      for (const path of PATHS) {
        const res = await app.request(path);
        got[path] = `${res.status} ${await res.text()}`;
      }
      answers.push(got);
    }
  }, 60_000);

  afterAll(async () => {
    for (const s of stores) await s.close();
    await db?.drop();
  });

  it.each(PATHS)("GET %s answers the same bytes", (path) => {
    expect(answers[0]![path]).toMatch(/^200 /);
    expect(answers[1]![path]).toBe(answers[0]![path]);
  });

  it("finds the fields the box holds", () => {
    const body = JSON.parse(answers[1]!["/v1/surveys/1/fields?bbox=-67.05,-16.06,-67.021,-16.031"]!.slice(4));
    expect(body.features.map((f: { id: number }) => f.id)).toEqual([1, 2, 5, 6]);
  });

  it("answers regions, sample points and tiles by bbox from the spatial tables", () => {
    const body = (path: string) => JSON.parse(answers[1]![path]!.slice(4));
    expect(body("/v1/surveys/1/regions").features.map((f: { properties: { name: string } }) => f.properties.name)).toEqual(["Yungas east", "Yungas west"]);
    expect(body("/v1/surveys/1/regions").geometrySource).toBe("regions.geojson");
    expect(body("/v1/surveys/1/regions?bbox=-67.03,-16.06,-67.0,-16.0").features.map((f: { properties: { name: string } }) => f.properties.name)).toEqual([
      "Yungas east",
    ]);
    expect(body("/v1/surveys/1/sample?bbox=-67.05,-16.06,-67.02,-16.0").features.map((f: { id: string }) => f.id)).toEqual(["s2", "s3"]);
    expect(body("/v1/surveys/1/tiles?bbox=-67.01,-16.01,-67.0,-16.0").features.map((f: { id: string }) => f.id)).toEqual(["1,0"]);
  });

  it("answers bbox queries from the GiST index on PostgreSQL", async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query("set enable_seqscan = off");
      const plan = await client.query(
        "explain select field_id from survey_fields where survey_id = 1 and ST_Intersects(geom, ST_MakeEnvelope(-67.05, -16.06, -67.021, -16.031, 4326))",
      );
      expect(plan.rows.map((r) => r["QUERY PLAN"]).join("\n")).toMatch(/survey_fields_geom/);
    } finally {
      await client.end();
    }
  });
});
