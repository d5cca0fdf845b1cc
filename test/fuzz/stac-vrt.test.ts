/**
 * Seeded mutation fuzzing of the STAC reader (Items and ItemCollections pointing at local files) and the VRT reader
 * (gdalbuildvrt's XML): every mutated input is read in a child process with a 5 s and 300 MB guard, and must either
 * read or be refused with the project's error naming the file. The first run (seed 21, the same 600 inputs every run,
 * so each finding stays a regression test) found 57 inputs that did not refuse cleanly: in the STAC reader 33 crashes (hrefs that are not
 * strings, roles that are not arrays, null assets: now checked with zod at the edge, naming the item and the asset) and
 * one refusal naming only a missing band file; in the VRT reader 23 refusals naming only a missing source file, not
 * the VRT. Both are now named.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { crsFromEpsg } from "../../src/raster/read/epsg.ts";
import { writeRaster } from "../../src/raster/write/write-raster.ts";
import { fuzz } from "../support/fuzz/harness.ts";
import { mutateBytes, mutateJson } from "../support/fuzz/mutate.ts";

const dir = mkdtempSync(join(tmpdir(), "coca-stac-vrt-fuzz-"));
const enc = new TextEncoder();
const dec = new TextDecoder();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let stacSeeds: Uint8Array[] = [];
let vrtSeeds: Uint8Array[] = [];
beforeAll(async () => {
  const crs = crsFromEpsg(32718)!;
  for (const [k, x0] of [600000, 600200].entries()) {
    const grid = { width: 40, height: 30, geoTransform: [x0, 10, 0, 8630000, 0, -10] as const, crs };
    const band = (s: number): Uint16Array => Uint16Array.from({ length: 1200 }, (_, i) => (i % 11 === 0 ? 0 : 1000 + ((i * s) % 3000)));
    await writeRaster(join(dir, `t${k}.tif`), [band(3 + k), band(7 + k), band(11 + k)], {
      grid,
      sampleType: "uint16",
      nodata: 0,
      bandNames: ["B04", "B08", "B11"],
    });
  }
  const asset = (k: number) => ({
    href: join(dir, `t${k}.tif`),
    type: "image/tiff; application=geotiff; profile=cloud-optimized",
    roles: ["data"],
    "eo:bands": [
      { name: "B04", common_name: "red" },
      { name: "B08", common_name: "nir" },
      { name: "B11", common_name: "swir16" },
    ],
    "raster:bands": [0, 1, 2].map(() => ({ nodata: 0, data_type: "uint16", scale: 0.0001, offset: -0.1 })),
  });
  const item = (k: number) => ({
    type: "Feature",
    stac_version: "1.0.0",
    id: `S2A_${k}`,
    properties: { platform: "sentinel-2a", datetime: "2024-08-01T15:00:00Z", "eo:cloud_cover": 5 },
    assets: { data: asset(k) },
  });
  stacSeeds = [JSON.stringify(item(0)), JSON.stringify({ type: "FeatureCollection", features: [item(0), item(1)] })].map((s) => enc.encode(s));
  const vrt = join(dir, "seed.vrt");
  execFileSync("gdalbuildvrt", ["-q", vrt, join(dir, "t0.tif"), join(dir, "t1.tif")]);
  // Absolute source paths, so a mutated copy anywhere still points at the files.
  vrtSeeds = [enc.encode(readFileSync(vrt, "utf8").replaceAll('relativeToVRT="1">', `relativeToVRT="0">${dir}/`))];
});

describe("bounded fuzz runs of the STAC and VRT readers (seeded; child process, 5 s and 300 MB guard)", () => {
  it("STAC Items and ItemCollections: 600 mutations, no crash, hang or runaway memory", async () => {
    const mutate = (input: Uint8Array, r: Parameters<typeof mutateBytes>[1]): Uint8Array => enc.encode(mutateJson(dec.decode(input), r, [16, 64]));
    const result = await fuzz({ target: "stac", corpus: stacSeeds, mutate, count: 600, seed: 21, ext: ".json" });
    expect(result.inputs).toBe(600);
    expect(result.findings).toEqual([]);
    expect(result.refused).toBeGreaterThan(50);
  });
  it("GDAL VRTs: 600 byte mutations, no crash, hang or runaway memory", async () => {
    const result = await fuzz({ target: "vrt", corpus: vrtSeeds, mutate: mutateBytes, count: 600, seed: 21, ext: ".vrt" });
    expect(result.inputs).toBe(600);
    expect(result.findings).toEqual([]);
    expect(result.refused).toBeGreaterThan(50);
  });
});
