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
import { csvLayer, type CsvColumn, type CsvLayer } from "../io/csv.ts";

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

/**
 * The sample CSV's columns and their .csvt types: x, y in the map's CRS (m, to the mm), lon, lat in WGS 84 (1e-8 degrees,
 * about 1 mm) as the point's CoordX/CoordY (with a WGS 84 .prj, QGIS and GDAL open the CSV as a point layer).
 */
export const POINT_CSV_COLUMNS: readonly CsvColumn[] = [
  ["unit_id", "String"],
  ["stratum", "String"],
  ["map_class", "String"],
  ["map_code", "Integer"],
  ["row", "Integer"],
  ["col", "Integer"],
  ["x", "Real"],
  ["y", "Real"],
  ["lon", "CoordX"],
  ["lat", "CoordY"],
  ["inclusion_probability", "Real"],
  ["reference_class", "String"],
];

export const POINT_CSV_HEADER = POINT_CSV_COLUMNS.map((c) => c[0]);

/** The points as CSV (x, y in the map's CRS; lon, lat in WGS 84) with an empty reference_class column, its .csvt and .prj. */
export function pointsToCsvLayer(points: readonly SamplePoint[]): CsvLayer {
  return csvLayer(
    POINT_CSV_COLUMNS,
    points.map((p) => [
      p.unitId,
      p.stratum,
      p.mapClass,
      p.mapCode,
      p.row,
      p.col,
      round(p.x, 3),
      round(p.y, 3),
      round(p.lon, 8),
      round(p.lat, 8),
      p.inclusionProbability,
      "",
    ]),
  );
}

/** CSV of the points (see pointsToCsvLayer). */
export function pointsToCsv(points: readonly SamplePoint[]): string {
  return pointsToCsvLayer(points).csv;
}

export const STRATA_CSV_COLUMNS: readonly CsvColumn[] = [
  ["stratum", "String"],
  ["size_px", "Integer64"],
  ["size_ha", "Real"],
  ["sample_size", "Integer"],
  ["inclusion_probability", "Real"],
];

/** The frame's strata (stratum,size_px,size_ha,sample_size,inclusion_probability; size_ha to 1e-6 ha) as CSV with its .csvt. */
export function strataToCsvLayer(strata: readonly FrameStratum[]): CsvLayer {
  return csvLayer(
    STRATA_CSV_COLUMNS,
    strata.map((s) => [s.stratum, s.sizePx, round(s.sizeHa, 6), s.sampleSize, s.inclusionProbability]),
  );
}

/** CSV of the frame's strata (see strataToCsvLayer). */
export function strataToCsv(strata: readonly FrameStratum[]): string {
  return strataToCsvLayer(strata).csv;
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
