import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DataError } from "../../domain/errors.ts";
import { writeRaster } from "../write/write-raster.ts";
import { crsFromEpsg } from "./epsg.ts";
import { openRaster } from "./raster-source.ts";

const gdal = (cmd: string, ...args: string[]): void => void execFileSync(cmd, ["-q", ...args], { stdio: "pipe" });
let dir: string;
const crs = crsFromEpsg(32718)!;
const tile = (x0: number, y0: number) => ({ width: 60, height: 40, geoTransform: [x0, 10, 0, y0, 0, -10] as const, crs });
const values = (k: number, n: number): Uint16Array => Uint16Array.from({ length: n }, (_, i) => (i % 13 === 0 ? 0 : 100 * k + (i % 97)));

async function readAll(path: string): Promise<{ bands: ArrayLike<number>[]; gt: readonly number[]; w: number; h: number; nodata: number | null }> {
  const s = await openRaster(path);
  const bands = await s.readWindow({ x0: 0, y0: 0, x1: s.grid.width, y1: s.grid.height });
  await s.close();
  return { bands, gt: s.grid.geoTransform, w: s.grid.width, h: s.grid.height, nodata: s.nodata };
}
async function refusal(path: string): Promise<string> {
  try {
    await (await openRaster(path)).close();
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    return (error as Error).message;
  }
  throw new Error(`${path} was opened, expected a refusal`);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "coca-vrt-"));
  // Four overlapping tiles of two bands each, with nodata 0 holes.
  const origins = [
    [600000, 8630000],
    [600450, 8630000],
    [600000, 8629700],
    [600450, 8629650],
  ];
  for (const [k, [x, y]] of origins.entries()) {
    await writeRaster(join(dir, `t${k}.tif`), [values(k + 1, 2400), values(k + 5, 2400)], {
      grid: tile(x!, y!),
      sampleType: "uint16",
      nodata: 0,
      bandNames: ["red", "nir"],
    });
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("GDAL VRT of simple sources", () => {
  it("a gdalbuildvrt mosaic of four overlapping tiles reads exactly as GDAL renders it", async () => {
    const vrt = join(dir, "mosaic.vrt");
    gdal("gdalbuildvrt", vrt, ...[0, 1, 2, 3].map((k) => join(dir, `t${k}.tif`)));
    expect(readFileSync(vrt, "utf8")).toMatch(/ComplexSource|SimpleSource/);
    const tif = join(dir, "mosaic-gdal.tif");
    gdal("gdal_translate", vrt, tif);
    const ours = await readAll(vrt);
    const theirs = await readAll(tif);
    expect([ours.w, ours.h]).toEqual([theirs.w, theirs.h]);
    expect(ours.gt).toEqual(theirs.gt);
    expect(ours.nodata).toBe(theirs.nodata);
    expect(Array.from(ours.bands[0]!)).toEqual(Array.from(theirs.bands[0]!));
    expect(Array.from(ours.bands[1]!)).toEqual(Array.from(theirs.bands[1]!));
  });

  it("a band subset and window (gdal_translate -of VRT -b 2 -srcwin) reads exactly as GDAL renders it", async () => {
    const vrt = join(dir, "sub.vrt");
    gdal("gdal_translate", "-of", "VRT", "-b", "2", "-srcwin", "5", "7", "40", "30", join(dir, "t1.tif"), vrt);
    const tif = join(dir, "sub-gdal.tif");
    gdal("gdal_translate", vrt, tif);
    const ours = await readAll(vrt);
    const theirs = await readAll(tif);
    expect(ours.gt).toEqual(theirs.gt);
    expect(Array.from(ours.bands[0]!)).toEqual(Array.from(theirs.bands[0]!));
  });

  it("a VRT whose file name does not end in .vrt is recognised by its content", async () => {
    const vrt = join(dir, "mosaic.vrt");
    const other = join(dir, "mosaic.xml");
    writeFileSync(other, readFileSync(vrt, "utf8").replaceAll('relativeToVRT="1">', `relativeToVRT="0">${dir}/`));
    expect(Array.from((await readAll(other)).bands[0]!)).toEqual(Array.from((await readAll(vrt)).bands[0]!));
  });

  it("refuses warped, scaled and resampling VRTs, naming the file and the element", async () => {
    const warped = join(dir, "warped.vrt");
    gdal("gdalwarp", "-of", "VRT", "-t_srs", "EPSG:4326", join(dir, "t0.tif"), warped);
    expect(await refusal(warped)).toMatch(/warped\.vrt: VRT subClass "VRTWarpedDataset"/);
    const scaled = join(dir, "scaled.vrt");
    gdal("gdal_translate", "-of", "VRT", "-scale", "0", "1000", "0", "255", join(dir, "t0.tif"), scaled);
    expect(await refusal(scaled)).toMatch(/scaled\.vrt: band 1: ComplexSource with Scale(Offset|Ratio)/);
    const resampled = join(dir, "half.vrt");
    gdal("gdal_translate", "-of", "VRT", "-outsize", "50%", "50%", join(dir, "t0.tif"), resampled);
    expect(await refusal(resampled)).toMatch(/half\.vrt: band 1: a (Simple|Complex)Source of .*t0\.tif resamples/);
  });

  it("refuses a VRT without a CRS, malformed XML, and a missing source file, naming it", async () => {
    const vrt = join(dir, "mosaic.vrt");
    const noSrs = join(dir, "nosrs.vrt");
    writeFileSync(noSrs, readFileSync(vrt, "utf8").replace(/<SRS[^]*?<\/SRS>/, ""));
    expect(await refusal(noSrs)).toMatch(/nosrs\.vrt: no SRS/);
    const broken = join(dir, "broken.vrt");
    writeFileSync(broken, "<VRTDataset rasterXSize='10'");
    expect(await refusal(broken)).toMatch(/broken\.vrt: (not valid VRT XML|rasterXSize)/);
    const missing = join(dir, "missing.vrt");
    writeFileSync(missing, readFileSync(vrt, "utf8").replace("t0.tif", "gone.tif"));
    const s = await openRaster(missing).catch((e: Error) => e);
    const message =
      s instanceof Error
        ? s.message
        : await s.readWindow({ x0: 0, y0: 0, x1: 10, y1: 10 }).then(
            () => "read",
            (e: Error) => e.message,
          );
    expect(message).toMatch(/gone\.tif: no such file/);
  });
});
