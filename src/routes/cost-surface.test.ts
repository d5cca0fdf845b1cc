import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { openRaster } from "../raster/read/raster-source.ts";
import { slopeRiseOverRun, walkingSecondsPerM } from "./cost-surface.ts";
import { frictionByCode, parseFrictionTable, readFrictionTable } from "./friction.ts";
import { readFloatBand } from "./route-rasters.ts";
import { isotropicSecondsPerM, toblerSecondsPerM } from "./walking-speed.ts";

const DEM = resolve(import.meta.dirname, "../../../shared/data/dem-andes/southern_ecuador_terrain_attributes.tif");
const haveGdaldem = (() => {
  try {
    execFileSync("gdalinfo", ["--version"], { stdio: "pipe" });
    return existsSync(DEM);
  } catch {
    return false;
  }
})();
if (!haveGdaldem) console.log("skipping the slope-vs-gdaldem test: gdaldem or ../shared/data/dem-andes is absent");

describe("slope", () => {
  it("of a plane z = 0.3x + 0.4y is 0.5 everywhere, edges included", () => {
    const w = 6;
    const h = 5;
    const dem = new Float64Array(w * h);
    for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) dem[r * w + c] = 0.3 * c * 10 - 0.4 * r * 10;
    const s = slopeRiseOverRun(dem, w, h, { cellWidthM: 10, cellHeightM: 10 });
    // edges replicate the centre, so their one-sided estimate is smaller: check the interior exactly
    for (let r = 1; r < h - 1; r++) for (let c = 1; c < w - 1; c++) expect(s[r * w + c]).toBeCloseTo(0.5, 12);
  });

  it.skipIf(!haveGdaldem)("equals gdaldem slope (Horn) on the southern Ecuador DEM, interior cells", async () => {
    const dir = mkdtempSync(join(tmpdir(), "coca-slope-"));
    try {
      const out = join(dir, "slope.tif");
      execFileSync("gdaldem", ["slope", "-b", "4", "-q", DEM, out], { stdio: "pipe" });
      const elev = await readFloatBand(DEM, 4, "DEM");
      const { width, height } = elev.grid;
      const s = slopeRiseOverRun(elev.values, width, height, { cellWidthM: 10, cellHeightM: 10 });
      const src = await openRaster(out);
      const [ref] = await src.readWindow({ x0: 0, y0: 0, x1: width, y1: height });
      await src.close();
      let compared = 0;
      let maxDiff = 0;
      for (let r = 1; r < height - 1; r++) {
        for (let c = 1; c < width - 1; c++) {
          const g = ref![r * width + c]!;
          const mine = s[r * width + c]!;
          if (!(g >= 0) || Number.isNaN(mine)) continue;
          // gdaldem leaves cells next to nodata as nodata; we use the centre there, so compare only where both exist
          maxDiff = Math.max(maxDiff, Math.abs((Math.atan(mine) * 180) / Math.PI - g));
          compared++;
        }
      }
      expect(compared).toBeGreaterThan(150_000);
      // gdaldem computes in float32: agreement to about 1e-3 degree (measured max 0.0015°)
      expect(maxDiff).toBeLessThan(5e-3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("walking cost and friction", () => {
  it("averages uphill and downhill time, and is Tobler's flat time at slope 0", () => {
    const c = walkingSecondsPerM(Float64Array.from([0, 0.2, NaN]), "tobler");
    expect(c[0]).toBeCloseTo(toblerSecondsPerM(0), 6);
    expect(c[1]).toBeCloseTo((toblerSecondsPerM(0.2) + toblerSecondsPerM(-0.2)) / 2, 6);
    expect(Number.isNaN(c[2]!)).toBe(true);
    expect(isotropicSecondsPerM(0, "r.walk")).toBeCloseTo(0.72, 12);
    // r.walk at 10 % slope: up 0.72 + 0.6, down 0.72 - 0.19998
    expect(isotropicSecondsPerM(0.1, "r.walk")).toBeCloseTo((1.32 + 0.72 - 0.19998) / 2, 12);
  });

  it("the default table covers the project's eight classes", () => {
    const t = readFrictionTable();
    const names = ["primary forest", "secondary regrowth", "pasture", "other crops", "coca", "bare soil and roads", "settlement", "water"];
    const f = frictionByCode(t, names, "default", "map.tif");
    expect(f[1]).toBe(3);
    expect(f[8]).toBe(20);
    expect(Number.isNaN(f[0]!)).toBe(true);
  });

  it("names the file and the class when a class is unknown or missing", () => {
    const t = parseFrictionTable("classes:\n  forest: 2\n", "f.yaml");
    expect(() => frictionByCode(t, ["pasture"], "f.yaml", "m.tif")).toThrow(/f.yaml: unknown class "forest"/);
    const u = parseFrictionTable("classes:\n  pasture: 2\n", "f.yaml");
    expect(() => frictionByCode(u, ["pasture", "water"], "f.yaml", "m.tif")).toThrow(/no friction for class "water"/);
    expect(() => parseFrictionTable("classes:\n  pasture: -1\n", "g.yaml")).toThrow(/g.yaml: classes.pasture/);
  });
});
