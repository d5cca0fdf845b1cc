/**
 * @module api/survey-regions
 * The regions of a survey as GeoJSON with their estimates, for the map: geometries from the survey's own
 * regions artifact (GeoJSON) when it stored one, else the project's department boundaries matched by name.
 * Regions whose geometry cannot be found are listed, not dropped silently.
 */
import type { SurveyDetail, SurveyEstimateRow } from "../store/survey-repository.ts";

export interface RegionFeature {
  type: "Feature";
  geometry: unknown;
  properties: RegionProperties;
}

/** A region's estimate of the target class (ha; the interval at the survey's confidence level). */
export interface RegionProperties {
  name: string;
  className: string;
  areaHa: number | null;
  areaSeHa: number | null;
  ciLowHa: number | null;
  ciHighHa: number | null;
  mapAreaHa: number | null;
}

export interface RegionCollection {
  type: "FeatureCollection";
  source: string;
  /** Confidence level of the intervals (0..1), from the survey config. */
  confidence: number | null;
  unit: "ha";
  /** Where the geometries came from: the survey's artifact name, or the boundaries file. */
  geometrySource: string;
  features: RegionFeature[];
  /** Estimated regions without a geometry. */
  unmatched: string[];
}

interface GeoFeature {
  geometry: unknown;
  properties?: Record<string, unknown> | null;
}

/** Lower case without accents or surrounding space, for matching names across files. */
export function nameKey(name: string): string {
  return name
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .trim()
    .toLowerCase();
}

const ISO2_PREFIX: Record<string, string> = { PER: "PE-", BOL: "BO-", COL: "CO-" };

/** The estimates of the target class (config.targetClass, else "coca"), else every row. */
export function targetRows(survey: SurveyDetail): SurveyEstimateRow[] {
  const target = survey.config?.targetClass ?? "coca";
  const rows = survey.estimates.filter((e) => e.className === target);
  return rows.length > 0 ? rows : survey.estimates;
}

export function surveyRegions(
  survey: SurveyDetail,
  candidates: { name: string; features: readonly GeoFeature[]; nameField: string; country?: boolean }[],
): RegionCollection {
  const rows = targetRows(survey).filter((r) => nameKey(r.region) !== "national" && nameKey(r.region) !== "total");
  const features: RegionFeature[] = [];
  const unmatched: string[] = [];
  let geometrySource = candidates[0]?.name ?? "none";
  const lookups = candidates.map((c) => {
    const byName = new Map<string, GeoFeature>();
    for (const f of c.features) {
      const value = f.properties?.[c.nameField];
      if (typeof value === "string" && f.geometry) byName.set(nameKey(value), f);
    }
    return { name: c.name, byName };
  });
  // Use the first candidate that knows at least one region.
  const chosen = lookups.find((l) => rows.some((r) => l.byName.has(nameKey(r.region))));
  if (chosen) geometrySource = chosen.name;
  for (const r of rows) {
    const f = chosen?.byName.get(nameKey(r.region));
    if (!f) {
      unmatched.push(r.region);
      continue;
    }
    features.push({
      type: "Feature",
      geometry: f.geometry,
      properties: {
        name: r.region,
        className: r.className,
        areaHa: r.areaHa,
        areaSeHa: r.areaSeHa,
        ciLowHa: r.ciLowHa,
        ciHighHa: r.ciHighHa,
        mapAreaHa: r.mapAreaHa,
      },
    });
  }
  return {
    type: "FeatureCollection",
    source: `Coca Monitor survey ${survey.id} (${survey.name})`,
    confidence: typeof survey.config?.confidence === "number" ? survey.config.confidence : null,
    unit: "ha",
    geometrySource,
    features,
    unmatched,
  };
}

/** Department features of the survey's country from the boundaries file. */
export function departmentsOf(boundaries: { features: GeoFeature[] }, country: string): GeoFeature[] {
  const prefix = ISO2_PREFIX[country];
  return boundaries.features.filter((f) => {
    const iso2 = f.properties?.iso2;
    return f.properties?.level === "department" && (!prefix || (typeof iso2 === "string" && iso2.startsWith(prefix)));
  });
}
