import { describe, expect, it } from "vitest";
import { InputError } from "../domain/errors.ts";
import type { ParameterSet } from "../production/parameter-set.ts";
import type { RasterGrid } from "../domain/raster-grid.ts";
import { crsFromEpsg } from "../raster/read/epsg.ts";
import { countryBbox, geographyWarnings, planProduction, sceneFootprints } from "./first-run-checks.ts";

const set = (name: string, country: string, from: number, to: number, sourceFamily = "UN"): ParameterSet =>
  ({ name, country, period: { from, to }, source: sourceFamily === "UN" ? "UNODC" : "ONDCP", sourceFamily }) as unknown as ParameterSet;
const SETS = [set("per-a", "PER", 2017, 2024), set("per-us", "PER", 2016, 2021, "US"), set("bol-old", "BOL", 2004, 2005)];
const on = { draws: 1000 };

describe("first-run checks: the production stage", () => {
  it("is off with production: false, and off with a warning for a class that is not coca", () => {
    expect(planProduction(SETS, { country: "PER", year: 2024, targetClass: "coca", production: false })).toEqual({
      set: null,
      reason: "production: false in the survey config",
      warnings: [],
    });
    const palm = planProduction(SETS, { country: "PER", year: 2024, targetClass: "oil palm", production: on });
    expect(palm.set).toBeNull();
    expect(palm.warnings).toEqual([expect.stringMatching(/^target class "oil palm" is not coca/)]);
  });

  it("takes the country's set covering the year (UN first), without a warning", () => {
    const p = planProduction(SETS, { country: "PER", year: 2020, targetClass: "Coca", production: on });
    expect(p.set?.name).toBe("per-a");
    expect(p.warnings).toEqual([]);
  });

  it("refuses a country without any parameter set, saying how to go on (exit 2)", () => {
    const run = (): unknown => planProduction(SETS, { country: "ECU", year: 2024, targetClass: "coca", production: on }, "survey.yaml");
    expect(run).toThrow(InputError);
    expect(run).toThrow(/survey\.yaml: no production parameter set for Ecuador \(ECU\) .*set production: false/);
  });

  it("warns when no set's period covers the year, and takes the nearest", () => {
    const p = planProduction(SETS, { country: "BOL", year: 2024, targetClass: "coca", production: on });
    expect(p.set?.name).toBe("bol-old");
    expect(p.warnings).toEqual([expect.stringMatching(/^no parameter set's period covers Bolivia 2024: using the nearest, bol-old \(UNODC, BOL 2004-2005\)/)]);
  });

  it("warns when the named set is another country's or its period misses the year", () => {
    const p = planProduction(SETS, { country: "BOL", year: 2024, targetClass: "coca", production: { draws: 1000, params: "per-us" } });
    expect(p.set?.name).toBe("per-us");
    expect(p.warnings).toEqual([
      expect.stringMatching(/^parameter set per-us .* is for Peru, not Bolivia$/),
      expect.stringMatching(/^parameter set per-us .*: its period does not cover the survey year 2024$/),
    ]);
    expect(() => planProduction(SETS, { country: "PER", year: 2024, targetClass: "coca", production: { draws: 1000, params: "nope" } })).toThrow(
      /production\.params: no parameter set named "nope"/,
    );
  });
});

describe("first-run checks: scenes and regions in the country", () => {
  it("reads the outlines of Peru, Bolivia and Colombia from data/boundaries", () => {
    const per = countryBbox("PER")!;
    expect(per[0]).toBeCloseTo(-81.3, 0);
    expect(per[1]).toBeCloseTo(-18.4, 0);
    expect(countryBbox("BOL")).toBeDefined();
    expect(countryBbox("COL")).toBeDefined();
  });

  it("says nothing for boxes inside, and warns for boxes outside or reaching beyond", () => {
    expect(geographyWarnings("PER", [{ what: "the scene", bbox: [-74.5, -12.5, -74, -12] }])).toEqual([]);
    expect(geographyWarnings("BOL", [{ what: "the scene", bbox: [-74.5, -12.5, -74, -12] }])).toEqual([
      expect.stringMatching(/^the scene \[-74\.500, -12\.500, -74\.000, -12\.000\] \(WGS 84\) lie outside Bolivia/),
    ]);
    expect(geographyWarnings("PER", [{ what: "the regions", bbox: [-70, -12.5, -66, -12] }])).toEqual([
      expect.stringMatching(/^the regions .* reach beyond Peru/),
    ]);
  });

  it("says once that a country without an outline was not checked", () => {
    expect(geographyWarnings("AFG", [{ what: "the scene", bbox: [60, 30, 61, 31] }])).toEqual([
      expect.stringMatching(/^Afghanistan \(AFG\) has no outline in data\/boundaries/),
    ]);
  });
});

describe("first-run checks: each scene on its own footprint", () => {
  // 10 km x 10 km grids at 10 m: UTM 18S near 75 W 12.6 S (Peru), and UTM 19S near 66 W 19.9 S (Bolivia, outside Peru).
  const grid = (epsg: number, x0: number, y0: number): RasterGrid => ({
    width: 1000,
    height: 1000,
    geoTransform: [x0, 10, 0, y0, 0, -10],
    crs: crsFromEpsg(epsg)!,
  });
  const scenes = [
    { file: "tiles/vraem-a.tif", grid: grid(32718, 500_000, 8_610_000) },
    { file: "tiles/far-south.tif", grid: grid(32719, 800_000, 7_800_000) },
    { file: "tiles/vraem-b.tif", grid: grid(32718, 510_000, 8_610_000) },
  ];

  it("transforms each scene's grid to WGS 84 and names the one outside the country", () => {
    const boxes = sceneFootprints(scenes);
    expect(boxes[0]!.bbox[0]).toBeCloseTo(-75, 1);
    expect(boxes[1]!.bbox[0]).toBeGreaterThan(-66.5);
    const warnings = geographyWarnings("PER", boxes);
    expect(warnings).toEqual([
      expect.stringMatching(/^scene tiles\/far-south\.tif \[-6\d\.\d{3}, -\d+\.\d{3}, .*\] \(WGS 84\) lies outside Peru .*check the country and the CRS$/),
    ]);
  });

  it("is not hidden by the other scenes: the bounding box of all three reaches into Peru", () => {
    const all = sceneFootprints(scenes).map((b) => b.bbox);
    const union: [number, number, number, number] = [
      Math.min(...all.map((b) => b[0])),
      Math.min(...all.map((b) => b[1])),
      Math.max(...all.map((b) => b[2])),
      Math.max(...all.map((b) => b[3])),
    ];
    expect(geographyWarnings("PER", [{ what: "the scenes", bbox: union }])).toEqual([expect.stringMatching(/^the scenes .* reach beyond Peru/)]);
  });
});
