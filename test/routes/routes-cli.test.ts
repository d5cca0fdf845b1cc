/**
 * `coca routes cost` and `coca routes path` end to end on small rasters written here: outputs, units, and the
 * errors of bad input (outside the raster, impassable cells, no route, unknown friction classes, no CRS).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import proj4 from "proj4";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RasterGrid } from "../../src/domain/raster-grid.ts";
import { crsFromEpsg } from "../../src/raster/read/epsg.ts";
import { openRaster } from "../../src/raster/read/raster-source.ts";
import { writeRaster } from "../../src/raster/write/write-raster.ts";
import { toblerSecondsPerM } from "../../src/routes/walking-speed.ts";
import { runCocaInProcess } from "../support/cli.ts";

let dir: string;
const W = 30;
const H = 12;
const utm: RasterGrid = { width: W, height: H, geoTransform: [500000, 10, 0, 9000000, 0, -10], crs: crsFromEpsg(32718)! };
const names = ["primary forest", "secondary regrowth", "pasture", "other crops", "coca", "bare soil and roads", "settlement", "water"];
const hasGdal = (() => {
  try {
    execFileSync("gdal_translate", ["--version"], { stdio: "pipe" });
    return true;
  } catch {
    return false;
  }
})();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "coca-routes-"));
  await writeRaster(join(dir, "flat.tif"), [new Float32Array(W * H).fill(500)], { grid: utm, sampleType: "float32", nodata: -9999 });
  // pasture everywhere, a wall of water across column 15 with one gap at row 0
  const lc = new Uint8Array(W * H).fill(3);
  for (let r = 1; r < H; r++) lc[r * W + 15] = 8;
  await writeRaster(join(dir, "lc.tif"), [lc], { grid: utm, sampleType: "uint8", nodata: 0, classNames: names });
  const closed = new Uint8Array(lc);
  closed[15] = 8;
  await writeRaster(join(dir, "lc-closed.tif"), [closed], { grid: utm, sampleType: "uint8", nodata: 0, classNames: names });
  const table = readFileSync("data/routes-friction.yaml", "utf8").replace("water: 20 ", "water: impassable ");
  writeFileSync(join(dir, "friction.yaml"), table);
  writeFileSync(join(dir, "bad-friction.yaml"), "classes:\n  jungle: 2\n  pasture: 1\n");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const json = <T>(s: string): T => JSON.parse(s) as T;

describe("coca routes cost", () => {
  it("on a flat DEM gives Tobler's flat-ground time per metre everywhere and records the factors", async () => {
    const out = join(dir, "cost-flat.tif");
    const r = await runCocaInProcess("routes", "cost", "--dem", join(dir, "flat.tif"), "--out", out, "--json");
    expect(r.code, r.stderr).toBe(0);
    const rec = json<{ unit: string; secondsPerM: { min: number; max: number }; model: string }>(r.stdout);
    expect(rec.unit).toBe("s/m");
    expect(rec.secondsPerM.min).toBeCloseTo(toblerSecondsPerM(0), 5);
    expect(rec.secondsPerM.max).toBeCloseTo(toblerSecondsPerM(0), 5);
    const src = await openRaster(out);
    expect(JSON.parse(src.metadata.dataset.COCA_ROUTES_COST!).model).toBe("tobler");
    expect(src.metadata.dataset.COCA_ROUTES_FACTORS_YAML).toContain("model: tobler");
    await src.close();
  });

  it("multiplies by the land-cover friction of each class", async () => {
    const out = join(dir, "cost-lc.tif");
    const r = await runCocaInProcess("routes", "cost", "--dem", join(dir, "flat.tif"), "--landcover", join(dir, "lc.tif"), "--out", out, "--json");
    expect(r.code, r.stderr).toBe(0);
    const rec = json<{ secondsPerM: { min: number; max: number }; landcover: { classes: Record<string, number> } }>(r.stdout);
    expect(rec.landcover.classes.pasture).toBe(1.2);
    expect(rec.secondsPerM.min).toBeCloseTo(1.2 * toblerSecondsPerM(0), 5);
    expect(rec.secondsPerM.max).toBeCloseTo(20 * toblerSecondsPerM(0), 4);
  });

  it("draws rivers as boat lanes (fixed s/m) and roads as a factor, recording both", async () => {
    const fc = (coords: number[][]) =>
      JSON.stringify({
        type: "FeatureCollection",
        crs: { type: "name", properties: { name: "EPSG:32718" } },
        features: [{ type: "Feature", properties: {}, geometry: { type: "LineString", coordinates: coords } }],
      });
    writeFileSync(
      join(dir, "river.geojson"),
      fc([
        [500000, 8999935],
        [500300, 8999935],
      ]),
    ); // along row 6's centre line
    writeFileSync(
      join(dir, "road.geojson"),
      fc([
        [500105, 9000000],
        [500105, 8999880],
      ]),
    ); // down column 10
    const out = join(dir, "cost-ov.tif");
    const r = await runCocaInProcess(
      "routes",
      "cost",
      "--dem",
      join(dir, "flat.tif"),
      "--landcover",
      join(dir, "lc.tif"),
      "--rivers",
      join(dir, "river.geojson"),
      "--roads",
      join(dir, "road.geojson"),
      "--out",
      out,
      "--json",
    );
    expect(r.code, r.stderr).toBe(0);
    const rec = json<{ overlays: { name: string; cells: number; rule: Record<string, number> }[] }>(r.stdout);
    expect(rec.overlays.map((o) => o.name)).toEqual(["rivers", "roads"]);
    expect(rec.overlays[0]!.cells).toBe(W * 3); // 30 m wide: rows 5, 6, 7
    expect(rec.overlays[1]!.cells).toBe(H);
    const src = await openRaster(out);
    const [c] = await src.readWindow({ x0: 0, y0: 0, x1: W, y1: H });
    await src.close();
    expect(c![6 * W + 3]).toBeCloseTo(0.36, 6);
    expect(c![0 * W + 10]).toBeCloseTo(0.25 * 1.2 * toblerSecondsPerM(0), 5);
    expect(c![0 * W + 3]).toBeCloseTo(1.2 * toblerSecondsPerM(0), 5);
  });

  it("refuses a friction file naming classes the map does not have, naming the file, writing nothing", async () => {
    const out = join(dir, "never.tif");
    const bad = join(dir, "bad-friction.yaml");
    const r = await runCocaInProcess("routes", "cost", "--dem", join(dir, "flat.tif"), "--landcover", join(dir, "lc.tif"), "--friction", bad, "--out", out);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(bad);
    expect(r.stderr).toContain('unknown class "jungle"');
    expect(existsSync(out)).toBe(false);
  });

  it.skipIf(!hasGdal)("refuses a DEM with no CRS, saying so", async () => {
    const noCrs = join(dir, "nocrs.tif");
    // PROFILE=BASELINE writes a plain TIFF: no GeoKeys, no georeferencing tags
    execFileSync("gdal_translate", ["-q", "-co", "PROFILE=BASELINE", join(dir, "flat.tif"), noCrs], { stdio: "pipe" });
    const r = await runCocaInProcess("routes", "cost", "--dem", noCrs, "--out", join(dir, "x.tif"));
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/no CRS.*cell size in metres is unknown; refusing/);
  });

  it("computes cell sizes on the ellipsoid for a geographic DEM", async () => {
    const geo: RasterGrid = { width: 10, height: 10, geoTransform: [-75, 0.001, 0, -9, 0, -0.001], crs: crsFromEpsg(4326)! };
    await writeRaster(join(dir, "geo.tif"), [new Float32Array(100).fill(300)], { grid: geo, sampleType: "float32", nodata: -9999 });
    const r = await runCocaInProcess("routes", "cost", "--dem", join(dir, "geo.tif"), "--out", join(dir, "geo-cost.tif"), "--json");
    expect(r.code, r.stderr).toBe(0);
    const rec = json<{ cellSize: { how: string; widthM: { min: number; max: number }; heightM: number } }>(r.stdout);
    expect(rec.cellSize.how).toContain("geographic");
    // 0.001° at 9°S: about 110.0 m east-west, 110.6 m north-south on WGS 84
    expect(rec.cellSize.widthM.min).toBeGreaterThan(109.8);
    expect(rec.cellSize.widthM.max).toBeLessThan(110.1);
    expect(rec.cellSize.heightM).toBeCloseTo(110.6, 0);
  });
});

describe("coca routes path", () => {
  it("finds the route through the gap, with cost, km and walking hours, and writes the three outputs", async () => {
    const cost = join(dir, "cost-wall.tif");
    expect(
      (
        await runCocaInProcess(
          "routes",
          "cost",
          "--dem",
          join(dir, "flat.tif"),
          "--landcover",
          join(dir, "lc.tif"),
          "--friction",
          join(dir, "friction.yaml"),
          "--out",
          cost,
        )
      ).code,
    ).toBe(0);
    const out = join(dir, "p");
    const r = await runCocaInProcess("routes", "path", "--cost", cost, "--from", "500055,8999895", "--to", "500255,8999895", "--out-dir", out, "--json");
    expect(r.code, r.stderr).toBe(0);
    const res = json<{ routes: { cost: number; lengthKm: number; walkingHours: number; cells: number }[]; outputs: Record<string, string> }>(r.stdout);
    expect(res.routes).toHaveLength(1);
    const route = res.routes[0]!;
    expect(route.walkingHours).toBeCloseTo(route.cost / 3600, 12);
    // from (row 10, col 5) up to the gap at row 0 and down again: longer than the 200 m straight line
    expect(route.lengthKm).toBeGreaterThan(0.2);
    const perM = 1.2 * toblerSecondsPerM(0);
    expect(route.cost).toBeCloseTo(route.lengthKm * 1000 * perM, 2);
    const fc = JSON.parse(readFileSync(res.outputs.routes!, "utf8")) as {
      features: { geometry: { coordinates: number[][] }; properties: { best: boolean } }[];
    };
    expect(fc.features[0]!.properties.best).toBe(true);
    expect(fc.features[0]!.geometry.coordinates).toHaveLength(route.cells);
    const acc = await openRaster(res.outputs.accumulated!);
    const back = await openRaster(res.outputs.backlinks!);
    expect(acc.sampleType).toBe("float32");
    expect(back.sampleType).toBe("uint8");
    await acc.close();
    await back.close();
  });

  it("takes lon/lat points", async () => {
    const cost = join(dir, "cost-flat.tif");
    const toLonLat = proj4(utm.crs.proj4, "+proj=longlat +datum=WGS84 +no_defs");
    const [lon1, lat1] = toLonLat.forward([500055, 8999895]);
    const [lon2, lat2] = toLonLat.forward([500255, 8999895]);
    const r = await runCocaInProcess(
      "routes",
      "path",
      "--cost",
      cost,
      "--lonlat",
      "--from",
      `${lon1},${lat1}`,
      "--to",
      `${lon2},${lat2}`,
      "--out-dir",
      join(dir, "ll"),
      "--json",
    );
    expect(r.code, r.stderr).toBe(0);
    const routes = json<{ routes: { lengthKm: number }[] }>(r.stdout).routes;
    expect(routes).toHaveLength(1);
    expect(routes[0]!.lengthKm).toBeCloseTo(0.2, 9);
  });

  it("skips the positions of a layer on impassable cells, and refuses a layer with only such positions", async () => {
    const cost = join(dir, "cost-wall.tif");
    const layer = (pts: number[][]) =>
      JSON.stringify({
        type: "FeatureCollection",
        crs: { type: "name", properties: { name: "EPSG:32718" } },
        features: pts.map((p, i) => ({ type: "Feature", properties: { name: `f${i}` }, geometry: { type: "Point", coordinates: p } })),
      });
    writeFileSync(
      join(dir, "fields.geojson"),
      layer([
        [500155, 8999945],
        [500055, 8999895],
      ]),
    );
    writeFileSync(join(dir, "wet.geojson"), layer([[500155, 8999945]]));
    const ok = await runCocaInProcess(
      "routes",
      "path",
      "--cost",
      cost,
      "--from-layer",
      join(dir, "fields.geojson"),
      "--to",
      "500255,8999895",
      "--out-dir",
      join(dir, "fl"),
      "--json",
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).sources).toBe(1);
    const bad = await runCocaInProcess(
      "routes",
      "path",
      "--cost",
      cost,
      "--from-layer",
      join(dir, "wet.geojson"),
      "--to",
      "500255,8999895",
      "--out-dir",
      join(dir, "fl2"),
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("every position of the layer lies on an impassable cell");
  });

  it("says when a point lies outside the raster (exit 2, with the extent)", async () => {
    const r = await runCocaInProcess(
      "routes",
      "path",
      "--cost",
      join(dir, "cost-flat.tif"),
      "--from",
      "1,2",
      "--to",
      "500255,8999895",
      "--out-dir",
      join(dir, "x"),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--from 1,2 lies outside the cost raster (x 500000..500300");
  });

  it("says when a point is on an impassable cell", async () => {
    const cost = join(dir, "cost-wall.tif");
    const r = await runCocaInProcess("routes", "path", "--cost", cost, "--from", "500155,8999895", "--to", "500255,8999895", "--out-dir", join(dir, "x"));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("impassable");
  });

  it("with the gap closed: no route, exit 3, naming the components, nothing written", async () => {
    const cost = join(dir, "cost-closed.tif");
    expect(
      (
        await runCocaInProcess(
          "routes",
          "cost",
          "--dem",
          join(dir, "flat.tif"),
          "--landcover",
          join(dir, "lc-closed.tif"),
          "--friction",
          join(dir, "friction.yaml"),
          "--out",
          cost,
        )
      ).code,
    ).toBe(0);
    const out = join(dir, "none");
    const r = await runCocaInProcess("routes", "path", "--cost", cost, "--from", "500055,8999895", "--to", "500255,8999895", "--out-dir", out);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(
      "no route: the passable cells form 2 separate components; the sources are in component 1 (180 cells), the targets in component 2 (168 cells)",
    );
    expect(existsSync(join(out, "routes.geojson"))).toBe(false);
  });
});

describe("coca routes current", () => {
  it("sends 1 A through the single gap of the wall and reports the effective resistance", async () => {
    const cost = join(dir, "cost-wall.tif");
    const r = await runCocaInProcess(
      "routes",
      "current",
      "--cost",
      cost,
      "--from",
      "500055,8999895",
      "--to",
      "500255,8999895",
      "--out-dir",
      join(dir, "cur"),
      "--json",
    );
    expect(r.code, r.stderr).toBe(0);
    const res = json<{ effectiveResistance: number; resistanceUnit: string; outputs: { current: string } }>(r.stdout);
    expect(res.resistanceUnit).toBe("s");
    expect(res.effectiveResistance).toBeGreaterThan(0);
    const src = await openRaster(res.outputs.current);
    const [a] = await src.readWindow({ x0: 15, y0: 0, x1: 16, y1: 1 });
    await src.close();
    expect(a![0]).toBeCloseTo(1, 5);
  });
});
