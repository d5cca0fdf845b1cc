import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withAtomicOutput } from "../../io/atomic-write.ts";
import { readClassMap } from "../read/class-map.ts";
import { crsFromEpsg } from "../read/epsg.ts";
import { openRaster } from "../read/raster-source.ts";
import { createGeoTiffWriter } from "./geotiff-writer.ts";
import { writeCategoryNamesAux, writeRaster } from "./write-raster.ts";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "coca-write-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const grid = { width: 300, height: 200, geoTransform: [612340, 10, 0, 8623450, 0, -10] as const, crs: crsFromEpsg(32718)! };
const classNames = ["primary forest", "coca", "water"];
const colors = [
  [0, 0, 0, 0],
  [11, 93, 30, 255],
  [227, 26, 28, 255],
  [31, 120, 180, 255],
] as const;

describe("the GeoTIFF writer, checked by GDAL", () => {
  it("writes a class map GDAL reads with the same georeferencing, nodata, colour table and class names", async () => {
    const f = join(dir, "classes.tif");
    const codes = Uint8Array.from({ length: grid.width * grid.height }, (_, i) => (i * 13) % 4);
    await writeRaster(f, [codes], { grid, sampleType: "uint8", tileSizePx: 128, nodata: 0, colorTable: colors, classNames, bandNames: ["class"] });
    writeCategoryNamesAux(f, classNames);
    const info = JSON.parse(execFileSync("gdalinfo", ["-json", f]).toString());
    expect(info.size).toEqual([300, 200]);
    expect(info.geoTransform).toEqual([612340, 10, 0, 8623450, 0, -10]);
    expect(info.coordinateSystem.wkt).toMatch(/ID\["EPSG",32718\]\]$/);
    const band = info.bands[0];
    expect(band.type).toBe("Byte");
    expect(band.block).toEqual([128, 128]);
    expect(band.noDataValue).toBe(0);
    expect(band.colorInterpretation).toBe("Palette");
    // GDAL gives the nodata entry alpha 0 and the others 255.
    expect(band.colorTable.entries.slice(1, 4)).toEqual(colors.slice(1).map((c) => [...c.slice(0, 3), 255]));
    expect(band.colorTable.entries[0].slice(0, 3)).toEqual([0, 0, 0]);
    expect(band.categories).toEqual(["nodata", ...classNames]);
    expect(info.metadata[""].CLASS_NAMES).toBe(JSON.stringify(classNames));
    expect(info.metadata.IMAGE_STRUCTURE.COMPRESSION).toBe("DEFLATE");
    // Values: GDAL's pixel equals ours.
    for (const [x, y] of [
      [0, 0],
      [299, 199],
      [130, 77],
    ] as const) {
      const v = Number(execFileSync("gdallocationinfo", ["-valonly", f, String(x), String(y)]).toString());
      expect(v).toBe(codes[y * grid.width + x]);
    }
    const cm = await readClassMap(f);
    expect(cm.classNames).toEqual(classNames);
    expect(cm.grid.geoTransform).toEqual(grid.geoTransform);
    await cm.close();
  });

  it("writes multi-band uint16 with descriptions, scale and offset, the directory before the tile data (COG layout)", async () => {
    const f = join(dir, "multi.tif");
    const n = grid.width * grid.height;
    const bands = [0, 1, 2].map((k) => Uint16Array.from({ length: n }, (_, i) => (i * (k + 3)) % 50000));
    await writeRaster(f, bands, {
      grid,
      sampleType: "uint16",
      tileSizePx: 64,
      nodata: 0,
      bandNames: ["B02", "B03", "B04"],
      scales: [1e-4, 1e-4, 1e-4],
      offsets: [-0.1, -0.1, -0.1],
    });
    const r = await openRaster(f);
    expect(r.bandNames).toEqual(["B02", "B03", "B04"]);
    const back = await r.readWindow({ x0: 0, y0: 0, x1: grid.width, y1: grid.height });
    expect(back).toEqual(bands);
    await r.close();
    const info = JSON.parse(execFileSync("gdalinfo", ["-json", "-checksum", f]).toString());
    expect(info.bands[2].scale).toBeCloseTo(1e-4, 12);
    expect(info.bands[2].offset).toBeCloseTo(-0.1, 12);
    expect(info.bands[1].description).toBe("B03");
    // The IFD follows the 8-byte header and GDAL's 183-byte ghost header, on a word boundary, as in GDAL's COGs.
    const head = execFileSync("head", ["-c", "8", f]);
    expect(head.readUInt32LE(4)).toBe(192);
  });

  it("leaves no output when a write fails part-way", async () => {
    const f = join(dir, "never.tif");
    await expect(
      withAtomicOutput(f, async (tmp) => {
        const w = await createGeoTiffWriter(tmp, { grid, sampleType: "uint8", bandCount: 1, tileSizePx: 128 });
        await w.writeTile(0, 0, [new Uint8Array(128 * 128)]);
        await w.abort();
        throw new Error("disk full (simulated)");
      }),
    ).rejects.toThrow(/simulated/);
    expect(existsSync(f)).toBe(false);
    expect(readdirSync(dir).filter((n) => n.includes("never"))).toEqual([]);
  });

  it("refuses to finish with tiles missing", async () => {
    const w = await createGeoTiffWriter(join(dir, "partial.tif"), { grid, sampleType: "uint8", bandCount: 1, tileSizePx: 128 });
    await w.writeTile(0, 0, [new Uint8Array(128 * 128)]);
    await expect(w.finish()).rejects.toThrow(/never written/);
    await w.abort();
  });
});
