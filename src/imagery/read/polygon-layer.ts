/**
 * @module imagery/read/polygon-layer
 * A GeoJSON FeatureCollection of polygons with one attribute of interest (a class for
 * training labels, a name for regions), its CRS from the legacy `crs` member (WGS 84
 * when absent), read with errors that name the file.
 */
import type { Feature, FeatureCollection, Geometry, Position } from "geojson";
import { DataError, InputError } from "../../domain/errors.ts";
import { readTextFileSync } from "../../io/read-file.ts";
import { WGS84, type Crs } from "../../domain/raster-grid.ts";
import { crsFromEpsg } from "../../raster/read/epsg.ts";

/** The CRS named by a GeoJSON `crs` member (e.g. "urn:ogc:def:crs:EPSG::32622", "EPSG:4674", OGC CRS84). */
export function crsOfGeoJson(fc: { crs?: { properties?: { name?: string } } }, source: string): Crs {
  const name = fc.crs?.properties?.name;
  if (name === undefined) return WGS84;
  if (/CRS84$/i.test(name)) return WGS84;
  const m = /EPSG:(?:[\d.]*:)?:?(\d+)$/i.exec(name);
  const crs = m ? crsFromEpsg(Number(m[1])) : undefined;
  if (!crs) throw new DataError(`${source}: unknown CRS "${name}" (give the labels in WGS 84 or a UTM/SIRGAS/PSAD56 EPSG code)`);
  return crs;
}

export interface PolygonLayerFeature {
  /** 0-based index of the feature in the file. */
  index: number;
  /** The attribute's value (undefined when the feature lacks it). */
  value: unknown;
  /** Polygons, each a list of rings of [x, y] in the layer's CRS. */
  polygons: Position[][][];
}

export interface PolygonLayer {
  source: string;
  crs: Crs;
  features: PolygonLayerFeature[];
}

/**
 * Parse the Polygon and MultiPolygon features of a FeatureCollection; `field` must be an attribute of
 * the collection (`fieldOption` names the CLI option in the error), other geometries are skipped.
 */
export function parsePolygonLayer(text: string, source: string, { field, fieldOption, what }: { field: string; fieldOption: string; what: string }): PolygonLayer {
  let fc: FeatureCollection & { crs?: { properties?: { name?: string } } };
  try {
    fc = JSON.parse(text) as typeof fc;
  } catch (error) {
    throw new DataError(`${source}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
  if (fc?.type !== "FeatureCollection" || !Array.isArray(fc.features)) throw new DataError(`${source}: not a GeoJSON FeatureCollection`);
  const crs = crsOfGeoJson(fc, source);
  const fields = new Set<string>();
  for (const f of fc.features) for (const k of Object.keys(f?.properties ?? {})) fields.add(k);
  if (fc.features.length > 0 && !fields.has(field))
    throw new InputError(`${source}: unknown ${what} field "${field}" (fields: ${[...fields].join(", ") || "none"})`, { field: fieldOption });
  const features: PolygonLayerFeature[] = [];
  fc.features.forEach((f: Feature<Geometry | null>, index) => {
    const g = f?.geometry;
    if (!g || (g.type !== "Polygon" && g.type !== "MultiPolygon")) return;
    features.push({ index, value: f.properties?.[field], polygons: g.type === "Polygon" ? [g.coordinates] : g.coordinates });
  });
  if (features.length === 0) throw new DataError(`${source}: no Polygon or MultiPolygon features`);
  return { source, crs, features };
}

/** Read a GeoJSON file's text; `what` ("labels", "regions") names it in errors. */
export function readGeoJsonText(path: string, what: string): string {
  return readTextFileSync(path, { what: `${what} file`, unreadable: "data" });
}
