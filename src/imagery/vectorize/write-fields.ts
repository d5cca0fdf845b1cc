/**
 * @module imagery/vectorize/write-fields
 * Fields to GeoJSON (RFC 7946: WGS 84 longitude/latitude) and FlatGeobuf (the class map's own CRS when it
 * has an EPSG code, otherwise WGS 84), with the one field schema (domain/field-properties.ts) and, in
 * FlatGeobuf, the layer named `fields`.
 */
import type { Feature, FeatureCollection, Polygon } from "geojson";
import { encodePolygonsFlatGeobuf, type PolygonColumn } from "./flatgeobuf-polygons.ts";
import { InputError } from "../../domain/errors.ts";
import { FIELD_PROPERTY_NAMES, FIELD_PROPERTY_TYPES, FIELDS_LAYER_NAME, type FieldProperties } from "../../domain/field-properties.ts";
import { toWgs84Transform, type Crs } from "../../domain/raster-grid.ts";
import { writeFileAtomic } from "../../io/atomic-write.ts";
import type { Field } from "./fields.ts";

export type { FieldProperties } from "../../domain/field-properties.ts";

/** What a field's properties need besides the field: the class code of the fields (or of each field), and the region of each field (none: null). */
export interface FieldContext {
  classCode: number | ((f: Field) => number);
  regionOf?: (f: Field) => string | null;
}

/** A field's properties in the one field schema. */
export function propertiesOfField(f: Field, ctx: FieldContext): FieldProperties {
  return {
    field_id: f.fieldId,
    class_code: typeof ctx.classCode === "number" ? ctx.classCode : ctx.classCode(f),
    class_name: f.className,
    area_ha: f.areaHa,
    pixel_count: f.pixelCount,
    region: ctx.regionOf ? ctx.regionOf(f) : null,
  };
}

const round = (v: number, digits: number): number => Math.round(v * 10 ** digits) / 10 ** digits;

/**
 * Fields as a GeoJSON FeatureCollection. `wgs84` (default true) reprojects to WGS 84 as RFC 7946
 * requires (coordinates rounded to 1e-8 degrees, about 1 mm); `false` keeps the class map's CRS.
 */
export function fieldsToGeoJson(
  fields: readonly Field[],
  crs: Crs,
  ctx: FieldContext,
  { wgs84 = true } = {},
): FeatureCollection<Polygon, FieldProperties> & { name: string } {
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
    properties: propertiesOfField(f, ctx),
  }));
  // `name` (as GDAL's GeoJSON driver writes it) names the layer in QGIS and ogrinfo.
  return { type: "FeatureCollection", name: FIELDS_LAYER_NAME, features };
}

/**
 * Fields as FlatGeobuf bytes (no spatial index), encoded straight from the flat rings. `wgs84` reprojects;
 * otherwise coordinates stay in `crs`. The file is tagged with `epsg`.
 */
export function fieldsToFlatGeobuf(fields: readonly Field[], crs: Crs, epsg: number, ctx: FieldContext, { wgs84 = false } = {}): Uint8Array {
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
    values: Object.values(propertiesOfField(f, ctx)),
  }));
  return encodePolygonsFlatGeobuf(FIELD_COLUMNS, records, epsg, {
    name: FIELDS_LAYER_NAME,
    description: "fields of one class of a class map; area_ha in hectares",
  });
}

const FIELD_COLUMNS: PolygonColumn[] = FIELD_PROPERTY_NAMES.map((name) => ({
  name,
  type: FIELD_PROPERTY_TYPES[name],
  nullable: name === "region" || name === "pixel_count",
}));

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
export function writeFields(path: string, fields: readonly Field[], crs: Crs, ctx: FieldContext): { epsg: number } {
  const format = fieldFormatOf(path);
  if (format === "geojson") {
    writeFileAtomic(path, `${JSON.stringify(fieldsToGeoJson(fields, crs, ctx))}\n`);
    return { epsg: 4326 };
  }
  const native = crs.epsg !== undefined;
  const epsg = native ? crs.epsg! : 4326;
  writeFileAtomic(path, fieldsToFlatGeobuf(fields, crs, epsg, ctx, { wgs84: !native }));
  return { epsg };
}
