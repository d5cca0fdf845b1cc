/** `coca change categories`: SIMCI-style 1 km cell history and dispersion on constructed maps. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { crsFromEpsg } from "../../src/raster/read/epsg.ts";
import { writeRaster } from "../../src/raster/write/write-raster.ts";
import { runCocaInProcess } from "../support/cli.ts";

// 40 x 30 px of 100 m (1 ha) in UTM 18S: 4 x 3 cells of 1 km. Each affected cell-year gets 4 px (4 ha) of coca.
const W = 40;
const H = 30;
const grid = { width: W, height: H, geoTransform: [500000, 100, 0, 8800000, 0, -100] as const, crs: crsFromEpsg(32718)! };
// [cell col, cell row] -> years (0, 1, 2) with coca.
const HISTORY: [number, number, number[]][] = [
  [0, 0, [0, 1, 2]], // permanent
  [1, 0, [0]], // abandoned (none in the last 2 years)
  [2, 0, [0, 2]], // intermittent
  [3, 0, [2]], // new
  [0, 2, [1, 2]], // intermittent (coca the year before)
  [3, 2, [2]], // new
];

describe("coca change categories", () => {
  let dir: string;
  const path = (n: string): string => join(dir, n);
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "coca-change-categories-"));
    for (let y = 0; y < 3; y++) {
      const v = new Uint8Array(W * H).fill(2);
      for (const [cx, cy, years] of HISTORY) {
        if (!years.includes(y)) continue;
        for (let r = 2; r < 4; r++) for (let c = 2; c < 4; c++) v[(cy * 10 + r) * W + cx * 10 + c] = 1;
      }
      await writeRaster(path(`y${y}.tif`), [v], { grid, sampleType: "uint8", nodata: 0, classNames: ["coca", "other"] });
    }
    // Region "south-east" covers cell (3, 2) only; "north-west" covers cell (0, 0).
    const square = (name: string, cx: number, cy: number): object => ({
      type: "Feature",
      properties: { name },
      geometry: {
        type: "Polygon",
        coordinates: [
          [
            [500000 + cx * 1000, 8800000 - cy * 1000],
            [500000 + (cx + 1) * 1000, 8800000 - cy * 1000],
            [500000 + (cx + 1) * 1000, 8800000 - (cy + 1) * 1000],
            [500000 + cx * 1000, 8800000 - (cy + 1) * 1000],
            [500000 + cx * 1000, 8800000 - cy * 1000],
          ],
        ],
      },
    });
    writeFileSync(
      path("regions.geojson"),
      JSON.stringify({
        type: "FeatureCollection",
        crs: { type: "name", properties: { name: "EPSG:32718" } },
        features: [square("south-east", 3, 2), square("north-west", 0, 0)],
      }),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("classes cells by their history and measures dispersion", async () => {
    const run = await runCocaInProcess(
      "change",
      "categories",
      "--maps",
      [0, 1, 2].map((y) => path(`y${y}.tif`)).join(","),
      "--years",
      "2016,2017,2018",
      "--regions",
      path("regions.geojson"),
      "--out",
      path("cells.geojson"),
      "--json",
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as {
      cells: { cols: number; rows: number };
      counts: Record<string, number>;
      dispersion: {
        occupiedCells: number[];
        newCells: number;
        newCellsWithoutRecentCocaShare: number;
        distanceToPreviousKm: { mean: number; median: number; max: number };
      };
      totalCocaHaByYear: number[];
      regions: { region: string; cocaHaByYear: number[]; entered: boolean }[];
    };
    expect(out.cells).toEqual({ cols: 4, rows: 3 });
    expect(out.counts).toEqual({ never: 6, permanent: 1, intermittent: 2, abandoned: 1, new: 2 });
    expect(out.dispersion.occupiedCells).toEqual([3, 2, 5]);
    expect(out.dispersion.newCells).toBe(3);
    expect(out.dispersion.newCellsWithoutRecentCocaShare).toBeCloseTo(2 / 3, 12);
    // New cells (2,0), (3,0), (3,2): nearest earlier coca 0, 1 and sqrt(5) km away.
    expect(out.dispersion.distanceToPreviousKm.mean).toBeCloseTo((0 + 1 + Math.sqrt(5)) / 3, 9);
    expect(out.dispersion.distanceToPreviousKm.median).toBeCloseTo(1, 12);
    expect(out.dispersion.distanceToPreviousKm.max).toBeCloseTo(Math.sqrt(5), 9);
    expect(out.totalCocaHaByYear.map((v) => Math.round(v * 1e6) / 1e6)).toEqual([12, 8, 20]);
    expect(out.regions.map((r) => [r.region, r.entered])).toEqual([
      ["south-east", true],
      ["north-west", false],
    ]);
    const cells = JSON.parse(readFileSync(path("cells.geojson"), "utf8")) as { features: { properties: Record<string, unknown> }[] };
    expect(cells.features).toHaveLength(6);
    expect(cells.features.find((f) => f.properties.col === 3 && f.properties.row === 0)!.properties).toMatchObject({
      category: "new",
      coca_ha_2018: 4,
      coca_ha_2016: 0,
    });
    // A 5 ha minimum: no cell (4 ha a year at most) is affected.
    const strict = JSON.parse(
      (
        await runCocaInProcess(
          "change",
          "categories",
          "--maps",
          [0, 1, 2].map((y) => path(`y${y}.tif`)).join(","),
          "--years",
          "2016,2017,2018",
          "--min-coca-ha",
          "5",
          "--json",
        )
      ).stdout,
    ) as typeof out;
    expect(strict.counts.never).toBe(12);
  });

  it("refuses maps on different grids and a missing class, naming the file", async () => {
    const v = new Uint8Array(20 * 20).fill(2);
    await writeRaster(path("small.tif"), [v], { grid: { ...grid, width: 20, height: 20 }, sampleType: "uint8", nodata: 0, classNames: ["coca", "other"] });
    const run = await runCocaInProcess("change", "categories", "--maps", `${path("y0.tif")},${path("small.tif")}`, "--years", "1,2");
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/small\.tif is not on the grid of .*y0\.tif/);
    const cls = await runCocaInProcess("change", "categories", "--maps", `${path("y0.tif")},${path("y1.tif")}`, "--years", "1,2", "--class", "palm");
    expect(cls.code).toBe(2);
    expect(cls.stderr).toMatch(/y0\.tif has no class "palm"/);
  });
});
