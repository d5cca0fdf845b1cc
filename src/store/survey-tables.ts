/**
 * @module store/survey-tables
 * Tables of stored surveys: one row per survey run, its per-region estimates,
 * its fields (with a lon/lat bounding box for spatial filters) and its artifacts
 * (class map, sample, exports) as bytes, so a survey is written in one transaction.
 */
import type { Generated } from "kysely";

export interface SurveyTable {
  id: Generated<number>;
  name: string;
  country: string;
  year: number;
  /** 1 when the survey runs on simulated data (the demo); shown wherever it appears. */
  simulated: number;
  created_at: string;
  /** The full resolved config, JSON. */
  config_json: string;
  /** Checksums, code version, seed, model identity, timings, peak memory; JSON. */
  provenance_json: string;
  /** Estimates, accuracy, production, comparison with official figures; JSON. */
  results_json: string;
}

export interface SurveyEstimateTable {
  survey_id: number;
  /** A region name, or "total". */
  region: string;
  class_name: string;
  area_ha: number;
  area_se_ha: number | null;
  ci_low_ha: number | null;
  ci_high_ha: number | null;
  /** Pixel-count area of the class in the map, hectares. */
  map_area_ha: number | null;
}

export interface SurveyFieldTable {
  survey_id: number;
  field_id: number;
  class_name: string;
  /** The class's code in the class map (version 11; null before). */
  class_code: number | null;
  area_ha: number;
  /** Pixels of the class map in the field (version 11; null before). */
  pixel_count: number | null;
  region: string | null;
  min_lon: number;
  min_lat: number;
  max_lon: number;
  max_lat: number;
  /** GeoJSON geometry (WGS 84), text. */
  geometry: string;
}

export interface SurveyArtifactTable {
  survey_id: number;
  name: string;
  media_type: string;
  sha256: string;
  bytes: Uint8Array;
}

export interface SurveyDeletionTable {
  survey_id: number;
  name: string;
  country: string;
  year: number;
  simulated: number;
  created_at: string;
  deleted_at: string;
  reason: string;
  actor: string;
  config_json: string;
  provenance_json: string;
  results_json: string;
}

export interface SurveyTables {
  survey_deletions: SurveyDeletionTable;
  surveys: SurveyTable;
  survey_estimates: SurveyEstimateTable;
  survey_fields: SurveyFieldTable;
  survey_artifacts: SurveyArtifactTable;
}
