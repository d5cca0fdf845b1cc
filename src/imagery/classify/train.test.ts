import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { hasShared, sharedPath } from "../../../test/support/shared.ts";
import proj4 from "proj4";
import { describe, expect, it } from "vitest";
import { DataError, InputError } from "../../domain/errors.ts";
import type { PixelWindow, RasterGrid } from "../../domain/raster-grid.ts";
import { createRandom } from "../../stats/random.ts";
import type { FeatureSpec } from "../compute/features.ts";
import { parseLabels, rasterizeLabels, type LabelSet } from "./labels.ts";
import type { FeatureSource } from "./scene-features.ts";
import { splitByPolygon } from "./split.ts";
import { collectSamples, trainFromLabels, trainModel } from "./train.ts";

const UTM18S = { epsg: 32718, proj4: "+proj=utm +zone=18 +south +datum=WGS84 +units=m +no_defs", geographic: false, name: "WGS 84 / UTM zone 18S" };
const GRID: RasterGrid = { width: 40, height: 30, geoTransform: [500000, 10, 0, 9000000, 0, -10], crs: UTM18S };

/** A square polygon feature in UTM 18S covering pixel columns [c0, c1) and rows [r0, r1) of GRID. */
function square(cls: string, c0: number, r0: number, c1: number, r1: number): object {
  const x0 = 500000 + c0 * 10;
  const x1 = 500000 + c1 * 10;
  const y0 = 9000000 - r0 * 10;
  const y1 = 9000000 - r1 * 10;
  return {
    type: "Feature",
    properties: { landcover: cls },
    geometry: {
      type: "Polygon",
      coordinates: [
        [
          [x0, y0],
          [x0, y1],
          [x1, y1],
          [x1, y0],
          [x0, y0],
        ],
      ],
    },
  };
}

function labelSet(features: object[]): LabelSet {
  const text = JSON.stringify({ type: "FeatureCollection", crs: { type: "name", properties: { name: "urn:ogc:def:crs:EPSG::32718" } }, features });
  return parseLabels(text, "labels.geojson", "landcover");
}

/** Two features; class "coca" pixels have feature 0 near 1, "forest" near 0 (left half of the grid is coca, by construction). */
function syntheticSource(): FeatureSource {
  const spec: FeatureSpec = { version: 1, bands: ["red", "nir"], indices: [], scaling: "surface-reflectance" };
  return {
    grid: GRID,
    spec,
    async readFeatures(w: PixelWindow) {
      const ww = w.x1 - w.x0;
      const n = ww * (w.y1 - w.y0);
      const out = new Float32Array(2 * n);
      const r = createRandom(w.x0 * 1000 + w.y0);
      for (let i = 0; i < n; i++) {
        const c = w.x0 + (i % ww);
        out[i] = (c < 20 ? 1 : 0) + 0.1 * r.normal();
        out[n + i] = r.next();
      }
      return out;
    },
  };
}

describe("labels", () => {
  it("rasterises by pixel centre after reprojection from WGS 84", () => {
    const ls = labelSet([square("coca", 2, 3, 6, 5)]);
    const lr = rasterizeLabels(ls, GRID);
    expect(lr.pixelsOfPolygon[0]).toBe(8);
    expect(lr.polygonOf[3 * 40 + 2]).toBe(0);
    expect(lr.polygonOf[3 * 40 + 6]).toBe(-1);
    // The same square given in WGS 84 degrees (no crs member: RFC 7946) covers the same pixels.
    const toLonLat = proj4(UTM18S.proj4, "WGS84");
    const f = square("coca", 2, 3, 6, 5) as { geometry: { coordinates: number[][][] } };
    f.geometry.coordinates = f.geometry.coordinates.map((ring) => ring.map((p) => toLonLat.forward(p)));
    const wgs = parseLabels(JSON.stringify({ type: "FeatureCollection", features: [f] }), "wgs.geojson", "landcover");
    expect(wgs.crs.epsg).toBe(4326);
    expect(Array.from(rasterizeLabels(wgs, GRID).polygonOf)).toEqual(Array.from(lr.polygonOf));
  });

  it("refuses an unknown class field and labels outside the scene, naming the file", () => {
    expect(() => parseLabels(JSON.stringify({ type: "FeatureCollection", features: [square("a", 0, 0, 2, 2)] }), "l.geojson", "klass")).toThrow(
      /l\.geojson: unknown class field "klass" \(fields: landcover\)/,
    );
    expect(() => parseLabels(JSON.stringify({ type: "FeatureCollection", features: [square("a", 0, 0, 2, 2)] }), "l.geojson", "klass")).toThrow(InputError);
    const ls = labelSet([square("coca", 2, 3, 6, 5), square("coca", 100, 100, 104, 104)]);
    expect(() => rasterizeLabels(ls, GRID)).toThrow(/labels\.geojson: 1 label polygon\(s\) cover no pixel of the scene \(features 1\)/);
    expect(() => parseLabels("{", "bad.geojson", "x")).toThrow(DataError);
    expect(() =>
      parseLabels(JSON.stringify({ type: "FeatureCollection", crs: { type: "name", properties: { name: "EPSG:9999" } }, features: [] }), "c.geojson", "x"),
    ).toThrow(/c\.geojson: unknown CRS "EPSG:9999"/);
  });

  it("splits by polygon: every polygon wholly in one set, per class, seeded", () => {
    const classes = new Uint8Array([0, 0, 0, 0, 0, 1, 1, 1, 2]);
    const a = splitByPolygon(classes, 0.4, createRandom(5));
    const b = splitByPolygon(classes, 0.4, createRandom(5));
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(a.slice(0, 5).reduce((s, v) => s + v, 0)).toBe(2);
    expect(a.slice(5, 8).reduce((s, v) => s + v, 0)).toBe(1);
    expect(a[8]).toBe(0); // a class with one polygon keeps it for training
  });
});

describe("training from labels", () => {
  it("learns a separable synthetic case and keeps validation polygons out of training", async () => {
    const features = [];
    for (let i = 0; i < 5; i++) features.push(square("coca", 1 + i * 3, 2, 3 + i * 3, 6));
    for (let i = 0; i < 5; i++) features.push(square("forest", 22 + i * 3, 10, 24 + i * 3, 16));
    const result = await trainFromLabels({
      source: syntheticSource(),
      labels: labelSet(features),
      seed: 3,
      params: { trees: 15 },
      validationFraction: 0.4,
      tileSizePx: 16,
    });
    expect(result.model.classes).toEqual(["coca", "forest"]);
    expect(result.samples.map((s) => [s.trainingPolygons, s.validationPolygons])).toEqual([
      [3, 2],
      [3, 2],
    ]);
    expect(result.samples[0]!.trainingPixels + result.samples[0]!.validationPixels).toBe(5 * 8);
    expect(result.samples[1]!.trainingPixels + result.samples[1]!.validationPixels).toBe(5 * 12);
    expect(result.model.provenance.trainingPixels + result.model.provenance.validationPixels).toBe(100);
    expect(result.accuracy!.overallAccuracy).toBe(1);
    expect(result.accuracy!.n).toBe(result.model.provenance.validationPixels);
    expect(result.model.trainingAccuracy).toBe(1);
  });

  it("puts every polygon's pixels wholly in one set: no polygon in both training and validation", async () => {
    const features = [];
    for (let i = 0; i < 6; i++) features.push(square(i % 2 ? "forest" : "coca", 1 + i * 6, 2, 5 + i * 6, 9));
    const s = await collectSamples(syntheticSource(), labelSet(features), { validationFraction: 0.5, random: createRandom(9), tileSizePx: 8 });
    const train = new Set(s.polygonTrain);
    const valid = new Set(s.polygonValid);
    // 3 polygons per class, half held out: round(1.5) = 2 validation polygons and 1 training polygon per class.
    expect(train.size).toBe(2);
    expect(valid.size).toBe(4);
    for (const p of valid) expect(train.has(p)).toBe(false);
    expect(s.nTrain + s.nValid).toBe(6 * 4 * 7);
  });
});

const amazon = sharedPath("data/rstoolbox-amazon");
const hasAmazon = hasShared("the real Landsat training test", resolve(amazon, "training_polygons_lsat.geojson"), resolve(amazon, "lsat_tm5_7band_dn.tif"));

describe.skipIf(!hasAmazon)("training on the real Landsat 5 scene (RStoolbox)", () => {
  it("reaches over 95% overall accuracy on held-out polygons", async () => {
    const result = await trainModel({
      scenePath: resolve(amazon, "lsat_tm5_7band_dn.tif"),
      labelsPath: resolve(amazon, "training_polygons_lsat.geojson"),
      classField: "class",
      seed: 1,
      trees: 50,
    });
    expect(result.model.classes).toEqual(["cleared", "fallen_dry", "forest", "water"]);
    expect(result.samples.every((s) => s.validationPolygons >= 2 && s.trainingPolygons >= 5)).toBe(true);
    // Measured 0.996 with 100 trees and seed 1 (validation: 9 polygons, 1708 pixels).
    expect(result.accuracy!.overallAccuracy).toBeGreaterThan(0.95);
    console.log(`real Landsat scene: overall accuracy ${result.accuracy!.overallAccuracy.toFixed(4)} on ${result.accuracy!.n} held-out pixels`);
  });
});

const sen2 = resolve(amazon, "sen2_l2a_12band_reflectance.tif");
const sen2Labels = fileURLToPath(new URL("../../../data/labels/rstoolbox-amazon-sen2-polygons.geojson", import.meta.url));
const hasSen2 = hasShared("the real Sentinel-2 training test", sen2);

describe.skipIf(!hasSen2)("training on the real Sentinel-2 L2A scene with the team's polygons (data/labels)", () => {
  it("every polygon covers pixels of the scene, and the default features (red edges included) reach over 99% on held-out polygons", async () => {
    const result = await trainModel({ scenePath: sen2, labelsPath: sen2Labels, classField: "class", seed: 1, trees: 50 });
    expect(result.model.classes).toEqual(["bare soil", "built-up", "forest", "water"]);
    expect(result.model.featureNames).toEqual(expect.arrayContaining(["rededge1", "rededge2", "rededge3", "nir08", "coastal", "nir09"]));
    expect(result.samples.reduce((n, s) => n + s.trainingPolygons + s.validationPolygons, 0)).toBe(45);
    expect(result.samples.every((s) => s.validationPolygons >= 2)).toBe(true);
    // bench/s2-accuracy.bench.ts: 99.78% mean over 10 splits (scikit-learn, twelve bands: 99.80%).
    expect(result.accuracy!.overallAccuracy).toBeGreaterThan(0.99);
  });
});
