/**
 * @module imagery/vectorize/write-fields
 * Fields to GeoJSON (RFC 7946: WGS 84 longitude/latitude) and FlatGeobuf (the class map's own CRS when it
 * has an EPSG code, otherwise WGS 84).
 */
import type { Feature, FeatureCollection, Polygon } from "geojson";
import { encodePolygonsFlatGeobuf, type PolygonColumn } from "./flatgeobuf-polygons.ts";
import { InputError } from "../../domain/errors.ts";
import { toWgs84Transform, type Crs } from "../../domain/raster-grid.ts";
import { writeFileAtomic } from "../../io/atomic-write.ts";
import type { Field } from "./fields.ts";

/** Properties written for each field. */
export interface FieldProperties {
  fieldId: number;
  className: string;
  areaHa: number;
  pixelCount: number;
}

const round = (v: number, digits: number): number => Math.round(v * 10 ** digits) / 10 ** digits;

/**
 * Fields as a GeoJSON FeatureCollection. `wgs84` (default true) reprojects to WGS 84 as RFC 7946
 * requires (coordinates rounded to 1e-8 degrees, about 1 mm); `false` keeps the class map's CRS.
 */
export function fieldsToGeoJson(fields: readonly Field[], crs: Crs, { wgs84 = true } = {}): FeatureCollection<Polygon, FieldProperties> {
  const map = wgs84 ? toWgs84Transform(crs, "the class map's CRS") : undefined;
  const features: Feature<Polygon, FieldProperties>[] = fields.map((f) => ({
    type: "Feature",
    geometry: {
      type: "Polygon",
      coordinates: f.rings.map((ring) => {
        const pts: [number, number][] = [];
        for (let i = 0; i < ring.length; i += 2) {
          if (!map) pts.push([ring[i]!, ring[i + 1]!]);
          else {
            const [x, y] = map([ring[i]!, ring[i + 1]!]);
            pts.push([round(x, 8), round(y, 8)]);
          }
        }
        return pts;
      }),
    },
    properties: { fieldId: f.fieldId, className: f.className, areaHa: f.areaHa, pixelCount: f.pixelCount },
  }));
  return { type: "FeatureCollection", features };
}

/**
 * Fields as FlatGeobuf bytes (no spatial index), encoded straight from the flat rings. `wgs84` reprojects;
 * otherwise coordinates stay in `crs`. The file is tagged with `epsg`.
 */
export function fieldsToFlatGeobuf(fields: readonly Field[], crs: Crs, epsg: number, { wgs84 = false } = {}): Uint8Array {
  const map = wgs84 ? toWgs84Transform(crs, "the class map's CRS") : undefined;
  const records = fields.map((f) => ({
    rings: map
      ? f.rings.map((r) => {
          const out = new Float64Array(r.length);
          for (let i = 0; i < r.length; i += 2) {
            const [x, y] = map([r[i]!, r[i + 1]!]);
            out[i] = x;
            out[i + 1] = y;
          }
          return out;
        })
      : f.rings,
    values: [f.fieldId, f.className, f.areaHa, f.pixelCount],
  }));
  return encodePolygonsFlatGeobuf(FIELD_COLUMNS, records, epsg);
}

const FIELD_COLUMNS: PolygonColumn[] = [
  { name: "fieldId", type: "int" },
  { name: "className", type: "string" },
  { name: "areaHa", type: "double" },
  { name: "pixelCount", type: "int" },
];

export type FieldFormat = "geojson" | "fgb";

/** The output format from a file name (.geojson/.json or .fgb). */
export function fieldFormatOf(path: string): FieldFormat {
  if (/\.(geo)?json$/i.test(path)) return "geojson";
  if (/\.fgb$/i.test(path)) return "fgb";
  throw new InputError(`output ${path}: unknown format; use a .geojson or .fgb file name`, { field: "out" });
}

/**
 * Write fields atomically. GeoJSON: WGS 84 (RFC 7946). FlatGeobuf: the class map's CRS when it has an
 * EPSG code (areas and edges stay exact in a projected CRS), otherwise WGS 84.
 * @returns the EPSG code of the written coordinates
 */
export function writeFields(path: string, fields: readonly Field[], crs: Crs): { epsg: number } {
  const format = fieldFormatOf(path);
  if (format === "geojson") {
    writeFileAtomic(path, `${JSON.stringify(fieldsToGeoJson(fields, crs))}\n`);
    return { epsg: 4326 };
  }
  const native = crs.epsg !== undefined;
  const epsg = native ? crs.epsg! : 4326;
  writeFileAtomic(path, fieldsToFlatGeobuf(fields, crs, epsg, { wgs84: !native }));
  return { epsg };
}
