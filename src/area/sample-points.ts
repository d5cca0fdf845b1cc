/**
 * @module area/sample-points
 * A drawn design as files for interpreters: GeoJSON points (RFC 7946: WGS 84
 * lon/lat, pixel centres) and CSV rows with the map's own coordinates too, plus
 * the frame's strata as CSV. The GeoJSON carries the whole design in a
 * `coca_design` member so that labels can be checked against it later.
 */
import type { FeatureCollection, Point } from "geojson";
import { pixelCenter, toWgs84Transform, type RasterGrid } from "../domain/raster-grid.ts";
import type { SampleDesign } from "../stats/stratified-design.ts";
import { csvLine } from "../io/csv.ts";

/** One sample point as written. */
export interface SamplePoint {
  unitId: string;
  stratum: string;
  mapClass: string;
  mapCode: number;
  row: number;
  col: number;
  /** Pixel centre in the map's CRS. */
  x: number;
  y: number;
  lon: number;
  lat: number;
  inclusionProbability: number;
}

/** The frame's strata as written to the strata CSV and the GeoJSON's `coca_design`. */
export interface FrameStratum {
  stratum: string;
  sizePx: number;
  sizeHa: number;
  sampleSize: number;
  inclusionProbability: number;
}

/** The design record stored in the GeoJSON (`coca_design`). */
export interface DesignRecord {
  design: SampleDesign["design"];
  seed: number;
  allocation?: string;
  map: string;
  strataRaster?: string;
  crs: { name: string; epsg?: number; proj4: string };
  width: number;
  height: number;
  geoTransform: readonly number[];
  /** Map class names (the legend reference labels must use). */
  legend: string[];
  strata: FrameStratum[];
  sampleSize: number;
  sampleSizeRule?: string;
  grid?: SampleDesign["grid"];
  warnings: string[];
}

/** Pixel centres of the units in map and WGS 84 coordinates. */
export function samplePoints(design: SampleDesign, grid: RasterGrid, mapCode: (index: number) => number, className: (code: number) => string): SamplePoint[] {
  const toWgs84 = toWgs84Transform(grid.crs, "the map's CRS");
  return design.units.map((u) => {
    const [x, y] = pixelCenter(grid, u.col, u.row);
    const [lon, lat] = toWgs84([x, y]);
    const code = mapCode(u.index);
    return {
      unitId: u.unitId,
      stratum: String(u.stratum),
      mapClass: className(code),
      mapCode: code,
      row: u.row,
      col: u.col,
      x,
      y,
      lon,
      lat,
      inclusionProbability: u.inclusionProbability,
    };
  });
}

/** GeoJSON FeatureCollection of the points, with `reference_class: null` for interpreters to fill. */
export function pointsToGeoJson(points: readonly SamplePoint[], record: DesignRecord): FeatureCollection<Point> & { coca_design: DesignRecord } {
  return {
    type: "FeatureCollection",
    coca_design: record,
    features: points.map((p) => ({
      type: "Feature",
      id: p.unitId,
      geometry: { type: "Point", coordinates: [round(p.lon, 8), round(p.lat, 8)] },
      properties: {
        unit_id: p.unitId,
        stratum: p.stratum,
        map_class: p.mapClass,
        map_code: p.mapCode,
        row: p.row,
        col: p.col,
        x: p.x,
        y: p.y,
        inclusion_probability: p.inclusionProbability,
        reference_class: null,
      },
    })),
  };
}

export const POINT_CSV_HEADER = [
  "unit_id",
  "stratum",
  "map_class",
  "map_code",
  "row",
  "col",
  "x",
  "y",
  "lon",
  "lat",
  "inclusion_probability",
  "reference_class",
];

/** CSV of the points (x, y in the map's CRS; lon, lat in WGS 84) with an empty reference_class column. */
export function pointsToCsv(points: readonly SamplePoint[]): string {
  const lines = [csvLine(POINT_CSV_HEADER)];
  for (const p of points) {
    lines.push(csvLine([p.unitId, p.stratum, p.mapClass, p.mapCode, p.row, p.col, p.x, p.y, round(p.lon, 8), round(p.lat, 8), p.inclusionProbability, ""]));
  }
  return `${lines.join("\n")}\n`;
}

/** CSV of the frame's strata: stratum,size_px,size_ha,sample_size,inclusion_probability. */
export function strataToCsv(strata: readonly FrameStratum[]): string {
  const lines = [csvLine(["stratum", "size_px", "size_ha", "sample_size", "inclusion_probability"])];
  for (const s of strata) lines.push(csvLine([s.stratum, s.sizePx, round(s.sizeHa, 6), s.sampleSize, s.inclusionProbability]));
  return `${lines.join("\n")}\n`;
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
