import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { crsFromEpsg } from "../../src/raster/read/epsg.ts";
import { writeRaster } from "../../src/raster/write/write-raster.ts";
import { runCocaInProcess } from "../support/cli.ts";

let dir: string;
const crs = crsFromEpsg(32718)!;
const grid = (x0: number) => ({ width: 100, height: 80, geoTransform: [x0, 10, 0, 8630000, 0, -10] as const, crs });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "coca-cli-mosaic-"));
  const a = new Uint8Array(8000).fill(1);
  a.fill(0, 0, 2000); // a cloudy top quarter
  await writeRaster(join(dir, "a.tif"), [a], { grid: grid(600000), sampleType: "uint8", nodata: 0, classNames: ["coca", "forest"] });
  await writeRaster(join(dir, "b.tif"), [new Uint8Array(8000).fill(2)], { grid: grid(600500), sampleType: "uint8", nodata: 0, classNames: ["coca", "forest"] });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("coca imagery mosaic / reproject", () => {
  it("mosaics two maps, says which input gave how much and what stayed unobserved (--json)", async () => {
    const out = join(dir, "m.tif");
    const r = await runCocaInProcess(
      "imagery",
      "mosaic",
      join(dir, "a.tif"),
      `${join(dir, "b.tif")}@2024-08-01`,
      "--out",
      out,
      "--sources",
      join(dir, "s.tif"),
      "--json",
    );
    expect(r.code).toBe(0);
    const body = JSON.parse(r.stdout);
    expect(body.grid).toMatchObject({ widthPx: 150, heightPx: 80, epsg: 32718 });
    expect(body.unit).toBe("ha");
    // b has no clouds, so it comes first; a fills only x < 600500, below its cloudy quarter.
    expect(body.inputs[1]).toMatchObject({ priority: 1, invalidShare: 0, date: "2024-08-01", areaHa: 80 });
    expect(body.inputs[0]).toMatchObject({ priority: 2, invalidShare: 0.25 });
    expect(body.inputs[0].areaHa).toBeCloseTo(30, 6);
    expect(body.unobservedHa).toBeCloseTo(10, 6);
    const info = JSON.parse(execFileSync("gdalinfo", ["-json", out]).toString());
    expect(info.size).toEqual([150, 80]);
  });

  it("reprojects onto another CRS with a cell size, and onto --like's grid", async () => {
    const out = join(dir, "r.tif");
    const r = await runCocaInProcess("imagery", "reproject", join(dir, "a.tif"), "--out", out, "--crs", "EPSG:32719", "--res", "20", "--json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).grid.epsg).toBe(32719);
    const like = await runCocaInProcess("imagery", "reproject", join(dir, "b.tif"), "--out", join(dir, "like.tif"), "--like", join(dir, "m.tif"), "--json");
    expect(like.code).toBe(0);
    expect(JSON.parse(like.stdout).grid).toMatchObject({ widthPx: 150, heightPx: 80 });
  });

  it("bad flags are exit 2 naming the flag; nothing is written", async () => {
    const out = join(dir, "never.tif");
    for (const args of [
      ["--crs", "EPSG:99999999"],
      ["--res", "-3"],
      ["--bounds", "1,2,3"],
      ["--order", "random"],
    ]) {
      const r = await runCocaInProcess("imagery", "mosaic", join(dir, "a.tif"), "--out", out, ...args);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(args[0]!);
    }
    const other = await runCocaInProcess("imagery", "reproject", join(dir, "a.tif"), "--out", out, "--crs", "EPSG:32719");
    expect(other.code).toBe(3);
    expect(other.stderr).toMatch(/give the resolution/);
    expect(existsSync(out)).toBe(false);
  });
});
