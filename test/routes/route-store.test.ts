/**
 * Stored route analyses: `coca routes demo --store` on a small DEM keeps the analysis (provenance, layers,
 * rounds, coarse grids) and `coca routes list|show` read it back; the same record round-trips through the
 * route repository on SQLite and, when a server answers, on PostgreSQL (migration 6 and its twin).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { crsFromEpsg } from "../../src/raster/read/epsg.ts";
import { writeRaster } from "../../src/raster/write/write-raster.ts";
import { routeAnalysisOfDemo, type DemoSummary, type NewRouteAnalysis } from "../../src/routes/stored-analysis.ts";
import { openStore } from "../../src/store/open-store.ts";
import { smallSurvey } from "../api/support.ts";
import { runCocaInProcess } from "../support/cli.ts";
import { createTestDatabase, pgSkipReason } from "../store/pg-server.ts";

let dir: string;
let demo: DemoSummary & { stored: { id: number } };
const pgReason = await pgSkipReason();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "coca-route-store-"));
  const w = 48;
  const h = 32;
  const dem = new Float32Array(w * h);
  for (let r = 0; r < h; r++)
    for (let c = 0; c < w; c++) dem[r * w + c] = 1000 + 300 * Math.exp(-(((c - 24) / 4) ** 2)) * (0.3 + (0.7 * Math.abs(r - 16)) / 16);
  await writeRaster(join(dir, "dem.tif"), [dem], {
    grid: { width: w, height: h, geoTransform: [700000, 30, 0, 9500000, 0, -30], crs: crsFromEpsg(32717)! },
    sampleType: "float32",
    nodata: -9999,
  });
  const r = await runCocaInProcess(
    "--db",
    join(dir, "store.db"),
    "routes",
    "demo",
    "--dem",
    join(dir, "dem.tif"),
    "--rounds",
    "2",
    "--out-dir",
    join(dir, "demo"),
    "--store",
    "--json",
  );
  expect(r.code, r.stderr).toBe(0);
  demo = JSON.parse(r.stdout) as typeof demo;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("coca routes demo --store, list, show", () => {
  it("stores the analysis with its provenance and lists it", async () => {
    expect(demo.stored.id).toBe(1);
    const l = await runCocaInProcess("--db", join(dir, "store.db"), "routes", "list", "--json");
    expect(l.code, l.stderr).toBe(0);
    const rows = JSON.parse(l.stdout) as { id: number; name: string; simulated: boolean; rounds: number; terrainSha256: string; bestWalkingHours: number }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: 1, name: "routes demo", simulated: true, rounds: 2, terrainSha256: demo.terrain.sha256 });
    expect(rows[0]!.bestWalkingHours).toBeCloseTo(demo.bestRoute!.walkingHours!, 12);
  });

  it("shows the rounds, the WGS 84 layers and the coarse grids, without the rasters", async () => {
    const s = await runCocaInProcess("--db", join(dir, "store.db"), "routes", "show", "1", "--json");
    expect(s.code, s.stderr).toBe(0);
    const a = JSON.parse(s.stdout) as NewRouteAnalysis;
    expect(a.summary.rounds.map((x) => x.round)).toEqual([0, 1, 2]);
    expect(a.summary.rounds).toEqual(demo.game);
    expect(a.provenance.parameters).toMatchObject({ seed: 1, neighbours: 8, checkpointsPerRound: 2 });
    expect(a.provenance.terrain.sha256).toMatch(/^[0-9a-f]{64}$/);
    // 48 x 32 cells fit in 128 a side: factor 1, the grid is the raster
    expect(a.grids.current).toMatchObject({ width: 48, height: 32, factor: 1, statistic: "max" });
    expect(a.grids.cost.values).toHaveLength(48 * 32);
    const [lon, lat] = (a.layers.fields.features[0]!.geometry as { coordinates: number[] }).coordinates;
    expect(lon).toBeGreaterThan(-80);
    expect(lon).toBeLessThan(-78);
    expect(lat).toBeLessThan(0);
    const written = JSON.parse(readFileSync(join(dir, "demo", "game", "game-routes.geojson"), "utf8")) as { features: unknown[] };
    expect(a.layers.roundRoutes.features).toHaveLength(written.features.length);
    const text = await runCocaInProcess("--db", join(dir, "store.db"), "routes", "show", "1");
    expect(text.stdout).toContain("SIMULATED");
    expect(text.stdout).toContain("entropy nats");
  });

  it("says which id is absent (exit 4) and refuses a bad id (exit 2)", async () => {
    const none = await runCocaInProcess("--db", join(dir, "store.db"), "routes", "show", "9");
    expect(none.stderr).toContain("no route analysis 9");
    expect(none.code).not.toBe(0);
    expect(none.code).not.toBe(2);
    const bad = await runCocaInProcess("--db", join(dir, "store.db"), "routes", "show", "x");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("<id> must be a whole number >= 1, got 'x'");
  });
});

describe("npm start (coca start)", () => {
  it("does not store the routes demo again when the store holds one", async () => {
    const db = join(dir, "store.db");
    const store = await openStore(db);
    await store.surveys.save(smallSurvey()); // so that start skips the survey demo too
    await store.close();
    const r = await runCocaInProcess("--db", db, "start", "--no-serve", "--json");
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).not.toHaveProperty("routesDemo");
    const l = await runCocaInProcess("--db", db, "routes", "list", "--json");
    expect((JSON.parse(l.stdout) as unknown[]).length).toBe(1);
  });
});

describe("route repository", () => {
  const kinds: { kind: string; skip: string | undefined; location(): Promise<{ url: string; drop(): Promise<void> }> }[] = [
    { kind: "sqlite", skip: undefined, location: async () => ({ url: join(dir, `repo-${Date.now()}.db`), drop: async () => {} }) },
    { kind: "postgres", skip: pgReason, location: () => createTestDatabase("coca_routes") },
  ];
  for (const k of kinds) {
    it.skipIf(k.skip !== undefined)(`round-trips an analysis on ${k.kind}${k.skip ? ` (skipped: ${k.skip})` : ""}`, async () => {
      const record = await routeAnalysisOfDemo(demo, { createdAt: "2026-12-01T00:00:00.000Z" });
      const loc = await k.location();
      const store = await openStore(loc.url);
      try {
        const id = await store.routes.save(record);
        const id2 = await store.routes.save({ ...record, name: "second" });
        expect(id2).toBeGreaterThan(id);
        expect((await store.routes.list()).map((r) => r.name)).toEqual(["second", "routes demo"]);
        expect(await store.routes.get(id)).toEqual({ id, ...record });
        expect(await store.routes.get(id2 + 1)).toBeUndefined();
      } finally {
        await store.close();
        await loc.drop();
      }
    });
  }
});
