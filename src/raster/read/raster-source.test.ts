import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRaster } from "./raster-source.ts";
import { openScene } from "../../imagery/read/scene.ts";
import { crsFromEpsg } from "./epsg.ts";
import { writeRaster } from "../write/write-raster.ts";
import { SHARED_DIR, hasShared } from "../../../test/support/shared.ts";

const shared = SHARED_DIR;
const S2 = join(shared, "data/rstoolbox-amazon/sen2_l2a_12band_reflectance.tif");
const LANDSAT_DIR = join(shared, "data/rstoolbox-amazon/landsat5_LT52240631988227CUB02");
const LSAT = join(shared, "data/rstoolbox-amazon/lsat_tm5_7band_dn.tif");
const haveShared = hasShared("the real-scene reader tests", S2, LANDSAT_DIR, LSAT);

let dir: string;
const gdal = (...args: string[]): void => {
  execFileSync(args[0]!, args.slice(1), { stdio: "pipe" });
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "coca-read-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** GDAL's value of one pixel (col, row) of band b (1-based). */
function gdalValue(file: string, band: number, col: number, row: number): number {
  return Number(
    execFileSync("gdallocationinfo", ["-valonly", "-b", String(band), file, String(col), String(row)])
      .toString()
      .trim(),
  );
}

describe.skipIf(!haveShared)("reading the real Sentinel-2 and Landsat scenes", () => {
  it("reads the Sentinel-2 L2A scene with GDAL's georeferencing and values", async () => {
    const r = await openRaster(S2);
    const info = JSON.parse(execFileSync("gdalinfo", ["-json", S2]).toString());
    expect(r.grid.width).toBe(info.size[0]);
    expect(r.grid.height).toBe(info.size[1]);
    r.grid.geoTransform.forEach((v, i) => expect(v).toBeCloseTo(info.geoTransform[i], 12));
    expect(r.grid.crs.epsg).toBe(4326);
    expect(r.bandCount).toBe(12);
    expect(r.bandNames[8]).toBe("B8A");
    expect(Number.isNaN(r.nodata)).toBe(true);
    const [b4, b8] = await r.readWindow({ x0: 100, y0: 50, x1: 101, y1: 51 }, { bands: [3, 7] });
    expect(b4![0]).toBeCloseTo(gdalValue(S2, 4, 100, 50), 6);
    expect(b8![0]).toBeCloseTo(gdalValue(S2, 8, 100, 50), 6);
    await r.close();
  });

  it("opens the Sentinel-2 scene by canonical band names", async () => {
    const s = await openScene(S2);
    expect(s.sensor).toBe("sentinel-2");
    expect(s.radiometry).toBe("surface-reflectance");
    expect(s.bandNames).toEqual(["coastal", "blue", "green", "red", "rededge1", "rededge2", "rededge3", "nir", "nir08", "nir09", "swir16", "swir22"]);
    const { red, swir22 } = await s.readBands({ x0: 10, y0: 20, x1: 11, y1: 21 }, ["red", "swir22"]);
    expect(red![0]).toBeCloseTo(gdalValue(S2, 4, 10, 20), 6);
    expect(swir22![0]).toBeCloseTo(gdalValue(S2, 12, 10, 20), 6);
    await s.close();
  });

  it("opens the Landsat 5 per-band files through the NUL-padded MTL, equal to the stacked file", async () => {
    const mtl = join(LANDSAT_DIR, "LT52240631988227CUB02_MTL.txt");
    expect(readFileSync(mtl).includes(0)).toBe(true); // the quirk under test
    const s = await openScene(mtl);
    expect(s.sensor).toBe("landsat-tm");
    expect(s.radiometry).toBe("dn"); // a Level-1 product without reflectance rescaling
    expect(s.bandNames).toEqual(["blue", "green", "red", "nir", "swir16", "lwir", "swir22"]);
    expect(s.grid.crs.epsg).toBe(32622);
    const stacked = await openScene(LSAT);
    const w = { x0: 0, y0: 0, x1: s.grid.width, y1: s.grid.height };
    const a = await s.readBands(w, ["nir", "swir22"]);
    const b = await stacked.readBands(w, ["nir", "swir22"]);
    expect(a.nir).toEqual(b.nir);
    expect(a.swir22).toEqual(b.swir22);
    // nodata 255 becomes NaN
    const b4 = await openRaster(join(LANDSAT_DIR, "LT52240631988227CUB02_B4.TIF"));
    const raw = await b4.readWindow(w);
    await b4.close();
    const nNodata = (raw[0] as Uint8Array).filter((v) => v === 255).length;
    expect(a.nir!.filter((v) => Number.isNaN(v)).length).toBe(nNodata);
    await s.close();
    await stacked.close();
  });

  it("also opens the folder of band files", async () => {
    const s = await openScene(LANDSAT_DIR);
    expect(s.files.length).toBe(7);
    await s.close();
  });
});

/** A 3-band uint16 200 x 150 raster with varied values (written by our writer, re-encoded by GDAL below). */
async function sourceRaster(): Promise<string> {
  const src = join(dir, "src.tif");
  if (existsSync(src)) return src;
  const n = 200 * 150;
  const bands = [1, 2, 3].map((k) => Uint16Array.from({ length: n }, (_, i) => ((i * 7919 * k) % 60000) + (i % 200)));
  await writeRaster(src, bands, {
    grid: { width: 200, height: 150, geoTransform: [500000, 10, 0, 8800000, 0, -10], crs: crsFromEpsg(32718)! },
    sampleType: "uint16",
    tileSizePx: 64,
  });
  return src;
}

describe("windowed reads equal full reads, across layouts and codecs", () => {
  const layouts: [string, string[]][] = [
    ["tiled-deflate-pred2", ["-co", "TILED=YES", "-co", "BLOCKXSIZE=64", "-co", "BLOCKYSIZE=32", "-co", "COMPRESS=DEFLATE", "-co", "PREDICTOR=2"]],
    ["tiled-lzw-band", ["-co", "TILED=YES", "-co", "BLOCKXSIZE=48", "-co", "BLOCKYSIZE=48", "-co", "COMPRESS=LZW", "-co", "INTERLEAVE=BAND"]],
    ["striped-packbits", ["-co", "COMPRESS=PACKBITS", "-co", "BLOCKYSIZE=7"]],
    ["striped-none-float-pred3", ["-ot", "Float32", "-co", "COMPRESS=DEFLATE", "-co", "PREDICTOR=3"]],
    ["cog", ["-of", "COG", "-co", "BLOCKSIZE=64", "-co", "COMPRESS=DEFLATE"]],
    ["pixel-interleaved-4-bands", ["-b", "1", "-b", "2", "-b", "3", "-b", "1", "-co", "TILED=YES", "-co", "COMPRESS=DEFLATE"]],
    ["pixel-interleaved-2-bands", ["-b", "3", "-b", "2", "-co", "TILED=YES", "-co", "BLOCKXSIZE=32", "-co", "BLOCKYSIZE=32"]],
  ];
  for (const [name, options] of layouts) {
    it(name, async () => {
      const src = await sourceRaster();
      const f = join(dir, `${name}.tif`);
      gdal("gdal_translate", "-q", ...options, src, f);
      const r = await openRaster(f);
      expect(r.grid.crs.epsg).toBe(32718);
      const full = await r.readWindow({ x0: 0, y0: 0, x1: r.grid.width, y1: r.grid.height });
      const win = { x0: 37, y0: 11, x1: 171, y1: 140 };
      const part = await r.readWindow(win, { bands: [1] });
      const w = win.x1 - win.x0;
      for (let y = win.y0; y < win.y1; y += 7) {
        for (let x = win.x0; x < win.x1; x += 5) expect(part[0]![(y - win.y0) * w + (x - win.x0)]).toBe(full[1]![y * r.grid.width + x]);
      }
      const last = r.bandCount;
      expect(full[last - 1]![125 * r.grid.width + 173]).toBe(gdalValue(f, last, 173, 125));
      expect(full[0]![3 * r.grid.width + 199]).toBe(gdalValue(f, 1, 199, 3));
      await r.close();
    });
  }
});

describe("reading into given arrays", () => {
  it("reuses fitting arrays (overwriting what they held) and ignores others", async () => {
    const src = await sourceRaster();
    const r = await openRaster(src);
    try {
      const window = { x0: 10, y0: 20, x1: 150, y1: 90 };
      const fresh = await r.readWindow(window, { bands: [0, 2] });
      const into = [new Uint16Array(140 * 70).fill(7), new Uint16Array(140 * 70).fill(9)];
      const got = await r.readWindow(window, { bands: [0, 2], into });
      expect(got[0]).toBe(into[0]);
      expect(got[1]).toBe(into[1]);
      expect([...got[0]!]).toEqual([...fresh[0]!]);
      expect([...got[1]!]).toEqual([...fresh[1]!]);
      // Wrong size or type: a new array is returned.
      const wrong = [new Uint8Array(140 * 70), new Uint16Array(10)];
      const other = await r.readWindow(window, { bands: [0, 2], into: wrong });
      expect(other[0]).not.toBe(wrong[0]);
      expect([...other[1]!]).toEqual([...fresh[1]!]);
    } finally {
      await r.close();
    }
  });
});
