/**
 * GET /v1/routes and /v1/routes/{id}: a route analysis stored from a `coca routes demo` run on a small DEM is
 * listed and answered whole (layers, rounds, coarse grids) from the store, and both are in the OpenAPI document.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { crsFromEpsg } from "../../src/raster/read/epsg.ts";
import { writeRaster } from "../../src/raster/write/write-raster.ts";
import { runRoutesDemo } from "../../src/routes/demo.ts";
import { routeAnalysisOfDemo, routeAnalysisSchema, type NewRouteAnalysis } from "../../src/routes/stored-analysis.ts";
import { publicPaths } from "../../src/api/public-paths.ts";
import { testApi, type TestApi } from "./support.ts";

let dir: string;
let api: TestApi;
let record: NewRouteAnalysis;
let id: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "coca-api-routes-"));
  const w = 40;
  const h = 30;
  const dem = new Float32Array(w * h);
  for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) dem[r * w + c] = 900 + 250 * Math.exp(-(((c - 20) / 4) ** 2)) * (0.3 + (0.7 * Math.abs(r - 15)) / 15);
  await writeRaster(join(dir, "dem.tif"), [dem], {
    grid: { width: w, height: h, geoTransform: [700000, 30, 0, 9500000, 0, -30], crs: crsFromEpsg(32717)! },
    sampleType: "float32",
    nodata: -9999,
  });
  const demo = await runRoutesDemo({ outDir: join(dir, "demo"), demPath: join(dir, "dem.tif"), rounds: 2 });
  record = await routeAnalysisOfDemo(demo, { createdAt: "2026-12-01T00:00:00.000Z" });
  api = await testApi();
  id = await api.store.routes.save(record);
});
afterAll(async () => {
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("route analysis endpoints", () => {
  it("lists the stored analyses", async () => {
    const res = await api.request("/v1/routes");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { routes: unknown[] };
    expect(body.routes).toEqual([
      {
        id,
        name: "routes demo",
        simulated: true,
        simulatedNote: record.simulatedNote,
        createdAt: "2026-12-01T00:00:00.000Z",
        rounds: 2,
        bestWalkingHours: record.summary.bestRoute!.walkingHours,
        terrainSha256: record.provenance.terrain.sha256,
      },
    ]);
  });

  it("answers one analysis whole: paths as GeoJSON, current summary, closure rounds, grids", async () => {
    const res = await api.request(`/v1/routes/${id}`);
    expect(res.status).toBe(200);
    const body = routeAnalysisSchema.parse(await res.json());
    // A public read sees the server's file paths as file names (api/public-paths); an admin sees them as stored.
    expect(body).toEqual(publicPaths({ id, ...record }, undefined));
    expect(JSON.stringify(body)).not.toContain(dir);
    const asAdmin = await (await api.request(`/v1/routes/${id}`, { token: api.tokens.admin })).json();
    expect(asAdmin).toEqual({ id, ...record });
    expect(body.layers.paths.type).toBe("FeatureCollection");
    expect(body.layers.paths.features.length).toBe(3);
    expect(body.summary.rounds.map((r) => r.round)).toEqual([0, 1, 2]);
    expect(body.summary.current.effectiveResistance).toBeGreaterThan(0);
    expect(new Set(body.layers.roundRoutes.features.map((f) => (f.properties as { round: number }).round))).toEqual(new Set([0, 1, 2]));
    expect(body.grids.current.values).toHaveLength(body.grids.current.width * body.grids.current.height);
  });

  it("says which id is absent (404) and refuses a bad id (400)", async () => {
    const none = await api.request(`/v1/routes/${id + 1}`);
    expect(none.status).toBe(404);
    expect(((await none.json()) as { detail: string }).detail).toContain(`no route analysis with id ${id + 1}`);
    expect((await api.request("/v1/routes/x")).status).toBe(400);
  });

  it("is in the OpenAPI document", async () => {
    const doc = (await (await api.request("/openapi.json")).json()) as { paths: Record<string, Record<string, { operationId: string; tags: string[] }>> };
    expect(doc.paths["/v1/routes"]!.get!.operationId).toBe("listRouteAnalyses");
    expect(doc.paths["/v1/routes/{id}"]!.get).toMatchObject({ operationId: "getRouteAnalysis", tags: ["routes"] });
  });
});

describe("route analysis grids as PNG", () => {
  it("serves the coarse current and cost grids as PNG of the grid's size", async () => {
    for (const kind of ["current", "cost"] as const) {
      const res = await api.request(`/v1/routes/${id}/${kind}.png`);
      expect(res.status, kind).toBe(200);
      expect(res.headers.get("content-type")).toBe("image/png");
      const png = new Uint8Array(await res.arrayBuffer());
      expect([...png.slice(1, 4)].map((b) => String.fromCharCode(b)).join("")).toBe("PNG");
      const view = new DataView(png.buffer, png.byteOffset);
      expect([view.getUint32(16), view.getUint32(20)]).toEqual([record.grids[kind].width, record.grids[kind].height]);
    }
    expect((await api.request(`/v1/routes/${id}/voltage.png`)).status).toBe(404);
    expect((await api.request(`/v1/routes/${id + 1}/cost.png`)).status).toBe(404);
  });
});
