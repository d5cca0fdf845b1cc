import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import proj4 from "proj4";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DataError } from "../domain/errors.ts";
import { createRandom } from "../stats/random.ts";
import { crsFromEpsg } from "./read/epsg.ts";
import { openRaster } from "./read/raster-source.ts";
import { mosaicRasters } from "./mosaic.ts";
import { writeRaster } from "./write/write-raster.ts";

let dir: string;
const utm18 = crsFromEpsg(32718)!;
const utm19 = crsFromEpsg(32719)!;
const CLASSES = ["coca", "forest", "crops", "water", "bare"];

/** A class map with blocky classes and a cloud hole (code 0). */
function classMap(width: number, height: number, seed: number): Uint8Array {
  const random = createRandom(seed);
  const out = new Uint8Array(width * height);
  for (let i = 0; i < out.length; i++) {
    const x = i % width;
    const y = Math.floor(i / width);
    out[i] = 1 + ((Math.floor(x / 7) * 3 + Math.floor(y / 5) * 5 + seed) % 5);
    if (random.next() < 0.02) out[i] = 1 + Math.floor(random.next() * 5);
  }
  const cx = width * 0.6;
  const cy = height * 0.4;
  for (let i = 0; i < out.length; i++) if (((i % width) - cx) ** 2 + (Math.floor(i / width) - cy) ** 2 < (width / 6) ** 2) out[i] = 0;
  return out;
}
const read = async (path: string): Promise<{ v: Uint8Array; w: number; h: number; gt: readonly number[] }> => {
  const s = await openRaster(path);
  const [v] = await s.readWindow({ x0: 0, y0: 0, x1: s.grid.width, y1: s.grid.height });
  await s.close();
  return { v: v as Uint8Array, w: s.grid.width, h: s.grid.height, gt: s.grid.geoTransform };
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "coca-mosaic-"));
  // A in UTM 18S west of the 72 W zone boundary, B in UTM 19S across it; they overlap.
  const [ax, ay] = proj4("EPSG:4326", utm18.proj4, [-72.25, -10.0]) as [number, number];
  const [bx, by] = proj4("EPSG:4326", utm19.proj4, [-72.1, -10.02]) as [number, number];
  const aGrid = { width: 300, height: 260, geoTransform: [Math.round(ax), 30, 0, Math.round(ay), 0, -30] as const, crs: utm18 };
  const bGrid = { width: 280, height: 300, geoTransform: [Math.round(bx), 30, 0, Math.round(by), 0, -30] as const, crs: utm19 };
  await writeRaster(join(dir, "a.tif"), [classMap(300, 260, 1)], { grid: aGrid, sampleType: "uint8", nodata: 0, classNames: CLASSES });
  await writeRaster(join(dir, "b.tif"), [classMap(280, 300, 2)], { grid: bGrid, sampleType: "uint8", nodata: 0, classNames: CLASSES });
  await writeRaster(join(dir, "other-legend.tif"), [classMap(280, 300, 2)], { grid: bGrid, sampleType: "uint8", nodata: 0, classNames: ["a", "b"] });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("mosaic across two UTM zones", () => {
  it("equals gdalwarp -r near (exact transformer) pixel for pixel, with a source raster and the unobserved area", async () => {
    const out = join(dir, "mosaic.tif");
    const sources = join(dir, "sources.tif");
    const result = await mosaicRasters({
      inputs: [{ ref: join(dir, "a.tif") }, { ref: join(dir, "b.tif") }],
      out,
      sourceOut: sources,
      order: "given",
      grid: { crs: utm18, resolution: 30 },
    });
    const g = result.grid;
    const te = [g.geoTransform[0], g.geoTransform[3] - 30 * g.height, g.geoTransform[0] + 30 * g.width, g.geoTransform[3]].map(String);
    const gdalOut = join(dir, "gdal.tif");
    // gdalwarp lets later inputs overwrite earlier ones: give it the lowest priority first.
    execFileSync(
      "gdalwarp",
      [
        "-q",
        "-r",
        "near",
        "-et",
        "0",
        "-t_srs",
        "EPSG:32718",
        "-tr",
        "30",
        "30",
        "-te",
        ...te,
        "-srcnodata",
        "0",
        "-dstnodata",
        "0",
        join(dir, "b.tif"),
        join(dir, "a.tif"),
        gdalOut,
      ],
      { stdio: "pipe" },
    );
    const ours = await read(out);
    const theirs = await read(gdalOut);
    expect([ours.w, ours.h]).toEqual([theirs.w, theirs.h]);
    expect(ours.gt).toEqual(theirs.gt);
    let differ = 0;
    for (let i = 0; i < ours.v.length; i++) if (ours.v[i] !== theirs.v[i]) differ++;
    expect(differ).toBe(0);
    // Both inputs contribute; the source raster says which pixel came from which.
    const src = await read(sources);
    const fromA = src.v.filter((v) => v === 1).length;
    const fromB = src.v.filter((v) => v === 2).length;
    expect(fromA).toBeGreaterThan(1000);
    expect(fromB).toBeGreaterThan(1000);
    expect(result.inputs.map((i) => i.pixels)).toEqual([fromA, fromB]);
    expect(result.unobservedPixels).toBe(src.v.filter((v) => v === 0).length);
    expect(result.unobservedPixels).toBe(ours.v.filter((v) => v === 0).length);
    expect(result.totalHa).toBeCloseTo((g.width * g.height * 900) / 10000, 6);
    expect(result.observedHa + result.unobservedHa).toBeCloseTo(result.totalHa, 6);
    const info = JSON.parse(execFileSync("gdalinfo", ["-json", out]).toString());
    expect(info.coordinateSystem.wkt).toMatch(/UTM zone 18S/);
    expect(info.metadata[""].CLASS_NAMES).toBe(JSON.stringify(CLASSES));
  });

  it("least-cloudy first: the input with less nodata wins where both are valid", async () => {
    const out = join(dir, "lc.tif");
    const result = await mosaicRasters({ inputs: [{ ref: join(dir, "a.tif") }, { ref: join(dir, "b.tif") }], out, grid: { crs: utm18, resolution: 30 } });
    const [a, b] = result.inputs;
    expect(a!.invalidShare).toBeGreaterThan(0);
    const first = a!.invalidShare! <= b!.invalidShare! ? a! : b!;
    expect(first.priority).toBe(1);
    expect(result.rule).toMatch(/least invalid/);
  });

  it("refuses class maps of different legends and writes nothing", async () => {
    const out = join(dir, "never.tif");
    await expect(mosaicRasters({ inputs: [{ ref: join(dir, "a.tif") }, { ref: join(dir, "other-legend.tif") }], out })).rejects.toThrow(DataError);
    await expect(mosaicRasters({ inputs: [{ ref: join(dir, "a.tif") }, { ref: join(dir, "other-legend.tif") }], out })).rejects.toThrow(
      /other-legend\.tif: its class legend/,
    );
    expect(() => execFileSync("gdalinfo", [out], { stdio: "pipe" })).toThrow();
  });
});
