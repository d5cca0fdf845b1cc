import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { crsFromEpsg } from "../../src/raster/read/epsg.ts";
import { writeRaster } from "../../src/raster/write/write-raster.ts";
import { smallSurvey, testApi, type TestApi } from "./support.ts";

describe("survey class map and regions for the web map", () => {
  let api: TestApi;
  let id: number;
  const dir = mkdtempSync(join(tmpdir(), "coca-api-classmap-"));
  beforeAll(async () => {
    api = await testApi();
    // 300 x 200 px of 20 m in UTM 19S near Caranavi (La Paz): code 1 forest, 2 coca in the middle, 0 nodata on the left column.
    const width = 300;
    const height = 200;
    const codes = new Uint8Array(width * height);
    for (let y = 0; y < height; y++) for (let x = 1; x < width; x++) codes[y * width + x] = x > 100 && x < 200 && y > 50 && y < 150 ? 2 : 1;
    const path = join(dir, "class-map.tif");
    await writeRaster(path, [codes], {
      grid: { width, height, geoTransform: [600_000, 20, 0, 8_250_000, 0, -20], crs: crsFromEpsg(32719)! },
      sampleType: "uint8",
      nodata: 0,
      classNames: ["forest", "coca"],
    });
    id = await api.store.surveys.save(
      smallSurvey({
        estimates: [
          { region: "La Paz", className: "coca", areaHa: 14_200, areaSeHa: 900, ciLowHa: 12_400, ciHighHa: 16_000, mapAreaHa: 15_100 },
          { region: "Cochabamba", className: "coca", areaHa: 7_900, areaSeHa: 600, ciLowHa: 6_700, ciHighHa: 9_100, mapAreaHa: 8_300 },
          { region: "Atlantis", className: "coca", areaHa: 1, areaSeHa: null, ciLowHa: null, ciHighHa: null, mapAreaHa: null },
          { region: "La Paz", className: "forest", areaHa: 99_000, areaSeHa: null, ciLowHa: null, ciHighHa: null, mapAreaHa: null },
        ],
        artifacts: [{ name: "class-map.tif", mediaType: "image/tiff; application=geotiff", bytes: readFileSync(path) }],
      }),
    );
  });
  afterAll(async () => {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("describes the overview with WGS 84 corners and the classes present", async () => {
    const res = await api.request(`/v1/surveys/${id}/class-map`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ image: `/v1/surveys/${id}/class-map.png`, widthPx: 300, heightPx: 200, crs: "WGS 84 / UTM zone 19S" });
    expect(body.classes.map((c: { name: string }) => c.name)).toEqual(["forest", "coca"]);
    const [topLeft, , bottomRight] = body.coordinates as [number, number][];
    // 600 000 E, 8 250 000 N in UTM 19S is about 68.06 W, 15.83 S; 6 km by 4 km further.
    expect(topLeft[0]).toBeCloseTo(-68.06, 1);
    expect(topLeft[1]).toBeCloseTo(-15.83, 1);
    expect(bottomRight[0]).toBeGreaterThan(topLeft[0]);
    expect(bottomRight[1]).toBeLessThan(topLeft[1]);
  });

  it("serves the PNG overview", async () => {
    const res = await api.request(`/v1/surveys/${id}/class-map.png`);
    expect(res.headers.get("content-type")).toBe("image/png");
    const png = new Uint8Array(await res.arrayBuffer());
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const view = new DataView(png.buffer, png.byteOffset);
    expect([view.getUint32(16), view.getUint32(20)]).toEqual([300, 200]);
  });

  it("answers 404 for a survey without a class map", async () => {
    const other = await api.store.surveys.save(smallSurvey());
    const res = await api.request(`/v1/surveys/${other}/class-map`);
    expect(res.status).toBe(404);
    expect((await res.json()).detail).toMatch(/no class map/);
  });

  it("gives regions their target-class estimate and geometry, listing the unmatched", async () => {
    const res = await api.request(`/v1/surveys/${id}/regions`);
    expect(res.headers.get("content-type")).toBe("application/geo+json");
    const body = await res.json();
    expect(body.features.map((f: { properties: { name: string } }) => f.properties.name)).toEqual(["Cochabamba", "La Paz"]);
    const laPaz = body.features[1];
    expect(laPaz.properties).toMatchObject({ className: "coca", areaHa: 14_200, ciLowHa: 12_400, ciHighHa: 16_000 });
    expect(laPaz.geometry.type).toBe("MultiPolygon");
    expect(body.unmatched).toEqual(["Atlantis"]);
    expect(body.confidence).toBe(0.95);
    expect(body.geometrySource).toMatch(/OpenStreetMap/);
  });
});
