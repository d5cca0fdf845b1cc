/**
 * @module imagery/vectorize/flatgeobuf-polygons
 * A direct FlatGeobuf encoder for polygon features with a fixed set of Int, Double and String columns.
 * Each feature is written as a size-prefixed FlatBuffer laid out front to back (Feature vtable and table,
 * Geometry vtable and table, then the ends, xy and properties vectors), with every scalar aligned to its
 * size counting from the size prefix and each feature a multiple of 8 bytes long, as the flatgeobuf
 * package's own builder leaves them (its reader maps the xy doubles in place, which needs that alignment). The header comes
 * from the flatgeobuf package's own builder. Layout: FlatGeobuf feature.fbs and the FlatBuffers binary
 * format (https://flatbuffers.dev/internals/).
 */
import * as flatbuffers from "flatbuffers";
import { magicbytes } from "flatgeobuf/lib/mjs/constants.js";
import { Column } from "flatgeobuf/lib/mjs/flat-geobuf/column.js";
import { Crs } from "flatgeobuf/lib/mjs/flat-geobuf/crs.js";
import { Header } from "flatgeobuf/lib/mjs/flat-geobuf/header.js";
import { ColumnType } from "flatgeobuf/lib/mjs/flat-geobuf/column-type.js";
import { GeometryType } from "flatgeobuf/lib/mjs/flat-geobuf/geometry-type.js";
import { buildHeader } from "flatgeobuf/lib/mjs/generic/featurecollection.js";
import type { HeaderMeta } from "flatgeobuf/lib/mjs/header-meta.js";

export type PolygonColumn = { name: string; type: "int" | "double" | "string" };

/** One polygon: rings as flat [x0, y0, ..., x0, y0] arrays, and a value per column (in column order). */
export interface PolygonRecord {
  rings: readonly Float64Array[];
  values: readonly (number | string)[];
}

const COLUMN_TYPE = { int: ColumnType.Int, double: ColumnType.Double, string: ColumnType.String } as const;
const encoder = new TextEncoder();

const align = (p: number, n: number): number => (p + n - 1) & ~(n - 1);

// Fixed part of each feature buffer (positions from the buffer start, after the 4-byte size prefix):
// 0 root offset | 4 Feature vtable (8 bytes) | 12 Feature table (12) | 24 Geometry vtable (18) + pad |
// 44 Geometry table (16) | 60 vectors.
const FEATURE_VT = 4;
const FEATURE_T = 12;
const GEOM_VT = 24;
const GEOM_T = 44;
const VECTORS = 60;

/**
 * Encode polygons as a FlatGeobuf file (no spatial index) with CRS `epsg`. `name` is the layer's name (GDAL's layer
 * name; the flatgeobuf package's header builder names every layer "L1").
 */
export function encodePolygonsFlatGeobuf(
  columns: readonly PolygonColumn[],
  records: readonly PolygonRecord[],
  epsg: number,
  { name }: { name?: string } = {},
): Uint8Array {
  const header: HeaderMeta = {
    geometryType: GeometryType.Polygon,
    columns: columns.map((c) => ({
      name: c.name,
      type: COLUMN_TYPE[c.type],
      title: null,
      description: null,
      width: -1,
      precision: -1,
      scale: -1,
      nullable: false,
      unique: false,
      primary_key: false,
    })),
    envelope: null,
    featuresCount: records.length,
    indexNodeSize: 0,
    crs: null,
    title: null,
    description: null,
    metadata: null,
  };
  const head = name === undefined ? buildHeader(header, epsg) : buildNamedHeader(header, epsg, name);
  // With features, the header holds the 8-byte feature count, so the builder pads it to 8 bytes.
  if (records.length > 0 && head.length % 8 !== 0) throw new Error(`flatgeobuf header of ${head.length} bytes breaks feature alignment`);
  // Properties bytes and vector layout of each feature, then one buffer for all.
  const props: Uint8Array[] = [];
  const sizes = new Int32Array(records.length);
  let total = magicbytes.length + head.length;
  records.forEach((rec, k) => {
    let n = 0;
    const strings: Uint8Array[] = [];
    columns.forEach((c, i) => {
      if (c.type === "string") {
        const b = encoder.encode(String(rec.values[i]));
        strings.push(b);
        n += 2 + 4 + b.length;
      } else n += 2 + (c.type === "int" ? 4 : 8);
    });
    const p = new Uint8Array(n);
    const dv = new DataView(p.buffer);
    let o = 0;
    let s = 0;
    columns.forEach((c, i) => {
      dv.setUint16(o, i, true);
      o += 2;
      const v = rec.values[i]!;
      if (c.type === "int") {
        dv.setInt32(o, v as number, true);
        o += 4;
      } else if (c.type === "double") {
        dv.setFloat64(o, v as number, true);
        o += 8;
      } else {
        const b = strings[s++]!;
        dv.setUint32(o, b.length, true);
        p.set(b, o + 4);
        o += 4 + b.length;
      }
    });
    props.push(p);
    sizes[k] = featureSize(rec, p.length);
    total += 4 + sizes[k]!;
  });
  const out = new Uint8Array(total);
  out.set(magicbytes, 0);
  out.set(head, magicbytes.length);
  const view = new DataView(out.buffer);
  let at = magicbytes.length + head.length;
  records.forEach((rec, k) => {
    view.setUint32(at, sizes[k]!, true);
    writeFeature(out, view, at + 4, rec, props[k]!);
    at += 4 + sizes[k]!;
  });
  return out;
}

/** The flatgeobuf package's buildHeader with the layer's name given (same fields, same order). */
function buildNamedHeader(header: HeaderMeta, epsg: number, name: string): Uint8Array {
  const builder = new flatbuffers.Builder();
  const columnOffsets = Header.createColumnsVector(
    builder,
    (header.columns ?? []).map((c) => {
      const n = builder.createString(c.name);
      Column.startColumn(builder);
      Column.addName(builder, n);
      Column.addType(builder, c.type);
      return Column.endColumn(builder);
    }),
  );
  const nameOffset = builder.createString(name);
  let crsOffset = 0;
  if (epsg) {
    Crs.startCrs(builder);
    Crs.addCode(builder, epsg);
    crsOffset = Crs.endCrs(builder);
  }
  Header.startHeader(builder);
  if (crsOffset) Header.addCrs(builder, crsOffset);
  Header.addFeaturesCount(builder, BigInt(header.featuresCount));
  Header.addGeometryType(builder, header.geometryType);
  Header.addIndexNodeSize(builder, 0);
  if (header.columns && header.columns.length > 0) Header.addColumns(builder, columnOffsets);
  Header.addName(builder, nameOffset);
  builder.finishSizePrefixed(Header.endHeader(builder));
  return builder.asUint8Array();
}

function layout(rec: PolygonRecord, propsLength: number): { ends: number; xy: number; props: number; end: number; nVertices: number } {
  let nVertices = 0;
  for (const r of rec.rings) nVertices += r.length / 2;
  const hasEnds = rec.rings.length > 1;
  const ends = VECTORS;
  let p = hasEnds ? ends + 4 + 4 * rec.rings.length : VECTORS;
  // xy: u32 length placed so that the doubles start 8-aligned counting from the 4-byte size prefix.
  const xy = align(p, 8);
  p = xy + 4 + 16 * nVertices;
  const props = align(p, 4);
  return { ends: hasEnds ? ends : 0, xy, props, end: props + 4 + propsLength, nVertices };
}

function featureSize(rec: PolygonRecord, propsLength: number): number {
  // The size prefix plus the buffer make a multiple of 8 bytes.
  return align(layout(rec, propsLength).end + 4, 8) - 4;
}

function writeFeature(out: Uint8Array, view: DataView, base: number, rec: PolygonRecord, props: Uint8Array): void {
  const L = layout(rec, props.length);
  // Root offset to the Feature table.
  view.setUint32(base, FEATURE_T, true);
  // Feature vtable: size 8, table size 12, geometry at +4, properties at +8.
  view.setUint16(base + FEATURE_VT, 8, true);
  view.setUint16(base + FEATURE_VT + 2, 12, true);
  view.setUint16(base + FEATURE_VT + 4, 4, true);
  view.setUint16(base + FEATURE_VT + 6, 8, true);
  // Feature table.
  view.setInt32(base + FEATURE_T, FEATURE_T - FEATURE_VT, true);
  view.setUint32(base + FEATURE_T + 4, GEOM_T - (FEATURE_T + 4), true);
  view.setUint32(base + FEATURE_T + 8, L.props - (FEATURE_T + 8), true);
  // Geometry vtable: 7 fields (ends, xy, z, m, t, tm, type), table size 16.
  view.setUint16(base + GEOM_VT, 4 + 2 * 7, true);
  view.setUint16(base + GEOM_VT + 2, 16, true);
  view.setUint16(base + GEOM_VT + 4, L.ends ? 4 : 0, true);
  view.setUint16(base + GEOM_VT + 6, 8, true);
  view.setUint16(base + GEOM_VT + 16, 12, true);
  // Geometry table.
  view.setInt32(base + GEOM_T, GEOM_T - GEOM_VT, true);
  if (L.ends) view.setUint32(base + GEOM_T + 4, L.ends - (GEOM_T + 4), true);
  view.setUint32(base + GEOM_T + 8, L.xy - (GEOM_T + 8), true);
  out[base + GEOM_T + 12] = GeometryType.Polygon;
  // ends: cumulative vertex counts per ring.
  if (L.ends) {
    view.setUint32(base + L.ends, rec.rings.length, true);
    let e = 0;
    rec.rings.forEach((r, i) => {
      e += r.length / 2;
      view.setUint32(base + L.ends + 4 + 4 * i, e, true);
    });
  }
  // xy: doubles, little-endian (copied as bytes on little-endian machines, else written one by one).
  view.setUint32(base + L.xy, L.nVertices * 2, true);
  let o = base + L.xy + 4;
  for (const r of rec.rings) {
    if (LITTLE_ENDIAN) out.set(new Uint8Array(r.buffer, r.byteOffset, r.byteLength), o);
    else for (let i = 0; i < r.length; i++) view.setFloat64(o + 8 * i, r[i]!, true);
    o += r.byteLength;
  }
  view.setUint32(base + L.props, props.length, true);
  out.set(props, base + L.props + 4);
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
