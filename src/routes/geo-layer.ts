/**
 * @module routes/geo-layer
 * GeoJSON layers of route analysis (sources, targets, rivers, roads, protected areas, closures) brought into a
 * raster's CRS, and drawn onto its grid: points to their cell, lines to the cells within a half-width of them,
 * polygons to the cells whose centre they contain.
 */
import type { FeatureCollection, Geometry, Position } from "geojson";
import proj4 from "proj4";
import { DataError } from "../domain/errors.ts";
import type { Crs, RasterGrid } from "../domain/raster-grid.ts";
import { crsOfGeoJson, readGeoJsonText } from "../imagery/read/polygon-layer.ts";

export interface GeoLayer {
  source: string;
  /** Points, lines (vertex lists) and polygons (ring lists), in the target CRS. */
  points: Position[];
  lines: Position[][];
  polygons: Position[][][];
  /** Feature properties of each point, in order (for naming sources and targets). */
  pointProps: Record<string, unknown>[];
}

/** A function taking [x, y] in `from` to `to` (identity when they are the same CRS). */
export function transformer(from: Crs, to: Crs): (p: Position) => Position {
  if (from.proj4 === to.proj4) return (p) => [p[0]!, p[1]!];
  const t = proj4(from.proj4, to.proj4);
  return (p) => t.forward([p[0]!, p[1]!]);
}

/** Read a GeoJSON FeatureCollection and reproject it to `crs`. `what` names the layer in errors. */
export function readGeoLayer(path: string, crs: Crs, what: string): GeoLayer {
  const text = readGeoJsonText(path, what);
  let fc: FeatureCollection & { crs?: { properties?: { name?: string } } };
  try {
    fc = JSON.parse(text) as typeof fc;
  } catch (error) {
    throw new DataError(`${path}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
  if (fc?.type !== "FeatureCollection" || !Array.isArray(fc.features)) throw new DataError(`${path}: ${what} must be a GeoJSON FeatureCollection`);
  const t = transformer(crsOfGeoJson(fc, path), crs);
  const layer: GeoLayer = { source: path, points: [], lines: [], polygons: [], pointProps: [] };
  const add = (g: Geometry | null, props: Record<string, unknown>): void => {
    if (!g) return;
    switch (g.type) {
      case "Point":
        layer.points.push(t(g.coordinates));
        layer.pointProps.push(props);
        break;
      case "MultiPoint":
        for (const p of g.coordinates) {
          layer.points.push(t(p));
          layer.pointProps.push(props);
        }
        break;
      case "LineString":
        layer.lines.push(g.coordinates.map(t));
        break;
      case "MultiLineString":
        for (const l of g.coordinates) layer.lines.push(l.map(t));
        break;
      case "Polygon":
        layer.polygons.push(g.coordinates.map((ring) => ring.map(t)));
        break;
      case "MultiPolygon":
        for (const poly of g.coordinates) layer.polygons.push(poly.map((ring) => ring.map(t)));
        break;
      case "GeometryCollection":
        for (const sub of g.geometries) add(sub, props);
        break;
    }
  };
  for (const f of fc.features) add(f?.geometry ?? null, (f?.properties ?? {}) as Record<string, unknown>);
  return layer;
}

/** The cell (col, row) holding map point (x, y), or undefined outside the grid (north-up grids). */
export function cellOf(grid: RasterGrid, x: number, y: number): { col: number; row: number } | undefined {
  const gt = grid.geoTransform;
  const col = Math.floor((x - gt[0]) / gt[1]);
  const row = Math.floor((y - gt[3]) / gt[5]);
  if (!(col >= 0 && col < grid.width && row >= 0 && row < grid.height)) return undefined;
  return { col, row };
}

/** Set `mask` at the cells whose centre lies within `halfWidth` map units of a line (at least the cells it crosses). */
export function drawLines(mask: Uint8Array, grid: RasterGrid, lines: readonly Position[][], halfWidth: number): void {
  const gt = grid.geoTransform;
  const px = Math.abs(gt[1]);
  const py = Math.abs(gt[5]);
  // A line always marks the cells it passes through: reach at least half a cell diagonal.
  const reach = Math.max(halfWidth, 0.5 * Math.hypot(px, py));
  for (const line of lines) {
    for (let i = 1; i < line.length; i++) {
      const [x1, y1] = line[i - 1]!;
      const [x2, y2] = line[i]!;
      const c0 = Math.max(0, Math.floor((Math.min(x1!, x2!) - reach - gt[0]) / gt[1]));
      const c1 = Math.min(grid.width - 1, Math.floor((Math.max(x1!, x2!) + reach - gt[0]) / gt[1]));
      const r0 = Math.max(0, Math.floor((Math.max(y1!, y2!) + reach - gt[3]) / gt[5]));
      const r1 = Math.min(grid.height - 1, Math.floor((Math.min(y1!, y2!) - reach - gt[3]) / gt[5]));
      const dx = x2! - x1!;
      const dy = y2! - y1!;
      const len2 = dx * dx + dy * dy;
      for (let r = r0; r <= r1; r++) {
        const cy = gt[3] + (r + 0.5) * gt[5];
        for (let c = c0; c <= c1; c++) {
          const cx = gt[0] + (c + 0.5) * gt[1];
          const u = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((cx - x1!) * dx + (cy - y1!) * dy) / len2));
          const ex = x1! + u * dx - cx;
          const ey = y1! + u * dy - cy;
          if (ex * ex + ey * ey <= reach * reach) mask[r * grid.width + c] = 1;
        }
      }
    }
  }
}

/** Set `mask` at the cells whose centre is inside a polygon (even-odd over all its rings, so holes stay out). */
export function drawPolygons(mask: Uint8Array, grid: RasterGrid, polygons: readonly Position[][][]): void {
  const gt = grid.geoTransform;
  for (const rings of polygons) {
    let minX = Infinity,
      maxX = -Infinity,
      minY = Infinity,
      maxY = -Infinity;
    for (const p of rings[0] ?? []) {
      minX = Math.min(minX, p[0]!);
      maxX = Math.max(maxX, p[0]!);
      minY = Math.min(minY, p[1]!);
      maxY = Math.max(maxY, p[1]!);
    }
    const c0 = Math.max(0, Math.floor((minX - gt[0]) / gt[1]));
    const c1 = Math.min(grid.width - 1, Math.floor((maxX - gt[0]) / gt[1]));
    const r0 = Math.max(0, Math.floor((maxY - gt[3]) / gt[5]));
    const r1 = Math.min(grid.height - 1, Math.floor((minY - gt[3]) / gt[5]));
    for (let r = r0; r <= r1; r++) {
      const cy = gt[3] + (r + 0.5) * gt[5];
      for (let c = c0; c <= c1; c++) {
        const cx = gt[0] + (c + 0.5) * gt[1];
        let inside = false;
        for (const ring of rings) {
          for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
            const [xi, yi] = ring[i]!;
            const [xj, yj] = ring[j]!;
            if (yi! > cy !== yj! > cy && cx < ((xj! - xi!) * (cy - yi!)) / (yj! - yi!) + xi!) inside = !inside;
          }
        }
        if (inside) mask[r * grid.width + c] = 1;
      }
    }
  }
}
