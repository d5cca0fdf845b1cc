/**
 * @module web/types
 * Shapes of the API answers the dashboard reads (the server is the source of truth: /openapi.json).
 */
export type { Figure, Metric } from "../domain/figure.ts";
export type { SurveyDetail } from "../store/survey-repository.ts";
export type { SurveySummary, SurveyEstimateRow } from "../domain/survey-record.ts";
export type { SurveyResults } from "../domain/survey-results.ts";
export type { SurveyConfig } from "../domain/survey-config.ts";
import type { FieldProperties } from "../domain/field-properties.ts";
export type { FieldProperties } from "../domain/field-properties.ts";
export type { SurveyProvenance, InputRecord } from "../domain/provenance.ts";
export type { RegionProperties } from "../api/survey-regions.ts";

export interface FiguresAnswer {
  count: number;
  figures: import("../domain/figure.ts").Figure[];
}

export interface RevisionRow {
  country: string;
  region: string;
  year: number;
  metric: string;
  unit: string;
  source: string;
  sourceTerm: string;
  from: { value: number; published: string; citation: string };
  to: { value: number; published: string; citation: string };
  change: number;
  relativeChange: number | null;
}

/** A range published around an official figure (GET /v1/figures/ranges). */
export interface PublishedRangeRow {
  country: string;
  region: string;
  year: number;
  metric: string;
  source: string;
  value: number;
  low: number;
  high: number;
  unit: string;
  citation: string;
}

export interface PolicyInstrumentRow {
  id: string;
  kind: "legal_limit" | "eradication_target" | "eradication_share_target";
  name: string;
  country: string;
  region: string;
  metric: string;
  value: number;
  unit: string;
  fromYear: number | null;
  toYear: number | null;
  citation: string;
  notes: string;
}

export type { TargetCheck as TargetCheckRow } from "../figures/targets.ts";

export interface ComparisonAnswer {
  country: string;
  region: string;
  metric: string;
  unit: string;
  base: string | undefined;
  columns: { key: string; source: string; sourceTerm: string; family: string }[];
  years: {
    year: number;
    values: Record<string, { value: number; published: string; citation: string } | null>;
    differences: Record<string, { absolute: number; relative: number | null } | null>;
  }[];
}

export interface FieldCollection {
  type: "FeatureCollection";
  numberMatched: number;
  numberReturned: number;
  /** Properties in the one field schema (domain/field-properties.ts). */
  features: { type: "Feature"; id: number; geometry: unknown; properties: FieldProperties }[];
}
