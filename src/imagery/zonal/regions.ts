/**
 * @module imagery/zonal/regions
 * Region polygons (departments, provinces, strata) from GeoJSON, projected onto a raster grid's pixel space.
 */
import type { Position } from "geojson";
import proj4 from "proj4";
import { DataError } from "../../domain/errors.ts";
import { mapToPixelTransform, sameCrs, type Crs, type RasterGrid } from "../../domain/raster-grid.ts";
import { parsePolygonLayer, readGeoJsonText } from "../read/polygon-layer.ts";

export interface Region {
  name: string;
  /** 0-based index of the feature in the file (for messages). */
  index?: number;
  /** Polygons, each a list of rings of [x, y] in the regions' CRS. */
  polygons: Position[][][];
}

export interface RegionSet {
  source: string;
  crs: Crs;
  regions: Region[];
}

/** Parse region polygons from GeoJSON text; each feature's name comes from `nameField` (default "name"). */
export function parseRegions(text: string, source: string, nameField = "name"): RegionSet {
  const layer = parsePolygonLayer(text, source, { field: nameField, fieldOption: "name-field", what: "name" });
  const regions: Region[] = layer.features.map(({ index, value, polygons }) => ({
    name: value === undefined || value === null ? `feature ${index}` : String(value),
    index,
    polygons,
  }));
  return { source, crs: layer.crs, regions };
}

export function readRegions(path: string, nameField?: string): RegionSet {
  return parseRegions(readGeoJsonText(path, "regions"), path, nameField);
}

/** Longest edge kept when reprojecting between CRSs: longer edges are split first, so they bend as they should. */
const DENSIFY_DEG = 0.01;
const DENSIFY_M = 1000;

/**
 * Bounds of densification: vertices added to one edge (10,000: an edge of 100 degrees or 10,000 km) and vertices
 * of one region after densification. Past either, the region is refused rather than densified without end.
 */
export const DENSIFY_LIMITS = { maxVerticesPerEdge: 10_000, maxVerticesPerRegion: 5_000_000 } as const;

/**
 * A region's rings in the grid's pixel space (x = column, y = row, both continuous), reprojected with proj4
 * when the CRSs differ (edges densified to 0.01 degree or 1 km first).
 */
export function regionRingsInPixels(set: RegionSet, region: Region, grid: RasterGrid): number[][] {
  const toPixel = mapToPixelTransform(grid, "the class map");
  const same = sameCrs(set.crs, grid.crs);
  let forward: (p: Position) => [number, number];
  if (same) forward = (p) => [p[0]!, p[1]!];
  else {
    let conv: proj4.Converter;
    try {
      conv = proj4(set.crs.proj4, grid.crs.proj4);
    } catch (error) {
      throw new DataError(`${set.source}: cannot reproject from ${set.crs.name} to the class map's ${grid.crs.name}`, { cause: error });
    }
    forward = (p) => conv.forward([p[0]!, p[1]!]) as [number, number];
  }
  const step = same ? Infinity : set.crs.geographic ? DENSIFY_DEG : DENSIFY_M;
  const rings: number[][] = [];
  const label = `region "${region.name}"${region.index === undefined ? "" : ` (feature ${region.index})`}`;
  let total = 0;
  for (const polygon of region.polygons) {
    for (const ring of polygon) {
      const out: number[] = [];
      const push = (p: Position): void => {
        const [x, y] = forward(p);
        if (!Number.isFinite(x) || !Number.isFinite(y)) throw new DataError(`${set.source}: ${label} does not reproject to the class map's ${grid.crs.name}`);
        const [col, row] = toPixel(x, y);
        out.push(col, row);
      };
      for (let i = 0; i < ring.length; i++) {
        const a = ring[i]!;
        push(a);
        const b = ring[i + 1];
        total++;
        if (!b || step === Infinity) continue;
        const n = Math.ceil(Math.hypot(b[0]! - a[0]!, b[1]! - a[1]!) / step);
        if (!(n <= DENSIFY_LIMITS.maxVerticesPerEdge)) {
          throw new DataError(
            `${set.source}: ${label}: the edge from vertex ${i} (${a[0]}, ${a[1]}) is too long to reproject: ${n} steps of ${step} ${set.crs.geographic ? "degrees" : "m"}, more than ${DENSIFY_LIMITS.maxVerticesPerEdge} (are the coordinates in ${set.crs.name}?)`,
          );
        }
        total += n - 1;
        if (total > DENSIFY_LIMITS.maxVerticesPerRegion) {
          throw new DataError(
            `${set.source}: ${label}: more than ${DENSIFY_LIMITS.maxVerticesPerRegion} vertices once densified for reprojection; simplify it first`,
          );
        }
        for (let k = 1; k < n; k++) push([a[0]! + ((b[0]! - a[0]!) * k) / n, a[1]! + ((b[1]! - a[1]!) * k) / n]);
      }
      rings.push(out);
    }
  }
  return rings;
}
