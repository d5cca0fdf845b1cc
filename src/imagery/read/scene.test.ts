import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maskFromQaPixel } from "../compute/masks.ts";
import { writeRaster } from "../../raster/write/write-raster.ts";
import { crsFromEpsg } from "../../raster/read/epsg.ts";
import { openScene } from "./scene.ts";

let dir: string;
const crs = crsFromEpsg(32718)!;
const g10 = { width: 120, height: 60, geoTransform: [600000, 10, 0, 8630000, 0, -10] as const, crs };
const g20 = { width: 60, height: 30, geoTransform: [600000, 20, 0, 8630000, 0, -20] as const, crs };
const g60 = { width: 20, height: 10, geoTransform: [600000, 60, 0, 8630000, 0, -60] as const, crs };
const b04 = Uint16Array.from({ length: 120 * 60 }, (_, i) => 1500 + (i % 120));
const b11 = Uint16Array.from({ length: 60 * 30 }, (_, i) => 2000 + i);
const scl = Uint8Array.from({ length: 20 * 10 }, (_, i) => (i % 5 === 0 ? 9 : 4));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "coca-scene-"));
  const safe = join(dir, "S2A_MSIL2A_20240801T150721_N0511_R082_T18LXM");
  mkdirSync(safe);
  await writeRaster(join(safe, "T18LXM_20240801_B04_10m.tif"), [b04], { grid: g10, sampleType: "uint16", tileSizePx: 32 });
  await writeRaster(join(safe, "T18LXM_20240801_B11_20m.tif"), [b11], { grid: g20, sampleType: "uint16", tileSizePx: 32 });
  await writeRaster(join(safe, "T18LXM_20240801_SCL_60m.tif"), [scl], { grid: g60, sampleType: "uint8", tileSizePx: 16 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a Sentinel-2 L2A folder of 10, 20 and 60 m band files", () => {
  it("brings every band to the 10 m grid and applies the baseline >= 04.00 offset (from N0511 in the name)", async () => {
    const s = await openScene(join(dir, "S2A_MSIL2A_20240801T150721_N0511_R082_T18LXM"));
    expect(s.sensor).toBe("sentinel-2");
    expect(s.grid).toEqual(g10);
    expect(s.qualityBand).toBe("scl");
    expect(s.bands.get("swir16")!.factor).toBe(2);
    expect(s.bands.get("scl")!.factor).toBe(6);
    const w = { x0: 5, y0: 3, x1: 17, y1: 9 };
    const { red, swir16 } = await s.readBands(w, ["red", "swir16"]);
    const q = await s.readQuality(w);
    for (let y = w.y0; y < w.y1; y++) {
      for (let x = w.x0; x < w.x1; x++) {
        const k = (y - w.y0) * 12 + (x - w.x0);
        expect(red![k]).toBeCloseTo((b04[y * 120 + x]! - 1000) / 10000, 6);
        expect(swir16![k]).toBeCloseTo((b11[Math.floor(y / 2) * 60 + Math.floor(x / 2)]! - 1000) / 10000, 6);
        expect(q![k]).toBe(scl[Math.floor(y / 6) * 20 + Math.floor(x / 6)]);
      }
    }
    await s.close();
  });
});

describe("a Landsat Collection 2 Level-2 folder with its MTL and QA_PIXEL", () => {
  it("scales SR bands to reflectance (DN x 0.0000275 - 0.2), treats DN 0 as fill, and reads QA_PIXEL", async () => {
    const folder = join(dir, "LC09_L2SP_007068_20240801_20240802_02_T1");
    mkdirSync(folder);
    const id = "LC09_L2SP_007068_20240801_20240802_02_T1";
    const g30 = { width: 40, height: 20, geoTransform: [600000, 30, 0, 8630000, 0, -30] as const, crs };
    const sr = Uint16Array.from({ length: 800 }, (_, i) => (i === 0 ? 0 : 7273 + i * 10));
    const qa = Uint16Array.from({ length: 800 }, (_, i) => (i % 4 === 0 ? 0b1000 : 21824));
    for (const b of [2, 3, 4, 5, 6, 7]) await writeRaster(join(folder, `${id}_SR_B${b}.TIF`), [sr], { grid: g30, sampleType: "uint16", tileSizePx: 16 });
    await writeRaster(join(folder, `${id}_QA_PIXEL.TIF`), [qa], { grid: g30, sampleType: "uint16", tileSizePx: 16 });
    const bands = [2, 3, 4, 5, 6, 7].map((b) => `    FILE_NAME_BAND_${b} = "${id}_SR_B${b}.TIF"`).join("\n");
    const scale = [2, 3, 4, 5, 6, 7].map((b) => `    REFLECTANCE_MULT_BAND_${b} = 2.75E-05\n    REFLECTANCE_ADD_BAND_${b} = -0.200000`).join("\n");
    const mtl = `GROUP = LANDSAT_METADATA_FILE\n  GROUP = PRODUCT_CONTENTS\n    LANDSAT_PRODUCT_ID = "${id}"\n${bands}\n    FILE_NAME_QUALITY_L1_PIXEL = "${id}_QA_PIXEL.TIF"\n  END_GROUP = PRODUCT_CONTENTS\n  GROUP = IMAGE_ATTRIBUTES\n    SPACECRAFT_ID = "LANDSAT_9"\n  END_GROUP = IMAGE_ATTRIBUTES\n  GROUP = LEVEL2_SURFACE_REFLECTANCE_PARAMETERS\n${scale}\n  END_GROUP = LEVEL2_SURFACE_REFLECTANCE_PARAMETERS\nEND_GROUP = LANDSAT_METADATA_FILE\nEND\n`;
    writeFileSync(join(folder, `${id}_MTL.txt`), mtl + "\0".repeat(2000));
    const s = await openScene(folder);
    expect(s.sensor).toBe("landsat-oli");
    expect(s.radiometry).toBe("surface-reflectance");
    expect(s.bandNames).toEqual(["blue", "green", "red", "nir", "swir16", "swir22"]);
    expect(s.qualityBand).toBe("qa_pixel");
    const w = { x0: 0, y0: 0, x1: 40, y1: 20 };
    const { nir } = await s.readBands(w, ["nir"]);
    expect(nir![0]).toBeNaN();
    expect(nir![5]).toBeCloseTo(sr[5]! * 0.0000275 - 0.2, 6);
    const q = await s.readQuality(w);
    expect(Array.from(maskFromQaPixel(q!).subarray(0, 4))).toEqual([2, 0, 0, 0]);
    await s.close();
  });
});
