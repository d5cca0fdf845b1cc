/**
 * @module imagery/read/polygon-layer
 * A GeoJSON FeatureCollection of polygons with one attribute of interest (a class for
 * training labels, a name for regions), its CRS from the legacy `crs` member (WGS 84
 * when absent), read with errors that name the file.
 */
import type { Position } from "geojson";
import { z } from "zod";
import { DataError, InputError } from "../../domain/errors.ts";
import { readTextFileSync } from "../../io/read-file.ts";
import { WGS84, type Crs } from "../../domain/raster-grid.ts";
import { crsFromEpsg } from "../../raster/read/epsg.ts";

/** The CRS named by a GeoJSON `crs` member (e.g. "urn:ogc:def:crs:EPSG::32622", "EPSG:4674", OGC CRS84). */
export function crsOfGeoJson(fc: { crs?: { properties?: { name?: string } } | null }, source: string): Crs {
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

/** Limits of a polygon layer; a file past them is refused with a DataError naming it. */
export const POLYGON_LAYER_LIMITS = {
  /** Vertices in the whole file. */
  maxVertices: 20_000_000,
  /** Features in the whole file. */
  maxFeatures: 1_000_000,
} as const;

/** The envelope of a FeatureCollection; geometries are checked by `checkPolygons` (iteratively, with positions named). */
const featureSchema = z
  .object({
    type: z.literal("Feature"),
    properties: z.record(z.string(), z.unknown()).nullish(),
    geometry: z.object({ type: z.string(), coordinates: z.unknown().optional() }).loose().nullish(),
  })
  .loose();
const collectionSchema = z
  .object({
    type: z.literal("FeatureCollection"),
    features: z.array(z.unknown()).max(POLYGON_LAYER_LIMITS.maxFeatures),
    crs: z
      .object({ properties: z.object({ name: z.string().optional() }).loose().optional() })
      .loose()
      .nullish(),
  })
  .loose();

/** The first zod issue as "path: message". */
function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  return `${issue.path.length > 0 ? `${issue.path.join(".")}: ` : ""}${issue.message}`;
}

/**
 * Check that `coordinates` is `depth` levels of arrays (2 = a Polygon's rings, 3 = a MultiPolygon's polygons) of
 * positions of two or more finite numbers, with rings of at least 3 positions, walking the arrays iteratively (a
 * deeply nested array cannot overflow the stack). Returns the polygons and the vertex count; the error names
 * the polygon, ring and vertex at fault.
 */
function checkPolygons(coordinates: unknown, multi: boolean, where: string): { polygons: Position[][][]; vertices: number } {
  const bad = (path: string, what: string): DataError => new DataError(`${where}: ${path} ${what}`);
  if (!Array.isArray(coordinates)) throw bad("coordinates", "is not an array");
  const polygons = (multi ? coordinates : [coordinates]) as unknown[];
  let vertices = 0;
  for (let p = 0; p < polygons.length; p++) {
    const polygon = polygons[p];
    const pName = multi ? `polygon ${p} ` : "";
    if (!Array.isArray(polygon)) throw bad(`${pName}coordinates`.trim(), "is not an array of rings");
    if (polygon.length === 0) throw bad(`${pName}coordinates`.trim(), "has no rings");
    for (let r = 0; r < polygon.length; r++) {
      const ring = polygon[r] as unknown;
      if (!Array.isArray(ring)) throw bad(`${pName}ring ${r}`, "is not an array of positions");
      if (ring.length < 3) throw bad(`${pName}ring ${r}`, `has ${ring.length} positions (a ring needs at least 3)`);
      for (let v = 0; v < ring.length; v++) {
        const pos = ring[v] as unknown;
        if (!Array.isArray(pos) || pos.length < 2 || !Number.isFinite(pos[0]) || !Number.isFinite(pos[1])) {
          throw bad(`${pName}ring ${r} position ${v}`, "is not a position of two finite numbers");
        }
      }
      vertices += ring.length;
    }
  }
  return { polygons: polygons as Position[][][], vertices };
}

/**
 * Parse the Polygon and MultiPolygon features of a FeatureCollection; `field` must be an attribute of
 * the collection (`fieldOption` names the CLI option in the error), other geometries are skipped. The collection
 * and each feature are validated (zod for the envelope, an iterative walk for coordinates); a malformed one is a
 * DataError naming the file and the feature's index.
 */
export function parsePolygonLayer(
  text: string,
  source: string,
  { field, fieldOption, what }: { field: string; fieldOption: string; what: string },
): PolygonLayer {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new DataError(`${source}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
  const fc = collectionSchema.safeParse(raw);
  if (!fc.success) throw new DataError(`${source}: not a GeoJSON FeatureCollection (${firstIssue(fc.error)})`);
  const crs = crsOfGeoJson({ crs: fc.data.crs ?? undefined }, source);
  const fields = new Set<string>();
  const parsed = fc.data.features.map((f, index) => {
    const feature = featureSchema.safeParse(f);
    if (!feature.success) throw new DataError(`${source}: feature ${index} is not a GeoJSON Feature (${firstIssue(feature.error)})`);
    for (const k of Object.keys(feature.data.properties ?? {})) fields.add(k);
    return feature.data;
  });
  if (parsed.length > 0 && !fields.has(field))
    throw new InputError(`${source}: unknown ${what} field "${field}" (fields: ${[...fields].join(", ") || "none"})`, { field: fieldOption });
  const features: PolygonLayerFeature[] = [];
  let vertices = 0;
  parsed.forEach((f, index) => {
    const g = f.geometry;
    if (!g || (g.type !== "Polygon" && g.type !== "MultiPolygon")) return;
    const checked = checkPolygons(g.coordinates, g.type === "MultiPolygon", `${source}: feature ${index} (${g.type})`);
    vertices += checked.vertices;
    if (vertices > POLYGON_LAYER_LIMITS.maxVertices) {
      throw new DataError(`${source}: more than ${POLYGON_LAYER_LIMITS.maxVertices} vertices (at feature ${index}); simplify the polygons first`);
    }
    const value = f.properties?.[field];
    if (value !== null && typeof value === "object") {
      throw new DataError(
        `${source}: feature ${index}: ${what} field "${field}" is ${Array.isArray(value) ? "an array" : "an object"}, not a string or number`,
      );
    }
    features.push({ index, value, polygons: checked.polygons });
  });
  if (features.length === 0) throw new DataError(`${source}: no Polygon or MultiPolygon features`);
  return { source, crs, features };
}

/** Read a GeoJSON file's text; `what` ("labels", "regions") names it in errors. */
export function readGeoJsonText(path: string, what: string): string {
  return readTextFileSync(path, { what: `${what} file`, unreadable: "data" });
}
