import { describe, expect, it } from "vitest";
import type { RasterGrid } from "../domain/raster-grid.ts";
import { crsFromEpsg } from "../raster/read/epsg.ts";
import { coarseGrid, coarseGridSchema } from "./coarse-grid.ts";

const grid = (width: number, height: number): RasterGrid => ({ width, height, geoTransform: [500000, 10, 0, 9000000, 0, -10], crs: crsFromEpsg(32718)! });

describe("coarseGrid", () => {
  it("takes block means and maxima, leaves all-nodata blocks null and keeps 4 significant digits", () => {
    // 4 x 2 cells, maxSide 2 -> factor 2 -> 2 x 1 coarse cells
    const v = new Float32Array([1, 2, NaN, NaN, 3, 4.123456, NaN, NaN]);
    const mean = coarseGrid(v, grid(4, 2), { maxSide: 2, statistic: "mean", unit: "s/m" });
    expect(mean).toMatchObject({ width: 2, height: 1, factor: 2, values: [2.531, null], min: 2.531, max: 2.531 });
    const max = coarseGrid(v, grid(4, 2), { maxSide: 2, statistic: "max", unit: "A" });
    expect(max.values).toEqual([4.123, null]);
    expect(coarseGridSchema.parse(max)).toEqual(max);
  });

  it("stays within maxSide and puts the corners in WGS 84 (UTM 18S near 9.0e6 N is about 9 degrees south)", () => {
    const g = coarseGrid(new Float32Array(383 * 415).fill(1), grid(383, 415), { maxSide: 128, statistic: "mean", unit: "s/m" });
    expect(g.factor).toBe(4);
    expect([g.width, g.height]).toEqual([96, 104]);
    expect(g.values.every((x) => x === 1)).toBe(true);
    const [tl, tr, br] = g.cornersLonLat;
    expect(tl[1]).toBeGreaterThan(-9.1);
    expect(tl[1]).toBeLessThan(-8.9);
    expect(tr[0]).toBeGreaterThan(tl[0]);
    expect(br[1]).toBeLessThan(tr[1]);
  });
});
