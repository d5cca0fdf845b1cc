/**
 * CLI integration: `coca imagery train`, `fields` and `zonal` on the real scenes and maps in ../shared
 * (skipped, saying so, where ../shared is absent).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { projectRoot, runCocaProcess } from "../support/cli.ts";
import { SHARED_DIR, hasShared } from "../support/shared.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const shared = SHARED_DIR;
const amazon = join(shared, "data/rstoolbox-amazon");
const rondonia = join(shared, "data/sits-rondonia");
const scene = join(amazon, "lsat_tm5_7band_dn.tif");
const labels = join(amazon, "training_polygons_lsat.geojson");
const sitsMap = join(rondonia, "SENTINEL2_MSI_20LNR_2020-06-04_2021-08-26_class_v1.tif");
const prodes = join(rondonia, "PRODES_LANDSAT_AMZ_2000-08-01_2020-07-31_class_v20220606.tif");
const exists = hasShared("the coca imagery train/fields/zonal CLI tests", scene, labels, sitsMap, prodes);

const coca = runCocaProcess;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "coca-cli-imagery-b-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!exists)("coca imagery train / fields / zonal", () => {
  it("train writes a model and reports accuracy on held-out polygons", async () => {
    const out = join(dir, "model.json");
    const run = await coca(
      "imagery",
      "train",
      "--scene",
      scene,
      "--labels",
      labels,
      "--class-field",
      "class",
      "--out",
      out,
      "--trees",
      "30",
      "--seed",
      "2",
      "--json",
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const r = JSON.parse(run.stdout);
    expect(r.classes).toEqual(["cleared", "fallen_dry", "forest", "water"]);
    expect(r.accuracy.matrix).toHaveLength(4);
    expect(r.accuracy.overallAccuracy).toBeGreaterThan(0.9);
    expect(JSON.parse(readFileSync(out, "utf8")).version).toBe(1);
  });

  it("train refuses an unknown class field and labels outside the scene, writing nothing", async () => {
    const out = join(dir, "none.json");
    const bad = await coca("imagery", "train", "--scene", scene, "--labels", labels, "--class-field", "klass", "--out", out);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/training_polygons_lsat\.geojson: unknown class field "klass"/);
    const far = join(dir, "far.geojson");
    writeFileSync(
      far,
      JSON.stringify({
        type: "FeatureCollection",
        features: [
          {
            type: "Feature",
            properties: { class: "x" },
            geometry: {
              type: "Polygon",
              coordinates: [
                [
                  [-70, -10],
                  [-69.99, -10],
                  [-69.99, -9.99],
                  [-70, -10],
                ],
              ],
            },
          },
        ],
      }),
    );
    const outside = await coca("imagery", "train", "--scene", scene, "--labels", far, "--class-field", "class", "--out", out);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(/far\.geojson: 1 label polygon\(s\) cover no pixel of the scene/);
    expect(existsSync(out)).toBe(false);
  });

  it("fields writes GeoJSON whose areas are pixel counts x 400 m² (20 m UTM map)", async () => {
    const out = join(dir, "fields.geojson");
    const run = await coca("imagery", "fields", "--classes", sitsMap, "--class", "2", "--min-area-ha", "1", "--out", out, "--json");
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout);
    const fc = JSON.parse(readFileSync(out, "utf8"));
    expect(fc.features).toHaveLength(summary.fields);
    for (const f of fc.features) {
      expect(f.properties.area_ha).toBeCloseTo((f.properties.pixel_count * 400) / 10_000, 9);
      expect(f.properties.area_ha).toBeGreaterThanOrEqual(1);
    }
    const [lon, lat] = fc.features[0].geometry.coordinates[0][0];
    expect(lon).toBeGreaterThan(-63);
    expect(lat).toBeLessThan(-8);
    const bad = await coca("imagery", "fields", "--classes", sitsMap, "--class", "2", "--out", join(dir, "f.shp"));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/f\.shp: unknown format/);
  });

  it("zonal gives hectares per class per region, and refuses regions that miss the map", async () => {
    const run = await coca("imagery", "zonal", "--classes", prodes, "--regions", join(projectRoot, "test/fixtures/prodes-diagonal-regions.geojson"), "--json");
    expect(run.code).toBe(0);
    const r = JSON.parse(run.stdout);
    expect(r.unit).toBe("ha");
    expect(new Set(r.rows.map((x: { region: string }) => x.region))).toEqual(new Set(["north-east", "south-west"]));
    const miss = await coca(
      "imagery",
      "zonal",
      "--classes",
      prodes,
      "--regions",
      join(shared, "data/boundaries/peru_departamentos_inei2007.geojson"),
      "--name-field",
      "NOMBDEP",
    );
    expect(miss.code).toBe(3);
    expect(miss.stderr).toMatch(/peru_departamentos_inei2007\.geojson .* overlaps the class map/);
  });
});
