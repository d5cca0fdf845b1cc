/**
 * @module change/eradication
 * Eradication records as data: a site (a point, or a polygon), a date, a kind (forced, voluntary, aerial), an
 * area and a source, from CSV (lon, lat columns, WGS 84) or GeoJSON (Point or Polygon features). Validation is
 * all-or-nothing with line numbers, as for figure imports: every problem of every row is reported and nothing
 * is kept when one row is wrong. Matching: each record is matched to the field of the year before that holds
 * it (or the nearest within a tolerance, metres) and to a field of the year after within the tolerance; a site
 * found as coca again is replanted. These are counts of recorded sites; the replanting *rate* with an interval
 * is a sample estimate (`coca change estimate` with `eradication_kind`), since records cover what was reported.
 */
import Flatbush from "flatbush";
import type { Feature, FeatureCollection, Position } from "geojson";
import proj4 from "proj4";
import { parseCsvTable as parseCsv } from "../io/csv.ts";
import { InputError } from "../domain/errors.ts";
import { parseEradicationKind, type EradicationKind } from "./eradication-kind.ts";
import { intersectionAreaM2, type FieldYear } from "./match-fields.ts";

export interface EradicationRecord {
  id: string;
  /** ISO date, YYYY-MM-DD. */
  date: string;
  kind: EradicationKind;
  /** Area eradicated as reported, ha. */
  areaHa: number;
  source: string;
  /** The site in WGS 84: a point [lon, lat] or polygon rings. */
  site: { type: "Point"; coordinates: Position } | { type: "Polygon"; coordinates: Position[][] };
  /** "line 7" or "feature 3". */
  where: string;
}

export interface ValidateRecordsOptions {
  /** Accept only dates in these years (inclusive), e.g. the two years compared. */
  years?: [number, number];
}

const DATE = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const MAX_LISTED = 25;

interface RawRecord {
  where: string;
  id?: string;
  date?: string;
  kind?: string;
  areaHa?: string;
  source?: string;
  site?: EradicationRecord["site"] | { error: string };
}

function validateOne(raw: RawRecord, index: number, options: ValidateRecordsOptions): { record: EradicationRecord } | { errors: string[] } {
  const errors: string[] = [];
  const date = raw.date?.trim() ?? "";
  const m = DATE.exec(date);
  if (date === "") errors.push("date is missing");
  else if (!m || Number.isNaN(Date.parse(`${date}T00:00:00Z`)) || new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date)
    errors.push(`date '${date}' is not a YYYY-MM-DD date`);
  else if (options.years && (Number(m[1]) < options.years[0] || Number(m[1]) > options.years[1])) {
    errors.push(`date ${date} is outside the years compared (${options.years[0]}-${options.years[1]})`);
  }
  let kind: EradicationKind | undefined;
  if ((raw.kind ?? "").trim() === "") errors.push("kind is missing (forced, voluntary or aerial)");
  else {
    try {
      kind = parseEradicationKind(raw.kind);
    } catch (error) {
      errors.push((error as Error).message);
    }
  }
  const areaText = raw.areaHa?.trim() ?? "";
  const areaHa = Number(areaText);
  if (areaText === "") errors.push("area_ha is missing");
  else if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(areaText) || !Number.isFinite(areaHa)) errors.push(`area_ha '${areaText}' is not a number`);
  else if (areaHa < 0) errors.push(`area_ha ${areaText} is negative`);
  const source = raw.source?.trim() ?? "";
  if (source === "") errors.push("source is missing");
  if (!raw.site) errors.push("the site is missing (lon, lat or a geometry)");
  else if ("error" in raw.site) errors.push(raw.site.error);
  if (errors.length) return { errors };
  return {
    record: { id: raw.id?.trim() || String(index + 1), date, kind: kind!, areaHa, source, site: raw.site as EradicationRecord["site"], where: raw.where },
  };
}

const lonLatSite = (lonText: string | undefined, latText: string | undefined): RawRecord["site"] => {
  if ((lonText ?? "").trim() === "" || (latText ?? "").trim() === "") return undefined;
  const lon = Number(lonText);
  const lat = Number(latText);
  if (!Number.isFinite(lon) || lon < -180 || lon > 180) return { error: `lon '${lonText}' is not a longitude in [-180, 180]` };
  if (!Number.isFinite(lat) || lat < -90 || lat > 90) return { error: `lat '${latText}' is not a latitude in [-90, 90]` };
  return { type: "Point", coordinates: [lon, lat] };
};

function geometrySite(g: Feature["geometry"] | null | undefined): RawRecord["site"] {
  if (!g) return undefined;
  if (g.type === "Point") return lonLatSite(String(g.coordinates[0]), String(g.coordinates[1]));
  if (g.type === "Polygon") {
    for (const ring of g.coordinates)
      for (const p of ring)
        if (!(Math.abs(p[0]!) <= 180 && Math.abs(p[1]!) <= 90)) return { error: `polygon vertex (${p[0]}, ${p[1]}) is not a WGS 84 longitude/latitude` };
    return { type: "Polygon", coordinates: g.coordinates };
  }
  return { error: `geometry type ${g.type} is not supported (Point or Polygon)` };
}

/** Parse CSV (id, lon, lat, date, kind, area_ha, source) or GeoJSON text into raw rows. */
function rawRecords(text: string, file: string): RawRecord[] {
  if (/\.(geo)?json$/i.test(file) || text.trimStart().startsWith("{")) {
    let fc: FeatureCollection & { crs?: { properties?: { name?: string } } };
    try {
      fc = JSON.parse(text) as typeof fc;
    } catch (error) {
      throw new InputError(`${file}: not valid JSON (${(error as Error).message})`, { cause: error });
    }
    if (fc?.type !== "FeatureCollection" || !Array.isArray(fc.features)) throw new InputError(`${file}: not a GeoJSON FeatureCollection`);
    const crsName = fc.crs?.properties?.name;
    if (crsName !== undefined && !/CRS84$|EPSG:*4326$/i.test(crsName))
      throw new InputError(`${file}: eradication sites must be in WGS 84 longitude/latitude, not ${crsName}`);
    return fc.features.map((f, k) => {
      const p = (f.properties ?? {}) as Record<string, unknown>;
      const s = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : String(v));
      return {
        where: `feature ${k + 1}`,
        id: s(p.id ?? f.id),
        date: s(p.date),
        kind: s(p.kind),
        areaHa: s(p.area_ha),
        source: s(p.source),
        site: geometrySite(f.geometry),
      };
    });
  }
  const table = parseCsv(text, file);
  const missing = ["lon", "lat", "date", "kind", "area_ha", "source"].filter((c) => !table.header.includes(c));
  if (missing.length) throw new InputError(`${file}: missing column(s) ${missing.join(", ")} (found ${table.header.join(", ")})`);
  return table.rows.map((r) => ({
    where: `line ${r.line}`,
    id: r.values.id,
    date: r.values.date,
    kind: r.values.kind,
    areaHa: r.values.area_ha,
    source: r.values.source,
    site: lonLatSite(r.values.lon, r.values.lat),
  }));
}

/**
 * Parse and validate eradication records, all or nothing: an InputError lists every problem with its line
 * (or feature) number, and no record is returned when any row is wrong.
 */
export function parseEradicationRecords(text: string, file: string, options: ValidateRecordsOptions = {}): EradicationRecord[] {
  const raws = rawRecords(text, file);
  if (raws.length === 0) throw new InputError(`${file}: no eradication records`);
  const records: EradicationRecord[] = [];
  const problems: string[] = [];
  const ids = new Set<string>();
  raws.forEach((raw, k) => {
    const r = validateOne(raw, k, options);
    if ("errors" in r) problems.push(...r.errors.map((e) => `${raw.where}: ${e}`));
    else if (ids.has(r.record.id)) problems.push(`${raw.where}: id ${r.record.id} appears twice`);
    else {
      ids.add(r.record.id);
      records.push(r.record);
    }
  });
  if (problems.length) {
    const listed = problems.slice(0, MAX_LISTED).map((p) => `  ${p}`);
    if (problems.length > MAX_LISTED) listed.push(`  ... and ${problems.length - MAX_LISTED} more`);
    throw new InputError(`${file}: ${problems.length} problem(s), nothing imported:\n${listed.join("\n")}`, { field: problems[0]!.split(":")[0] });
  }
  return records;
}

/** Records as a GeoJSON FeatureCollection (WGS 84). */
export function recordsToGeoJson(records: readonly EradicationRecord[]): FeatureCollection {
  return {
    type: "FeatureCollection",
    features: records.map((r) => ({
      type: "Feature",
      geometry: r.site,
      properties: { id: r.id, date: r.date, kind: r.kind, area_ha: r.areaHa, source: r.source },
    })),
  };
}

export interface EradicationMatch {
  id: string;
  kind: EradicationKind;
  date: string;
  areaHa: number;
  /** The field of the year before that holds the site (or the nearest within the tolerance), if any. */
  fieldBefore: string | null;
  distanceBeforeM: number | null;
  /** A field of the year after within the tolerance of the site: the site is coca again. */
  fieldAfter: string | null;
  distanceAfterM: number | null;
  replanted: boolean;
}

export interface EradicationSummary {
  kind: EradicationKind | "all";
  records: number;
  areaHa: number;
  matchedToField: number;
  replanted: number;
  replantedAreaHa: number;
  /** Replanted share of the recorded sites (by count), a census of records, not a sample estimate. */
  replantedShareOfRecords: number | null;
}

function pointSegmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const l2 = dx * dx + dy * dy;
  const t = l2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / l2));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function pointInPolygons(x: number, y: number, polygons: readonly Position[][][]): boolean {
  for (const poly of polygons) {
    let inside = false;
    for (const ring of poly)
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i]!;
        const [xj, yj] = ring[j]!;
        if (yi! > y !== yj! > y && x < ((xj! - xi!) * (y - yi!)) / (yj! - yi!) + xi!) inside = !inside;
      }
    if (inside) return true;
  }
  return false;
}

/** Distance in metres from a site to a field (0 when they touch or overlap). Planar coordinates. */
export function siteFieldDistanceM(site: Position[][][] | Position, field: Position[][][]): number {
  const points: Position[] = Array.isArray(site[0]) ? (site as Position[][][]).flat(2) : [site as Position];
  if (Array.isArray(site[0])) {
    if (intersectionAreaM2(site as Position[][][], field) > 0) return 0;
    for (const p of field.flat(2)) if (pointInPolygons(p[0]!, p[1]!, site as Position[][][])) return 0;
  }
  let best = Infinity;
  for (const p of points) {
    if (pointInPolygons(p[0]!, p[1]!, field)) return 0;
    for (const poly of field)
      for (const ring of poly)
        for (let i = 0; i + 1 < ring.length; i++)
          best = Math.min(best, pointSegmentDistance(p[0]!, p[1]!, ring[i]![0]!, ring[i]![1]!, ring[i + 1]![0]!, ring[i + 1]![1]!));
  }
  if (Array.isArray(site[0])) {
    // Field vertices to site edges, for polygon sites.
    for (const p of field.flat(2))
      for (const poly of site as Position[][][])
        for (const ring of poly)
          for (let i = 0; i + 1 < ring.length; i++)
            best = Math.min(best, pointSegmentDistance(p[0]!, p[1]!, ring[i]![0]!, ring[i]![1]!, ring[i + 1]![0]!, ring[i + 1]![1]!));
  }
  return best;
}

/**
 * Match records to the fields of the year before and the year after (planar coordinates in `planarCrs`, a proj4
 * string). Sites farther than `extentMarginM` from every field's extent are refused as outside the maps.
 */
export function matchEradication(
  records: readonly EradicationRecord[],
  before: FieldYear,
  after: FieldYear,
  { planarCrs, toleranceM, file }: { planarCrs: string; toleranceM: number; file: string },
): { matches: EradicationMatch[]; summary: EradicationSummary[] } {
  const conv = proj4("WGS84", planarCrs);
  const project = (p: Position): Position => conv.forward([p[0]!, p[1]!]);
  const index = (year: FieldYear): Flatbush | null => {
    if (year.fields.length === 0) return null;
    const fb = new Flatbush(year.fields.length);
    for (const f of year.fields) {
      const pts = f.polygons.flatMap((p) => p[0] ?? []);
      fb.add(Math.min(...pts.map((p) => p[0]!)), Math.min(...pts.map((p) => p[1]!)), Math.max(...pts.map((p) => p[0]!)), Math.max(...pts.map((p) => p[1]!)));
    }
    fb.finish();
    return fb;
  };
  const ib = index(before);
  const ia = index(after);
  const all = [ib, ia].filter((x): x is Flatbush => x !== null);
  if (all.length === 0) throw new InputError("no fields in either year to match eradication records to", { field: "fields" });
  const extent = [
    Math.min(...all.map((f) => f.minX)),
    Math.min(...all.map((f) => f.minY)),
    Math.max(...all.map((f) => f.maxX)),
    Math.max(...all.map((f) => f.maxY)),
  ] as const;
  const margin = Math.max(toleranceM, 0.05 * Math.max(extent[2] - extent[0], extent[3] - extent[1]));
  const outside: string[] = [];
  const projected = records.map((r) => (r.site.type === "Point" ? project(r.site.coordinates) : [r.site.coordinates.map((ring) => ring.map(project))]));
  projected.forEach((site, k) => {
    const pts = Array.isArray(site[0]) ? (site as Position[][][]).flat(2) : [site as Position];
    const inside = pts.some((p) => p[0]! >= extent[0] - margin && p[0]! <= extent[2] + margin && p[1]! >= extent[1] - margin && p[1]! <= extent[3] + margin);
    if (!inside) outside.push(`${records[k]!.where} (id ${records[k]!.id})`);
  });
  if (outside.length) {
    throw new InputError(
      `${file}: ${outside.length} record(s) outside every map (farther than ${margin.toFixed(0)} m from the fields' extent): ${outside.slice(0, MAX_LISTED).join(", ")}`,
      { field: outside[0] },
    );
  }
  const nearest = (year: FieldYear, fb: Flatbush | null, site: Position[][][] | Position): { id: string; d: number } | null => {
    if (!fb) return null;
    const pts = Array.isArray(site[0]) ? (site as Position[][][]).flat(2) : [site as Position];
    const xs = pts.map((p) => p[0]!);
    const ys = pts.map((p) => p[1]!);
    let best: { id: string; d: number } | null = null;
    for (const j of fb.search(Math.min(...xs) - toleranceM, Math.min(...ys) - toleranceM, Math.max(...xs) + toleranceM, Math.max(...ys) + toleranceM)) {
      const d = siteFieldDistanceM(site, year.fields[j]!.polygons);
      if (d <= toleranceM && (!best || d < best.d)) best = { id: year.fields[j]!.id, d };
    }
    return best;
  };
  const matches = records.map((r, k): EradicationMatch => {
    const b = nearest(before, ib, projected[k]!);
    const a = nearest(after, ia, projected[k]!);
    return {
      id: r.id,
      kind: r.kind,
      date: r.date,
      areaHa: r.areaHa,
      fieldBefore: b?.id ?? null,
      distanceBeforeM: b?.d ?? null,
      fieldAfter: a?.id ?? null,
      distanceAfterM: a?.d ?? null,
      replanted: a !== null,
    };
  });
  const summarize = (kind: EradicationKind | "all"): EradicationSummary => {
    const ms = matches.filter((m) => kind === "all" || m.kind === kind);
    const replanted = ms.filter((m) => m.replanted);
    return {
      kind,
      records: ms.length,
      areaHa: ms.reduce((s, m) => s + m.areaHa, 0),
      matchedToField: ms.filter((m) => m.fieldBefore !== null).length,
      replanted: replanted.length,
      replantedAreaHa: replanted.reduce((s, m) => s + m.areaHa, 0),
      replantedShareOfRecords: ms.length ? replanted.length / ms.length : null,
    };
  };
  const kinds = [...new Set(matches.map((m) => m.kind))].sort();
  return { matches, summary: [summarize("all"), ...kinds.map(summarize)] };
}
