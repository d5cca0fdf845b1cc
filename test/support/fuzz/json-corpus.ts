/**
 * @module test/support/fuzz/json-corpus
 * Seed inputs and mutators for the text readers under fuzz: training labels and regions (GeoJSON), figure files
 * (JSON and CSV, from the registry's seed file) and the survey config.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { FuzzOptions } from "./harness.ts";
import { mutateBytes, mutateJson } from "./mutate.ts";

const ROOT = resolve(import.meta.dirname, "../../..");
const enc = new TextEncoder();
const dec = new TextDecoder();

const square = (x: number, y: number, d: number): number[][][] => [
  [
    [x, y],
    [x + d, y],
    [x + d, y + d],
    [x, y + d],
    [x, y],
  ],
];

/** Labels in WGS 84 (the default), in a UTM CRS, with a MultiPolygon and a hole. */
function labelSeeds(): string[] {
  const wgs = {
    type: "FeatureCollection",
    features: [
      { type: "Feature", properties: { class: "coca" }, geometry: { type: "Polygon", coordinates: square(-75.0, -5.0, 0.001) } },
      {
        type: "Feature",
        properties: { class: "forest" },
        geometry: { type: "MultiPolygon", coordinates: [square(-75.01, -5.0, 0.002), square(-75.02, -5.0, 0.001)] },
      },
      { type: "Feature", properties: { class: "other" }, geometry: { type: "Point", coordinates: [-75, -5] } },
      { type: "Feature", properties: { class: "other" }, geometry: null },
    ],
  };
  const utm = {
    type: "FeatureCollection",
    crs: { type: "name", properties: { name: "urn:ogc:def:crs:EPSG::32718" } },
    features: [
      {
        type: "Feature",
        properties: { class: "coca", id: 1 },
        geometry: {
          type: "Polygon",
          coordinates: [
            ...square(500000, 9000000, 300),
            [
              [500100, 9000100],
              [500150, 9000100],
              [500150, 9000150],
              [500100, 9000100],
            ],
          ],
        },
      },
      { type: "Feature", properties: { class: "forest" }, geometry: { type: "Polygon", coordinates: square(501000, 9001000, 90) } },
    ],
  };
  return [JSON.stringify(wgs), JSON.stringify(utm)];
}

/** Regions: the PRODES fixture (WGS 84) and two UTM ones. */
function regionSeeds(): string[] {
  const fixture = readFileSync(resolve(ROOT, "test/fixtures/prodes-diagonal-regions.geojson"), "utf8");
  const wgs = {
    type: "FeatureCollection",
    features: [
      { type: "Feature", properties: { name: "north" }, geometry: { type: "Polygon", coordinates: square(-77.0, 8.1, 0.02) } },
      { type: "Feature", properties: { name: "south" }, geometry: { type: "MultiPolygon", coordinates: [square(-77.0, 8.12, 0.01)] } },
    ],
  };
  const utm = {
    type: "FeatureCollection",
    crs: { type: "name", properties: { name: "EPSG:32718" } },
    features: [{ type: "Feature", properties: { name: "a" }, geometry: { type: "Polygon", coordinates: square(500000, 8997000, 3000) } }],
  };
  return [fixture, JSON.stringify(wgs), JSON.stringify(utm)];
}

function figureJsonSeed(): string {
  const csv = readFileSync(resolve(ROOT, "data/official-figures.csv"), "utf8").split("\n");
  const header = csv[0]!.split(",");
  // A few simple rows (no quoted commas) as JSON objects.
  const rows = csv
    .slice(1)
    .filter((l) => l && !l.includes('"'))
    .slice(0, 6);
  return JSON.stringify(
    rows.map((l) => Object.fromEntries(l.split(",").map((v, i) => [header[i]!, v === "" ? null : /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v]))),
  );
}

/** The same rows with further citations of one figure (`additionalCitations`, the JSON form of a figure cited twice). */
function figureJsonCitedSeed(): string {
  const rows = JSON.parse(figureJsonSeed()) as Record<string, unknown>[];
  rows[0] = {
    ...rows[0],
    additionalCitations: [
      { citation: "UNODC, World Drug Report 2020, Annex", publicationTitle: "World Drug Report 2020", citationKind: "secondary" },
      { citation: "second citation without title" },
    ],
  };
  return JSON.stringify(rows);
}

function figureCsvSeed(): string {
  return readFileSync(resolve(ROOT, "data/official-figures.csv"), "utf8").split("\n").slice(0, 12).join("\n") + "\n";
}

function surveyConfigSeed(): string {
  return JSON.stringify({
    country: "PER",
    year: 2024,
    seed: 7,
    scenes: ["scene.tif", { path: "b.tif" }],
    training: { labels: "labels.geojson", classField: "class", trees: 10 },
    regions: { path: "regions.geojson", nameField: "name" },
    fields: { minAreaHa: 0.1, simplifyM: 5 },
    design: { n: 100, allocation: "neyman", strata: { bufferPx: 3 } },
    production: { draws: 2000 },
    confidence: 0.9,
    outDir: "out",
  });
}

/** Sample units as `coca area design` writes them, some filled in by an interpreter. */
function unitSeed(): string {
  return JSON.stringify({
    type: "FeatureCollection",
    coca_design: { version: 1, seed: 7, strata: [{ stratum: "coca", sizeHa: 1000 }], n: 3 },
    features: [1, 2, 3].map((k) => ({
      type: "Feature",
      properties: { unit_id: `u${k}`, stratum: k === 1 ? "coca" : "other", map_class: "coca", reference_class: k === 2 ? null : "coca" },
      geometry: { type: "Point", coordinates: [-75 + k / 1000, -5] },
    })),
  });
}

const jsonMutator = (input: Uint8Array, r: Parameters<FuzzOptions["mutate"]>[1]): Uint8Array => enc.encode(mutateJson(dec.decode(input), r));

/** Corpus and mutator of a JSON/CSV target. */
export function jsonSetup(name: string): Pick<FuzzOptions, "target" | "corpus" | "mutate" | "ext"> {
  switch (name) {
    case "labels":
      return { target: "labels", corpus: labelSeeds().map((s) => enc.encode(s)), mutate: jsonMutator, ext: ".geojson" };
    case "regions":
      return { target: "regions", corpus: regionSeeds().map((s) => enc.encode(s)), mutate: jsonMutator, ext: ".geojson" };
    case "units":
      return { target: "units", corpus: [enc.encode(unitSeed())], mutate: jsonMutator, ext: ".geojson" };
    case "figures-json":
      return { target: "figures", corpus: [enc.encode(figureJsonSeed()), enc.encode(figureJsonCitedSeed())], mutate: jsonMutator, ext: ".json" };
    case "figures-csv":
      return { target: "figures", corpus: [enc.encode(figureCsvSeed())], mutate: mutateBytes, ext: ".csv" };
    case "survey-config":
      return { target: "survey-config", corpus: [enc.encode(surveyConfigSeed())], mutate: jsonMutator, ext: ".json" };
    default:
      throw new Error(`unknown fuzz target ${name} (tiff, labels, regions, units, figures-json, figures-csv, survey-config)`);
  }
}
