/**
 * @module store/survey-geometry-tables
 * A survey's vector layers on SQLite (migration 9): regions, sample points and the class map's tile
 * index, each with its lon/lat bounding box in four columns for bbox queries (PostgreSQL keeps them as
 * PostGIS geometries under GiST indexes instead: postgres/migrations/009-survey-geometries-pg.ts).
 */
export interface SurveyRegionTable {
  survey_id: number;
  region_id: number;
  name: string;
  min_lon: number;
  min_lat: number;
  max_lon: number;
  max_lat: number;
  /** GeoJSON geometry (WGS 84), text. */
  geometry: string;
}

export interface SurveySamplePointTable {
  survey_id: number;
  unit_id: string;
  stratum: string;
  map_class: string;
  lon: number;
  lat: number;
  /** The point's properties as the design wrote them, JSON. */
  properties_json: string;
}

export interface SurveyTileTable {
  survey_id: number;
  tile_col: number;
  tile_row: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  min_lon: number;
  min_lat: number;
  max_lon: number;
  max_lat: number;
  /** GeoJSON polygon of the footprint (WGS 84), text. */
  geometry: string;
}

export interface SurveyGeometryTables {
  survey_regions: SurveyRegionTable;
  survey_sample_points: SurveySamplePointTable;
  survey_tiles: SurveyTileTable;
}
