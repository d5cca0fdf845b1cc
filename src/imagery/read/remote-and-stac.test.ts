import { createReadStream, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NotFoundError } from "../../domain/errors.ts";
import { writeRaster } from "../../raster/write/write-raster.ts";
import { crsFromEpsg } from "../../raster/read/epsg.ts";
import { openRaster } from "../../raster/read/raster-source.ts";
import { openScene } from "./scene.ts";

let dir: string;
let server: Server;
let base: string;
let rangeRequests = 0;
const grid = { width: 700, height: 400, geoTransform: [600000, 10, 0, 8630000, 0, -10] as const, crs: crsFromEpsg(32718)! };
const n = grid.width * grid.height;
const red = Uint16Array.from({ length: n }, (_, i) => 1000 + (i % 1500));
const nir = Uint16Array.from({ length: n }, (_, i) => 1000 + ((i * 7) % 4000));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "coca-remote-"));
  await writeRaster(join(dir, "T18LXM_B04.tif"), [red], { grid, sampleType: "uint16", tileSizePx: 256, nodata: 0 });
  await writeRaster(join(dir, "T18LXM_B08.tif"), [nir], { grid, sampleType: "uint16", tileSizePx: 256, nodata: 0 });
  // A static file server that honours Range requests, as object stores do.
  server = createServer((req, res) => {
    const path = join(dir, decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname));
    let size: number;
    try {
      size = statSync(path).size;
    } catch {
      res.writeHead(404).end();
      return;
    }
    const m = /bytes=(\d+)-(\d+)/.exec(req.headers.range ?? "");
    if (!m) {
      res.writeHead(200, { "content-length": size });
      createReadStream(path).pipe(res);
      return;
    }
    rangeRequests++;
    const start = Number(m[1]);
    const end = Math.min(Number(m[2]), size - 1);
    res.writeHead(206, { "content-range": `bytes ${start}-${end}/${size}`, "content-length": end - start + 1 });
    createReadStream(path, { start, end }).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe("reading over http(s) with range requests", () => {
  it("reads a window of a remote COG equal to the local file, with range requests", async () => {
    const local = await openRaster(join(dir, "T18LXM_B04.tif"));
    const remote = await openRaster(`${base}/T18LXM_B04.tif`);
    const w = { x0: 250, y0: 100, x1: 520, y1: 390 };
    expect(remote.grid).toEqual(local.grid);
    expect(await remote.readWindow(w)).toEqual(await local.readWindow(w));
    expect(rangeRequests).toBeGreaterThan(0);
    await local.close();
    await remote.close();
  });

  it("a missing URL is a NotFoundError", async () => {
    await expect(openRaster(`${base}/nope.tif`)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("a server that ignores Range requests", () => {
  let plain: Server;
  let plainBase: string;
  beforeAll(async () => {
    plain = createServer((req, res) => {
      const path = join(dir, decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname));
      res.writeHead(200, { "content-length": statSync(path).size });
      createReadStream(path).pipe(res);
    });
    await new Promise<void>((resolve) => plain.listen(0, "127.0.0.1", resolve));
    plainBase = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    delete process.env.COCA_HTTP_WHOLE_READ_MAX_BYTES;
    await new Promise((resolve) => plain.close(resolve));
  });

  it("is named in a warning, and a small file is read whole with the right values", async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error): void => void warnings.push(w.message);
    process.on("warning", onWarning);
    const local = await openRaster(join(dir, "T18LXM_B04.tif"));
    const remote = await openRaster(`${plainBase}/T18LXM_B04.tif`);
    const w = { x0: 250, y0: 100, x1: 520, y1: 390 };
    expect(await remote.readWindow(w)).toEqual(await local.readWindow(w));
    await new Promise((r) => setImmediate(r));
    process.off("warning", onWarning);
    expect(warnings.filter((m) => m.includes("ignores HTTP Range"))).toHaveLength(1);
    expect(warnings[0]).toContain(`${plainBase}/T18LXM_B04.tif`);
    await local.close();
    await remote.close();
  });

  it("refuses a large file, naming the URL and the problem", async () => {
    process.env.COCA_HTTP_WHOLE_READ_MAX_BYTES = "10000";
    await expect(openRaster(`${plainBase}/T18LXM_B08.tif`)).rejects.toThrow(
      /T18LXM_B08\.tif: the server ignores HTTP Range requests .* files over 10000 bytes are not read whole/,
    );
    delete process.env.COCA_HTTP_WHOLE_READ_MAX_BYTES;
  });
});

describe("STAC items", () => {
  const item = (href: (f: string) => string): object => ({
    type: "Feature",
    stac_version: "1.0.0",
    id: "S2B_18LXM_20240801_0_L2A",
    properties: { platform: "sentinel-2b", "s2:processing_baseline": "05.10" },
    assets: {
      red: {
        href: href("T18LXM_B04.tif"),
        type: "image/tiff; application=geotiff; profile=cloud-optimized",
        "eo:bands": [{ name: "B04", common_name: "red" }],
      },
      nir: {
        href: href("T18LXM_B08.tif"),
        type: "image/tiff; application=geotiff; profile=cloud-optimized",
        "eo:bands": [{ name: "B08", common_name: "nir" }],
      },
      thumbnail: { href: href("thumb.jpg"), type: "image/jpeg" },
    },
  });

  it("picks assets by band name and applies the Sentinel-2 baseline-04.00 offset, relative hrefs from a file", async () => {
    const path = join(dir, "item.json");
    writeFileSync(path, JSON.stringify(item((f) => f)));
    const s = await openScene(path);
    expect(s.sensor).toBe("sentinel-2");
    expect([...s.bandNames].sort()).toEqual(["nir", "red"]);
    const b = await s.readBands({ x0: 0, y0: 0, x1: 3, y1: 1 }, ["red", "nir"]);
    expect(b.red![1]).toBeCloseTo((red[1]! - 1000) / 10000, 6);
    expect(b.nir![2]).toBeCloseTo((nir[2]! - 1000) / 10000, 6);
    await s.close();
  });

  it("reads an item served over http with its assets", async () => {
    writeFileSync(join(dir, "remote-item.json"), JSON.stringify(item((f) => `${base}/${f}`)));
    const s = await openScene(`${base}/remote-item.json`);
    const b = await s.readBands({ x0: 10, y0: 10, x1: 11, y1: 11 }, ["nir"]);
    expect(b.nir![0]).toBeCloseTo((nir[10 * 700 + 10]! - 1000) / 10000, 6);
    await s.close();
  });
});
