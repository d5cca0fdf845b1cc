import { describe, expect, it } from "vitest";
import type { RasterGrid } from "../../domain/raster-grid.ts";
import { vectorizeClassesByStrips } from "../../imagery/vectorize/fields-by-strips.ts";
import type { RegionSet } from "../../imagery/zonal/regions.ts";
import { mapTotalsByStrips, type ClassRowSource } from "../../imagery/zonal/zonal-totals.ts";
import { DEFAULT_STRIP_BUDGET_BYTES, stripRowsFor } from "./strip-rows.ts";

const UTM18S = { epsg: 32718, proj4: "+proj=utm +zone=18 +south +datum=WGS84 +units=m +no_defs", geographic: false, name: "WGS 84 / UTM zone 18S" };

/** A class map of nodata only, made up row by row, recording the tallest strip read. */
function wideMap(width: number, height: number): ClassRowSource & { tallest: number } {
  const grid: RasterGrid = { width, height, geoTransform: [500000, 10, 0, 9000000, 0, -10], crs: UTM18S };
  const source = {
    grid,
    nodata: 0,
    classNames: [undefined, "coca"],
    tallest: 0,
    readRows: async (y0: number, y1: number) => {
      source.tallest = Math.max(source.tallest, y1 - y0);
      return new Uint8Array((y1 - y0) * width);
    },
  };
  return source;
}

describe("strip height from a byte budget", () => {
  it("is floor(budget / (width x bytes per pixel)), at least 1", () => {
    expect(DEFAULT_STRIP_BUDGET_BYTES).toBe(8 * 1024 * 1024);
    expect(stripRowsFor(3000)).toBe(2796);
    expect(stripRowsFor(9000)).toBe(932);
    expect(stripRowsFor(9000, 2)).toBe(466);
    expect(stripRowsFor(1000, 1, 4096)).toBe(4);
    expect(stripRowsFor(10_000_000)).toBe(1);
    expect(() => stripRowsFor(0)).toThrow(RangeError);
    expect(() => stripRowsFor(10, 0)).toThrow(RangeError);
  });

  it("sets the strips the map totals and the fields read: a map three times wider is read in strips a third as tall", async () => {
    // One region over the top 100 rows of the widest map (x 500 to 800 km, y 8,999 to 9,000 km).
    const ring = [
      [500000, 9000000],
      [500000, 8999000],
      [800000, 8999000],
      [800000, 9000000],
      [500000, 9000000],
    ];
    const regions: RegionSet = { source: "test", crs: UTM18S, regions: [{ name: "all", polygons: [[ring]] }] };
    for (const width of [10_000, 30_000]) {
      const totals = wideMap(width, 1200);
      await mapTotalsByStrips(totals, regions);
      expect(totals.tallest).toBe(stripRowsFor(width));
      const fields = wideMap(width, 1200);
      await vectorizeClassesByStrips(fields);
      expect(fields.tallest).toBe(stripRowsFor(width));
    }
  });
});
