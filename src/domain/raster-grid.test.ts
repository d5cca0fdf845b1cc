import proj4 from "proj4";
import { describe, expect, it } from "vitest";
import { crsFromEpsg } from "../raster/read/epsg.ts";
import { DataError } from "./errors.ts";
import {
  fromWgs84Transform,
  gridBboxWgs84,
  gridCorners,
  gridCornersWgs84,
  isWgs84,
  mapToPixel,
  mapToPixelTransform,
  pixelCenter,
  pixelToMap,
  pointInRings,
  sameCrs,
  toWgs84Transform,
  WGS84,
  type Crs,
  type RasterGrid,
} from "./raster-grid.ts";

const utm18s = crsFromEpsg(32718)!;
const northUp: RasterGrid = { width: 1000, height: 800, geoTransform: [600_000, 10, 0, 8_630_000, 0, -10], crs: utm18s };
// 30 m pixels rotated by 20 degrees, with a slight shear (gt[2] and gt[4] both set).
const a = (20 * Math.PI) / 180;
const rotated: RasterGrid = {
  width: 500,
  height: 400,
  geoTransform: [612_345.5, 30 * Math.cos(a), 30 * Math.sin(a) + 1.5, 8_601_234.25, 30 * Math.sin(a), -30 * Math.cos(a)],
  crs: utm18s,
};

describe("pixel <-> map", () => {
  it("follows the GDAL geotransform: corner of pixel (0, 0) at the origin, centres half a pixel in", () => {
    expect(pixelToMap(northUp, 0, 0)).toEqual([600_000, 8_630_000]);
    expect(pixelToMap(northUp, 1000, 800)).toEqual([610_000, 8_622_000]);
    expect(pixelCenter(northUp, 0, 0)).toEqual([600_005, 8_629_995]);
    expect(mapToPixel(northUp, 600_005, 8_629_995)).toEqual([0.5, 0.5]);
    expect(mapToPixel(northUp, 605_000, 8_626_000)).toEqual([500, 400]);
  });

  it("round-trips map -> pixel -> map on north-up and rotated geotransforms", () => {
    for (const grid of [northUp, rotated]) {
      const toPixel = mapToPixelTransform(grid);
      for (const [col, row] of [
        [0, 0],
        [0.5, 0.5],
        [123.25, 77.75],
        [grid.width, grid.height],
        [-3, 950.5],
      ] as const) {
        const [x, y] = pixelToMap(grid, col, row);
        const [c, r] = toPixel(x, y);
        expect(c).toBeCloseTo(col, 7);
        expect(r).toBeCloseTo(row, 7);
        const [x2, y2] = pixelToMap(grid, c, r);
        expect(Math.abs(x2 - x)).toBeLessThan(1e-6);
        expect(Math.abs(y2 - y)).toBeLessThan(1e-6);
      }
    }
  });

  it("uses the rotation terms: one column along the rotated grid moves both x and y", () => {
    const [x0, y0] = pixelToMap(rotated, 0, 0);
    const [x1, y1] = pixelToMap(rotated, 1, 0);
    expect(x1 - x0).toBeCloseTo(30 * Math.cos(a), 9);
    expect(y1 - y0).toBeCloseTo(30 * Math.sin(a), 9);
    // The map point one column over inverts to exactly (1, 0), not what a north-up inverse would give.
    const [c, r] = mapToPixel(rotated, x1, y1);
    expect(c).toBeCloseTo(1, 9);
    expect(r).toBeCloseTo(0, 9);
  });

  it("refuses a singular geotransform with a DataError naming what it belongs to", () => {
    const flat = { geoTransform: [0, 10, 20, 0, 5, 10] as const };
    expect(() => mapToPixelTransform(flat, "the scene")).toThrow(DataError);
    expect(() => mapToPixelTransform(flat, "the scene")).toThrow(/the scene's geotransform is singular/);
  });
});

describe("WGS 84", () => {
  it("decides once what is already WGS 84 lon/lat", () => {
    expect(isWgs84(WGS84)).toBe(true);
    expect(isWgs84(crsFromEpsg(4326)!)).toBe(true);
    expect(isWgs84({ proj4: "+proj=longlat +datum=WGS84 +no_defs", geographic: true, name: "custom" })).toBe(true);
    expect(isWgs84({ proj4: "EPSG:4326", geographic: true, name: "custom" })).toBe(true);
    // Other geographic CRSs are not, with or without an EPSG code, and neither is Web Mercator.
    for (const epsg of [4674, 4248, 4269, 3857, 32718]) expect(isWgs84(crsFromEpsg(epsg)!), `EPSG:${epsg}`).toBe(false);
    expect(isWgs84({ proj4: "+proj=longlat +ellps=intl +towgs84=-288,175,-376,0,0,0,0 +no_defs", geographic: true, name: "PSAD56" })).toBe(false);
  });

  it("converts UTM to WGS 84 as gdaltransform does (GDAL 3.6.2, EPSG:32718/32719/32617/32618 -> EPSG:4326)", () => {
    // echo "E N" | gdaltransform -s_srs EPSG:<code> -t_srs EPSG:4326 -output_xy
    const known: [number, number, number, number, number][] = [
      [32718, 600_000, 8_630_000, -74.0800690152613, -12.3913387663139],
      [32718, 612_345.5, 8_601_234.25, -73.965475337211, -12.6510177234006],
      [32719, 600_000, 8_250_000, -68.0661825561929, -15.8268056411778],
      [32617, 500_000, 100_000, -81, 0.904730614554944],
      [32618, 399_000, 450_000, -75.9099036690688, 4.07070735147497],
      [31978, 600_000, 8_630_000, -74.0800690152606, -12.3913387667129],
    ];
    for (const [epsg, e, n, lon, lat] of known) {
      const [x, y] = toWgs84Transform(crsFromEpsg(epsg)!)([e, n]);
      // 1e-8 degrees is about 1 mm.
      expect(Math.abs(x - lon), `EPSG:${epsg} lon`).toBeLessThan(1e-8);
      expect(Math.abs(y - lat), `EPSG:${epsg} lat`).toBeLessThan(1e-8);
    }
    // And back: echo "-74.0 -12.5" | gdaltransform -s_srs EPSG:4326 -t_srs EPSG:32718 -output_xy
    const [e, n] = fromWgs84Transform(utm18s)([-74.0, -12.5]);
    expect(Math.abs(e - 608659.374301324)).toBeLessThan(1e-3);
    expect(Math.abs(n - 8617951.09480501)).toBeLessThan(1e-3);
  });

  it("round-trips WGS 84 -> UTM -> WGS 84 and leaves WGS 84 coordinates as they are", () => {
    const there = fromWgs84Transform(utm18s);
    const back = toWgs84Transform(utm18s);
    for (const p of [
      [-74.5, -12.1],
      [-73.2, -13.9],
      [-75.0, -10.0],
    ] as const) {
      const [lon, lat] = back(there(p));
      expect(Math.abs(lon - p[0])).toBeLessThan(1e-9);
      expect(Math.abs(lat - p[1])).toBeLessThan(1e-9);
    }
    expect(toWgs84Transform(WGS84)([-74.123456789, -12.5])).toEqual([-74.123456789, -12.5]);
  });

  it("reprojects a geographic CRS on another datum: PSAD56 is hundreds of metres off WGS 84", () => {
    const psad56 = crsFromEpsg(4248)!;
    const [lon, lat] = toWgs84Transform(psad56)([-74, -12.4]);
    // PSAD56 -> WGS 84 by the towgs84 shift of epsg.ts moves points in Peru by about 0.003 degrees.
    expect(Math.hypot(lon + 74, lat + 12.4)).toBeGreaterThan(0.002);
    expect(Math.hypot(lon + 74, lat + 12.4)).toBeLessThan(0.01);
  });

  it("gives the same numbers as proj4 to 'EPSG:4326' (outputs written before the helper stay identical)", () => {
    const conv = proj4(utm18s.proj4, "EPSG:4326");
    const mine = toWgs84Transform(utm18s);
    for (const p of [
      [600_000, 8_630_000],
      [612_345.5, 8_601_234.25],
      [699_999.99, 8_500_000.01],
    ] as const)
      expect(mine(p)).toEqual(conv.forward([p[0], p[1]]));
  });

  it("names the CRS when proj4 cannot use it", () => {
    const bad: Crs = { proj4: "+proj=nosuchthing", geographic: false, name: "Broken" };
    expect(() => toWgs84Transform(bad, "the map's CRS")).toThrow(DataError);
    expect(() => toWgs84Transform(bad, "the map's CRS")).toThrow(/cannot convert the map's CRS \(Broken/);
  });

  it("knows two grids share a CRS only by a common EPSG code", () => {
    expect(sameCrs(utm18s, crsFromEpsg(32718)!)).toBe(true);
    expect(sameCrs(utm18s, crsFromEpsg(32719)!)).toBe(false);
    expect(sameCrs({ proj4: utm18s.proj4, geographic: false, name: "x" }, { proj4: utm18s.proj4, geographic: false, name: "x" })).toBe(false);
  });
});

describe("grid corners and bounding box", () => {
  it("lists the corners top-left, top-right, bottom-right, bottom-left", () => {
    expect(gridCorners(northUp)).toEqual([
      [600_000, 8_630_000],
      [610_000, 8_630_000],
      [610_000, 8_622_000],
      [600_000, 8_622_000],
    ]);
    const wgs = gridCornersWgs84(northUp);
    expect(Math.abs(wgs[0][0] - -74.0800690152613)).toBeLessThan(1e-8);
    expect(Math.abs(wgs[0][1] - -12.3913387663139)).toBeLessThan(1e-8);
    expect(wgs[1][0]).toBeGreaterThan(wgs[0][0]);
    expect(wgs[3][1]).toBeLessThan(wgs[0][1]);
  });

  it("bounds the whole outline in WGS 84", () => {
    const [minLon, minLat, maxLon, maxLat] = gridBboxWgs84(rotated);
    for (const [lon, lat] of gridCornersWgs84(rotated)) {
      expect(lon).toBeGreaterThanOrEqual(minLon);
      expect(lon).toBeLessThanOrEqual(maxLon);
      expect(lat).toBeGreaterThanOrEqual(minLat);
      expect(lat).toBeLessThanOrEqual(maxLat);
    }
    const geographic: RasterGrid = { width: 360, height: 180, geoTransform: [-80, 0.01, 0, 0, 0, -0.01], crs: WGS84 };
    gridBboxWgs84(geographic).forEach((v, i) => expect(v).toBeCloseTo([-80, -1.8, -76.4, 0][i]!, 12));
  });
});

describe("pointInRings", () => {
  // A 10 x 10 square with a 4 x 4 hole in the middle, and a separate 2 x 2 island at (20, 20).
  const outer = [0, 0, 10, 0, 10, 10, 0, 10];
  const hole = [3, 3, 3, 7, 7, 7, 7, 3];
  const island = [20, 20, 22, 20, 22, 22, 20, 22, 20, 20];

  it("is even-odd: inside the exterior, outside in the hole, inside another part", () => {
    const rings = [outer, hole, island];
    expect(pointInRings(1, 1, rings)).toBe(true);
    expect(pointInRings(9.5, 5, rings)).toBe(true);
    expect(pointInRings(5, 5, rings)).toBe(false);
    expect(pointInRings(21, 21, rings)).toBe(true);
    expect(pointInRings(15, 5, rings)).toBe(false);
    expect(pointInRings(-0.1, 5, rings)).toBe(false);
    expect(pointInRings(5, 5, [outer])).toBe(true);
  });

  it("answers false for no rings", () => {
    expect(pointInRings(0, 0, [])).toBe(false);
  });
});
