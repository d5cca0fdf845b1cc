/**
 * @module survey/headline
 * The one sentence a survey is quoted by: the area of the target class with its interval, the map's own
 * count, the truth in a simulated survey, and the potential cocaine with its interval when the survey has a
 * production stage. The words follow the target class ("coca" only when it is coca); a survey without
 * production says nothing of cocaine.
 */
import type { SurveyTotal, SurveyUnobserved } from "../domain/survey-results.ts";

export interface HeadlineInput {
  simulated: boolean;
  /** ISO 3166-1 alpha-3. */
  country: string;
  year: number;
  /** The class the survey estimates (the config's targetClass). */
  targetClass: string;
  total: SurveyTotal;
  /** Potential cocaine and its parameter set; null for a survey without its production stage. */
  production: { cocaineT: { mean: number; ci90: [number, number] }; parameterSet: string } | null;
  /** Several scenes: the area of the regions that no scene observed. */
  unobserved?: SurveyUnobserved;
}

const fmtHa = (x: number): string => Math.round(x).toLocaleString("en-US");

/** "coca" -> "Coca", "oil palm" -> "Oil palm". */
const capitalised = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

export function surveyHeadline({ simulated, country, year, targetClass, total, production, unobserved }: HeadlineInput): string {
  const pct = Math.round(total.confidence * 100);
  return (
    `${simulated ? "[SIMULATED] " : ""}${capitalised(targetClass)} in ${simulated ? "the demo region" : `the survey area (${country} ${year})`}: ${fmtHa(total.areaHa)} ha ` +
    `(${pct}% CI ${fmtHa(total.areaCiHa[0])}-${fmtHa(total.areaCiHa[1])}); the map alone counts ${fmtHa(total.mapAreaHa)} ha` +
    (total.trueAreaHa !== undefined
      ? `; the true simulated area is ${fmtHa(total.trueAreaHa)} ha (cloud-free part of the ${unobserved ? "mosaic" : "scene"})`
      : "") +
    (total.labelledTargetHa !== undefined && total.interpreterErrorRate !== undefined
      ? `, but with ${+(total.interpreterErrorRate * 100).toFixed(2)}% random interpreter error over ${total.legendClasses} classes the estimator targets ` +
        `${fmtHa(total.labelledTargetHa)} ha, the area the simulated interpreters would label ${targetClass}`
      : "") +
    commissionWords(total, targetClass) +
    (unobserved ? `; ${fmtHa(unobserved.totalHa)} ha of the regions stayed unobserved after ${unobserved.scenes} scenes (clouds, shadows, gaps)` : "") +
    (production
      ? `. Potential pure cocaine: ${production.cocaineT.mean.toFixed(1)} t (90% interval ${production.cocaineT.ci90[0].toFixed(1)}-${production.cocaineT.ci90[1].toFixed(1)} t; parameters ${production.parameterSet}).`
      : ".")
  );
}

/** What the map's target class is made of, in a simulated survey: "of the map's 45 ha, 30% is coca; the commission is 40% pasture, …". */
function commissionWords(total: SurveyTotal, targetClass: string): string {
  const rows = total.mappedByTrueClass;
  if (!rows || rows.length === 0) return "";
  // The headline is about the target class (its first words say so); the rest of the mapped area is commission.
  const own = rows.find((r) => r.className === targetClass);
  const pct = (x: number): string => `${Math.round(x * 100)}%`;
  const commission = rows.filter((r) => r !== own && r.shareOfMapped >= 0.01);
  if (commission.length === 0) return "";
  return (
    `; of the ${fmtHa(total.mapAreaHa)} ha the map calls ${targetClass}, ${pct(own?.shareOfMapped ?? 0)} is ${targetClass} on the ground and the commission is ` +
    commission.map((r) => `${pct(r.shareOfMapped)} ${r.className}`).join(", ")
  );
}
