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
];

describe.skipIf(pgReason !== undefined)(`the API on SQLite and on PostgreSQL${pgReason ? ` (skipped: ${pgReason})` : ""}`, () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const stores: Store[] = [];
  const answers: Record<string, string>[] = [];

  beforeAll(async () => {
    db = await createTestDatabase("coca_api_both");
    for (const location of [":memory:", db.url]) {
      const store = await openStore(location);
      stores.push(store);
      await store.surveys.save(smallSurvey());
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
