/**
 * The JSON parts of a stored survey for tests (config, provenance, results) in their full
 * shapes (src/domain/survey-config.ts, provenance.ts, survey-results.ts): a small Bolivian
 * survey of 2023 with seed 7; override what the test is about.
 */
import type { SurveyProvenance } from "../../src/domain/provenance.ts";
import { surveyConfigSchema, type SurveyConfig } from "../../src/domain/survey-config.ts";
import type { SurveyResults } from "../../src/domain/survey-results.ts";

/** A valid survey config (defaults filled in by the schema). */
export function surveyConfigFixture(over: Record<string, unknown> = {}): SurveyConfig {
  return surveyConfigSchema.parse({
    country: "BOL",
    year: 2023,
    seed: 7,
    scenes: ["scene.tif"],
    model: "model.json",
    regions: { path: "regions.geojson" },
    design: { n: 200 },
    ...over,
  });
}

export function surveyProvenanceFixture(over: Partial<SurveyProvenance> = {}): SurveyProvenance {
  return {
    codeVersion: "test",
    seed: 7,
    inputs: [{ role: "scene", path: "scene.tif", sha256: "ab".repeat(32), sizeBytes: 1024 }],
    model: { path: "model.json", sha256: "cd".repeat(32), trained: false },
    parameterSet: { name: "test", source: "UNODC", sourceFamily: "UN", period: { from: 2020, to: 2025 }, description: "test set" },
    node: "v20.0.0",
    poolSize: 0,
    stages: [{ name: "classify", seconds: 1, peakRssMiB: 100 }],
    ...over,
  };
}

export function surveyResultsFixture(over: Partial<SurveyResults> = {}): SurveyResults {
  return {
    simulated: true,
    headline: "[SIMULATED] test survey",
    targetClass: "coca",
    unit: "ha",
    total: { areaHa: 27.3, areaSeHa: 2.9, areaCiHa: [21.6, 33], mapAreaHa: 31.1, confidence: 0.95, z: 1.959964 },
    regions: [],
    accuracy: {
      classes: ["coca", "forest"],
      overallAccuracy: 0.91,
      overallAccuracySe: 0.02,
      usersAccuracy: [0.8, 0.95],
      usersAccuracySe: [0.05, 0.01],
      producersAccuracy: [0.85, 0.93],
      producersAccuracySe: [0.06, 0.02],
      errorMatrixProportions: [
        [0.08, 0.02],
        [0.07, 0.83],
      ],
      sampleCounts: [
        [40, 10],
        [6, 144],
      ],
      areaHa: [27.3, 300.1],
      areaSeHa: [2.9, 2.9],
      areaCiHa: [
        [21.6, 33],
        [294.4, 305.8],
      ],
      mappedAreaHa: [31.1, 296.3],
    },
    sample: { units: 200, strata: [], seed: 7 },
    classifier: { trained: false, classes: ["coca", "forest"] },
    fields: { count: 0, minAreaHa: 0.1, totalAreaHa: 0 },
    production: {
      parameterSet: "test",
      source: "UNODC",
      cocaineT: { mean: 12.7, median: 12.5, ci90: [9.1, 16.8], ci95: [8.5, 17.6], histogram: { binEdges: [8, 12, 16, 20], counts: [30, 50, 20] }, unit: "t" },
      leafT: null,
      pointCocaineT: 12.4,
      draws: 100,
      notes: [],
      topDrivers: [{ parameter: "coca area", share: 0.6 }],
    },
    officialFigures: [],
    warnings: [],
    ...over,
  };
}
