import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Rgba } from "../domain/class-legend.ts";
import type { GeoTransform } from "../domain/raster-grid.ts";
import { crsFromEpsg } from "./read/epsg.ts";
import { writeRaster } from "./write/write-raster.ts";
import { classMapOverview } from "./class-map-overview.ts";

const dir = mkdtempSync(join(tmpdir(), "coca-overview-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A 40 x 30 class map: codes 1..3 in vertical bands, nodata in the first column. */
async function classMap(name: string, epsg: number, geoTransform: GeoTransform, classNames: string[], colorTable?: Rgba[]): Promise<Uint8Array> {
  const width = 40;
  const height = 30;
  const codes = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 1; x < width; x++) codes[y * width + x] = 1 + Math.floor((x * 3) / width);
  const path = join(dir, `${name}.tif`);
  await writeRaster(path, [codes], { grid: { width, height, geoTransform, crs: crsFromEpsg(epsg)! }, sampleType: "uint8", nodata: 0, classNames, colorTable });
  return new Uint8Array(readFileSync(path));
}

describe("classMapOverview", () => {
  it("colours classes from the file's colour table", async () => {
    const table: Rgba[] = [
      [0, 0, 0, 0],
      [200, 10, 10, 255],
      [10, 200, 10, 255],
      [10, 10, 200, 255],
    ];
    const o = await classMapOverview(await classMap("table", 32718, [600_000, 10, 0, 8_630_000, 0, -10], ["coca", "other", "water"], table));
    expect(o.classes).toEqual([
      { value: 1, name: "coca", color: "#c80a0a" },
      { value: 2, name: "other", color: "#0ac80a" },
      { value: 3, name: "water", color: "#0a0ac8" },
    ]);
  });

  it("without a colour table, colours classes by the legend's rule: distinct, coca red, water blue", async () => {
    const o = await classMapOverview(await classMap("plain", 32718, [600_000, 10, 0, 8_630_000, 0, -10], ["other", "coca", "water"]));
    // "other" would take Set1 red, beside coca's red: it gets the next distinct palette colour instead.
    expect(o.classes.map((c) => c.color)).toEqual(["#4daf4a", "#e31a1c", "#1f78b4"]);
  });

  it("puts a WGS 84 map's corners where they are and reprojects another geographic datum (PSAD56)", async () => {
    const gt: GeoTransform = [-74, 0.001, 0, -12, 0, -0.001];
    const wgs = await classMapOverview(await classMap("wgs84", 4326, gt, ["a", "b", "c"]));
    expect(wgs.coordinates[0]).toEqual([-74, -12]);
    expect(wgs.coordinates[2][0]).toBeCloseTo(-73.96, 12);
    expect(wgs.coordinates[2][1]).toBeCloseTo(-12.03, 12);
    // Before the one WGS 84 rule, any geographic CRS was drawn as if it were WGS 84 (hundreds of metres off for PSAD56).
    const psad = await classMapOverview(await classMap("psad56", 4248, gt, ["a", "b", "c"]));
    const [lon, lat] = psad.coordinates[0];
    expect(Math.hypot(lon + 74, lat + 12)).toBeGreaterThan(0.002);
    expect(Math.hypot(lon + 74, lat + 12)).toBeLessThan(0.01);
  });
});
