/**
 * `coca routes demo` on a small DEM (the default real terrain takes about a minute: run it by hand). The
 * structure of the output and its "simulated" marks are what is checked here.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { crsFromEpsg } from "../../src/raster/read/epsg.ts";
import { writeRaster } from "../../src/raster/write/write-raster.ts";
import { runCocaInProcess } from "../support/cli.ts";

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "coca-routes-demo-"));
  const w = 48;
  const h = 32;
  const dem = new Float32Array(w * h);
  // a north-south ridge with a saddle in the middle
  for (let r = 0; r < h; r++)
    for (let c = 0; c < w; c++) dem[r * w + c] = 1000 + 300 * Math.exp(-(((c - 24) / 4) ** 2)) * (0.3 + (0.7 * Math.abs(r - 16)) / 16);
  await writeRaster(join(dir, "dem.tif"), [dem], {
    grid: { width: w, height: h, geoTransform: [700000, 30, 0, 9500000, 0, -30], crs: crsFromEpsg(32717)! },
    sampleType: "float32",
    nodata: -9999,
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("coca routes demo", () => {
  it("runs cost, routes, corridors, current and closure rounds, marked simulated", async () => {
    const out = join(dir, "demo");
    const r = await runCocaInProcess("routes", "demo", "--dem", join(dir, "dem.tif"), "--rounds", "2", "--out-dir", out, "--json");
    expect(r.code, r.stderr).toBe(0);
    const res = JSON.parse(r.stdout) as { simulated: string; routes: unknown[]; corridors: unknown[]; game: { round: number; bestCost: number }[] };
    expect(res.simulated).toContain("simulated");
    expect(res.routes).toHaveLength(3);
    expect(res.corridors.length).toBeGreaterThanOrEqual(1);
    expect(res.game.map((g) => g.round)).toEqual([0, 1, 2]);
    for (let i = 1; i < res.game.length; i++) expect(res.game[i]!.bestCost).toBeGreaterThanOrEqual(res.game[i - 1]!.bestCost - 1e-9);
    for (const f of ["cost.tif", "fields.geojson", "crossings.geojson", "paths/routes.geojson", "current/current.tif", "game/game-routes.geojson", "demo.json"])
      expect(existsSync(join(out, f)), f).toBe(true);
    const fields = JSON.parse(readFileSync(join(out, "fields.geojson"), "utf8")) as { features: { properties: { simulated: boolean } }[] };
    expect(fields.features.every((f) => f.properties.simulated)).toBe(true);
  });
});
