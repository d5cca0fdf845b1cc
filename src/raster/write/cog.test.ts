import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withAtomicOutput } from "../../io/atomic-write.ts";
import { crsFromEpsg } from "../read/epsg.ts";
import { openRaster } from "../read/raster-source.ts";
import type { RasterArray } from "../read/sample-type.ts";
import { createGeoTiffWriter } from "./geotiff-writer.ts";
import { overviewSizes } from "./overview.ts";
import { cropBand, writeRaster } from "./write-raster.ts";

const PY = "/usr/bin/python3";
const hasGdal = spawnSync("gdalinfo", ["--version"]).status === 0;
const hasValidator = spawnSync(PY, ["-c", "from osgeo_utils.samples import validate_cloud_optimized_geotiff"]).status === 0;
if (!hasGdal) console.log("skipping the COG tests: gdalinfo (gdal-bin) is not installed");
else if (!hasValidator) console.log("skipping the COG validator checks: /usr/bin/python3 has no osgeo_utils (apt-get install python3-gdal)");

/** GDAL's view of a file: the COG validator's verdict (full check) and the overviews' pixels, read by GDAL. */
const INSPECT = `
import json, sys, math
from osgeo import gdal
from osgeo_utils.samples import validate_cloud_optimized_geotiff as v
ds = gdal.Open(sys.argv[1])
warnings, errors, _ = v.validate(ds, full_check=True)
ovr = []
for b in range(1, ds.RasterCount + 1):
    band = ds.GetRasterBand(b)
    levels = []
    for i in range(band.GetOverviewCount()):
        a = band.GetOverview(i).ReadAsArray().ravel().tolist()
        levels.append([None if isinstance(x, float) and math.isnan(x) else x for x in a])
    ovr.append(levels)
print(json.dumps({"warnings": warnings, "errors": errors, "overviews": ovr}))
`;

interface Inspection {
  warnings: string[];
  errors: string[];
  /** [band][level] -> pixels (NaN as null). */
  overviews: (number | null)[][][];
}

const inspect = (f: string): Inspection => JSON.parse(execFileSync(PY, ["-c", INSPECT, f], { maxBuffer: 1 << 28 }).toString());
const gdalinfo = (f: string) => JSON.parse(execFileSync("gdalinfo", ["-json", f]).toString());

/** A deterministic pseudo-random value in [0, 1) per pixel. */
const hash = (i: number): number => {
  let h = Math.imul(i ^ 0x9e3779b9, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 2 ** 32;
};

/** Reference 2 x 2 reduction written plainly (one pixel at a time, values collected in a list). */
function naiveReduce(
  src: ArrayLike<number>,
  w: number,
  h: number,
  how: "mode" | "average",
  valid: (v: number) => boolean,
  fill: number,
  round: boolean,
): number[] {
  const out: number[] = [];
  for (let y = 0; y < Math.ceil(h / 2); y++) {
    for (let x = 0; x < Math.ceil(w / 2); x++) {
      const vals: number[] = [];
      for (const [dx, dy] of [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
      ] as const) {
        const v = src[Math.min(2 * y + dy, h - 1) * w + Math.min(2 * x + dx, w - 1)]!;
        if (valid(v)) vals.push(v);
      }
      if (vals.length === 0) out.push(fill);
      else if (how === "average") {
        const m = vals.reduce((s, v) => s + v, 0) / vals.length;
        out.push(round ? Math.round(m) : m);
      } else {
        let best = vals[0]!;
        let bestN = 0;
        for (const v of vals) {
          const n = vals.filter((u) => u === v).length;
          if (n > bestN) {
            best = v;
            bestN = n;
          }
        }
        out.push(best);
      }
    }
  }
  return out;
}

/** Where two pixel lists differ: the count and the first index (a short message instead of a huge diff). */
function differences(got: readonly (number | null)[], want: ArrayLike<number>): { count: number; first: number; length: number } {
  let count = 0;
  let first = -1;
  for (let i = 0; i < Math.max(got.length, want.length); i++) {
    if (got[i] !== want[i]) {
      count++;
      if (first < 0) first = i;
    }
  }
  return { count, first, length: got.length };
}
const same = (length: number) => ({ count: 0, first: -1, length });

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "coca-cog-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const crs = crsFromEpsg(32718)!;
const classNames = ["primary forest", "coca", "water"];
const colors = [
  [0, 0, 0, 0],
  [11, 93, 30, 255],
  [227, 26, 28, 255],
  [31, 120, 180, 255],
] as const;

describe("overview levels", () => {
  it("halve (rounding up) until the image fits in one block, as GDAL's COG driver does", () => {
    expect(overviewSizes(1300, 1100, 512)).toEqual([
      { width: 650, height: 550 },
      { width: 325, height: 275 },
    ]);
    expect(overviewSizes(10980, 10980, 512).map((s) => s.width)).toEqual([5490, 2745, 1373, 687, 344]);
    expect(overviewSizes(512, 300, 512)).toEqual([]);
  });
});

describe.skipIf(!hasGdal)("raster outputs as GDAL's COG driver writes them", () => {
  it("a class map: LAYOUT=COG, 512-px blocks, mode overviews down to one block, categories in the TIFF and the .aux.xml, valid COG", async () => {
    const grid = {
      width: 1300,
      height: 1100,
      geoTransform: [612340, 10, 0, 8623450, 0, -10] as const,
      crs,
    };
    const n = grid.width * grid.height;
    // Blobs of 3 x 5 pixels with noise and nodata, so that a 2 x 2 has a majority, ties and nodata.
    const codes = Uint8Array.from({ length: n }, (_, i) => {
      const x = i % grid.width;
      const y = Math.floor(i / grid.width);
      return hash(i) < 0.3 ? Math.floor(hash(i + n) * 4) : (Math.floor(x / 3) + 2 * Math.floor(y / 5)) % 4;
    });
    const f = join(dir, "classes.tif");
    await writeRaster(f, [codes], {
      grid,
      sampleType: "uint8",
      nodata: 0,
      colorTable: colors,
      classNames,
      bandNames: ["class"],
    });
    const info = gdalinfo(f);
    expect(info.metadata.IMAGE_STRUCTURE.LAYOUT).toBe("COG");
    expect(info.metadata.IMAGE_STRUCTURE.COMPRESSION).toBe("DEFLATE");
    const band = info.bands[0];
    expect(band.block).toEqual([512, 512]);
    expect(band.overviews.map((o: { size: number[] }) => o.size)).toEqual([
      [650, 550],
      [325, 275],
    ]);
    expect(band.categories).toEqual(["nodata", ...classNames]);
    expect(info.metadata[""].CLASS_NAMES).toBe(JSON.stringify(classNames));
    expect(band.colorInterpretation).toBe("Palette");
    expect(readFileSync(`${f}.aux.xml`, "utf8")).toContain("<Category>coca</Category>");
    // The data is ours, pixel for pixel.
    const r = await openRaster(f);
    expect(
      differences(
        Array.from(
          (
            await r.readWindow({
              x0: 0,
              y0: 0,
              x1: grid.width,
              y1: grid.height,
            })
          )[0]!,
        ),
        codes,
      ),
    ).toEqual(same(n));
    await r.close();
    if (!hasValidator) return;
    const seen = inspect(f);
    expect(seen.errors).toEqual([]);
    expect(seen.warnings).toEqual([]);
    const valid = (v: number): boolean => v !== 0;
    const lvl1 = naiveReduce(codes, 1300, 1100, "mode", valid, 0, false);
    expect(differences(seen.overviews[0]![0]!, lvl1)).toEqual(same(650 * 550));
    expect(differences(seen.overviews[0]![1]!, naiveReduce(lvl1, 650, 550, "mode", valid, 0, false))).toEqual(same(325 * 275));
  });

  it("multi-band uint16 with nodata: average overviews (rounded, nodata left out), mode for a class band, valid COG", async () => {
    const grid = {
      width: 1100,
      height: 700,
      geoTransform: [500000, 10, 0, 8800000, 0, -10] as const,
      crs,
    };
    const n = grid.width * grid.height;
    const bands = [0, 1, 2].map((k) => Uint16Array.from({ length: n }, (_, i) => (hash(i * 3 + k) < 0.1 ? 0 : 1 + Math.floor(hash(i * 7 + k) * 9000))));
    const f = join(dir, "bands.tif");
    await writeRaster(f, bands, {
      grid,
      sampleType: "uint16",
      nodata: 0,
      bandNames: ["B04", "B08", "B11"],
    });
    const info = gdalinfo(f);
    expect(info.metadata.IMAGE_STRUCTURE.LAYOUT).toBe("COG");
    expect(info.bands.map((b: { overviews: { size: number[] }[] }) => b.overviews.map((o) => o.size))).toEqual(
      new Array(3).fill([
        [550, 350],
        [275, 175],
      ]),
    );
    if (!hasValidator) return;
    const seen = inspect(f);
    expect(seen.errors).toEqual([]);
    expect(seen.warnings).toEqual([]);
    for (const b of [0, 2]) {
      const lvl1 = naiveReduce(bands[b]!, 1100, 700, "average", (v) => v !== 0, 0, true);
      expect(differences(seen.overviews[b]![0]!, lvl1)).toEqual(same(550 * 350));
      expect(
        differences(
          seen.overviews[b]![1]!,
          naiveReduce(lvl1, 550, 350, "average", (v) => v !== 0, 0, true),
        ),
      ).toEqual(same(275 * 175));
    }
  });

  it("float32 with NaN nodata, tiles written in reverse order: average overviews, blocks still in row-major order", async () => {
    const grid = {
      width: 600,
      height: 530,
      geoTransform: [500000, 20, 0, 8800000, 0, -20] as const,
      crs,
    };
    const n = grid.width * grid.height;
    const data = Float32Array.from({ length: n }, (_, i) => (hash(i) < 0.2 ? NaN : hash(i + 1) * 2 - 1));
    const f = join(dir, "float.tif");
    await withAtomicOutput(f, async (tmp) => {
      const w = await createGeoTiffWriter(tmp, {
        grid,
        sampleType: "float32",
        bandCount: 1,
        tileSizePx: 256,
        nodata: NaN,
      });
      for (let tr = w.tilesDown - 1; tr >= 0; tr--) {
        for (let tc = w.tilesAcross - 1; tc >= 0; tc--) {
          const x0 = tc * 256;
          const y0 = tr * 256;
          await w.writeTile(tc, tr, [cropBand(data, grid.width, x0, y0, Math.min(x0 + 256, grid.width), Math.min(y0 + 256, grid.height)) as RasterArray]);
        }
      }
      await w.finish();
    });
    expect(readdirSync(dir).filter((name) => name.includes("float"))).toEqual(["float.tif"]); // the spill file is gone
    const info = gdalinfo(f);
    expect(info.metadata.IMAGE_STRUCTURE.LAYOUT).toBe("COG");
    expect(info.bands[0].block).toEqual([256, 256]);
    expect(info.bands[0].overviews.map((o: { size: number[] }) => o.size)).toEqual([
      [300, 265],
      [150, 133],
    ]);
    if (!hasValidator) return;
    const seen = inspect(f);
    expect(seen.errors).toEqual([]);
    const lvl1 = naiveReduce(data, 600, 530, "average", (v) => !Number.isNaN(v), NaN, false);
    const got = seen.overviews[0]![0]!;
    expect(got.length).toBe(lvl1.length);
    const off = lvl1.filter((v, i) => (Number.isNaN(v) ? got[i] !== null : got[i] === null || Math.abs(got[i]! - v) > 1e-6)).length;
    expect(off).toBe(0);
    expect(got.filter((v) => v === null).length).toBeGreaterThan(0); // some 2 x 2 are all NaN
  });

  it("a raster that fits in one block: no overviews, still LAYOUT=COG and a valid COG", async () => {
    const grid = {
      width: 300,
      height: 200,
      geoTransform: [612340, 10, 0, 8623450, 0, -10] as const,
      crs,
    };
    const f = join(dir, "small.tif");
    await writeRaster(f, [Uint8Array.from({ length: 300 * 200 }, (_, i) => i % 4)], { grid, sampleType: "uint8", nodata: 0, classNames });
    const info = gdalinfo(f);
    expect(info.metadata.IMAGE_STRUCTURE.LAYOUT).toBe("COG");
    expect(info.bands[0].overviews ?? []).toEqual([]);
    if (!hasValidator) return;
    const seen = inspect(f);
    expect(seen.errors).toEqual([]);
    expect(seen.warnings).toEqual([]);
  });

  it("starts with the same ghost header as a file from `gdal_translate -of COG`", async () => {
    const grid = {
      width: 700,
      height: 600,
      geoTransform: [612340, 10, 0, 8623450, 0, -10] as const,
      crs,
    };
    const ours = join(dir, "ghost.tif");
    await writeRaster(ours, [new Uint8Array(700 * 600).fill(7)], {
      grid,
      sampleType: "uint8",
    });
    const gdals = join(dir, "ghost-gdal.tif");
    execFileSync("gdal_translate", ["-q", "-of", "COG", ours, gdals]);
    const a = readFileSync(ours);
    const b = readFileSync(gdals);
    const ifd = b.readUInt32LE(4);
    expect(a.readUInt32LE(4)).toBe(ifd);
    expect(a.subarray(8, ifd).toString("latin1")).toBe(b.subarray(8, ifd).toString("latin1"));
    expect(a.subarray(8, ifd).toString("latin1")).toContain("LAYOUT=IFDS_BEFORE_DATA");
  });
});
