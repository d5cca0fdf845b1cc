import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { deflateSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DataError } from "../../domain/errors.ts";
import { crsFromEpsg } from "./epsg.ts";
import { decodeBlockAsync, type BlockLayout } from "./decode-block.ts";
import { libdeflate } from "./libdeflate.ts";
import { openFileSource } from "./byte-source.ts";
import { openRaster } from "./raster-source.ts";
import { numbers, readFirstIfd, TAG } from "./tiff-ifd.ts";
import { writeRaster } from "../write/write-raster.ts";

if (!libdeflate) console.log("libdeflate binding not built (native/libdeflate/build.sh): only the zlib path is tested");
const hasGdal = spawnSync("gdal_translate", ["--version"]).status === 0;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "coca-inflate-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const layout = (width: number, height: number, extra: Partial<BlockLayout> = {}): BlockLayout => ({
  width,
  height,
  samples: 1,
  bytesPerSample: 2,
  compression: 8,
  predictor: 1,
  littleEndian: true,
  floatingPoint: false,
  ...extra,
});

/** Every tile of a GDAL-written tiled DEFLATE file, raw. */
async function tilesOf(f: string): Promise<{ tiles: Uint8Array[]; tile: number; spp: number }> {
  const src = await openFileSource(f);
  const ifd = await readFirstIfd(src);
  await src.close();
  const bytes = readFileSync(f);
  const offsets = numbers(ifd, TAG.TileOffsets)!;
  const counts = numbers(ifd, TAG.TileByteCounts)!;
  return {
    tiles: offsets.map((o, i) => bytes.subarray(o, o + counts[i]!)),
    tile: numbers(ifd, TAG.TileWidth)![0]!,
    spp: numbers(ifd, TAG.SamplesPerPixel)![0]!,
  };
}

describe("inflating DEFLATE tiles", () => {
  it.skipIf(!hasGdal)("libdeflate and Node's zlib give identical pixels on GDAL's tiles (predictor 2, pixel-interleaved)", async () => {
    const grid = { width: 700, height: 500, geoTransform: [500000, 10, 0, 8800000, 0, -10] as const, crs: crsFromEpsg(32718)! };
    const n = grid.width * grid.height;
    const bands = [0, 1, 2].map((k) => Uint16Array.from({ length: n }, (_, i) => (Math.imul(i + k, 2654435761) >>> 20) % 6000));
    const ours = join(dir, "src.tif");
    await writeRaster(ours, bands, { grid, sampleType: "uint16", overviews: "none" });
    const f = join(dir, "gdal.tif");
    execFileSync("gdal_translate", ["-q", "-co", "TILED=YES", "-co", "COMPRESS=DEFLATE", "-co", "PREDICTOR=2", "-co", "INTERLEAVE=PIXEL", ours, f]);
    const { tiles, tile, spp } = await tilesOf(f);
    expect(tiles.length).toBe(Math.ceil(700 / tile) * Math.ceil(500 / tile));
    const l = layout(tile, tile, { samples: spp, predictor: 2 });
    for (const t of tiles) {
      const viaZlib = await decodeBlockAsync(t, l, f, null);
      expect(viaZlib.length).toBe(tile * tile * spp * 2);
      if (libdeflate) expect(Buffer.from(await decodeBlockAsync(t, l, f, libdeflate)).equals(Buffer.from(viaZlib))).toBe(true);
    }
  });

  it.skipIf(!libdeflate)("falls back to zlib when a block holds more than its layout says, and names corrupt data", async () => {
    const data = Uint8Array.from({ length: 64 * 64 * 2 + 100 }, (_, i) => i % 251);
    const z = deflateSync(data);
    const l = layout(64, 64);
    const got = await decodeBlockAsync(z, l, "padded.tif", libdeflate);
    expect(Buffer.from(got).equals(Buffer.from(data.subarray(0, 64 * 64 * 2)))).toBe(true);
    const bad = z.slice();
    bad.fill(0x55, 2, 40);
    await expect(decodeBlockAsync(bad, l, "bad.tif", libdeflate)).rejects.toThrow(DataError);
    await expect(decodeBlockAsync(bad, l, "bad.tif", libdeflate)).rejects.toThrow(/bad\.tif: corrupt DEFLATE/);
  });

  it("without libdeflate, zlib inflates, refuses short data and names the file", async () => {
    const data = Uint8Array.from({ length: 32 * 32 * 2 }, (_, i) => i % 7);
    const l = layout(32, 32);
    expect(Buffer.from(await decodeBlockAsync(deflateSync(data), l, "ok.tif", null)).equals(Buffer.from(data))).toBe(true);
    await expect(decodeBlockAsync(deflateSync(data.subarray(0, 1000)), l, "short.tif", null)).rejects.toThrow(/short\.tif: truncated/);
    if (libdeflate) await expect(decodeBlockAsync(deflateSync(data.subarray(0, 1000)), l, "short.tif", libdeflate)).rejects.toThrow(/short\.tif: truncated/);
  });

  it.skipIf(!hasGdal || !libdeflate?.inflateScatterAsync)(
    "reading through libdeflate's fused inflate-and-copy gives the pixels of the zlib path (predictors 1 and 2, uint8/uint16/float32, planar, windows, band subsets)",
    { timeout: 60_000 },
    async () => {
      const grid = { width: 613, height: 389, geoTransform: [500000, 10, 0, 8800000, 0, -10] as const, crs: crsFromEpsg(32718)! };
      const n = grid.width * grid.height;
      const cases: { type: "uint8" | "uint16" | "float32"; co: string[] }[] = [
        { type: "uint16", co: ["PREDICTOR=1", "INTERLEAVE=PIXEL"] },
        { type: "uint16", co: ["PREDICTOR=2", "INTERLEAVE=PIXEL", "BLOCKXSIZE=128", "BLOCKYSIZE=64"] },
        { type: "uint8", co: ["PREDICTOR=2", "INTERLEAVE=PIXEL"] },
        { type: "float32", co: ["PREDICTOR=2", "INTERLEAVE=BAND"] },
        { type: "uint16", co: ["PREDICTOR=2", "INTERLEAVE=BAND"] },
      ];
      for (const [c, { type, co }] of cases.entries()) {
        const bands = [0, 1, 2, 3].map((k) => {
          const v = Array.from({ length: n }, (_, i) => (Math.imul(i + 31 * k, 2654435761) >>> 20) % (type === "uint8" ? 250 : 6000));
          return type === "uint8" ? Uint8Array.from(v) : type === "uint16" ? Uint16Array.from(v) : Float32Array.from(v, (x) => x / 7);
        });
        const ours = join(dir, `fused-src-${c}.tif`);
        await writeRaster(ours, bands, { grid, sampleType: type, overviews: "none" });
        const f = join(dir, `fused-${c}.tif`);
        execFileSync("gdal_translate", ["-q", "-co", "TILED=YES", "-co", "COMPRESS=DEFLATE", ...co.flatMap((o) => ["-co", o]), ours, f]);
        const fused = await openRaster(f);
        const zlib = await openRaster(f, { inflater: null });
        for (const [window, bandList] of [
          [{ x0: 0, y0: 0, x1: grid.width, y1: grid.height }, undefined],
          [{ x0: 37, y0: 201, x1: 600, y1: 388 }, undefined],
          [{ x0: 255, y0: 3, x1: 513, y1: 260 }, [3, 1]],
        ] as const) {
          const a = await fused.readWindow(window, { bands: bandList ? [...bandList] : undefined });
          const b = await zlib.readWindow(window, { bands: bandList ? [...bandList] : undefined });
          expect(a.length).toBe(b.length);
          a.forEach((x, i) =>
            expect(Buffer.from(x.buffer, x.byteOffset, x.byteLength).equals(Buffer.from(b[i]!.buffer, b[i]!.byteOffset, b[i]!.byteLength))).toBe(true),
          );
          if (!bandList && window.x0 === 0) a.forEach((x, i) => expect(Array.from(x.subarray(0, 50))).toEqual(Array.from(bands[i]!.subarray(0, 50))));
        }
        await fused.close();
        await zlib.close();
      }
    },
  );

  it.skipIf(!hasGdal || !libdeflate?.allocRecycled)(
    "arrays recycled from the native pool give the pixels of the zlib path, and sparse tiles read as nodata, not as the last read's samples",
    { timeout: 60_000 },
    async () => {
      setFlagsFromString("--expose-gc");
      const gc = runInNewContext("gc") as () => void;
      // Finalizers of external buffers run on this thread after a collection, and the buffer may need a second one.
      const settle = async (buffers: number): Promise<void> => {
        for (let k = 0; k < 20 && libdeflate!.recycledStats!().buffers < buffers; k++) {
          gc();
          await new Promise((r) => setTimeout(r, 10));
        }
      };
      const grid = { width: 1024, height: 768, geoTransform: [500000, 10, 0, 8800000, 0, -10] as const, crs: crsFromEpsg(32718)! };
      const n = grid.width * grid.height; // 1.5 MiB a band: above the pool's threshold
      const NODATA = 9999;
      const bands = [0, 1].map((k) =>
        Uint16Array.from({ length: n }, (_, i) => (i % grid.width < 256 && i < 256 * grid.width ? NODATA : (Math.imul(i + 17 * k, 2654435761) >>> 20) % 6000)),
      );
      const src = join(dir, "recycle-src.tif");
      await writeRaster(src, bands, { grid, sampleType: "uint16", overviews: "none" });
      const dense = join(dir, "recycle-dense.tif");
      const sparse = join(dir, "recycle-sparse.tif");
      const co = ["-co", "TILED=YES", "-co", "COMPRESS=DEFLATE", "-co", "INTERLEAVE=PIXEL"];
      execFileSync("gdal_translate", ["-q", ...co, "-a_nodata", "none", src, dense]);
      execFileSync("gdal_translate", ["-q", ...co, "-a_nodata", String(NODATA), "-co", "SPARSE_OK=TRUE", src, sparse]);
      // GDAL left the first tile out of the sparse file: its byte count is 0.
      const ifd = await (async () => {
        const s = await openFileSource(sparse);
        const i = await readFirstIfd(s);
        await s.close();
        return i;
      })();
      expect(numbers(ifd, TAG.TileByteCounts)![0]).toBe(0);
      const whole = { x0: 0, y0: 0, x1: grid.width, y1: grid.height };
      const same = (a: ArrayBufferView, b: ArrayBufferView): boolean =>
        Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

      const stats0 = libdeflate!.recycledStats!();
      // In a function of its own, so that no register of this (suspended) test still points at the arrays.
      const readDenseAndDrop = async (): Promise<void> => {
        const d = await openRaster(dense);
        const got = await d.readWindow(whole);
        await d.close();
        got.forEach((x, i) => expect(Array.from(x.subarray(300 * 1024, 300 * 1024 + 64))).toEqual(Array.from(bands[i]!.subarray(300 * 1024, 300 * 1024 + 64))));
        // The dense samples of the top-left tile are NODATA too; overwrite them so a recycled array would show them.
        for (const x of got) x.fill(4321);
      };
      await readDenseAndDrop();
      await settle(2);
      expect(libdeflate!.recycledStats!().buffers).toBeGreaterThanOrEqual(2);

      const r = await openRaster(sparse);
      const fromPool = await r.readWindow(whole);
      await r.close();
      const stats1 = libdeflate!.recycledStats!();
      expect(stats1.hits - stats0.hits).toBeGreaterThanOrEqual(2);
      const z = await openRaster(sparse, { inflater: null });
      const viaZlib = await z.readWindow(whole);
      await z.close();
      fromPool.forEach((x, i) => {
        expect(x[0]).toBe(NODATA);
        expect(x[255 * grid.width + 255]).toBe(NODATA);
        expect(same(x, viaZlib[i]!)).toBe(true);
        expect(same(x, bands[i]!)).toBe(true);
      });
    },
  );

  it.skipIf(!hasGdal || !libdeflate?.inflateScatterAsync)(
    "whole-scene windows (8 MiB a band and more, written with streaming stores) give the pixels of the zlib path",
    { timeout: 60_000 },
    async () => {
      const grid = { width: 2056, height: 2048, geoTransform: [500000, 10, 0, 8800000, 0, -10] as const, crs: crsFromEpsg(32718)! };
      const n = grid.width * grid.height;
      const bands = [0, 1, 2, 3].map((k) => {
        const b = new Uint16Array(n);
        for (let i = 0; i < n; i++) b[i] = (Math.imul(i + 7919 * k, 2654435761) >>> 19) % 10000;
        return b;
      });
      const src = join(dir, "stream-src.tif");
      await writeRaster(src, bands, { grid, sampleType: "uint16", overviews: "none" });
      const f = join(dir, "stream.tif");
      execFileSync("gdal_translate", ["-q", "-co", "TILED=YES", "-co", "COMPRESS=DEFLATE", "-co", "INTERLEAVE=PIXEL", src, f]);
      const fused = await openRaster(f);
      const zlib = await openRaster(f, { inflater: null });
      for (const window of [
        { x0: 0, y0: 0, x1: grid.width, y1: grid.height },
        // 2048 x 2048: exactly 8 MiB a band; its first tile column is 248 px wide
        { x0: 8, y0: 0, x1: grid.width, y1: grid.height },
      ]) {
        const a = await fused.readWindow(window);
        const b = await zlib.readWindow(window);
        a.forEach((x, i) =>
          expect(Buffer.from(x.buffer, x.byteOffset, x.byteLength).equals(Buffer.from(b[i]!.buffer, b[i]!.byteOffset, b[i]!.byteLength))).toBe(true),
        );
        if (window.x0 === 0) a.forEach((x, i) => expect(Buffer.from(x.buffer, x.byteOffset, x.byteLength).equals(Buffer.from(bands[i]!.buffer))).toBe(true));
      }
      await fused.close();
      await zlib.close();
    },
  );

  it.skipIf(!libdeflate?.trimRecycled)("the pool frees the buffers that waited longer than asked, and only those", async () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    // Let the earlier tests' arrays come back and go, so that the pool starts empty.
    for (let k = 0; k < 5; k++) {
      gc();
      await new Promise((r) => setTimeout(r, 10));
      libdeflate!.trimRecycled!(0);
    }
    expect(libdeflate!.recycledStats!().buffers).toBe(0);
    const take = (): number => [libdeflate!.allocRecycled!(3 << 20), libdeflate!.allocRecycled!(3 << 20)].reduce((n, b) => n + b.byteLength, 0);
    expect(take()).toBe(6 << 20);
    for (let k = 0; k < 20 && libdeflate!.recycledStats!().buffers < 2; k++) {
      gc();
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(libdeflate!.recycledStats!()).toMatchObject({ buffers: 2, bytes: 6 << 20 });
    expect(libdeflate!.trimRecycled!(60_000)).toBe(0);
    expect(libdeflate!.recycledStats!().buffers).toBe(2);
    await new Promise((r) => setTimeout(r, 30));
    expect(libdeflate!.trimRecycled!(20)).toBe(2);
    expect(libdeflate!.recycledStats!()).toMatchObject({ buffers: 0, bytes: 0 });
  });
});
