/**
 * @module store/postgres/migrations/009-survey-geometries-pg
 * Version 9 on PostgreSQL: a survey's regions, sample points and class-map tile index as PostGIS geometries
 * (SRID 4326) under GiST indexes, so the API's bbox queries are ST_Intersects on an index; the GeoJSON as
 * the survey wrote it is kept beside each geometry (both stores answer the same bytes). Surveys already
 * stored get their regions and sample points from their artifacts.
 */
import { sql } from "kysely";
import type { Migration } from "../../migrate.ts";
import { backfillSurveyGeometries } from "../../survey-geometry-repository.ts";

export const surveyGeometriesMigrationPg: Migration = {
  version: 9,
  name: "survey geometries",
  async up(db) {
    await sql`
      create table survey_regions (
        survey_id integer not null references surveys (id) on delete cascade,
        region_id integer not null,
        name text collate "C" not null,
        geom geometry(Geometry, 4326) not null,
        geometry_json text not null,
        constraint survey_regions_pk primary key (survey_id, region_id)
      )`.execute(db);
    await sql`create index survey_regions_geom on survey_regions using gist (geom)`.execute(db);
    await sql`
      create table survey_sample_points (
        survey_id integer not null references surveys (id) on delete cascade,
        unit_id text collate "C" not null,
        stratum text collate "C" not null,
        map_class text collate "C" not null,
        lon double precision not null,
        lat double precision not null,
        properties_json text not null,
        geom geometry(Point, 4326) not null,
        constraint survey_sample_points_pk primary key (survey_id, unit_id)
      )`.execute(db);
    await sql`create index survey_sample_points_geom on survey_sample_points using gist (geom)`.execute(db);
    await sql`
      create table survey_tiles (
        survey_id integer not null references surveys (id) on delete cascade,
        tile_col integer not null,
        tile_row integer not null,
        x0 integer not null,
        y0 integer not null,
        x1 integer not null,
        y1 integer not null,
        geom geometry(Polygon, 4326) not null,
        geometry_json text not null,
        constraint survey_tiles_pk primary key (survey_id, tile_col, tile_row)
      )`.execute(db);
    await sql`create index survey_tiles_geom on survey_tiles using gist (geom)`.execute(db);
    await backfillSurveyGeometries(db, "postgres");
  },
};
