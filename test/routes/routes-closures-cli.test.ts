/**
 * `coca routes corridors|close|game` end to end on a small landscape: forest (friction 3) crossed by two identical
 * tracks ("bare soil and roads", friction 1) joined at both ends.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import proj4 from "proj4";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RasterGrid } from "../../src/domain/raster-grid.ts";
import { crsFromEpsg } from "../../src/raster/read/epsg.ts";
import { writeRaster } from "../../src/raster/write/write-raster.ts";
import { runCocaInProcess } from "../support/cli.ts";

const W = 40;
const H = 15;
const grid: RasterGrid = { width: W, height: H, geoTransform: [600000, 10, 0, 8800000, 0, -10], crs: crsFromEpsg(32718)! };
const names = ["primary forest", "secondary regrowth", "pasture", "other crops", "coca", "bare soil and roads", "settlement", "water"];
const at = (col: number, row: number): string => `${600000 + 10 * col + 5},${8800000 - 10 * row - 5}`;
const lonlat = (col: number, row: number): number[] =>
  proj4(grid.crs.proj4, "+proj=longlat +datum=WGS84 +no_defs").forward([600000 + 10 * col + 5, 8800000 - 10 * row - 5]);
let dir: string;
let cost: string;
const ends = (): string[] => ["--cost", cost, "--from", at(0, 7), "--to", at(W - 1, 7)];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "coca-routes-close-"));
  const lc = new Uint8Array(W * H).fill(1);
  for (const r of [3, 11]) for (let c = 0; c < W; c++) lc[r * W + c] = 6;
  for (let r = 3; r <= 11; r++) {
    lc[r * W] = 6;
    lc[r * W + W - 1] = 6;
  }
  await writeRaster(join(dir, "dem.tif"), [new Float32Array(W * H).fill(800)], { grid, sampleType: "float32", nodata: -9999 });
  await writeRaster(join(dir, "lc.tif"), [lc], { grid, sampleType: "uint8", nodata: 0, classNames: names });
  cost = join(dir, "cost.tif");
  const r = await runCocaInProcess("routes", "cost", "--dem", join(dir, "dem.tif"), "--landcover", join(dir, "lc.tif"), "--out", cost);
  if (r.code !== 0) throw new Error(r.stderr);
  const line = (c: number, r0: number, r1: number) => ({
    type: "Feature",
    properties: {},
    geometry: { type: "LineString", coordinates: [lonlat(c, r0), lonlat(c, r1)] },
  });
  writeFileSync(join(dir, "one-lane.geojson"), JSON.stringify({ type: "FeatureCollection", features: [line(20, 2, 4)] }));
  const box = [[lonlat(18, -1), lonlat(22, -1), lonlat(22, H), lonlat(18, H), lonlat(18, -1)]];
  writeFileSync(
    join(dir, "all.geojson"),
    JSON.stringify({ type: "FeatureCollection", features: [{ type: "Feature", properties: {}, geometry: { type: "Polygon", coordinates: box } }] }),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const json = <T>(s: string): T => JSON.parse(s) as T;

describe("coca routes corridors", () => {
  it("finds the two tracks as two distinct routes of equal cost", async () => {
    const r = await runCocaInProcess("routes", "corridors", ...ends(), "--k", "3", "--separation-m", "30", "--out-dir", join(dir, "k"), "--json");
    expect(r.code, r.stderr).toBe(0);
    const res = json<{ found: number; routes: { relativeCost: number }[] }>(r.stdout);
    expect(res.found).toBeGreaterThanOrEqual(2);
    expect(res.routes[1]!.relativeCost).toBeCloseTo(1, 9);
  });
});

describe("coca routes close", () => {
  it("closing one track: no added cost (the other is as cheap), a large share of the flow passed there", async () => {
    const r = await runCocaInProcess("routes", "close", ...ends(), "--closures", join(dir, "one-lane.geojson"), "--out-dir", join(dir, "c1"), "--json");
    expect(r.code, r.stderr).toBe(0);
    const res = json<{
      closedCells: number;
      addedCost: number;
      flowShareThroughClosedBefore: number;
      before: { effectiveResistance: number };
      after: { effectiveResistance: number };
    }>(r.stdout);
    expect(res.closedCells).toBeGreaterThanOrEqual(3);
    expect(res.addedCost).toBeCloseTo(0, 6);
    // measured 0.256: the forest (friction 3, 13 rows wide) carries much of the current too
    expect(res.flowShareThroughClosedBefore).toBeGreaterThan(0.2);
    expect(res.flowShareThroughClosedBefore).toBeLessThan(0.5);
    expect(res.after.effectiveResistance).toBeGreaterThan(res.before.effectiveResistance);
  });

  it("multiplying the cost of one track in a buffer never lowers the cheapest cost", async () => {
    const r = await runCocaInProcess(
      "routes",
      "close",
      ...ends(),
      "--closures",
      join(dir, "one-lane.geojson"),
      "--mode",
      "multiply",
      "--factor",
      "4",
      "--buffer-m",
      "10",
      "--out-dir",
      join(dir, "c2"),
      "--json",
    );
    expect(r.code, r.stderr).toBe(0);
    expect(json<{ addedCost: number }>(r.stdout).addedCost).toBeGreaterThanOrEqual(-1e-9);
  });

  it("closing the whole width: says no route remains", async () => {
    const r = await runCocaInProcess("routes", "close", ...ends(), "--closures", join(dir, "all.geojson"), "--out-dir", join(dir, "c3"));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("no route remains");
  });
});

describe("coca routes game", () => {
  it("runs seeded rounds: the cheapest cost never falls, same seed same rounds", async () => {
    const args = ["routes", "game", ...ends(), "--rounds", "2", "--checkpoints", "1", "--radius-m", "10", "--placement", "sampled", "--seed", "5", "--json"];
    const a = await runCocaInProcess(...args, "--out-dir", join(dir, "g1"));
    const b = await runCocaInProcess(...args, "--out-dir", join(dir, "g2"));
    expect(a.code, a.stderr).toBe(0);
    const ra = json<{ rounds: { bestCost: number | null; footprintHa: number; flowEntropyNats: number }[] }>(a.stdout).rounds;
    expect(ra).toHaveLength(3);
    for (let i = 1; i < ra.length; i++) expect(ra[i]!.bestCost ?? Infinity).toBeGreaterThanOrEqual(ra[i - 1]!.bestCost! - 1e-9);
    expect(json<{ rounds: unknown[] }>(b.stdout).rounds).toEqual(ra);
  });

  it("--learn-risk: checkpoints stand one round, costs are the perceived ones", async () => {
    const r = await runCocaInProcess(
      "routes",
      "game",
      ...ends(),
      "--rounds",
      "2",
      "--checkpoints",
      "1",
      "--radius-m",
      "10",
      "--learn-risk",
      "--out-dir",
      join(dir, "g4"),
      "--json",
    );
    expect(r.code, r.stderr).toBe(0);
    const res = json<{ learning: { discount: number }; costs: string; rounds: unknown[] }>(r.stdout);
    expect(res.learning.discount).toBe(0.7);
    expect(res.costs).toContain("perceived");
    expect(res.rounds).toHaveLength(3);
  });

  it("rejects a bad --placement", async () => {
    const r = await runCocaInProcess("routes", "game", ...ends(), "--placement", "random", "--out-dir", join(dir, "g3"));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--placement must be greedy or sampled");
  });
});

describe("coca routes network", () => {
  it("draws the two tracks as a network: two shortest paths, a min cut of two segments", async () => {
    const r = await runCocaInProcess(
      "routes",
      "network",
      ...ends(),
      "--k",
      "2",
      "--mode",
      "exclude",
      "--separation-m",
      "30",
      "--out-dir",
      join(dir, "n"),
      "--json",
    );
    expect(r.code, r.stderr).toBe(0);
    const res = json<{ segments: number; kShortest: { cost: number }[]; minCut: { size: number }; mostVital: { addedCost: number }[] }>(r.stdout);
    expect(res.segments).toBe(2);
    expect(res.kShortest).toHaveLength(2);
    expect(res.kShortest[1]!.cost).toBeCloseTo(res.kShortest[0]!.cost, 6);
    expect(res.minCut.size).toBe(2);
    expect(res.mostVital[0]!.addedCost).toBeCloseTo(0, 6);
  });
});
