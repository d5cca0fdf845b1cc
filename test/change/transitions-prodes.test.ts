/**
 * `coca change map` on two "years" derived from the real PRODES deforestation-year map of Rondônia
 * (EPSG:4674), against GRASS `r.stats -a -n input=A,B` (test/golden/change-prodes-grass.json, made by
 * bench/peers/grass-change-golden.sh with the same derivation rule).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RasterGrid } from "../../src/domain/raster-grid.ts";
import { readClassRaster } from "../../src/imagery/vectorize/read-class-raster.ts";
import { readClassMap } from "../../src/raster/read/class-map.ts";
import { crsFromEpsg } from "../../src/raster/read/epsg.ts";
import { subGrid, writeRaster } from "../../src/raster/write/write-raster.ts";
import { projectRoot, runCocaInProcess } from "../support/cli.ts";

const prodes = resolve(projectRoot, "../shared/data/sits-rondonia/PRODES_LANDSAT_AMZ_2000-08-01_2020-07-31_class_v20220606.tif");
const hasProdes = existsSync(prodes);
if (!hasProdes) console.log(`skipping the coca change map PRODES tests: ${prodes} is absent`);

interface Golden {
  wholeMap: { from: string; to: string; areaHa: number }[];
  byRegion: { region: string; from: string; to: string; areaHa: number }[];
}
interface MapJson {
  resampled: boolean;
  alignment: string;
  transitions: { code: number; fromClass: string; toClass: string; areaHa: number; cells: number }[];
  byRegion: { region: string; fromClass: string; toClass: string; areaHa: number }[];
  classChange: { className: string; fromHa: number; toHa: number; netChangeHa: number }[];
  byRegionClassChange: { region: string; className: string; netChangeHa: number; shareOfNetChange: number }[];
  warnings: string[];
}

// A: the state in 2018 (before the 2018 clearing); B: the state in 2020. 1 = forest, 2 = cleared, 0 = nodata.
const A_FOREST = new Set([1, 17, 27, 29, 33]);
const A_CLEARED = new Set([11, 16]);
const B_FOREST = new Set([1, 33]);
const B_CLEARED = new Set([11, 16, 17, 27, 29]);

describe.skipIf(!hasProdes)("coca change map on two years derived from PRODES, against GRASS r.stats -a -n input=A,B", () => {
  let dir: string;
  let grid: RasterGrid;
  let a: Uint8Array;
  let b: Uint8Array;
  const path = (n: string): string => join(dir, n);
  const golden = JSON.parse(readFileSync(resolve(projectRoot, "test/golden/change-prodes-grass.json"), "utf8")) as Golden;
  const regions = resolve(projectRoot, "test/fixtures/prodes-diagonal-regions.geojson");

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "coca-change-map-"));
    const src = await readClassRaster(prodes);
    grid = src.grid;
    a = new Uint8Array(src.values.length);
    b = new Uint8Array(src.values.length);
    src.values.forEach((v, i) => {
      a[i] = A_FOREST.has(v) ? 1 : A_CLEARED.has(v) ? 2 : 0;
      b[i] = B_FOREST.has(v) ? 1 : B_CLEARED.has(v) ? 2 : 0;
    });
    await writeRaster(path("a.tif"), [a], { grid, sampleType: "uint8", nodata: 0, classNames: ["forest", "cleared"] });
    // The second year names its classes in Portuguese: the legends match only through --class-map.
    await writeRaster(path("b.tif"), [b], { grid, sampleType: "uint8", nodata: 0, classNames: ["floresta", "desmatado"] });
    await writeRaster(path("b-en.tif"), [b], { grid, sampleType: "uint8", nodata: 0, classNames: ["forest", "cleared"] });
    // B cropped: 10 columns off the west, 7 rows off the north (a different grid, same CRS).
    const w = grid.width - 10;
    const h = grid.height - 7;
    const crop = new Uint8Array(w * h);
    for (let r = 0; r < h; r++) crop.set(b.subarray((r + 7) * grid.width + 10, (r + 7) * grid.width + 10 + w), r * w);
    await writeRaster(path("b-crop.tif"), [crop], { grid: subGrid(grid, 10, 7, w, h), sampleType: "uint8", nodata: 0, classNames: ["forest", "cleared"] });
    // B labelled WGS 84 instead of SIRGAS 2000 (same numbers): reprojected cell by cell.
    await writeRaster(path("b-wgs84.tif"), [b], {
      grid: { ...grid, crs: crsFromEpsg(4326)! },
      sampleType: "uint8",
      nodata: 0,
      classNames: ["forest", "cleared"],
    });
    // B far away: 10 degrees east.
    const far = { ...grid, geoTransform: [grid.geoTransform[0] + 10, ...grid.geoTransform.slice(1)] as unknown as RasterGrid["geoTransform"] };
    await writeRaster(path("b-far.tif"), [b], { grid: far, sampleType: "uint8", nodata: 0, classNames: ["forest", "cleared"] });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("gives GRASS's transition hectares over the whole map (within 1e-6) and per region (within 0.5%), read in 64-row strips", async () => {
    const run = await runCocaInProcess(
      "change",
      "map",
      "--from",
      path("a.tif"),
      "--to",
      path("b.tif"),
      "--out",
      path("t.tif"),
      "--class-map",
      "floresta=forest,desmatado=cleared",
      "--regions",
      regions,
      "--tile-size-px",
      "64",
      "--json",
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as MapJson;
    expect(out.resampled).toBe(false);
    expect(out.transitions.map((t) => `${t.fromClass}->${t.toClass}`)).toEqual(["forest->forest", "forest->cleared", "cleared->forest", "cleared->cleared"]);
    for (const t of out.transitions) {
      const g = golden.wholeMap.find((x) => x.from === t.fromClass && x.to === t.toClass);
      if (!g) {
        expect(t.areaHa).toBe(0);
        continue;
      }
      expect(Math.abs(t.areaHa / g.areaHa - 1)).toBeLessThan(1e-6);
    }
    let worst = 0;
    for (const g of golden.byRegion) {
      const o = out.byRegion.find((r) => r.region === g.region && r.fromClass === g.from && r.toClass === g.to);
      expect(o, `${g.region} ${g.from}->${g.to}`).toBeDefined();
      if (g.areaHa < 100) continue;
      worst = Math.max(worst, Math.abs(o!.areaHa / g.areaHa - 1));
    }
    expect(worst).toBeLessThan(0.005);
    console.log(`PRODES transitions vs GRASS r.stats -a: per-region largest relative difference ${(worst * 100).toFixed(3)}% (transitions >= 100 ha)`);
    // Each region's share of the map's net forest change, against GRASS's per-region forest -> cleared.
    const shares = out.byRegionClassChange.filter((r) => r.className === "forest");
    expect(shares.reduce((s, r) => s + r.shareOfNetChange, 0)).toBeCloseTo(1, 2);
    const ne = golden.byRegion.find((g) => g.region === "north-east" && g.from === "forest" && g.to === "cleared")!.areaHa;
    const total = golden.wholeMap.find((x) => x.from === "forest" && x.to === "cleared")!.areaHa;
    expect(Math.abs(shares.find((r) => r.region === "north-east")!.shareOfNetChange - ne / total)).toBeLessThan(0.005);
    // Net change of forest = cleared in 2018-2020 with the sign flipped.
    const forest = out.classChange.find((c) => c.className === "forest")!;
    expect(forest.netChangeHa).toBeCloseTo(-golden.wholeMap.find((x) => x.from === "forest" && x.to === "cleared")!.areaHa, 3);

    // The raster: codes 1 + i*K + j with names, a colour table; code 0 where either year has no class.
    const map = await readClassMap(path("t.tif"));
    expect(map.classNames).toEqual(["forest -> forest", "forest -> cleared", "cleared -> forest", "cleared -> cleared"]);
    expect(map.colorTable?.[2]).toBeDefined();
    const codes = await map.readWindow({ x0: 0, y0: 0, x1: grid.width, y1: grid.height });
    await map.close();
    let mismatches = 0;
    for (let i = 0; i < codes.length; i++) {
      const want = a[i] === 0 || b[i] === 0 ? 0 : 1 + (a[i]! - 1) * 2 + (b[i]! - 1);
      if (codes[i] !== want) mismatches++;
    }
    expect(mismatches).toBe(0);

    // One strip of 512 rows gives the same hectares.
    const one = JSON.parse(
      (await runCocaInProcess("change", "map", "--from", path("a.tif"), "--to", path("b-en.tif"), "--out", path("t1.tif"), "--json")).stdout,
    ) as MapJson;
    one.transitions.forEach((t, k) => expect(t.areaHa).toBeCloseTo(out.transitions[k]!.areaHa, 6));
  });

  it("brings a map on another grid onto the first map's grid by nearest neighbour, and says so", async () => {
    const run = await runCocaInProcess(
      "change",
      "map",
      "--from",
      path("a.tif"),
      "--to",
      path("b-crop.tif"),
      "--out",
      path("tc.tif"),
      "--tile-size-px",
      "48",
      "--json",
    );
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as MapJson;
    expect(out.resampled).toBe(true);
    expect(out.alignment).toBe("nearest-same-crs");
    expect(out.warnings.join(" ")).toMatch(/resampled onto .*a\.tif's grid by nearest neighbour/);
    const map = await readClassMap(path("tc.tif"));
    const codes = await map.readWindow({ x0: 0, y0: 0, x1: grid.width, y1: grid.height });
    await map.close();
    let bad = 0;
    for (let r = 0; r < grid.height; r++)
      for (let c = 0; c < grid.width; c++) {
        const i = r * grid.width + c;
        const want = r < 7 || c < 10 || a[i] === 0 || b[i] === 0 ? 0 : 1 + (a[i]! - 1) * 2 + (b[i]! - 1);
        if (codes[i] !== want) bad++;
      }
    expect(bad).toBe(0);
    // Text output says it too.
    const text = await runCocaInProcess("change", "map", "--from", path("a.tif"), "--to", path("b-crop.tif"), "--out", path("tc2.tif"));
    expect(text.stdout).toMatch(/resampled by nearest neighbour onto the first map's grid/);
  });

  it("reprojects a map in another CRS cell by cell (nearest neighbour)", async () => {
    const run = await runCocaInProcess("change", "map", "--from", path("a.tif"), "--to", path("b-wgs84.tif"), "--out", path("tw.tif"), "--json");
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as MapJson;
    expect(out.alignment).toBe("nearest-reprojected");
    const same = JSON.parse(
      (await runCocaInProcess("change", "map", "--from", path("a.tif"), "--to", path("b-en.tif"), "--out", path("ts.tif"), "--json")).stdout,
    ) as MapJson;
    // SIRGAS 2000 and WGS 84 differ by far less than a cell here: the hectares agree to 0.1%.
    out.transitions.forEach((t, k) => {
      if (same.transitions[k]!.areaHa > 100) expect(Math.abs(t.areaHa / same.transitions[k]!.areaHa - 1)).toBeLessThan(1e-3);
    });
  });

  it("refuses different legends without a mapping (exit 2) and maps that do not overlap (exit 3), naming the files", async () => {
    const legends = await runCocaInProcess("change", "map", "--from", path("a.tif"), "--to", path("b.tif"), "--out", path("x.tif"));
    expect(legends.code).toBe(2);
    expect(legends.stderr).toMatch(/different legends: .*b\.tif has "floresta", "desmatado" that .*a\.tif lacks.*--class-map/);
    const far = await runCocaInProcess("change", "map", "--from", path("a.tif"), "--to", path("b-far.tif"), "--out", path("y.tif"));
    expect(far.code).toBe(3);
    expect(far.stderr).toMatch(/b-far\.tif does not overlap .*a\.tif/);
    expect(existsSync(path("x.tif")) || existsSync(path("y.tif"))).toBe(false);
  });
});
