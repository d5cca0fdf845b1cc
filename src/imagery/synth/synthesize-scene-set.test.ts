import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listStacItems } from "../read/stac-file.ts";
import { openScene } from "../read/scene.ts";
import { openRaster } from "../../raster/read/raster-source.ts";
import { synthesizeSceneSet, type SceneSetResult } from "./synthesize-scene-set.ts";

let dir: string;
let set: SceneSetResult;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "coca-sceneset-"));
  set = await synthesizeSceneSet({ seed: 7, sizePx: 400, outDir: dir });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a simulated multi-scene survey area", () => {
  it("writes four overlapping scenes on two UTM zones, with different clouds, as a STAC ItemCollection", async () => {
    expect(set.scenes.map((s) => s.epsg)).toEqual([32718, 32719, 32718, 32719]);
    const clouds = new Set(set.scenes.map((s) => s.cloudCoverPct));
    expect(clouds.size).toBeGreaterThan(1);
    const items = await listStacItems(set.itemCollectionPath);
    expect(items.map((i) => i.id)).toEqual(set.scenes.map((s) => s.id));
    for (const [k, item] of items.entries()) {
      const scene = await openScene(item.ref);
      expect(scene.grid.crs.epsg).toBe(set.scenes[k]!.epsg);
      expect(scene.bandNames).toContain("rededge1");
      expect(scene.qualityBand).toBe("scl");
      const b = await scene.readBands({ x0: 100, y0: 100, x1: 101, y1: 101 }, ["nir"]);
      expect(b.nir![0]).toBeGreaterThan(0);
      await scene.close();
    }
  });

  it("marks itself simulated and keeps the truth on the survey grid", async () => {
    const truth = await openRaster(set.truthPath);
    expect(truth.grid).toEqual(set.grid);
    expect(truth.metadata.dataset.SIMULATED).toMatch(/^yes/);
    await truth.close();
    const s1 = await openRaster(set.scenes[0]!.path);
    expect(s1.metadata.dataset.SIMULATED).toMatch(/^yes/);
    await s1.close();
    expect(readFileSync(set.readmePath, "utf8")).toMatch(/^SIMULATED DATA/);
    const total = Object.values(set.trueAreaHa).reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(400 * 400 * 0.01, 4);
  });

  it("gives the same bytes for the same seed", async () => {
    const again = mkdtempSync(join(tmpdir(), "coca-sceneset-"));
    try {
      await synthesizeSceneSet({ seed: 7, sizePx: 400, outDir: again });
      for (const f of ["scene-2.tif", "truth.tif", "scenes.json", "training.geojson"])
        expect(readFileSync(join(again, f)).equals(readFileSync(join(dir, f)))).toBe(true);
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  });
});
