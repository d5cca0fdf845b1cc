import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DataError, NotFoundError } from "../../domain/errors.ts";
import { crsFromEpsg } from "../../raster/read/epsg.ts";
import { parseMtl } from "./mtl.ts";
import { openRaster } from "../../raster/read/raster-source.ts";
import { openScene } from "./scene.ts";
import { writeRaster } from "../../raster/write/write-raster.ts";

let dir: string;
let good: string;
const grid = { width: 64, height: 48, geoTransform: [500000, 10, 0, 8800000, 0, -10] as const, crs: crsFromEpsg(32718)! };
const translate = (...args: string[]): void => void execFileSync("gdal_translate", ["-q", ...args], { stdio: "pipe" });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "coca-bad-"));
  good = join(dir, "good.tif");
  const n = grid.width * grid.height;
  await writeRaster(good, [Uint16Array.from({ length: n }, (_, i) => 1000 + (i % 977))], { grid, sampleType: "uint16", tileSizePx: 16, bandNames: ["B04"] });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function dataError(ref: string): Promise<DataError> {
  const e = await openRaster(ref)
    .then((r) => r.readWindow({ x0: 0, y0: 0, x1: r.grid.width, y1: r.grid.height }).finally(() => r.close()))
    .then(
      () => undefined,
      (error: unknown) => error,
    );
  expect(e).toBeInstanceOf(DataError);
  expect((e as Error).message).toContain(ref);
  return e as DataError;
}

describe("bad inputs give a clear DataError naming the file", () => {
  it("truncated TIFF", async () => {
    const f = join(dir, "truncated.tif");
    const bytes = readFileSync(good);
    writeFileSync(f, bytes.subarray(0, bytes.length - 200));
    expect((await dataError(f)).message).toMatch(/truncated/);
  });

  it("not a TIFF at all", async () => {
    const f = join(dir, "garbage.tif");
    writeFileSync(f, "this is not an image, just text that pretends to be one");
    expect((await dataError(f)).message).toMatch(/not a readable TIFF/);
  });

  it("corrupt compressed tile", async () => {
    const f = join(dir, "corrupt.tif");
    const bytes = Buffer.from(readFileSync(good));
    // Scribble over the tile data (after the header and directory).
    for (let i = bytes.length - 600; i < bytes.length - 100; i++) bytes[i] = (i * 31) & 0xff;
    writeFileSync(f, bytes);
    expect((await dataError(f)).message).toMatch(/corrupt DEFLATE|truncated/);
  });

  it("unsupported compression", async () => {
    const f = join(dir, "lzma.tif");
    translate("-co", "COMPRESS=LZMA", good, f);
    expect((await dataError(f)).message).toMatch(/unsupported TIFF compression 34925/);
  });

  it("unsupported sample format", async () => {
    const f = join(dir, "complex.tif");
    translate("-ot", "CInt16", good, f);
    expect((await dataError(f)).message).toMatch(/unsupported sample format/);
  });

  it("a projected CRS in feet is refused, naming the code", async () => {
    const f = join(dir, "feet.tif");
    translate("-a_srs", "EPSG:2263", good, f);
    expect((await dataError(f)).message).toMatch(/unknown CRS EPSG:2263.*metres/);
  });

  it("any projected CRS in metres with an EPSG code is read (the registry, not a short table)", async () => {
    const f = join(dir, "lambert.tif");
    translate("-a_srs", "EPSG:2154", good, f);
    const src = await openRaster(f);
    expect(src.grid.crs.epsg).toBe(2154);
    expect(src.grid.crs.name).toBe("RGF93 v1 / Lambert-93");
    expect(src.grid.crs.proj4).toMatch(/\+proj=lcc/);
    await src.close();
    const bogota = join(dir, "bogota.tif");
    translate("-a_srs", "EPSG:3116", good, bogota);
    const b = await openRaster(bogota);
    expect(b.grid.crs.name).toBe("MAGNA-SIRGAS / Colombia Bogota zone");
    await b.close();
  });

  it("no CRS at all", async () => {
    const f = join(dir, "plain.tif");
    translate("-of", "GTiff", "-co", "PROFILE=BASELINE", good, f);
    expect((await dataError(f)).message).toMatch(/unknown CRS|no georeferencing/);
  });

  it("missing file", async () => {
    await expect(openRaster(join(dir, "nope.tif"))).rejects.toBeInstanceOf(NotFoundError);
  });

  it("band files whose grids do not line up", async () => {
    const folder = join(dir, "misaligned");
    mkdirSync(folder);
    copyFileSync(good, join(folder, "scene_B04.tif"));
    translate("-a_ullr", "500005", "8800000", "500645", "8799520", good, join(folder, "scene_B08.tif"));
    const e = await openScene(folder).catch((error: unknown) => error);
    expect(e).toBeInstanceOf(DataError);
    expect((e as Error).message).toMatch(/scene_B0[48]\.tif: grid does not line up/);
  });

  it("a band the caller needs is missing", async () => {
    const s = await openScene(good, { sensor: "sentinel-2" });
    expect(s.bandNames).toEqual(["red"]);
    await expect(s.readBands({ x0: 0, y0: 0, x1: 4, y1: 4 }, ["nir"])).rejects.toThrow(/band "nir" is missing/);
    await s.close();
  });
});

describe("Landsat MTL", () => {
  it("Collection 2 Level-2 gives surface reflectance 0.0000275 DN - 0.2, with NUL padding ignored", () => {
    const text = `GROUP = LANDSAT_METADATA_FILE
  GROUP = PRODUCT_CONTENTS
    LANDSAT_PRODUCT_ID = "LC08_L2SP_007068_20220801_20220806_02_T1"
    FILE_NAME_BAND_4 = "LC08_L2SP_007068_20220801_20220806_02_T1_SR_B4.TIF"
    FILE_NAME_BAND_5 = "LC08_L2SP_007068_20220801_20220806_02_T1_SR_B5.TIF"
    FILE_NAME_QUALITY_L1_PIXEL = "LC08_L2SP_007068_20220801_20220806_02_T1_QA_PIXEL.TIF"
  END_GROUP = PRODUCT_CONTENTS
  GROUP = IMAGE_ATTRIBUTES
    SPACECRAFT_ID = "LANDSAT_8"
    SUN_ELEVATION = 52.5
  END_GROUP = IMAGE_ATTRIBUTES
  GROUP = LEVEL2_SURFACE_REFLECTANCE_PARAMETERS
    REFLECTANCE_MULT_BAND_4 = 2.75E-05
    REFLECTANCE_ADD_BAND_4 = -0.200000
    REFLECTANCE_MULT_BAND_5 = 2.75E-05
    REFLECTANCE_ADD_BAND_5 = -0.200000
  END_GROUP = LEVEL2_SURFACE_REFLECTANCE_PARAMETERS
END_GROUP = LANDSAT_METADATA_FILE
END
${"\0".repeat(3000)}`;
    const mtl = parseMtl(text, "x_MTL.txt");
    expect(mtl.radiometry).toBe("surface-reflectance");
    expect(mtl.scale["4"]).toEqual({ mult: 0.0000275, add: -0.2 });
    expect(mtl.bandFiles["5"]).toMatch(/SR_B5\.TIF$/);
    expect(mtl.qaPixelFile).toMatch(/QA_PIXEL\.TIF$/);
    expect(mtl.spacecraft).toBe("LANDSAT_8");
  });

  it("rejects a file that is not an MTL", () => {
    expect(() => parseMtl("hello = world\n", "notes_MTL.txt")).toThrow(/notes_MTL.txt: not a Landsat MTL/);
  });
});
