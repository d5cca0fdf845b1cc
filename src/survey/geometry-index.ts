/**
 * @module survey/geometry-index
 * A survey's vector layers as rows for the store's spatial tables (migration 9): its regions (from the
 * regions GeoJSON), its sample points (from sample.geojson) and the tile index of its class map (each
 * tile's pixel window and WGS 84 footprint). Pure functions; the store writes the rows with the survey.
 */
import type { RasterGrid } from "../domain/raster-grid.ts";
import { pixelToMap, toWgs84Transform } from "../domain/raster-grid.ts";
import type { SurveyRegionRow, SurveySamplePointRow, SurveyTileRow } from "../domain/survey-record.ts";

export type Bbox = [number, number, number, number];

/** Tile size of the class map's tile index, px (the COG's block size). */
export const TILE_INDEX_SIZE_PX = 512;

/** Bounding box [minLon, minLat, maxLon, maxLat] of a GeoJSON geometry's coordinates (iterative walk), or undefined when it has none. */
export function geometryBbox(geometry: unknown): Bbox | undefined {
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  const stack: unknown[] = [geometry];
  while (stack.length > 0) {
    const g = stack.pop();
    if (Array.isArray(g)) {
      if (g.length >= 2 && typeof g[0] === "number" && typeof g[1] === "number") {
        const [x, y] = g as [number, number];
        if (Number.isFinite(x) && Number.isFinite(y)) {
          if (x < minX) minX = x;
          if (x > maxX) maxX = x;
          if (y < minY) minY = y;
          if (y > maxY) maxY = y;
        }
      } else for (const c of g) stack.push(c);
    } else if (g !== null && typeof g === "object") {
      const o = g as { coordinates?: unknown; geometries?: unknown };
      if (o.coordinates !== undefined) stack.push(o.coordinates);
      if (Array.isArray(o.geometries)) for (const c of o.geometries) stack.push(c);
    }
  }
  return minX <= maxX && minY <= maxY ? [minX, minY, maxX, maxY] : undefined;
}

interface GeoJsonLike {
  features?: unknown;
}

function featuresOf(collection: unknown): { geometry?: unknown; properties?: Record<string, unknown> | null; id?: unknown }[] {
  const features = (collection as GeoJsonLike | null)?.features;
  return Array.isArray(features) ? (features as { geometry?: unknown; properties?: Record<string, unknown> | null }[]) : [];
}

/** The regions of a regions GeoJSON (already validated by the survey's reader): one row per feature with a geometry and a name in `nameField`. */
export function regionRowsOf(collection: unknown, nameField: string): SurveyRegionRow[] {
  const rows: SurveyRegionRow[] = [];
  featuresOf(collection).forEach((f, i) => {
    const name = f.properties?.[nameField];
    const bbox = f.geometry ? geometryBbox(f.geometry) : undefined;
    if (typeof name !== "string" || !bbox) return;
    rows.push({ regionId: i + 1, name, bbox, geometry: f.geometry });
  });
  return rows;
}

/** The points of a design's sample.geojson (area/sample-points.ts writes it). */
export function samplePointRowsOf(collection: unknown): SurveySamplePointRow[] {
  const rows: SurveySamplePointRow[] = [];
  for (const f of featuresOf(collection)) {
    const p = f.properties ?? {};
    const c = (f.geometry as { type?: string; coordinates?: unknown } | undefined)?.coordinates;
    if (!Array.isArray(c) || typeof c[0] !== "number" || typeof c[1] !== "number") continue;
    const unitId = p.unit_id ?? f.id;
    if (typeof unitId !== "string" && typeof unitId !== "number") continue;
    rows.push({ unitId: String(unitId), stratum: String(p.stratum ?? ""), mapClass: String(p.map_class ?? ""), lon: c[0], lat: c[1], properties: p });
  }
  return rows;
}

/** The tile index of a class map on `grid`: tiles of `sizePx` row-major, each with its window and WGS 84 footprint (corners and edge midpoints). */
export function tileIndexOf(grid: RasterGrid, sizePx = TILE_INDEX_SIZE_PX): SurveyTileRow[] {
  const toWgs84 = toWgs84Transform(grid.crs, "the class map's CRS");
  const rows: SurveyTileRow[] = [];
  for (let tr = 0; tr * sizePx < grid.height; tr++) {
    for (let tc = 0; tc * sizePx < grid.width; tc++) {
      const x0 = tc * sizePx,
        y0 = tr * sizePx;
      const x1 = Math.min(x0 + sizePx, grid.width),
        y1 = Math.min(y0 + sizePx, grid.height);
      const xm = (x0 + x1) / 2,
        ym = (y0 + y1) / 2;
      const ring = (
        [
          [x0, y0],
          [xm, y0],
          [x1, y0],
          [x1, ym],
          [x1, y1],
          [xm, y1],
          [x0, y1],
          [x0, ym],
          [x0, y0],
        ] as const
      ).map(([c, r]) => toWgs84(pixelToMap(grid, c, r)));
      const geometry = { type: "Polygon", coordinates: [ring] };
      rows.push({ tileCol: tc, tileRow: tr, window: { x0, y0, x1, y1 }, bbox: geometryBbox(geometry)!, geometry });
    }
  }
  return rows;
}
