/**
 * @module domain/survey-results
 * What a survey stores as its results: the area of the target class (total and per region,
 * with SE and CI, ha), the accuracy assessment, the sample, the classifier, the fields, the
 * potential production with its uncertainty and the official figures it is compared with.
 * Assembled by survey/results.ts, stored by store/survey-repository.ts, answered by the API
 * and read by the dashboard.
 */
import type { Histogram } from "../production/draw-summary.ts";

export interface SurveyTotal {
  areaHa: number;
  areaSeHa: number;
  areaCiHa: [number, number];
  /** Pixel count of the map times the pixel area, ha. */
  mapAreaHa: number;
  confidence: number;
  z: number;
  /** Simulated surveys only: the true area where the map has data, ha. */
  trueAreaHa?: number;
  /** Simulated surveys only: the true area in the whole scene, ha. */
  trueAreaWholeSceneHa?: number;
}

export interface SurveyRegionResult {
  region: string;
  areaHa: number;
  areaSeHa: number;
  areaCiHa: [number, number];
  mapAreaHa: number;
  sampleUnits: number;
  warnings: string[];
}

export interface SurveyAccuracy {
  classes: string[];
  overallAccuracy: number;
  overallAccuracySe: number;
  usersAccuracy: (number | null)[];
  usersAccuracySe: (number | null)[];
  producersAccuracy: (number | null)[];
  producersAccuracySe: (number | null)[];
  errorMatrixProportions: number[][];
  sampleCounts: number[][];
  areaHa: number[];
  areaSeHa: number[];
  areaCiHa: [number, number][];
  mappedAreaHa: number[];
}

export interface SurveySampleSummary {
  units: number;
  strata: { stratum: string; sizeHa: number; sampleSize: number }[];
  seed: number;
  allocation?: string;
}

export interface SurveyClassifierSummary {
  trained: boolean;
  heldOutAccuracy?: number;
  classes: string[];
}

export interface SurveyFieldsSummary {
  count: number;
  minAreaHa: number;
  totalAreaHa: number;
}

export interface SurveyProduction {
  parameterSet: string;
  source: string;
  cocaineT: { mean: number; median: number; ci90: [number, number]; ci95: [number, number]; histogram: Histogram; unit: "t" };
  leafT: { mean: number; median: number; ci90: [number, number]; ci95: [number, number]; unit: "t" } | null;
  pointCocaineT: number;
  draws: number;
  notes: string[];
  topDrivers: { parameter: string; share: number }[];
}

/** An official figure the survey is compared with (from the registry, see domain/figure.ts). */
export interface OfficialFigureRef {
  metric: string;
  source: string;
  region: string;
  value: number;
  unit: string;
  published: string;
  citation: string;
}

export interface SurveyResults {
  simulated: boolean;
  headline: string;
  targetClass: string;
  unit: "ha";
  total: SurveyTotal;
  regions: SurveyRegionResult[];
  accuracy: SurveyAccuracy;
  sample: SurveySampleSummary;
  classifier: SurveyClassifierSummary;
  fields: SurveyFieldsSummary;
  production: SurveyProduction;
  officialFigures: OfficialFigureRef[];
  warnings: string[];
}
