import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { deserialize } from "flatgeobuf/lib/mjs/geojson.js";
import type { RasterGrid } from "../../domain/raster-grid.ts";
import { createRandom } from "../../stats/random.ts";
import { cellAreaHaByRow, quadrangleAreaM2 } from "../../raster/cell-area.ts";
import { vectorizeClasses, vectorizeFields, type ClassRaster } from "./fields.ts";
import { labelComponents } from "./label-components.ts";
import { simplifyRing } from "./simplify.ts";
import { fieldsToGeoJson, writeFields } from "./write-fields.ts";

const UTM18S = { epsg: 32718, proj4: "+proj=utm +zone=18 +south +datum=WGS84 +units=m +no_defs", geographic: false, name: "WGS 84 / UTM zone 18S" };
const WGS84 = { epsg: 4326, proj4: "+proj=longlat +datum=WGS84 +no_defs", geographic: true, name: "WGS 84" };

function raster(rows: string[], grid: Partial<RasterGrid> = {}): ClassRaster {
  const height = rows.length;
  const width = rows[0]!.length;
  const values = new Uint8Array(width * height);
  rows.forEach((row, r) => [...row].forEach((ch, c) => (values[r * width + c] = ch === "#" ? 1 : ch === "." ? 2 : 0)));
  return {
    grid: { width, height, geoTransform: [500000, 10, 0, 9000000, 0, -10], crs: UTM18S, ...grid },
    values,
    classNames: [undefined, "coca", "forest"],
  };
}

/** Shoelace area of a ring in its own units (positive for counter-clockwise). */
function ringArea(ring: [number, number][]): number {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++) s += ring[i]![0] * ring[i + 1]![1] - ring[i + 1]![0] * ring[i]![1];
  return s / 2;
}

describe("fields (polygonize)", () => {
  it("makes a polygon with a hole, exterior counter-clockwise and hole clockwise", () => {
    const r = raster(["#####", "#...#", "#.#.#", "#...#", "#####"]);
    const fields = vectorizeFields(r, { classCode: "coca" });
    // The ring of 16 pixels with a hole, and the island pixel inside the hole.
    expect(fields.map((f) => f.pixelCount)).toEqual([16, 1]);
    const [ring, island] = fields;
    expect(ring!.coordinates).toHaveLength(2);
    expect(ringArea(ring!.coordinates[0]!)).toBeCloseTo(2500, 6); // 5 x 5 pixels of 100 m²
    expect(ringArea(ring!.coordinates[1]!)).toBeCloseTo(-900, 6); // 3 x 3 hole, clockwise
    expect(island!.coordinates).toHaveLength(1);
    expect(island!.coordinates[0]![0]).toEqual([500020, 8999980]);
  });

  it("keeps diagonal neighbours apart with 4-connectivity and joins them with 8", () => {
    const r = raster(["#..", ".#.", "..#"]);
    expect(vectorizeFields(r, { classCode: 1 })).toHaveLength(3);
    const joined = vectorizeFields(r, { classCode: 1, connectivity: 8 });
    expect(joined).toHaveLength(1);
    expect(joined[0]!.pixelCount).toBe(3);
    expect(ringArea(joined[0]!.coordinates[0]!)).toBeCloseTo(300, 6);
  });

  it("traces a region that touches itself at a corner as one ring under 4-connectivity", () => {
    // An L-shaped ring around a diagonal pinch: the pixels at (1,1) and (2,2) meet only at a corner.
    const r = raster(["####", "##.#", "#.##", "####"]);
    const fields = vectorizeFields(r, { classCode: 1 });
    expect(fields).toHaveLength(1);
    const areas = fields[0]!.coordinates.map(ringArea);
    expect(areas[0]).toBeCloseTo(1600, 6);
    expect(areas.slice(1).sort()).toEqual([-100, -100]);
  });

  it("rings enclose exactly the region's pixels on random rasters (both connectivities)", () => {
    const rand = createRandom(11);
    for (let trial = 0; trial < 20; trial++) {
      const rows: string[] = [];
      for (let r = 0; r < 12; r++) rows.push(Array.from({ length: 15 }, () => (rand.next() < 0.55 ? "#" : ".")).join(""));
      for (const connectivity of [4, 8] as const) {
        const fields = vectorizeFields(raster(rows), { classCode: 1, connectivity });
        let pixels = 0;
        for (const f of fields) {
          const ringSum = f.coordinates.reduce((s, ring) => s + ringArea(ring), 0);
          expect(ringSum).toBeCloseTo(f.pixelCount * 100, 6);
          expect(ringArea(f.coordinates[0]!)).toBeGreaterThan(0);
          for (const hole of f.coordinates.slice(1)) expect(ringArea(hole)).toBeLessThan(0);
          pixels += f.pixelCount;
        }
        expect(pixels).toBe(rows.join("").split("#").length - 1);
      }
    }
  });

  it("traces several classes in one pass, each field closed around exactly its pixels", () => {
    const rand = createRandom(12);
    for (let trial = 0; trial < 10; trial++) {
      const r = raster(["a"]);
      const width = 17;
      const height = 13;
      const values = new Uint8Array(width * height);
      for (let i = 0; i < values.length; i++) values[i] = rand.int(4); // 0 = nodata, classes 1..3
      const multi: ClassRaster = { grid: { ...r.grid, width, height }, values, classNames: [undefined, "coca", "forest", "crops"] };
      for (const connectivity of [4, 8] as const) {
        const all = vectorizeClasses(multi, { connectivity });
        const single = [1, 2, 3].flatMap((c) => vectorizeFields(multi, { classCode: c, connectivity }));
        expect(all).toHaveLength(single.length);
        for (const f of all) expect(f.coordinates.reduce((s, ring) => s + ringArea(ring), 0)).toBeCloseTo(f.pixelCount * 100, 6);
        expect(all.reduce((s, f) => s + f.pixelCount, 0)).toBe(values.filter((v) => v > 0).length);
      }
    }
  });

  it("gives area = pixel count x pixel area on a projected grid and applies the minimum mapping unit", () => {
    const r = raster(["##...", "##..#", ".....", "###..", "###.."]);
    const fields = vectorizeFields(r, { classCode: "coca" });
    expect(fields.map((f) => f.pixelCount)).toEqual([4, 1, 6]);
    for (const f of fields) expect(f.areaHa).toBeCloseTo((f.pixelCount * 100) / 10_000, 12);
    const big = vectorizeFields(r, { classCode: "coca", minAreaHa: 0.05 });
    expect(big.map((f) => f.pixelCount)).toEqual([6]);
  });

  it("uses ellipsoidal cell areas on a geographic grid", () => {
    const grid = { geoTransform: [-70, 0.001, 0, -10, 0, -0.001] as const, crs: WGS84 };
    const r = raster(["##", "##"], grid);
    const [f] = vectorizeFields(r, { classCode: 1 });
    const rad = Math.PI / 180;
    const expected = quadrangleAreaM2({ aM: 6378137, es: 0.00669437999014 }, -10 * rad, -10.002 * rad, 0.002 * rad) / 10_000;
    expect(f!.areaHa).toBeCloseTo(expected, 9);
    // About 4.86 ha: 0.002 degrees of latitude (about 221 m) by 0.002 degrees of longitude at 10 S (about 219 m).
    expect(f!.areaHa).toBeGreaterThan(4.8);
    expect(f!.areaHa).toBeLessThan(4.9);
    // A cell nearer the equator is larger than one farther south.
    const rows = cellAreaHaByRow({ ...r.grid, height: 2 });
    expect(rows[0]!).toBeGreaterThan(rows[1]!);
  });

  it("matches a known ellipsoid area: the whole WGS 84 ellipsoid is 510,065,621.7 km²", () => {
    const total = quadrangleAreaM2({ aM: 6378137, es: 0.0066943799901413165 }, -Math.PI / 2, Math.PI / 2, 2 * Math.PI);
    expect(total / 1e6).toBeCloseTo(510_065_621.7, 0);
  });

  it("labels components in scan order", () => {
    const { labels, count } = labelComponents(new Uint8Array([1, 0, 1, 1, 0, 1, 1, 1, 1]), 3, 3, 1);
    expect(count).toBe(1);
    expect(Array.from(labels)).toEqual([1, 0, 1, 1, 0, 1, 1, 1, 1]);
  });

  it("simplifies a staircase but keeps a square", () => {
    const square = [0, 0, 0, 4, 4, 4, 4, 0, 0, 0];
    expect(simplifyRing(square, 0.5)).toEqual(square);
    const stairs = [0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 0, 0, 0];
    const s = simplifyRing(stairs, 0.8);
    expect(s.length).toBeLessThan(stairs.length);
    expect(s.slice(0, 2)).toEqual(s.slice(-2));
  });

  it("writes RFC 7946 GeoJSON in WGS 84 and FlatGeobuf in the native CRS", async () => {
    const r = raster(["##.", "##.", "..."]);
    const fields = vectorizeFields(r, { classCode: 1 });
    const fc = fieldsToGeoJson(fields, UTM18S, { classCode: 1 });
    const [lon, lat] = fc.features[0]!.geometry.coordinates[0]![0]!;
    expect(lon).toBeGreaterThan(-76);
    expect(lon).toBeLessThan(-74);
    expect(lat).toBeGreaterThan(-10);
    expect(lat).toBeLessThan(-8);
    const dir = mkdtempSync(join(tmpdir(), "fields-"));
    expect(writeFields(join(dir, "f.geojson"), fields, UTM18S, { classCode: 1 }).epsg).toBe(4326);
    expect(JSON.parse(readFileSync(join(dir, "f.geojson"), "utf8")).features[0].properties.area_ha).toBeCloseTo(0.04, 12);
    expect(writeFields(join(dir, "f.fgb"), fields, UTM18S, { classCode: 1 }).epsg).toBe(32718);
    const read = [];
    for await (const f of deserialize(new Uint8Array(readFileSync(join(dir, "f.fgb"))))) read.push(f);
    expect(read).toHaveLength(1);
    expect(read[0]!.properties!.area_ha).toBeCloseTo(0.04, 12);
    expect(read[0]!.properties).toMatchObject({ field_id: 1, class_code: 1, pixel_count: 4 });
    expect((read[0]!.geometry as { coordinates: number[][][] }).coordinates[0]![0]).toEqual([500000, 9000000]);
    // No fields (all under the minimum mapping unit): an empty but valid file.
    writeFields(join(dir, "none.fgb"), vectorizeFields(r, { classCode: 1, minAreaHa: 1 }), UTM18S, { classCode: 1 });
    const none = [];
    for await (const f of deserialize(new Uint8Array(readFileSync(join(dir, "none.fgb"))))) none.push(f);
    expect(none).toHaveLength(0);
  });
});
