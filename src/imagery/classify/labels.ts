/**
 * @module imagery/classify/labels
 * Labelled training polygons: read from GeoJSON in any CRS the project knows (the legacy `crs` member,
 * else WGS 84 as RFC 7946 says), reprojected with proj4 to a raster grid, and rasterised by pixel
 * centre (GDAL's default rule: a pixel belongs to a polygon when its centre is inside).
 */
import type { Position } from "geojson";
import proj4 from "proj4";
import { DataError, InputError } from "../../domain/errors.ts";
import { mapToPixelTransform, sameCrs, type Crs, type RasterGrid } from "../../domain/raster-grid.ts";
import { parsePolygonLayer, readGeoJsonText } from "../read/polygon-layer.ts";

/** A polygon feature (MultiPolygons stay one labelled unit) with its class name. */
export interface LabelPolygon {
  /** 0-based index of the feature in the file. */
  index: number;
  className: string;
  /** Polygons, each a list of rings of [x, y] in the file's CRS. */
  polygons: Position[][][];
}

export interface LabelSet {
  source: string;
  crs: Crs;
  polygons: LabelPolygon[];
}

export { crsOfGeoJson } from "../read/polygon-layer.ts";

/** Parse labelled polygons from GeoJSON text; `classField` names the class attribute. */
export function parseLabels(text: string, source: string, classField: string): LabelSet {
  const layer = parsePolygonLayer(text, source, { field: classField, fieldOption: "class-field", what: "class" });
  const polygons: LabelPolygon[] = layer.features.map(({ index, value, polygons }) => {
    if (value === undefined || value === null || value === "") throw new DataError(`${source}: feature ${index} has no value in class field "${classField}"`);
    return { index, className: String(value), polygons };
  });
  return { source, crs: layer.crs, polygons };
}

/** Read labelled polygons from a GeoJSON file. */
export function readLabels(path: string, classField: string): LabelSet {
  return parseLabels(readGeoJsonText(path, "labels"), path, classField);
}

/** Labelled pixels of a grid. */
export interface LabelRaster {
  /** Index into `polygons` of the polygon covering each pixel, or -1. Row-major, grid-sized. */
  polygonOf: Int32Array;
  /** Class names, sorted; a polygon's class index is `classOfPolygon[p]`. */
  classes: string[];
  classOfPolygon: Uint8Array;
  /** Pixels per polygon. */
  pixelsOfPolygon: Int32Array;
}

/**
 * Rasterise labels onto a grid (pixel-centre rule). Where polygons overlap, the later one wins.
 * Throws InputError naming the file when a polygon covers no pixel centre of the grid (outside the scene).
 */
export function rasterizeLabels(labels: LabelSet, grid: RasterGrid): LabelRaster {
  const { width, height } = grid;
  const toPixel = mapToPixelTransform(grid, "the scene");
  let reproject: (p: Position) => Position = (p) => p;
  const same = sameCrs(labels.crs, grid.crs);
  if (!same) {
    try {
      const conv = proj4(labels.crs.proj4, grid.crs.proj4);
      reproject = (p) => conv.forward([p[0]!, p[1]!]);
    } catch (error) {
      throw new DataError(`${labels.source}: cannot reproject from ${labels.crs.name} to the scene's ${grid.crs.name}`, { cause: error });
    }
  }
  const classes = [...new Set(labels.polygons.map((p) => p.className))].sort();
  if (classes.length > 254) throw new DataError(`${labels.source}: ${classes.length} classes; at most 254 are supported`);
  const classOfPolygon = new Uint8Array(labels.polygons.map((p) => classes.indexOf(p.className)));
  const polygonOf = new Int32Array(width * height).fill(-1);
  const outside: number[] = [];
  const xs: number[] = [];
  labels.polygons.forEach((lp, p) => {
    const rings = lp.polygons.flat().map((ring) => ring.map((pt) => toPixel(...(reproject(pt) as [number, number]))));
    let minY = Infinity;
    let maxY = -Infinity;
    for (const ring of rings)
      for (const [, y] of ring) {
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
      }
    const r0 = Math.max(0, Math.ceil(minY - 0.5));
    const r1 = Math.min(height - 1, Math.floor(maxY - 0.5));
    for (let r = r0; r <= r1; r++) {
      const yc = r + 0.5;
      xs.length = 0;
      // Even-odd crossings of the row's centre line with every ring (holes and parts included).
      for (const ring of rings) {
        for (let i = 0; i + 1 < ring.length; i++) {
          const [xa, ya] = ring[i]!;
          const [xb, yb] = ring[i + 1]!;
          if (ya <= yc !== yb <= yc) xs.push(xa + ((yc - ya) / (yb - ya)) * (xb - xa));
        }
      }
      xs.sort((a, b) => a - b);
      for (let k = 0; k + 1 < xs.length; k += 2) {
        const c0 = Math.max(0, Math.ceil(xs[k]! - 0.5));
        const c1 = Math.min(width - 1, Math.ceil(xs[k + 1]! - 0.5) - 1);
        for (let c = c0; c <= c1; c++) polygonOf[r * width + c] = p;
      }
    }
  });
  const pixelsOfPolygon = new Int32Array(labels.polygons.length);
  for (let i = 0; i < polygonOf.length; i++) if (polygonOf[i]! >= 0) pixelsOfPolygon[polygonOf[i]!]!++;
  pixelsOfPolygon.forEach((n, p) => n === 0 && outside.push(labels.polygons[p]!.index));
  if (outside.length > 0)
    throw new InputError(
      `${labels.source}: ${outside.length} label polygon(s) cover no pixel of the scene (features ${outside.slice(0, 10).join(", ")}${outside.length > 10 ? ", ..." : ""}): outside the scene or smaller than a pixel`,
      { field: "labels" },
    );
  return { polygonOf, classes, classOfPolygon, pixelsOfPolygon };
}
