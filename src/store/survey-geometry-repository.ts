/**
 * @module store/survey-geometry-repository
 * A survey's regions, sample points and tile index (migration 9), written with the survey and read by
 * bounding box. SQLite keeps each row's lon/lat bounding box in four columns and filters on them (a row
 * matches when its bounding box meets the query box); PostgreSQL keeps PostGIS geometries (SRID 4326)
 * under GiST indexes and filters with ST_Intersects (a row matches when its shape meets the box). Both
 * answer the GeoJSON as the survey wrote it.
 */
import { sql, type Kysely } from "kysely";
import type { SurveyRegionRow, SurveySamplePointRow, SurveyTileRow } from "../domain/survey-record.ts";
import { batches } from "./batches.ts";
import type { Database } from "./schema.ts";

export type StoreDialect = "sqlite" | "postgres";
type Bbox = [number, number, number, number];

export interface SurveyGeometries {
  regions?: SurveyRegionRow[];
  samplePoints?: SurveySamplePointRow[];
  tiles?: SurveyTileRow[];
}

export interface SamplePointQuery {
  bbox?: Bbox;
  limit: number;
  offset: number;
}

/** Reads of a survey's spatial tables (part of SurveyRepository). */
export interface SurveyGeometryReads {
  /** The survey's regions, in file order; with `bbox`, those that meet it. */
  regions(id: number, query?: { bbox?: Bbox }): Promise<SurveyRegionRow[]>;
  /** The survey's sample points by unit id, paged; with `bbox`, those inside it. `total` counts all matches. */
  samplePoints(id: number, query: SamplePointQuery): Promise<{ total: number; points: SurveySamplePointRow[] }>;
  /** The class map's tile index, row-major; with `bbox`, the tiles that meet it. */
  tiles(id: number, query?: { bbox?: Bbox }): Promise<SurveyTileRow[]>;
}

// The PostgreSQL tables have `geom` and `geometry_json` instead of the four bbox columns and `geometry`.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

const geomOf = (json: string) => sql`ST_SetSRID(ST_GeomFromGeoJSON(${json}), 4326)`;

/** Insert a survey's regions, sample points and tiles (inside the caller's transaction). */
export async function insertSurveyGeometries(trx: AnyDb, dialect: StoreDialect, surveyId: number, g: SurveyGeometries): Promise<void> {
  const pg = dialect === "postgres";
  const regions = g.regions ?? [];
  for (const batch of batches(regions)) {
    await trx
      .insertInto("survey_regions")
      .values(
        batch.map((r) => {
          const json = JSON.stringify(r.geometry);
          const base = { survey_id: surveyId, region_id: r.regionId, name: r.name };
          return pg
            ? { ...base, geom: geomOf(json), geometry_json: json }
            : { ...base, min_lon: r.bbox[0], min_lat: r.bbox[1], max_lon: r.bbox[2], max_lat: r.bbox[3], geometry: json };
        }),
      )
      .execute();
  }
  const points = g.samplePoints ?? [];
  for (const batch of batches(points)) {
    await trx
      .insertInto("survey_sample_points")
      .values(
        batch.map((p) => {
          const base = {
            survey_id: surveyId,
            unit_id: p.unitId,
            stratum: p.stratum,
            map_class: p.mapClass,
            lon: p.lon,
            lat: p.lat,
            properties_json: JSON.stringify(p.properties),
          };
          return pg ? { ...base, geom: sql`ST_SetSRID(ST_MakePoint(${p.lon}, ${p.lat}), 4326)` } : base;
        }),
      )
      .execute();
  }
  const tiles = g.tiles ?? [];
  for (const batch of batches(tiles)) {
    await trx
      .insertInto("survey_tiles")
      .values(
        batch.map((t) => {
          const json = JSON.stringify(t.geometry);
          const base = { survey_id: surveyId, tile_col: t.tileCol, tile_row: t.tileRow, x0: t.window.x0, y0: t.window.y0, x1: t.window.x1, y1: t.window.y1 };
          return pg
            ? { ...base, geom: geomOf(json), geometry_json: json }
            : { ...base, min_lon: t.bbox[0], min_lat: t.bbox[1], max_lon: t.bbox[2], max_lat: t.bbox[3], geometry: json };
        }),
      )
      .execute();
  }
}

/** The spatial tables, deleted with their survey. */
export const SURVEY_GEOMETRY_TABLES = ["survey_regions", "survey_sample_points", "survey_tiles"] as const;

/** The box filter of each store: four columns on SQLite, ST_Intersects on the GiST-indexed geometry on PostgreSQL. */
function boxFilter(dialect: StoreDialect, bbox: Bbox, point = false) {
  const [w, s, e, n] = bbox;
  if (dialect === "postgres") return sql<boolean>`ST_Intersects(geom, ST_MakeEnvelope(${w}, ${s}, ${e}, ${n}, 4326))`;
  if (point) return sql<boolean>`lon >= ${w} and lon <= ${e} and lat >= ${s} and lat <= ${n}`;
  return sql<boolean>`max_lon >= ${w} and min_lon <= ${e} and max_lat >= ${s} and min_lat <= ${n}`;
}

/** Bounding-box columns of a row: stored on SQLite, the geometry's envelope on PostgreSQL. */
function bboxColumns(dialect: StoreDialect) {
  return dialect === "postgres"
    ? [
        sql<number>`ST_XMin(geom)`.as("min_lon"),
        sql<number>`ST_YMin(geom)`.as("min_lat"),
        sql<number>`ST_XMax(geom)`.as("max_lon"),
        sql<number>`ST_YMax(geom)`.as("max_lat"),
        sql<string>`geometry_json`.as("geometry"),
      ]
    : [
        sql<number>`min_lon`.as("min_lon"),
        sql<number>`min_lat`.as("min_lat"),
        sql<number>`max_lon`.as("max_lon"),
        sql<number>`max_lat`.as("max_lat"),
        sql<string>`geometry`.as("geometry"),
      ];
}

const bboxOf = (r: { min_lon: unknown; min_lat: unknown; max_lon: unknown; max_lat: unknown }): Bbox => [
  Number(r.min_lon),
  Number(r.min_lat),
  Number(r.max_lon),
  Number(r.max_lat),
];

export function createSurveyGeometryReads(database: Kysely<Database>, dialect: StoreDialect): SurveyGeometryReads {
  const db = database as AnyDb;
  return {
    async regions(id, query = {}) {
      let q = db
        .selectFrom("survey_regions")
        .select(["region_id", "name", ...bboxColumns(dialect)])
        .where("survey_id", "=", id);
      if (query.bbox) q = q.where(boxFilter(dialect, query.bbox));
      const rows = await q.orderBy("region_id").execute();
      return rows.map((r) => ({ regionId: Number(r.region_id), name: String(r.name), bbox: bboxOf(r), geometry: JSON.parse(String(r.geometry)) }));
    },

    async samplePoints(id, query) {
      let base = db.selectFrom("survey_sample_points").where("survey_id", "=", id);
      if (query.bbox) base = base.where(boxFilter(dialect, query.bbox, true));
      const total = await base.select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow();
      const rows = await base
        .select(["unit_id", "stratum", "map_class", "lon", "lat", "properties_json"])
        .orderBy("unit_id")
        .limit(query.limit)
        .offset(query.offset)
        .execute();
      return {
        total: Number(total.n),
        points: rows.map((r) => ({
          unitId: String(r.unit_id),
          stratum: String(r.stratum),
          mapClass: String(r.map_class),
          lon: Number(r.lon),
          lat: Number(r.lat),
          properties: JSON.parse(String(r.properties_json)) as Record<string, unknown>,
        })),
      };
    },

    async tiles(id, query = {}) {
      let q = db
        .selectFrom("survey_tiles")
        .select(["tile_col", "tile_row", "x0", "y0", "x1", "y1", ...bboxColumns(dialect)])
        .where("survey_id", "=", id);
      if (query.bbox) q = q.where(boxFilter(dialect, query.bbox));
      const rows = await q.orderBy("tile_row").orderBy("tile_col").execute();
      return rows.map((r) => ({
        tileCol: Number(r.tile_col),
        tileRow: Number(r.tile_row),
        window: { x0: Number(r.x0), y0: Number(r.y0), x1: Number(r.x1), y1: Number(r.y1) },
        bbox: bboxOf(r),
        geometry: JSON.parse(String(r.geometry)),
      }));
    },
  };
}

/**
 * Fill the spatial tables of surveys stored before migration 9 from their artifacts (regions.geojson with the
 * config's name field, sample.geojson). Their tile index stays empty: it is made from the class map's grid when a survey is stored.
 */
export async function backfillSurveyGeometries(db: AnyDb, dialect: StoreDialect): Promise<void> {
  const { regionRowsOf, samplePointRowsOf } = await import("../survey/geometry-index.ts");
  const surveys = await db.selectFrom("surveys").select(["id", "config_json"]).orderBy("id").execute();
  for (const s of surveys) {
    const arts = await db
      .selectFrom("survey_artifacts")
      .select(["name", "bytes"])
      .where("survey_id", "=", s.id)
      .where("name", "in", ["regions.geojson", "sample.geojson"])
      .execute();
    const parse = (name: string): unknown => {
      const a = arts.find((x) => x.name === name);
      if (!a) return undefined;
      try {
        return JSON.parse(new TextDecoder().decode(a.bytes as Uint8Array));
      } catch {
        return undefined;
      }
    };
    let nameField = "name";
    try {
      nameField = (JSON.parse(String(s.config_json)) as { regions?: { nameField?: string } }).regions?.nameField ?? "name";
    } catch {
      // a config that is not JSON keeps the default name field
    }
    await insertSurveyGeometries(db, dialect, Number(s.id), {
      regions: regionRowsOf(parse("regions.geojson"), nameField),
      samplePoints: samplePointRowsOf(parse("sample.geojson")),
    });
  }
}
