/**
 * @module store/survey-repository
 * The store's interface to stored surveys, written once over kysely so that it
 * runs unchanged on SQLite and PostgreSQL. A survey, its estimates, fields,
 * artifacts, labels and interpreters' assignments are written in one transaction: a failed run leaves no trace.
 */
import type { Kysely } from "kysely";
import type { SurveyProvenance } from "../domain/provenance.ts";
import type { SurveyConfig } from "../domain/survey-config.ts";
import type { SurveyResults } from "../domain/survey-results.ts";
import type { SurveyEstimateRow, SurveyFieldRow, SurveySummary } from "../domain/survey-record.ts";
import { sha256 } from "../io/checksum.ts";
import { batches } from "./batches.ts";
import type { Database } from "./schema.ts";
import type { LabelAssignment, NewReferenceLabel, ReferenceLabel } from "../domain/reference-label.ts";
import { insertAssignments, insertLabels, insertLabelUses, type LabelUse } from "./label-repository.ts";
import {
  createSurveyGeometryReads,
  insertSurveyGeometries,
  SURVEY_GEOMETRY_TABLES,
  type StoreDialect,
  type SurveyGeometries,
  type SurveyGeometryReads,
} from "./survey-geometry-repository.ts";

export type { SurveyEstimateRow, SurveyFieldRow, SurveySummary };

export interface SurveyArtifact {
  name: string;
  mediaType: string;
  bytes: Uint8Array;
}

export interface NewSurvey {
  name: string;
  country: string;
  year: number;
  simulated: boolean;
  createdAt: string;
  /** The survey's JSON columns, in the shapes of src/domain/ (the resolved config, where it came from, what it found). */
  config: SurveyConfig;
  provenance: SurveyProvenance;
  results: SurveyResults;
  estimates: SurveyEstimateRow[];
  fields: SurveyFieldRow[];
  artifacts: SurveyArtifact[];
  /** The run's reference labels (simulated ones marked), stored with the survey; those in `usedLabels` are recorded as estimate "run"'s. */
  labels?: NewReferenceLabel[];
  /** The units given to the config's named interpreters (survey_assignments), in the same transaction. */
  assignments?: readonly LabelAssignment[];
  /** Indices into `labels` of the labels the run's estimate used (recorded as estimate "run"'s); all of them when left out. */
  usedLabels?: readonly number[];
  /** Regions, sample points and the class map's tile index, for bbox queries (migration 9). */
  geometries?: SurveyGeometries;
}

export interface SurveyDetail extends SurveySummary {
  /** As the survey runner wrote them (see NewSurvey); the store does not re-validate what it wrote. */
  config: SurveyConfig;
  provenance: SurveyProvenance;
  results: SurveyResults;
  estimates: SurveyEstimateRow[];
  artifacts: { name: string; mediaType: string; sha256: string; sizeBytes: number }[];
  fieldCount: number;
}

export interface FieldQuery {
  /** [minLon, minLat, maxLon, maxLat]: fields whose bounding box intersects it. */
  bbox?: [number, number, number, number];
  className?: string;
  limit: number;
  offset: number;
}

export interface SurveyRepository extends SurveyGeometryReads {
  /** Store a survey and everything that belongs to it, in one transaction. Returns its id. */
  save(survey: NewSurvey): Promise<number>;
  list(): Promise<SurveySummary[]>;
  get(id: number): Promise<SurveyDetail | undefined>;
  /** Fields of a survey, filtered and paged; `total` counts all matches. */
  fields(id: number, query: FieldQuery): Promise<{ total: number; fields: SurveyFieldRow[] }>;
  artifact(id: number, name: string): Promise<(SurveyArtifact & { sha256: string }) | undefined>;
  count(): Promise<number>;
  /**
   * Delete a survey and everything stored with it, in one transaction, after copying its
   * config, provenance and results into the deletions log with the reason and who asked.
   * Returns what was removed, or undefined when there is no such survey.
   */
  delete(id: number, by: { reason: string; actor: string }): Promise<SurveySummary | undefined>;
  /** The deletions log, newest first. */
  deletions(): Promise<(SurveySummary & { deletedAt: string; reason: string; actor: string })[]>;
}

export function createSurveyRepository(db: Kysely<Database>, dialect: StoreDialect = "sqlite"): SurveyRepository {
  const summary = (r: { id: number; name: string; country: string; year: number; simulated: number; created_at: string }): SurveySummary => ({
    id: r.id,
    name: r.name,
    country: r.country,
    year: r.year,
    simulated: r.simulated === 1,
    createdAt: r.created_at,
  });

  return {
    ...createSurveyGeometryReads(db, dialect),

    async save(s) {
      return db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto("surveys")
          .values({
            name: s.name,
            country: s.country,
            year: s.year,
            simulated: s.simulated ? 1 : 0,
            created_at: s.createdAt,
            config_json: JSON.stringify(s.config),
            provenance_json: JSON.stringify(s.provenance),
            results_json: JSON.stringify(s.results),
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        const id = inserted.id;
        for (const e of s.estimates) {
          await trx.insertInto("survey_estimates").values(estimateValues(id, e)).execute();
        }
        for (const batch of batches(s.fields)) {
          await trx
            .insertInto("survey_fields")
            .values(
              batch.map((f) => ({
                ...fieldValues(id, f),
                min_lon: f.bbox[0],
                min_lat: f.bbox[1],
                max_lon: f.bbox[2],
                max_lat: f.bbox[3],
                geometry: JSON.stringify(f.geometry),
              })),
            )
            .execute();
        }
        for (const a of s.artifacts) {
          await trx
            .insertInto("survey_artifacts")
            .values({ survey_id: id, name: a.name, media_type: a.mediaType, sha256: sha256(a.bytes), bytes: a.bytes })
            .execute();
        }
        if (s.geometries) await insertSurveyGeometries(trx, dialect, id, s.geometries);
        if (s.assignments && s.assignments.length > 0) await insertAssignments(trx, id, s.assignments);
        if (s.labels && s.labels.length > 0) {
          const stored = await insertLabels(trx, id, s.labels, s.createdAt);
          await insertLabelUses(trx, id, "run", runLabelUses(stored, s.usedLabels));
        }
        return id;
      });
    },

    async list() {
      const rows = await db.selectFrom("surveys").select(["id", "name", "country", "year", "simulated", "created_at"]).orderBy("id").execute();
      return rows.map(summary);
    },

    async get(id) {
      const r = await db.selectFrom("surveys").selectAll().where("id", "=", id).executeTakeFirst();
      if (!r) return undefined;
      const estimates = await db.selectFrom("survey_estimates").selectAll().where("survey_id", "=", id).orderBy("region").orderBy("class_name").execute();
      const artifacts = await db
        .selectFrom("survey_artifacts")
        .select(["name", "media_type", "sha256", (eb) => eb.fn<number>("length", ["bytes"]).as("size")])
        .where("survey_id", "=", id)
        .orderBy("name")
        .execute();
      const fieldCount = await db
        .selectFrom("survey_fields")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("survey_id", "=", id)
        .executeTakeFirstOrThrow();
      return {
        ...summary(r),
        config: JSON.parse(r.config_json) as SurveyConfig,
        provenance: JSON.parse(r.provenance_json) as SurveyProvenance,
        results: JSON.parse(r.results_json) as SurveyResults,
        estimates: estimates.map((e) => ({
          region: e.region,
          className: e.class_name,
          areaHa: e.area_ha,
          areaSeHa: e.area_se_ha,
          ciLowHa: e.ci_low_ha,
          ciHighHa: e.ci_high_ha,
          mapAreaHa: e.map_area_ha,
        })),
        artifacts: artifacts.map((a) => ({ name: a.name, mediaType: a.media_type, sha256: a.sha256, sizeBytes: Number(a.size) })),
        fieldCount: Number(fieldCount.n),
      };
    },

    async fields(id, q) {
      let base = db.selectFrom("survey_fields").where("survey_id", "=", id);
      if (q.className) base = base.where("class_name", "=", q.className);
      if (q.bbox) {
        const [w, s, e, n] = q.bbox;
        base = base.where("max_lon", ">=", w).where("min_lon", "<=", e).where("max_lat", ">=", s).where("min_lat", "<=", n);
      }
      const total = await base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
      const rows = await base.selectAll().orderBy("field_id").limit(q.limit).offset(q.offset).execute();
      return {
        total: Number(total.n),
        fields: rows.map((f) => ({
          fieldId: f.field_id,
          className: f.class_name,
          classCode: f.class_code,
          areaHa: f.area_ha,
          pixelCount: f.pixel_count,
          region: f.region,
          bbox: [f.min_lon, f.min_lat, f.max_lon, f.max_lat] as [number, number, number, number],
          geometry: JSON.parse(f.geometry),
        })),
      };
    },

    async artifact(id, name) {
      const a = await db.selectFrom("survey_artifacts").selectAll().where("survey_id", "=", id).where("name", "=", name).executeTakeFirst();
      return a ? { name: a.name, mediaType: a.media_type, sha256: a.sha256, bytes: new Uint8Array(a.bytes) } : undefined;
    },

    async delete(id, { reason, actor }) {
      return db.transaction().execute(async (trx) => {
        const r = await trx.selectFrom("surveys").selectAll().where("id", "=", id).executeTakeFirst();
        if (!r) return undefined;
        await trx
          .insertInto("survey_deletions")
          .values({
            survey_id: r.id,
            name: r.name,
            country: r.country,
            year: r.year,
            simulated: r.simulated,
            created_at: r.created_at,
            deleted_at: new Date().toISOString(),
            reason,
            actor,
            config_json: r.config_json,
            provenance_json: r.provenance_json,
            results_json: r.results_json,
          })
          .execute();
        for (const table of SURVEY_GEOMETRY_TABLES) await trx.deleteFrom(table).where("survey_id", "=", id).execute();
        // The interpreters' assignments go with the survey; its labels stay (append-only: the record of who said what).
        for (const table of ["survey_estimates", "survey_fields", "survey_artifacts", "survey_assignments"] as const) {
          await trx.deleteFrom(table).where("survey_id", "=", id).execute();
        }
        await trx.deleteFrom("surveys").where("id", "=", id).execute();
        return summary(r);
      });
    },

    async deletions() {
      const rows = await db.selectFrom("survey_deletions").selectAll().orderBy("deleted_at", "desc").execute();
      return rows.map((r) => ({ ...summary({ ...r, id: r.survey_id }), deletedAt: r.deleted_at, reason: r.reason, actor: r.actor }));
    },

    async count() {
      const r = await db
        .selectFrom("surveys")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
  };
}

/** The uses of estimate "run": the stored labels at `used` (indices into the survey's labels), or all of them. */
export function runLabelUses(stored: readonly ReferenceLabel[], used: readonly number[] | undefined): LabelUse[] {
  return (used ?? stored.map((_, i) => i)).map((i) => {
    const l = stored[i];
    if (!l) throw new RangeError(`usedLabels: index ${i} is not one of the survey's ${stored.length} labels`);
    return { unitId: l.unitId, period: l.period, labelId: l.id };
  });
}

/** A stored estimate row's columns (both stores). */
export function estimateValues(surveyId: number, e: SurveyEstimateRow) {
  return {
    survey_id: surveyId,
    region: e.region,
    class_name: e.className,
    area_ha: e.areaHa,
    area_se_ha: e.areaSeHa,
    ci_low_ha: e.ciLowHa,
    ci_high_ha: e.ciHighHa,
    map_area_ha: e.mapAreaHa,
  };
}

/** A stored field row's columns shared by both stores (each adds its own geometry columns). */
export function fieldValues(surveyId: number, f: SurveyFieldRow) {
  return {
    survey_id: surveyId,
    field_id: f.fieldId,
    class_name: f.className,
    class_code: f.classCode ?? null,
    area_ha: f.areaHa,
    pixel_count: f.pixelCount ?? null,
    region: f.region,
  };
}
