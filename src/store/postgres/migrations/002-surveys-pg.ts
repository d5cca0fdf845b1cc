/**
 * @module store/postgres/migrations/002-surveys-pg
 * Version 2 on PostgreSQL: stored surveys, their estimates per region, fields and artifacts.
 * Differences from SQLite: `simulated` is a boolean; a field is a PostGIS geometry (SRID 4326) under a
 * GiST index, queried with ST_Intersects (its bounding box is the geometry's envelope, no four columns);
 * the GeoJSON as the survey wrote it is kept beside it, so that both stores answer the same bytes.
 * Artifacts are bytea (small files: class map overview, sample, exports); scene rasters are never stored,
 * only referenced by path or URL in the provenance.
 */
import { sql } from "kysely";
import type { Migration } from "../../migrate.ts";

export const surveysMigrationPg: Migration = {
  version: 2,
  name: "surveys",
  async up(db) {
    await sql`create extension if not exists postgis`.execute(db);
    await sql`
      create table surveys (
        id integer generated always as identity primary key,
        name text collate "C" not null,
        country text collate "C" not null,
        year integer not null,
        simulated boolean not null,
        created_at text collate "C" not null,
        config_json text not null,
        provenance_json text not null,
        results_json text not null
      )`.execute(db);
    await sql`
      create table survey_estimates (
        survey_id integer not null references surveys (id) on delete cascade,
        region text collate "C" not null,
        class_name text collate "C" not null,
        area_ha double precision not null,
        area_se_ha double precision,
        ci_low_ha double precision,
        ci_high_ha double precision,
        map_area_ha double precision,
        constraint survey_estimates_pk primary key (survey_id, region, class_name)
      )`.execute(db);
    await sql`
      create table survey_fields (
        survey_id integer not null references surveys (id) on delete cascade,
        field_id integer not null,
        class_name text collate "C" not null,
        area_ha double precision not null,
        region text collate "C",
        geom geometry(Geometry, 4326) not null,
        geometry_json text not null,
        constraint survey_fields_pk primary key (survey_id, field_id)
      )`.execute(db);
    await sql`create index survey_fields_geom on survey_fields using gist (geom)`.execute(db);
    await sql`
      create table survey_artifacts (
        survey_id integer not null references surveys (id) on delete cascade,
        name text collate "C" not null,
        media_type text not null,
        sha256 text not null,
        bytes bytea not null,
        constraint survey_artifacts_pk primary key (survey_id, name)
      )`.execute(db);
  },
};
