import { describe, expect, it } from "vitest";
import type { RasterGrid } from "../domain/raster-grid.ts";
import { cellAreaHaByRow } from "../raster/cell-area.ts";
import { parseMatrixJson } from "./read-matrix.ts";
import { checkLabelledUnits, parseLabelRows, parseStrataCsv } from "./read-units.ts";

describe("matrix JSON", () => {
  const counts = [
    [8, 2],
    [1, 9],
  ];
  it("accepts hectares, pixels with a pixel area, weights, and an area-vectors entry", () => {
    expect(parseMatrixJson(JSON.stringify({ classes: ["c", "o"], mapped_area_ha: [10, 90], sample_counts: counts }), "m.json").mappedAreaHa).toEqual([10, 90]);
    const px = parseMatrixJson(JSON.stringify({ classes: [1, 2], mapped_area_pixels: [100, 900], pixel_area_ha: 0.09, sample_counts: counts }), "m.json");
    expect(px.classes).toEqual(["1", "2"]);
    expect(px.mappedAreaHa).toEqual([9, 81]);
    expect(px.mappedAreaUnits).toEqual([100, 900]);
    const w = parseMatrixJson(JSON.stringify({ classes: ["c", "o"], mapped_area_weights: [0.1, 0.9], sample_counts: counts }), "m.json");
    expect(w.notes[0]).toMatch(/proportions of the total area/);
    const v = parseMatrixJson(JSON.stringify({ name: "x", inputs: { classes: ["c", "o"], mapped_area_ha: [1, 2], sample_counts: counts } }), "v.json");
    expect(v.mappedAreaHa).toEqual([1, 2]);
  });

  it("rejects malformed files with the field at fault", () => {
    expect(() => parseMatrixJson("{", "m.json")).toThrow(/m\.json: not valid JSON/);
    expect(() => parseMatrixJson(JSON.stringify({ classes: ["c"], mapped_area_ha: [1], sample_counts: [[1.5]] }), "m.json")).toThrow(
      /m\.json: sample_counts\.0\.0/,
    );
    expect(() => parseMatrixJson(JSON.stringify({ classes: ["c"], sample_counts: [[1]] }), "m.json")).toThrow(/give mapped_area_ha/);
    expect(() => parseMatrixJson(JSON.stringify({ classes: ["c"], mapped_area_pixels: [1], sample_counts: [[1]] }), "m.json")).toThrow(/needs pixel_area_ha/);
    expect(() => parseMatrixJson(JSON.stringify({ classes: ["c", "o"], mapped_area_ha: [1], sample_counts: counts }), "m.json")).toThrow(
      /1 mapped areas for 2 classes/,
    );
  });
});

describe("strata CSV and labels", () => {
  it("reads sizes in ha or in pixels with a pixel area", () => {
    expect(parseStrataCsv("stratum,size_ha\n1,81\n2,772.2\n", "s.csv")).toEqual([
      { id: "1", sizeHa: 81, sizeUnits: undefined },
      { id: "2", sizeHa: 772.2, sizeUnits: undefined },
    ]);
    expect(parseStrataCsv("stratum,size_px\na,900\n", "s.csv", { pixelAreaHa: 0.09 })).toEqual([{ id: "a", sizeHa: 81, sizeUnits: 900 }]);
    expect(() => parseStrataCsv("stratum,size_px\na,900\n", "s.csv")).toThrow(/give --pixel-area-ha/);
    expect(() => parseStrataCsv("stratum,size_ha\na,-1\n", "s.csv")).toThrow(/s\.csv: line 2: size_ha must be a number >= 0, got '-1'/);
    expect(() => parseStrataCsv("stratum,size_ha\na,1\na,2\n", "s.csv")).toThrow(/line 3: stratum "a" is listed twice/);
    expect(() => parseStrataCsv("stratum,area\na,1\n", "s.csv")).toThrow(/needs a size_ha or a size_px column/);
  });

  it("reads labels from GeoJSON properties and checks them without a design", () => {
    const rows = parseLabelRows(
      JSON.stringify({
        type: "FeatureCollection",
        features: [{ type: "Feature", properties: { unit_id: "u1", stratum: 1, map_class: "coca", reference_class: "coca" } }],
      }),
      "l.geojson",
    );
    expect(rows).toEqual([{ where: "feature 1", unitId: "u1", stratum: "1", mapClass: "coca", referenceClass: "coca" }]);
    const strata = [{ id: "1", sizeHa: 10 }];
    expect(checkLabelledUnits({ rows, file: "l.geojson", strata, strataFile: "s.csv", legend: ["coca", "other"] })).toEqual([
      { unitId: "u1", stratum: "1", mapClass: "coca", referenceClass: "coca" },
    ]);
    expect(() => checkLabelledUnits({ rows: [...rows, rows[0]!], file: "l.geojson", strata, strataFile: "s.csv" })).toThrow(/unit u1 appears twice/);
    expect(() => checkLabelledUnits({ rows: [{ where: "line 2", referenceClass: "coca" }], file: "l.csv", strata, strataFile: "s.csv" })).toThrow(
      /l\.csv: line 2: the unit has no stratum/,
    );
    expect(() => parseLabelRows(JSON.stringify({ type: "Feature" }), "x.geojson")).toThrow(/expected a GeoJSON FeatureCollection/);
  });
});

describe("pixel area (the cell areas that area frames, fields and zonal totals share)", () => {
  const grid = (proj4: string, geographic: boolean, gt: RasterGrid["geoTransform"], height = 2): RasterGrid => ({
    width: 2,
    height,
    geoTransform: gt,
    crs: { proj4, geographic, name: "test" },
  });

  it("is constant on a projected grid, in the CRS's linear unit", () => {
    expect([...cellAreaHaByRow(grid("+proj=utm +zone=18 +south +units=m", false, [0, 30, 0, 0, 0, -30]))]).toEqual([0.09, 0.09]);
    expect(cellAreaHaByRow(grid("+proj=tmerc +units=us-ft", false, [0, 100, 0, 0, 0, -100]))[0]).toBeCloseTo(((100 * 1200) / 3937) ** 2 / 10_000, 9);
    expect(cellAreaHaByRow(grid("+proj=tmerc +to_meter=1000", false, [0, 1, 0, 0, 0, -1]))[0]).toBeCloseTo(100, 9);
  });

  it("follows latitude on a geographic grid (ellipsoidal quadrangles, as GRASS r.stats -a)", () => {
    // A 1° × 1° cell at the equator on WGS 84: 110.574 km × 111.320 km ≈ 12,309 km².
    const a = cellAreaHaByRow(grid("+proj=longlat +datum=WGS84", true, [0, 1, 0, 1, 0, -1], 2));
    expect(a[0]! / 1e6).toBeCloseTo(1.2309, 3);
    const high = cellAreaHaByRow(grid("+proj=longlat +datum=WGS84", true, [0, 1, 0, 61, 0, -1], 1));
    expect(high[0]! / a[0]!).toBeGreaterThan(0.48);
    expect(high[0]! / a[0]!).toBeLessThan(0.5);
  });
});
