import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { area } from "@turf/turf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256 } from "../../io/checksum.ts";
import { readClassMap } from "../../raster/read/class-map.ts";
import { openScene } from "../read/scene.ts";
import { SYNTH_CLASS_NAMES } from "./legend.ts";
import { synthesizeScene, type SynthesizeResult } from "./synthesize-scene.ts";

let dir: string;
let first: SynthesizeResult;
const SIZE = 320;
const files = ["scene.tif", "truth.tif", "training.geojson", "regions.geojson"];
const checksums = (d: string): string[] => files.map((f) => sha256(readFileSync(join(d, f))));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "coca-synth-"));
  first = await synthesizeScene({ seed: 11, sizePx: SIZE, outDir: join(dir, "a") });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the simulated scene", () => {
  it("is deterministic: the same seed gives the same bytes, another seed other bytes", async () => {
    await synthesizeScene({ seed: 11, sizePx: SIZE, outDir: join(dir, "b"), tileSizePx: 512 });
    await synthesizeScene({ seed: 12, sizePx: SIZE, outDir: join(dir, "c") });
    expect(checksums(join(dir, "b"))).toEqual(checksums(join(dir, "a")));
    expect(checksums(join(dir, "c"))[0]).not.toBe(checksums(join(dir, "a"))[0]);
  });

  it("does not depend on the tile size (every pixel is a function of its position)", async () => {
    const r = await synthesizeScene({ seed: 11, sizePx: SIZE, outDir: join(dir, "d"), tileSizePx: 128 });
    const a = await readClassMap(first.truthPath);
    const b = await readClassMap(r.truthPath);
    const w = { x0: 0, y0: 0, x1: SIZE, y1: SIZE };
    expect(await b.readWindow(w)).toEqual(await a.readWindow(w));
    await a.close();
    await b.close();
  });

  it("is a Sentinel-2 L2A-like scene in UTM 18S with SCL, opened by canonical names", async () => {
    const s = await openScene(first.scenePath);
    expect(s.sensor).toBe("sentinel-2");
    expect(s.grid.crs.epsg).toBe(32718);
    expect(s.qualityBand).toBe("scl");
    expect(s.bandNames).toEqual(["blue", "green", "red", "rededge1", "rededge2", "rededge3", "nir", "nir08", "swir16", "swir22"]);
    const { red, nir } = await s.readBands({ x0: 0, y0: 0, x1: SIZE, y1: SIZE }, ["red", "nir"]);
    // Reflectance after (DN - 1000) / 10000 stays in a physical range.
    expect(Math.min(...red!)).toBeGreaterThan(-0.05);
    expect(Math.max(...nir!)).toBeLessThan(1);
    await s.close();
    const info = JSON.parse(execFileSync("gdalinfo", ["-json", first.scenePath]).toString());
    expect(info.metadata[""].SIMULATED).toMatch(/^yes/);
    expect(info.bands[10].description).toBe("SCL");
  });

  it("reports true hectares that add up to the scene, with coca fields present and small", () => {
    const total = Object.values(first.trueAreaHa).reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(SIZE * SIZE * 0.01, 6);
    expect(Object.keys(first.trueAreaHa)).toEqual([...SYNTH_CLASS_NAMES]);
    expect(first.trueAreaHa.coca).toBeGreaterThan(0);
    const training = JSON.parse(readFileSync(first.trainingPath, "utf8"));
    const coca = training.features.filter((f: { properties: { class: string } }) => f.properties.class === "coca");
    expect(coca.length).toBeGreaterThan(5);
    // Coca parcels are 0.1-3 ha (10 to 300 pixels of 100 m2).
    for (const f of coca) expect(f.properties.area_px).toBeLessThanOrEqual(300);
    const [lon, lat] = coca[0].geometry.coordinates[0][0];
    expect(lon).toBeGreaterThan(-75);
    expect(lon).toBeLessThan(-73);
    expect(lat).toBeGreaterThan(-13.5);
    expect(lat).toBeLessThan(-11.5);
  });

  it("writes three region polygons that cover the scene", () => {
    const regions = JSON.parse(readFileSync(first.regionsPath, "utf8"));
    expect(regions.features.map((f: { properties: { name: string } }) => f.properties.name)).toHaveLength(3);
    // Geodesic areas add up to the scene's (UTM scale error near 74 W is < 0.1%): no gaps, no overlaps.
    const totalM2 = regions.features.reduce((acc: number, f: Parameters<typeof area>[0]) => acc + area(f), 0);
    expect(totalM2 / (SIZE * SIZE * 100)).toBeCloseTo(1, 2);
    for (const f of regions.features) expect(area(f)).toBeGreaterThan(0.1 * SIZE * SIZE * 100);
    expect(readFileSync(first.readmePath, "utf8")).toMatch(/^SIMULATED DATA/);
  });
});
