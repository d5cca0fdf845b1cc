import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { hasShared, sharedPath } from "../../../test/support/shared.ts";
import proj4 from "proj4";
import { describe, expect, it } from "vitest";
import { DataError } from "../../domain/errors.ts";
import type { RasterGrid } from "../../domain/raster-grid.ts";
import { createRandom } from "../../stats/random.ts";
import type { ClassRaster } from "../vectorize/fields.ts";
import { readClassRaster } from "../vectorize/read-class-raster.ts";
import { parseRegions, readRegions, type RegionSet } from "./regions.ts";
import { openClassRows } from "./class-row-source.ts";
import { classTotals, mapTotalsByStrips, zonalTotals, zonalTotalsByStrips } from "./zonal-totals.ts";

const UTM18S = { epsg: 32718, proj4: "+proj=utm +zone=18 +south +datum=WGS84 +units=m +no_defs", geographic: false, name: "WGS 84 / UTM zone 18S" };
// 10 m pixels: one cell = 0.01 ha.
const grid = (width: number, height: number): RasterGrid => ({ width, height, geoTransform: [500000, 10, 0, 9000000, 0, -10], crs: UTM18S });

function regionsInPixels(rings: Record<string, [number, number][]>): RegionSet {
  const features = Object.entries(rings).map(([name, ring]) => ({
    type: "Feature",
    properties: { name },
    geometry: { type: "Polygon", coordinates: [ring.map(([c, r]) => [500000 + c * 10, 9000000 - r * 10])] },
  }));
  return parseRegions(JSON.stringify({ type: "FeatureCollection", crs: { type: "name", properties: { name: "EPSG:32718" } }, features }), "regions.geojson");
}

function uniform(width: number, height: number, code = 1): ClassRaster {
  return { grid: grid(width, height), values: new Uint8Array(width * height).fill(code), classNames: [undefined, "coca", "forest"] };
}

describe("zonal totals", () => {
  it("splits cells at a region edge by the share inside", () => {
    // Columns 0.5..2.5 of a 4 x 4 map: 2 half cells and 1 full cell per row, 4 rows = 8 cells = 0.08 ha.
    const rows = zonalTotals(
      uniform(4, 4),
      regionsInPixels({
        strip: [
          [0.5, 0],
          [2.5, 0],
          [2.5, 4],
          [0.5, 4],
          [0.5, 0],
        ],
      }),
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.areaHa).toBeCloseTo(0.08, 12);
    // A triangle with slanted edges through cells: area 0.5 * 3.3 * 2.7 cells.
    const tri = zonalTotals(
      uniform(5, 5),
      regionsInPixels({
        tri: [
          [0.4, 0.7],
          [3.7, 0.7],
          [0.4, 3.4],
          [0.4, 0.7],
        ],
      }),
    );
    expect(Math.abs(tri[0]!.areaHa / 0.01 - 0.5 * 3.3 * 2.7)).toBeLessThan(1e-4);
  });

  it("splits per class inside a region and leaves nodata out", () => {
    const r = uniform(4, 2);
    r.values.set([1, 1, 2, 2, 0, 1, 2, 2]);
    const rows = zonalTotals(
      r,
      regionsInPixels({
        all: [
          [0, 0],
          [4, 0],
          [4, 2],
          [0, 2],
          [0, 0],
        ],
      }),
    );
    expect(rows.map((x) => [x.className, Math.round(x.areaHa * 1e6) / 1e6])).toEqual([
      ["coca", 0.03],
      ["forest", 0.04],
    ]);
  });

  it("adds up to the class pixel areas when regions tile the map", () => {
    const r = uniform(37, 23);
    const rand = createRandom(4);
    for (let i = 0; i < r.values.length; i++) r.values[i] = 1 + rand.int(2);
    // Two triangles split along a slanted line, both reaching past the map.
    const regions = regionsInPixels({
      a: [
        [-1, -1],
        [40, 30],
        [40, -1],
        [-1, -1],
      ],
      b: [
        [-1, -1],
        [-1, 30],
        [40, 30],
        [-1, -1],
      ],
    });
    const rows = zonalTotals(r, regions);
    for (const t of classTotals(r)) {
      const sum = rows.filter((x) => x.classCode === t.classCode).reduce((s, x) => s + x.areaHa, 0);
      expect(sum).toBeCloseTo(t.areaHa, 9);
    }
    expect(rows.filter((x) => x.region === "a")).toHaveLength(2);
  });

  it("reprojects regions given in WGS 84 onto a UTM map", () => {
    const toLonLat = proj4(UTM18S.proj4, "WGS84");
    // A triangle in map pixels, then the same triangle given in longitude/latitude (RFC 7946, no crs member).
    const px: [number, number][] = [
      [3.2, 4.1],
      [55.7, 9.9],
      [20.4, 38.6],
      [3.2, 4.1],
    ];
    const utm = regionsInPixels({ t: px });
    const lonLat = parseRegions(
      JSON.stringify({
        type: "FeatureCollection",
        features: [
          {
            type: "Feature",
            properties: { name: "t" },
            geometry: { type: "Polygon", coordinates: [px.map(([c, r]) => toLonLat.forward([500000 + c * 10, 9000000 - r * 10]))] },
          },
        ],
      }),
      "wgs84.geojson",
    );
    const map = uniform(60, 40);
    const a = zonalTotals(map, utm)[0]!.areaHa;
    const b = zonalTotals(map, lonLat)[0]!.areaHa;
    expect(Math.abs(b / a - 1)).toBeLessThan(1e-6);
  });

  it("gives the whole map's class and region totals to the last digit when read in strips", async () => {
    // A random map with slanted regions, read 1, 7 and 64 rows at a time.
    const rand = createRandom(5);
    const width = 53;
    const height = 61;
    const values = new Uint8Array(width * height);
    for (let i = 0; i < values.length; i++) values[i] = rand.int(3);
    const map: ClassRaster = { grid: grid(width, height), values, classNames: [undefined, "coca", "forest"] };
    const regions = regionsInPixels({
      a: [
        [0.3, 2.2],
        [40.7, 0.1],
        [20.5, 55.9],
        [0.3, 2.2],
      ],
      b: [
        [20.5, 55.9],
        [40.7, 0.1],
        [53, 61],
        [20.5, 55.9],
      ],
    });
    const whole = { totals: classTotals(map), zonal: zonalTotals(map, regions) };
    for (const stripRows of [1, 7, 64]) {
      const source = { ...map, readRows: async (y0: number, y1: number) => values.slice(y0 * width, y1 * width) };
      expect(await mapTotalsByStrips(source, regions, { stripRows })).toEqual(whole);
    }
  });

  it("refuses regions that do not overlap the map, naming the file", () => {
    expect(() =>
      zonalTotals(
        uniform(4, 4),
        regionsInPixels({
          far: [
            [100, 100],
            [110, 100],
            [110, 110],
            [100, 100],
          ],
        }),
      ),
    ).toThrow(/no region in regions\.geojson .* overlaps the class map/);
    expect(() =>
      zonalTotals(
        uniform(4, 4),
        regionsInPixels({
          far: [
            [100, 100],
            [110, 100],
            [110, 110],
            [100, 100],
          ],
        }),
      ),
    ).toThrow(DataError);
  });
});

const root = resolve(import.meta.dirname, "../../..");
const prodes = sharedPath("data/sits-rondonia/PRODES_LANDSAT_AMZ_2000-08-01_2020-07-31_class_v20220606.tif");
const hasProdes = hasShared("the GRASS r.stats comparison", prodes);

describe.skipIf(!hasProdes)("PRODES map (EPSG:4674) against GRASS r.stats -a", () => {
  const golden = JSON.parse(readFileSync(resolve(root, "test/golden/zonal-prodes-grass.json"), "utf8")) as {
    wholeMap: { classCode: number; areaHa: number }[];
    byRegion: { region: string; classCode: number; areaHa: number }[];
  };

  it("matches GRASS's ellipsoidal class areas over the whole map within 0.5%", async () => {
    const map = await readClassRaster(prodes);
    expect(map.nodata).toBe(255);
    const ours = classTotals(map);
    expect(ours.map((r) => r.classCode)).toEqual(golden.wholeMap.map((r) => r.classCode));
    for (const g of golden.wholeMap) {
      const o = ours.find((r) => r.classCode === g.classCode)!;
      expect(Math.abs(o.areaHa / g.areaHa - 1)).toBeLessThan(0.005);
    }
  });

  it("matches GRASS per region within 0.5% (fractional edge cells against GRASS's cell-centre rasterisation)", async () => {
    const map = await readClassRaster(prodes);
    const rows = zonalTotals(map, readRegions(resolve(root, "test/fixtures/prodes-diagonal-regions.geojson")));
    let worst = 0;
    for (const g of golden.byRegion) {
      const o = rows.find((r) => r.region === g.region && r.classCode === g.classCode);
      expect(o, `${g.region} class ${g.classCode}`).toBeDefined();
      // Small classes (under 100 ha) differ more along the cut: GRASS counts whole cells by their centre.
      if (g.areaHa < 100) continue;
      worst = Math.max(worst, Math.abs(o!.areaHa / g.areaHa - 1));
    }
    expect(worst).toBeLessThan(0.005);
    // Read in strips of 37 rows, the totals are the same.
    const source = await openClassRows(prodes);
    const strips = await zonalTotalsByStrips(source, readRegions(resolve(root, "test/fixtures/prodes-diagonal-regions.geojson")), { stripRows: 37 });
    await source.close();
    expect(strips.map((r) => [r.region, r.classCode])).toEqual(rows.map((r) => [r.region, r.classCode]));
    strips.forEach((r, i) => expect(r.areaHa).toBeCloseTo(rows[i]!.areaHa, 6));
    console.log(`PRODES zonal vs GRASS r.stats -a: largest relative difference ${(worst * 100).toFixed(3)}% (classes >= 100 ha)`);
  });
});
