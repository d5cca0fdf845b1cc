/**
 * A survey's regions, sample points and tile index as rows of the store's spatial tables (migration 9): the
 * pure row builders, and a stored demo survey whose tables hold what its artifacts say.
 */
import { describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crsFromEpsg } from "../../src/raster/read/epsg.ts";
import { openSqliteStore } from "../../src/store/sqlite-store.ts";
import { runDemoSurvey } from "../../src/survey/demo.ts";
import { geometryBbox, regionRowsOf, samplePointRowsOf, tileIndexOf } from "../../src/survey/geometry-index.ts";

describe("geometry index rows", () => {
  it("takes the bounding box of any geometry, iteratively", () => {
    expect(
      geometryBbox({
        type: "MultiPolygon",
        coordinates: [
          [
            [
              [1, 2],
              [3, -1],
              [0, 5],
              [1, 2],
            ],
          ],
          [
            [
              [-4, 0],
              [0, 0],
              [0, 1],
              [-4, 0],
            ],
          ],
        ],
      }),
    ).toEqual([-4, -1, 3, 5]);
    expect(geometryBbox({ type: "GeometryCollection", geometries: [{ type: "Point", coordinates: [7, 8] }] })).toEqual([7, 8, 7, 8]);
    expect(geometryBbox({ type: "Polygon", coordinates: [] })).toBeUndefined();
  });

  it("keeps regions with a name and a geometry, numbered by their place in the file", () => {
    const fc = {
      features: [
        { properties: { dept: "A" }, geometry: { type: "Point", coordinates: [1, 1] } },
        { properties: { dept: 3 }, geometry: { type: "Point", coordinates: [2, 2] } },
        { properties: { dept: "C" }, geometry: null },
        { properties: { dept: "D" }, geometry: { type: "Point", coordinates: [4, 4] } },
      ],
    };
    expect(regionRowsOf(fc, "dept").map((r) => [r.regionId, r.name])).toEqual([
      [1, "A"],
      [4, "D"],
    ]);
    expect(regionRowsOf("not geojson", "dept")).toEqual([]);
  });

  it("cuts a projected class map into 512-px tiles with WGS 84 footprints", () => {
    const crs = crsFromEpsg(32718)!;
    const grid = { width: 1100, height: 600, geoTransform: [500_000, 10, 0, 9_000_000, 0, -10] as [number, number, number, number, number, number], crs };
    const tiles = tileIndexOf(grid);
    expect(tiles.map((t) => [t.tileCol, t.tileRow])).toEqual([
      [0, 0],
      [1, 0],
      [2, 0],
      [0, 1],
      [1, 1],
      [2, 1],
    ]);
    expect(tiles[5]!.window).toEqual({ x0: 1024, y0: 512, x1: 1100, y1: 600 });
    // Zone 18 S, 500 km east = 75° W; 9,000 km north of the false origin ≈ 9.04° S.
    expect(tiles[0]!.bbox[0]).toBeCloseTo(-75, 3);
    expect(tiles[0]!.bbox[3]).toBeCloseTo(-9.04, 1);
    // Neighbours share their corners exactly: tile (1,0) starts where tile (0,0)'s top edge ends.
    const ring = (k: number) => (tiles[k]!.geometry as { coordinates: number[][][] }).coordinates[0]!;
    expect(ring(1)[0]).toEqual(ring(0)[2]);
  });
});

describe("a stored survey's spatial tables", () => {
  it("hold the regions file's regions, the design's points and the class map's tiles", async () => {
    const dir = mkdtempSync(join(tmpdir(), "coca-geomidx-"));
    const store = await openSqliteStore(":memory:");
    try {
      const run = await runDemoSurvey({ store, outDir: dir, seed: 2024, sizePx: 256, n: 120, draws: 2_000 });
      const text = async (name: string) => JSON.parse(new TextDecoder().decode((await store.surveys.artifact(run.surveyId, name))!.bytes));
      const regionsFile = await text("regions.geojson");
      const sampleFile = await text("sample.geojson");
      const regions = await store.surveys.regions(run.surveyId);
      expect(regions.length).toBeGreaterThan(0);
      expect(regions.length).toBe(regionsFile.features.length);
      const points = await store.surveys.samplePoints(run.surveyId, { limit: 100_000, offset: 0 });
      expect(points.total).toBe(sampleFile.features.length);
      expect(points.points).toEqual(samplePointRowsOf(sampleFile).sort((a, b) => (a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0)));
      const tiles = await store.surveys.tiles(run.surveyId);
      expect(tiles.map((t) => t.window)).toEqual([{ x0: 0, y0: 0, x1: 256, y1: 256 }]);
      // Every sample point lies in the class map's one tile.
      const [w, s, e, n] = tiles[0]!.bbox;
      expect(points.points.every((p) => p.lon >= w && p.lon <= e && p.lat >= s && p.lat <= n)).toBe(true);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
