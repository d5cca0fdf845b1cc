/**
 * @module web/views/map-data
 * Pure helpers of the map view: which survey to show for a year, and the choropleth's class breaks.
 */
import type { SurveySummary } from "../types.ts";

/** Sequential greens for estimated hectares (light to dark). */
export const RAMP = ["#edf8e9", "#bae4b3", "#74c476", "#31a354", "#006d2c"];

/** Class breaks for the choropleth: quantiles of the positive estimates, without repeats. */
export function breaks(values: readonly number[], n = RAMP.length): number[] {
  const sorted = values.filter((v) => Number.isFinite(v) && v > 0).sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const out: number[] = [];
  for (let i = 1; i < n; i++) out.push(sorted[Math.min(sorted.length - 1, Math.floor((i * sorted.length) / n))]!);
  return [...new Set(out)];
}

/** The survey asked for; else the newest of the selected year; else the newest of all. */
export function pickSurvey(surveys: readonly SurveySummary[], year: number, wanted?: number): SurveySummary | undefined {
  if (wanted !== undefined) return surveys.find((s) => s.id === wanted);
  const sameYear = surveys.filter((s) => s.year === year);
  const pool = sameYear.length > 0 ? sameYear : surveys;
  return [...pool].sort((a, b) => b.year - a.year || b.id - a.id)[0];
}
