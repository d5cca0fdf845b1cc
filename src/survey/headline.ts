/**
 * @module survey/headline
 * The one sentence a survey is quoted by: the area with its interval, the map's own count,
 * the truth in a simulated survey, and the potential cocaine with its interval.
 */
import type { SurveyTotal, SurveyUnobserved } from "../domain/survey-results.ts";

export interface HeadlineInput {
  simulated: boolean;
  /** ISO 3166-1 alpha-3. */
  country: string;
  year: number;
  total: SurveyTotal;
  cocaineT: { mean: number; ci90: [number, number] };
  parameterSet: string;
  /** Several scenes: the area of the regions that no scene observed. */
  unobserved?: SurveyUnobserved;
}

const fmtHa = (x: number): string => Math.round(x).toLocaleString("en-US");

export function surveyHeadline({ simulated, country, year, total, cocaineT, parameterSet, unobserved }: HeadlineInput): string {
  const pct = Math.round(total.confidence * 100);
  return (
    `${simulated ? "[SIMULATED] " : ""}Coca in ${simulated ? "the demo region" : `the survey area (${country} ${year})`}: ${fmtHa(total.areaHa)} ha ` +
    `(${pct}% CI ${fmtHa(total.areaCiHa[0])}-${fmtHa(total.areaCiHa[1])}); the map alone counts ${fmtHa(total.mapAreaHa)} ha` +
    (total.trueAreaHa !== undefined ? `; the true simulated area is ${fmtHa(total.trueAreaHa)} ha (cloud-free part of the ${unobserved ? "mosaic" : "scene"})` : "") +
    (unobserved ? `; ${fmtHa(unobserved.totalHa)} ha of the regions stayed unobserved after ${unobserved.scenes} scenes (clouds, shadows, gaps)` : "") +
    `. Potential pure cocaine: ${cocaineT.mean.toFixed(1)} t (90% interval ${cocaineT.ci90[0].toFixed(1)}-${cocaineT.ci90[1].toFixed(1)} t; parameters ${parameterSet}).`
  );
}
