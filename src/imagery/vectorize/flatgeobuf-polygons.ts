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
// flatbuffers is the flatgeobuf package's own dependency (its generated Header/Column/Crs tables take its Builder).
import { Builder } from "flatbuffers";
import { magicbytes } from "flatgeobuf/lib/mjs/constants.js";
import { Column } from "flatgeobuf/lib/mjs/flat-geobuf/column.js";
import { ColumnType } from "flatgeobuf/lib/mjs/flat-geobuf/column-type.js";
import { Crs } from "flatgeobuf/lib/mjs/flat-geobuf/crs.js";
import { GeometryType } from "flatgeobuf/lib/mjs/flat-geobuf/geometry-type.js";
import { Header } from "flatgeobuf/lib/mjs/flat-geobuf/header.js";

export type PolygonColumn = { name: string; type: "int" | "double" | "string"; nullable?: boolean };

/** One polygon: rings as flat [x0, y0, ..., x0, y0] arrays, and a value per column (in column order); null leaves the property out. */
export interface PolygonRecord {
  rings: readonly Float64Array[];
  values: readonly (number | string | null)[];
}

/** What the header says about the layer: its name (what `ogrinfo` lists; the flatgeobuf package writes `L1`), title and description. */
export interface LayerMeta {
  name: string;
  title?: string;
  description?: string;
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
 * The FlatGeobuf header (size-prefixed Header table, FlatGeobuf header.fbs): the layer's name, title and
 * description, polygon geometry, the columns, the feature count, no index, and CRS `epsg` (0: none).
 */
export function buildPolygonHeader(columns: readonly PolygonColumn[], featuresCount: number, epsg: number, layer: LayerMeta): Uint8Array {
  const b = new Builder();
  const columnOffsets = columns.map((c) => {
    const name = b.createString(c.name);
    Column.startColumn(b);
    Column.addName(b, name);
    Column.addType(b, COLUMN_TYPE[c.type]);
    if (c.nullable === false) Column.addNullable(b, false);
    return Column.endColumn(b);
  });
  const columnsVector = columnOffsets.length > 0 ? Header.createColumnsVector(b, columnOffsets) : 0;
  const name = b.createString(layer.name);
  const title = layer.title !== undefined ? b.createString(layer.title) : 0;
  const description = layer.description !== undefined ? b.createString(layer.description) : 0;
  let crs = 0;
  if (epsg) {
    Crs.startCrs(b);
    Crs.addCode(b, epsg);
    crs = Crs.endCrs(b);
  }
  Header.startHeader(b);
  if (crs) Header.addCrs(b, crs);
  Header.addFeaturesCount(b, BigInt(featuresCount));
  Header.addGeometryType(b, GeometryType.Polygon);
  Header.addIndexNodeSize(b, 0);
  if (columnsVector) Header.addColumns(b, columnsVector);
  Header.addName(b, name);
  if (title) Header.addTitle(b, title);
  if (description) Header.addDescription(b, description);
  b.finishSizePrefixed(Header.endHeader(b));
  return b.asUint8Array();
}

/** Encode polygons as a FlatGeobuf file (no spatial index) with CRS `epsg`, as the layer `layer.name`. */
export function encodePolygonsFlatGeobuf(
  columns: readonly PolygonColumn[],
  records: readonly PolygonRecord[],
  epsg: number,
  layer: LayerMeta = { name: "polygons" },
): Uint8Array {
  const head = buildPolygonHeader(columns, records.length, epsg, layer);
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
      if (rec.values[i] === null) return;
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
      const v = rec.values[i];
      if (v === null || v === undefined) return;
      dv.setUint16(o, i, true);
      o += 2;
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
