import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withAtomicOutput } from "../../io/atomic-write.ts";
import { crsFromEpsg } from "../read/epsg.ts";
import { openRaster } from "../read/raster-source.ts";
import { assembleBlocks } from "./block-assembler.ts";
import { createGeoTiffWriter } from "./geotiff-writer.ts";
import { cropBand } from "./write-raster.ts";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "coca-blocks-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("writing 128-px tiles into 512-px blocks", () => {
  it("gives the same pixels in 512-px blocks whatever the sub-tile size", async () => {
    const grid = { width: 1100, height: 700, geoTransform: [500000, 10, 0, 8800000, 0, -10] as const, crs: crsFromEpsg(32718)! };
    const codes = Uint8Array.from({ length: grid.width * grid.height }, (_, i) => (i * 7 + Math.floor(i / 1100)) % 5);
    const f = join(dir, "assembled.tif");
    await withAtomicOutput(f, async (tmp) => {
      const w = await createGeoTiffWriter(tmp, { grid, sampleType: "uint8", bandCount: 1, nodata: 0 });
      const a = assembleBlocks(w, grid.width, grid.height, 128, "uint8");
      for (let r = 0; r < Math.ceil(700 / 128); r++) {
        for (let c = 0; c < Math.ceil(1100 / 128); c++) {
          const x0 = c * 128;
          const y0 = r * 128;
          await a.writeTile(c, r, [cropBand(codes, grid.width, x0, y0, Math.min(x0 + 128, 1100), Math.min(y0 + 128, 700))]);
        }
      }
      await w.finish();
    });
    const src = await openRaster(f);
    expect([src.blockWidth, src.blockHeight]).toEqual([512, 512]);
    const back = (await src.readWindow({ x0: 0, y0: 0, x1: grid.width, y1: grid.height }))[0]!;
    await src.close();
    let diff = 0;
    for (let i = 0; i < codes.length; i++) if (back[i] !== codes[i]) diff++;
    expect(diff).toBe(0);
  });

  it("refuses a sub-tile size that does not divide the block", async () => {
    const grid = { width: 100, height: 100, geoTransform: [500000, 10, 0, 8800000, 0, -10] as const, crs: crsFromEpsg(32718)! };
    const w = await createGeoTiffWriter(join(dir, "bad.tif"), { grid, sampleType: "uint8", bandCount: 1 });
    expect(() => assembleBlocks(w, 100, 100, 96, "uint8")).toThrow(/does not divide/);
    await w.abort();
  });
});
