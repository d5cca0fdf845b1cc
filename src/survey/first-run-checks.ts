/**
 * @module survey/first-run-checks
 * What can be checked before interpreters spend days on a survey's sample, checked at its first run:
 * whether the survey has a production stage (not with `production: false`, nor for a target class that is
 * not coca), the country has a production parameter set (fatal when it has none and production is on), the
 * set's period covers the year and the set is the country's (else a warning), and each scene and the regions
 * fall in the country (each scene's own footprint and the regions' WGS 84 bounding box against the country's
 * outline in data/boundaries; a warning naming the scene file when they do not). Warnings are kept in `results.warnings` and shown by `survey show`, the API
 * and the dashboard.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Position } from "geojson";
import { countryName, parseCountry } from "../domain/country.ts";
import { InputError } from "../domain/errors.ts";
import { gridBboxWgs84, toWgs84Transform, type Crs, type RasterGrid } from "../domain/raster-grid.ts";
import type { SurveyConfig } from "../domain/survey-config.ts";
import type { ParameterSet } from "../production/parameter-set.ts";

/** The class potential production is computed for: production parameter sets convert coca hectares. */
export const PRODUCTION_CLASS = "coca";

export const isCocaClass = (targetClass: string): boolean => targetClass.trim().toLowerCase() === PRODUCTION_CLASS;

/** The production stage a survey runs: a parameter set, or none with the reason. */
export type ProductionPlan = { set: ParameterSet; draws: number; warnings: string[] } | { set: null; reason: string; warnings: string[] };

/**
 * Plan the production stage: off with `production: false` or a target class that is not coca; else the named set or the
 * country's set for the year. A country without any set is an error (exit 2) that says how to go on; a set whose period
 * does not cover the year (the nearest is taken when none does) or that is another country's is a warning.
 */
export function planProduction(
  sets: readonly ParameterSet[],
  { country, year, targetClass, production }: { country: string; year: number; targetClass: string; production: SurveyConfig["production"] },
  configPath?: string,
): ProductionPlan {
  if (production === false) return { set: null, reason: "production: false in the survey config", warnings: [] };
  if (!isCocaClass(targetClass)) {
    return {
      set: null,
      reason: `the target class "${targetClass}" is not coca`,
      warnings: [
        `target class "${targetClass}" is not coca: the survey is stored without potential production (parameter sets convert coca hectares); set production: false to say so`,
      ],
    };
  }
  const where = configPath ? `${configPath}: ` : "";
  const warnings: string[] = [];
  const covers = (s: ParameterSet): boolean => s.period.from <= year && year <= s.period.to;
  const describe = (s: ParameterSet): string => `${s.name} (${s.source}, ${s.country} ${s.period.from}-${s.period.to})`;
  let set: ParameterSet | undefined;
  if (production.params) {
    set = sets.find((s) => s.name === production.params);
    if (!set) {
      throw new InputError(`${where}production.params: no parameter set named "${production.params}" (available: ${sets.map((s) => s.name).join(", ")})`, {
        field: "production.params",
      });
    }
    if (set.country !== country) warnings.push(`parameter set ${describe(set)} is for ${countryName(set.country)}, not ${countryName(country)}`);
    if (!covers(set)) warnings.push(`parameter set ${describe(set)}: its period does not cover the survey year ${year}`);
    return { set, draws: production.draws, warnings };
  }
  const forCountry = sets.filter((s) => s.country === country);
  if (forCountry.length === 0) {
    throw new InputError(
      `${where}no production parameter set for ${countryName(country)} (${country}) in data/parameter-sets: ` +
        `set production: false to store the survey without potential production, or name a set with production.params`,
      { field: "production" },
    );
  }
  const covering = forCountry.filter(covers).sort(preferred);
  set = covering[0];
  if (!set) {
    const distance = (s: ParameterSet): number => (year < s.period.from ? s.period.from - year : year - s.period.to);
    set = [...forCountry].sort((a, b) => distance(a) - distance(b) || preferred(a, b))[0]!;
    warnings.push(
      `no parameter set's period covers ${countryName(country)} ${year}: using the nearest, ${describe(set)}; ` +
        `name another with production.params or set production: false`,
    );
  }
  return { set, draws: production.draws, warnings };
}

/** UN sets before national, then US ones; then the narrowest period; then by name (as production/parameter-set-choice). */
function preferred(a: ParameterSet, b: ParameterSet): number {
  const fam = (s: ParameterSet): number => (s.sourceFamily === "UN" ? 0 : s.sourceFamily === "national" ? 1 : 2);
  return fam(a) - fam(b) || a.period.to - a.period.from - (b.period.to - b.period.from) || a.name.localeCompare(b.name);
}

export type Bbox = [number, number, number, number];

/** data/boundaries/andes-admin-osm.geojson: department and country outlines (OSM, simplified). */
export const BOUNDARIES_FILE = fileURLToPath(new URL("../../data/boundaries/andes-admin-osm.geojson", import.meta.url));

let outlines: Map<string, Bbox> | undefined;

/** The WGS 84 bounding box of a country's outline in data/boundaries (alpha-3), or undefined when it has none. */
export function countryBbox(alpha3: string): Bbox | undefined {
  if (!outlines) {
    outlines = new Map();
    const fc = JSON.parse(readFileSync(BOUNDARIES_FILE, "utf8")) as {
      features: { properties: { name: string; level: string }; geometry: { type: string; coordinates: unknown } }[];
    };
    for (const f of fc.features) {
      if (f.properties.level !== "country") continue;
      const code = parseCountry(f.properties.name);
      if (code) outlines.set(code, bboxOfCoordinates(f.geometry.coordinates));
    }
  }
  return outlines.get(alpha3);
}

function bboxOfCoordinates(c: unknown, box: Bbox = [Infinity, Infinity, -Infinity, -Infinity]): Bbox {
  if (Array.isArray(c) && typeof c[0] === "number") {
    const [x, y] = c as number[];
    box[0] = Math.min(box[0], x!);
    box[1] = Math.min(box[1], y!);
    box[2] = Math.max(box[2], x!);
    box[3] = Math.max(box[3], y!);
  } else if (Array.isArray(c)) for (const d of c) bboxOfCoordinates(d, box);
  return box;
}

/** The WGS 84 bounding box of polygons given in `crs`. */
export function polygonsBboxWgs84(polygons: readonly (readonly (readonly Position[])[])[], crs: Crs): Bbox {
  const toWgs84 = toWgs84Transform(crs, "the regions' CRS");
  const box: Bbox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const polygon of polygons)
    for (const ring of polygon)
      for (const p of ring) {
        const [x, y] = toWgs84([p[0]!, p[1]!]);
        box[0] = Math.min(box[0], x);
        box[1] = Math.min(box[1], y);
        box[2] = Math.max(box[2], x);
        box[3] = Math.max(box[3], y);
      }
  return box;
}

/** Slack around the country's outline, degrees (the outlines are simplified by 0.02°). */
const SLACK_DEG = 0.05;

const fmtBox = (b: Bbox): string => `[${b.map((v) => v.toFixed(3)).join(", ")}]`;

/**
 * Each scene's own footprint (its grid's bounding box, transformed to WGS 84 along its edges), named by its file, for
 * `geographyWarnings`: one scene of a mosaic outside the country is not hidden by the others' extent.
 */
export function sceneFootprints(scenes: readonly { file: string; grid: RasterGrid }[]): { what: string; bbox: Bbox; singular: true }[] {
  return scenes.map(({ file, grid }) => ({ what: `scene ${file}`, bbox: gridBboxWgs84(grid), singular: true }));
}

/**
 * Warnings for the scenes' and regions' bounding boxes (WGS 84) that do not fall in the country's: outside it
 * altogether, or reaching beyond it. A country without an outline in data/boundaries is said once.
 */
export function geographyWarnings(country: string, boxes: readonly { what: string; bbox: Bbox; singular?: boolean }[]): string[] {
  const c = countryBbox(country);
  if (!c) return [`${countryName(country)} (${country}) has no outline in data/boundaries: the scenes and regions were not checked against the country`];
  const out: string[] = [];
  for (const { what, bbox: b, singular = false } of boxes) {
    const disjoint = b[2] < c[0] || b[0] > c[2] || b[3] < c[1] || b[1] > c[3];
    const inside = b[0] >= c[0] - SLACK_DEG && b[1] >= c[1] - SLACK_DEG && b[2] <= c[2] + SLACK_DEG && b[3] <= c[3] + SLACK_DEG;
    if (disjoint)
      out.push(
        `${what} ${fmtBox(b)} (WGS 84) ${singular ? "lies" : "lie"} outside ${countryName(country)} (its outline's bounding box ${fmtBox(c)}): check the country and the CRS`,
      );
    else if (!inside)
      out.push(`${what} ${fmtBox(b)} (WGS 84) ${singular ? "reaches" : "reach"} beyond ${countryName(country)} (its outline's bounding box ${fmtBox(c)})`);
  }
  return out;
}
