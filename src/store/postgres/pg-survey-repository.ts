/**
 * @module store/postgres/pg-survey-repository
 * Surveys on PostgreSQL: the shared repository (store/survey-repository.ts) for everything but the
 * fields, which are PostGIS geometries here. `save` writes the survey, estimates, fields, artifacts, labels and
 * assignments in one transaction, as on SQLite; `fields` filters with ST_Intersects against the query box (GiST index
 * `survey_fields_geom`), so a field is answered when its shape meets the box, and its bounding box is the
 * geometry's envelope.
 */
import { sql, type Kysely } from "kysely";
import { sha256 } from "../../io/checksum.ts";
import { insertAssignments, insertLabels, insertLabelUses } from "../label-repository.ts";
import { createSurveyRepository, estimateValues, fieldValues, runLabelUses, type SurveyRepository } from "../survey-repository.ts";
import { batches } from "../batches.ts";
import type { Database } from "../schema.ts";
import { insertSurveyGeometries } from "../survey-geometry-repository.ts";

/** Fields rows as the PostgreSQL schema has them (migrations/002-surveys-pg.ts). */
interface PgSurveyFieldTable {
  survey_id: number;
  field_id: number;
  class_name: string;
  class_code: number | null;
  area_ha: number;
  pixel_count: number | null;
  region: string | null;
  geom: unknown;
  geometry_json: string;
}

type PgDatabase = Omit<Database, "survey_fields"> & { survey_fields: PgSurveyFieldTable };

export function createPgSurveyRepository(database: Kysely<Database>): SurveyRepository {
  const shared = createSurveyRepository(database, "postgres");
  const db = database as unknown as Kysely<PgDatabase>;
  return {
    ...shared,

    async save(s) {
      return db.transaction().execute(async (trx) => {
        const { id } = await trx
          .insertInto("surveys")
          .values({
            name: s.name,
            country: s.country,
            year: s.year,
            simulated: sql<number>`${s.simulated}::boolean`,
            created_at: s.createdAt,
            config_json: JSON.stringify(s.config),
            provenance_json: JSON.stringify(s.provenance),
            results_json: JSON.stringify(s.results),
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        for (const e of s.estimates) {
          await trx.insertInto("survey_estimates").values(estimateValues(id, e)).execute();
        }
        for (const batch of batches(s.fields)) {
          await trx
            .insertInto("survey_fields")
            .values(
              batch.map((f) => {
                const json = JSON.stringify(f.geometry);
                return {
                  ...fieldValues(id, f),
                  geom: sql`ST_SetSRID(ST_GeomFromGeoJSON(${json}), 4326)`,
                  geometry_json: json,
                };
              }),
            )
            .execute();
        }
        for (const a of s.artifacts) {
          await trx
            .insertInto("survey_artifacts")
            .values({ survey_id: id, name: a.name, media_type: a.mediaType, sha256: sha256(a.bytes), bytes: Buffer.from(a.bytes) })
            .execute();
        }
        if (s.geometries) await insertSurveyGeometries(trx, "postgres", id, s.geometries);
        if (s.assignments && s.assignments.length > 0) await insertAssignments(trx as unknown as Kysely<Database>, id, s.assignments);
        if (s.labels && s.labels.length > 0) {
          const stored = await insertLabels(trx as unknown as Kysely<Database>, id, s.labels, s.createdAt);
          await insertLabelUses(trx as unknown as Kysely<Database>, id, "run", runLabelUses(stored, s.usedLabels));
        }
        return id;
      });
    },

    async fields(id, q) {
      let base = db.selectFrom("survey_fields").where("survey_id", "=", id);
      if (q.className) base = base.where("class_name", "=", q.className);
      if (q.bbox) {
        const [w, s, e, n] = q.bbox;
        base = base.where(sql<boolean>`ST_Intersects(geom, ST_MakeEnvelope(${w}, ${s}, ${e}, ${n}, 4326))`);
      }
      const total = await base.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
      const rows = await base
        .select([
          "field_id",
          "class_name",
          "class_code",
          "area_ha",
          "pixel_count",
          "region",
          "geometry_json",
          sql<number>`ST_XMin(geom)`.as("min_lon"),
          sql<number>`ST_YMin(geom)`.as("min_lat"),
          sql<number>`ST_XMax(geom)`.as("max_lon"),
          sql<number>`ST_YMax(geom)`.as("max_lat"),
        ])
        .orderBy("field_id")
        .limit(q.limit)
        .offset(q.offset)
        .execute();
      return {
        total: Number(total.n),
        fields: rows.map((f) => ({
          fieldId: f.field_id,
          className: f.class_name,
          classCode: f.class_code,
          areaHa: f.area_ha,
          pixelCount: f.pixel_count,
          region: f.region,
          bbox: [Number(f.min_lon), Number(f.min_lat), Number(f.max_lon), Number(f.max_lat)] as [number, number, number, number],
          geometry: JSON.parse(f.geometry_json),
        })),
      };
    },
  };
}
