/**
 * @module change/field-layers
 * Field polygons of several years in and matched fields out. Fields are read from GeoJSON (as written by
 * `coca imagery fields`); each year's fields are brought into one planar CRS for overlap areas: the layer's own
 * when it is projected, else a Lambert azimuthal equal-area projection centred on all the years' fields
 * (proj4js needs the explicit +x_0=0 +y_0=0 for laea, or it returns NaN).
 * The output keeps each field's geometry as read (in its file's CRS) and adds its year, states, links, track
 * and history: GeoJSON, or FlatGeobuf (the project's polygon encoder, imagery/vectorize/flatgeobuf-polygons).
 */
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from "geojson";
import proj4 from "proj4";
import { DataError, InputError } from "../domain/errors.ts";
import type { Crs } from "../domain/raster-grid.ts";
import { crsOfGeoJson, readGeoJsonText } from "../imagery/read/polygon-layer.ts";
import { encodePolygonsFlatGeobuf, type PolygonColumn, type PolygonRecord } from "../imagery/vectorize/flatgeobuf-polygons.ts";
import type { FieldMatch, FieldYear } from "./match-fields.ts";

export interface FieldLayer {
  source: string;
  label: string;
  crs: Crs;
  /** Features as read (Polygon and MultiPolygon only), with their ids. */
  features: { id: string; geometry: Polygon | MultiPolygon; properties: Record<string, unknown> }[];
}

/** Parse one year's fields; ids from `idField` (default: field_id, then id, then the feature's position). */
export function parseFieldLayer(text: string, source: string, label: string, idField?: string): FieldLayer {
  let fc: FeatureCollection & { crs?: { properties?: { name?: string } } };
  try {
    fc = JSON.parse(text) as typeof fc;
  } catch (error) {
    throw new DataError(`${source}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
  if (fc?.type !== "FeatureCollection" || !Array.isArray(fc.features)) throw new DataError(`${source}: not a GeoJSON FeatureCollection`);
  const crs = crsOfGeoJson(fc, source);
  if (idField !== undefined && fc.features.length > 0 && !fc.features.some((f) => f.properties && idField in f.properties)) {
    throw new InputError(`${source}: no feature has the id field "${idField}"`, { field: "id-field" });
  }
  const features: FieldLayer["features"] = [];
  fc.features.forEach((f: Feature, k) => {
    const g = f?.geometry;
    if (!g || (g.type !== "Polygon" && g.type !== "MultiPolygon")) return;
    const p = (f.properties ?? {}) as Record<string, unknown>;
    const raw = idField !== undefined ? p[idField] : (p.field_id ?? p.id ?? f.id);
    features.push({ id: raw === undefined || raw === null ? String(k + 1) : String(raw), geometry: g, properties: p });
  });
  return { source, label, crs, features };
}

export function readFieldLayer(path: string, label: string, idField?: string): FieldLayer {
  return parseFieldLayer(readGeoJsonText(path, "fields"), path, label, idField);
}

/** Each layer's fields in one planar CRS (metres), ready for matchFieldYears. */
export function planarYears(layers: readonly FieldLayer[]): { years: FieldYear[]; planar: string } {
  const projected = layers.find((l) => !l.crs.geographic);
  let target: string;
  if (projected) target = projected.crs.proj4;
  else {
    let sx = 0;
    let sy = 0;
    let n = 0;
    for (const l of layers)
      for (const f of l.features) {
        const first = (f.geometry.type === "Polygon" ? f.geometry.coordinates[0] : f.geometry.coordinates[0]?.[0])?.[0];
        if (!first) continue;
        const [x, y] = proj4(l.crs.proj4, "WGS84").forward([first[0]!, first[1]!]);
        sx += x!;
        sy += y!;
        n++;
      }
    target = `+proj=laea +lat_0=${n ? sy / n : 0} +lon_0=${n ? sx / n : 0} +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs`;
  }
  const years = layers.map((l): FieldYear => {
    const same = l.crs.proj4 === target;
    const conv = same ? undefined : proj4(l.crs.proj4, target);
    const ring = (r: Position[]): Position[] =>
      r.map((p) => {
        const q = conv ? conv.forward([p[0]!, p[1]!]) : [p[0]!, p[1]!];
        if (!Number.isFinite(q[0]) || !Number.isFinite(q[1]))
          throw new DataError(`${l.source}: a vertex (${p[0]}, ${p[1]}) does not project to the planar CRS ${target}`);
        return q;
      });
    return {
      label: l.label,
      fields: l.features.map((f) => ({
        id: f.id,
        polygons: (f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates).map((poly) => poly.map(ring)),
      })),
    };
  });
  return { years, planar: target };
}

/** Every field of every year as a feature (in its own file's geometry) with its states, links and history. */
export function matchedFieldsGeoJson(layers: readonly FieldLayer[], match: FieldMatch): FeatureCollection {
  const byYear = new Map(layers.map((l) => [l.label, new Map(l.features.map((f) => [f.id, f]))]));
  const crs = layers[0]!.crs;
  if (layers.some((l) => l.crs.proj4 !== crs.proj4)) {
    throw new InputError(
      `the field files are in different CRSs (${layers.map((l) => `${l.source}: ${l.crs.name}`).join("; ")}): give them in one CRS for the output`,
      { field: "to" },
    );
  }
  const features = match.fields.map((m): Feature => {
    const f = byYear.get(m.year)!.get(m.id)!;
    return {
      type: "Feature",
      geometry: f.geometry,
      properties: {
        ...f.properties,
        field_id: m.id,
        year: m.year,
        area_ha: m.areaM2 / 10_000,
        state_from_previous: m.stateFromPrevious,
        state_to_next: m.stateToNext,
        previous: m.previous,
        next: m.next,
        track: m.trackId,
        history: match.tracks.get(m.trackId),
      },
    };
  });
  const fc: FeatureCollection & { crs?: unknown } = { type: "FeatureCollection", features };
  if (crs.epsg !== undefined && crs.epsg !== 4326) fc.crs = { type: "name", properties: { name: `urn:ogc:def:crs:EPSG::${crs.epsg}` } };
  return fc;
}

/** The columns of matched fields in FlatGeobuf; lists and the history are JSON text (FlatGeobuf has no list type). */
const MATCHED_FIELD_COLUMNS: PolygonColumn[] = [
  { name: "field_id", type: "string" },
  { name: "year", type: "string" },
  { name: "area_ha", type: "double" },
  { name: "state_from_previous", type: "string" },
  { name: "state_to_next", type: "string" },
  { name: "previous", type: "string" },
  { name: "next", type: "string" },
  { name: "track", type: "string" },
  { name: "history", type: "string" },
  { name: "part", type: "int" },
  { name: "properties", type: "string" },
];

const MATCHED_COLUMN_NAMES = new Set(MATCHED_FIELD_COLUMNS.map((c) => c.name));

/**
 * Matched fields as FlatGeobuf bytes, layer `name`, in the fields' CRS (which must have an EPSG code): the same
 * features and properties as matchedFieldsGeoJson, states "" where GeoJSON has null, the links and the history as
 * JSON text, the input's own properties as JSON text in `properties`. A MultiPolygon field is written as one
 * polygon feature per part (`part` 0, 1, ...; 0 for a Polygon), each with the field's properties.
 */
export function matchedFieldsFlatGeobuf(layers: readonly FieldLayer[], match: FieldMatch, name: string): Uint8Array {
  const fc = matchedFieldsGeoJson(layers, match);
  const crs = layers[0]!.crs;
  const epsg = crs.epsg ?? (crs.geographic && /WGS ?84|4326/i.test(crs.name) ? 4326 : undefined);
  if (epsg === undefined) {
    throw new InputError(`FlatGeobuf output needs the fields' CRS as an EPSG code (${layers[0]!.source}: ${crs.name}); write .geojson instead`, {
      field: "out",
    });
  }
  const records: PolygonRecord[] = [];
  for (const f of fc.features) {
    const p = f.properties as Record<string, unknown>;
    const g = f.geometry as Polygon | MultiPolygon;
    const own = Object.fromEntries(Object.entries(p).filter(([k]) => !MATCHED_COLUMN_NAMES.has(k)));
    const parts = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
    parts.forEach((poly, part) => {
      records.push({
        rings: poly.map((ring) => Float64Array.from(ring.flatMap((q) => [q[0]!, q[1]!]))),
        values: [
          String(p.field_id),
          String(p.year),
          p.area_ha as number,
          (p.state_from_previous as string | null) ?? "",
          (p.state_to_next as string | null) ?? "",
          JSON.stringify(p.previous),
          JSON.stringify(p.next),
          String(p.track),
          JSON.stringify(p.history),
          part,
          JSON.stringify(own),
        ],
      });
    });
  }
  return encodePolygonsFlatGeobuf(MATCHED_FIELD_COLUMNS, records, epsg, { name });
}
