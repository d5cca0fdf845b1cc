/**
 * @module survey/labels/reestimate
 * A stored survey estimated again from what the store keeps alone: its design (the sample.geojson
 * artifact), its class map and regions (artifacts, for the region holding each unit), its config,
 * and its reference labels, resolved per unit (survey/labels/resolve.ts). The estimate and
 * production stages then run as in the survey; with the labels the run stored, every number comes
 * back as stored, to the last digit, and the comparison says so. Labels appended since (corrections,
 * adjudications) change the numbers as they should.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DataError, NotFoundError } from "../../domain/errors.ts";
import type { ReferenceLabel } from "../../domain/reference-label.ts";
import { decodeUtf8 } from "../../io/csv.ts";
import type { LabelUse } from "../../store/label-repository.ts";
import type { Store } from "../../store/store.ts";
import type { SurveyDetail } from "../../store/survey-repository.ts";
import type { RegionObservation } from "../region-estimates.ts";
import { estimateStage, targetTotal, type EstimateResult } from "../stages/estimate.ts";
import { mapTotalsStage } from "../stages/map-totals.ts";
import { productionPlanOf, productionStage } from "../stages/production.ts";
import { resolveLabels, type Disagreement } from "./resolve.ts";
import { parseStoredDesign, type StoredDesign } from "./stored-design.ts";

export interface Reestimate {
  surveyId: number;
  targetClass: string;
  total: { areaHa: number; areaSeHa: number; areaCiHa: [number, number] };
  regions: { region: string; areaHa: number; areaSeHa: number; areaCiHa: [number, number]; sampleUnits: number }[];
  accuracy: { overallAccuracy: number; overallAccuracySe: number };
  /** Potential pure cocaine, t (null for a survey without its production stage). */
  cocaineT: { mean: number; median: number; ci90: [number, number]; ci95: [number, number] } | null;
  labels: {
    /** Units with a label that counts. */
    used: number;
    /** Units of the design without one (never labelled, or interpreters disagree). */
    unlabelled: number;
    disagreements: Disagreement[];
    /** The label each unit's estimate used. */
    uses: LabelUse[];
    /** Labels stored since the run (corrections, adjudications, new interpretations). */
    sinceRun: number;
  };
  /** Every number that differs from the stored results ("" when none: `matchesStored`). */
  differences: string[];
  matchesStored: boolean;
}

/** The stored design of a survey (its sample.geojson artifact). */
export async function storedDesignOf(store: Store, survey: Pick<SurveyDetail, "id">): Promise<StoredDesign> {
  const a = await store.surveys.artifact(survey.id, "sample.geojson");
  if (!a) throw new DataError(`survey ${survey.id} has no stored sample design (sample.geojson artifact)`);
  return parseStoredDesign(decodeUtf8(a.bytes, `survey ${survey.id} sample.geojson`), `survey ${survey.id} sample.geojson`);
}

export async function getSurveyOrThrow(store: Store, id: number): Promise<SurveyDetail> {
  const s = await store.surveys.get(id);
  if (!s) throw new NotFoundError(`survey ${id} not found in ${store.location} (see \`coca survey list\`)`);
  return s;
}

/** The observations the estimator takes, in design order, from the labels that count (the survey run's labels stage takes the same). */
export function observationsOf(
  design: { units: readonly Pick<StoredDesign["units"][number], "unitId" | "stratum" | "mapClass" | "col" | "row">[] },
  labels: readonly ReferenceLabel[],
  regionOf: (col: number, row: number) => string | null,
): { observations: RegionObservation[]; uses: LabelUse[]; disagreements: Disagreement[] } {
  const resolved = resolveLabels(labels, "single");
  const observations: RegionObservation[] = [];
  const uses: LabelUse[] = [];
  for (const u of design.units) {
    const l = resolved.chosen.get(u.unitId);
    if (!l) continue;
    observations.push({
      stratum: u.stratum,
      mapClass: u.mapClass,
      referenceClass: l.referenceClass,
      unitId: u.unitId,
      region: regionOf(u.col + 0.5, u.row + 0.5),
    });
    uses.push({ unitId: u.unitId, period: "single", labelId: l.id });
  }
  return { observations, uses, disagreements: resolved.disagreements };
}

export async function reestimateSurvey(store: Store, id: number): Promise<Reestimate> {
  const s = await getSurveyOrThrow(store, id);
  const design = await storedDesignOf(store, s);
  const dir = mkdtempSync(join(tmpdir(), "coca-reestimate-"));
  try {
    const put = async (name: string): Promise<string> => {
      const a = await store.surveys.artifact(id, name);
      if (!a) throw new DataError(`survey ${id} has no stored ${name}; it cannot be estimated again from the store`);
      const path = join(dir, name);
      writeFileSync(path, a.bytes);
      return path;
    };
    const mapTotals = await mapTotalsStage({ classesPath: await put("classes.tif"), regions: { ...s.config.regions, path: await put("regions.geojson") } });
    const labels = await store.labels.list(id);
    const { observations, uses, disagreements } = observationsOf(design, labels, mapTotals.regionOfPixel);
    if (observations.length === 0)
      throw new DataError(
        `survey ${id} has no labels that count (${labels.length} stored, ${disagreements.length} units in disagreement); import labels with \`coca survey labels import ${id} FILE\``,
      );
    const estimates: EstimateResult = estimateStage({
      strata: design.strata.map((x) => ({ id: x.stratum, sizeHa: x.sizeHa, sizeUnits: x.sizePx })),
      observations,
      classes: s.results.classifier.classes,
      targetClass: s.config.targetClass,
      regions: mapTotals.regionNames,
      confidence: s.config.confidence,
    });
    const total = targetTotal(estimates, s.config.targetClass);
    // As the run did: no production stage when the stored survey has none.
    const plan = s.results.production === null ? null : await productionPlanOf(s.country, s.config);
    const c = plan?.set ? productionStage({ country: s.country, config: s.config, plan, regions: estimates.regions, total }).est.cocaineT : null;
    const runUses = new Set((await store.labels.uses(id, "run")).map((u) => u.labelId));
    const maxRunId = Math.max(0, ...runUses);
    const out: Omit<Reestimate, "differences" | "matchesStored"> = {
      surveyId: id,
      targetClass: s.config.targetClass,
      total,
      regions: estimates.regions.map((r) => ({
        region: r.region,
        areaHa: r.areaHa,
        areaSeHa: r.areaSeHa,
        areaCiHa: r.areaCiHa,
        sampleUnits: r.sampleUnitsInRegion,
      })),
      accuracy: { overallAccuracy: estimates.total.overallAccuracy, overallAccuracySe: estimates.total.overallAccuracySe },
      cocaineT: c && { mean: c.mean, median: c.median, ci90: c.ci90, ci95: c.ci95 },
      labels: {
        used: observations.length,
        unlabelled: design.units.length - observations.length,
        disagreements,
        uses,
        sinceRun: labels.filter((l) => l.id > maxRunId).length,
      },
    };
    const differences = compareWithStored(out, s);
    return { ...out, differences, matchesStored: differences.length === 0 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What differs between a re-estimate and the stored results, number by number (exact comparison). */
export function compareWithStored(e: Pick<Reestimate, "total" | "regions" | "accuracy" | "cocaineT">, s: Pick<SurveyDetail, "results">): string[] {
  const out: string[] = [];
  const same = (what: string, a: unknown, b: unknown): void => {
    if (JSON.stringify(a) !== JSON.stringify(b)) out.push(`${what}: ${JSON.stringify(b)} stored, ${JSON.stringify(a)} now`);
  };
  const r = s.results;
  same("total area ha", e.total.areaHa, r.total.areaHa);
  same("total SE ha", e.total.areaSeHa, r.total.areaSeHa);
  same("total CI ha", e.total.areaCiHa, r.total.areaCiHa);
  const stored = new Map(r.regions.map((x) => [x.region, x]));
  for (const x of e.regions) {
    const y = stored.get(x.region);
    if (!y) {
      out.push(`region ${x.region}: not in the stored results`);
      continue;
    }
    same(`${x.region} area ha`, x.areaHa, y.areaHa);
    same(`${x.region} SE ha`, x.areaSeHa, y.areaSeHa);
    same(`${x.region} CI ha`, x.areaCiHa, y.areaCiHa);
    same(`${x.region} sample units`, x.sampleUnits, y.sampleUnits);
  }
  same("overall accuracy", e.accuracy.overallAccuracy, r.accuracy.overallAccuracy);
  same("overall accuracy SE", e.accuracy.overallAccuracySe, r.accuracy.overallAccuracySe);
  if (e.cocaineT && r.production) {
    same("cocaine mean t", e.cocaineT.mean, r.production.cocaineT.mean);
    same("cocaine 90% interval t", e.cocaineT.ci90, r.production.cocaineT.ci90);
    same("cocaine 95% interval t", e.cocaineT.ci95, r.production.cocaineT.ci95);
  } else if ((e.cocaineT === null) !== (r.production === null)) out.push("production: stored and re-estimated differ in having one");
  return out;
}
