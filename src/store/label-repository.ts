/**
 * @module store/label-repository
 * The store's interface to reference labels, over kysely (SQLite and PostgreSQL alike). Labels are
 * appended, never updated or deleted; a batch is written in one transaction, so a bad file stores
 * nothing. The survey runner stores its labels and its interpreters' assignments in the survey's own
 * transaction (`insertLabels`, `insertAssignments`, called by the survey repositories of both stores).
 */
import type { Kysely, Transaction } from "kysely";
import { ConflictError, NotFoundError } from "../domain/errors.ts";
import type { LabelAssignment, LabelKind, LabelPeriod, NewReferenceLabel, ReferenceLabel } from "../domain/reference-label.ts";
import type { Database } from "./schema.ts";

/** Which label an estimate used for a unit (and date). */
export interface LabelUse {
  unitId: string;
  period: LabelPeriod;
  labelId: number;
}

export interface LabelRepository {
  /** Append labels to survey `surveyId` in one transaction; returns them as stored (with ids). */
  append(surveyId: number, labels: readonly NewReferenceLabel[]): Promise<ReferenceLabel[]>;
  /** Every label of a survey, oldest first. */
  list(surveyId: number): Promise<ReferenceLabel[]>;
  /** Record which label estimate `estimate` used per unit (once per estimate name). */
  recordUses(surveyId: number, estimate: string, uses: readonly LabelUse[]): Promise<void>;
  /** The labels estimate `estimate` used ("run": the survey run's). */
  uses(surveyId: number, estimate?: string): Promise<LabelUse[]>;
  /** Give units to interpreters (once per survey; a second call is a ConflictError). */
  assign(surveyId: number, assignments: readonly LabelAssignment[]): Promise<void>;
  assignments(surveyId: number): Promise<LabelAssignment[]>;
}

type Db = Kysely<Database> | Transaction<Database>;

/** Insert labels (inside the caller's transaction). */
export async function insertLabels(db: Db, surveyId: number, labels: readonly NewReferenceLabel[], storedAt: string): Promise<ReferenceLabel[]> {
  const out: ReferenceLabel[] = [];
  for (const l of labels) {
    const row = await db
      .insertInto("survey_labels")
      .values({
        survey_id: surveyId,
        unit_id: l.unitId,
        period: l.period,
        reference_class: l.referenceClass,
        interpreter: l.interpreter,
        labelled_at: l.labelledAt,
        confidence: l.confidence,
        comment: l.comment,
        imagery: l.imagery,
        kind: l.kind,
        reason: l.reason,
        simulated: l.simulated ? 1 : 0,
        origin: l.origin,
        stored_at: storedAt,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    out.push({ ...l, id: Number(row.id), surveyId, storedAt });
  }
  return out;
}

/** Record label uses (inside the caller's transaction). */
export async function insertLabelUses(db: Db, surveyId: number, estimate: string, uses: readonly LabelUse[]): Promise<void> {
  const BATCH = 200;
  for (let i = 0; i < uses.length; i += BATCH) {
    await db
      .insertInto("survey_label_uses")
      .values(uses.slice(i, i + BATCH).map((u) => ({ survey_id: surveyId, estimate, unit_id: u.unitId, period: u.period, label_id: u.labelId })))
      .execute();
  }
}

/** Insert assignments (inside the caller's transaction). */
export async function insertAssignments(db: Db, surveyId: number, assignments: readonly LabelAssignment[]): Promise<void> {
  const BATCH = 200;
  for (let i = 0; i < assignments.length; i += BATCH) {
    await db
      .insertInto("survey_assignments")
      .values(
        assignments
          .slice(i, i + BATCH)
          .map((a) => ({ survey_id: surveyId, unit_id: a.unitId, interpreter: a.interpreter, position: a.position, double: a.double ? 1 : 0 })),
      )
      .execute();
  }
}

export function createLabelRepository(db: Kysely<Database>): LabelRepository {
  const requireSurvey = async (trx: Db, surveyId: number): Promise<void> => {
    const s = await trx.selectFrom("surveys").select("id").where("id", "=", surveyId).executeTakeFirst();
    if (!s) throw new NotFoundError(`survey ${surveyId} not found`);
  };
  return {
    async append(surveyId, labels) {
      return db.transaction().execute(async (trx) => {
        await requireSurvey(trx, surveyId);
        return insertLabels(trx, surveyId, labels, new Date().toISOString());
      });
    },

    async list(surveyId) {
      const rows = await db.selectFrom("survey_labels").selectAll().where("survey_id", "=", surveyId).orderBy("id").execute();
      return rows.map((r) => ({
        id: Number(r.id),
        surveyId: r.survey_id,
        unitId: r.unit_id,
        period: r.period as LabelPeriod,
        referenceClass: r.reference_class,
        interpreter: r.interpreter,
        labelledAt: r.labelled_at,
        confidence: r.confidence,
        comment: r.comment,
        imagery: r.imagery,
        kind: r.kind as LabelKind,
        reason: r.reason,
        simulated: r.simulated === 1,
        origin: r.origin,
        storedAt: r.stored_at,
      }));
    },

    async recordUses(surveyId, estimate, uses) {
      await db.transaction().execute(async (trx) => {
        await requireSurvey(trx, surveyId);
        const existing = await trx
          .selectFrom("survey_label_uses")
          .select("unit_id")
          .where("survey_id", "=", surveyId)
          .where("estimate", "=", estimate)
          .executeTakeFirst();
        if (existing) throw new ConflictError(`survey ${surveyId}: the labels of estimate "${estimate}" are already recorded`);
        await insertLabelUses(trx, surveyId, estimate, uses);
      });
    },

    async uses(surveyId, estimate = "run") {
      const rows = await db
        .selectFrom("survey_label_uses")
        .selectAll()
        .where("survey_id", "=", surveyId)
        .where("estimate", "=", estimate)
        .orderBy("unit_id")
        .orderBy("period")
        .execute();
      return rows.map((r) => ({ unitId: r.unit_id, period: r.period as LabelPeriod, labelId: Number(r.label_id) }));
    },

    async assign(surveyId, assignments) {
      await db.transaction().execute(async (trx) => {
        await requireSurvey(trx, surveyId);
        const existing = await trx.selectFrom("survey_assignments").select("unit_id").where("survey_id", "=", surveyId).executeTakeFirst();
        if (existing) throw new ConflictError(`survey ${surveyId} already has its units assigned to interpreters`);
        await insertAssignments(trx, surveyId, assignments);
      });
    },

    async assignments(surveyId) {
      const rows = await db.selectFrom("survey_assignments").selectAll().where("survey_id", "=", surveyId).orderBy("interpreter").orderBy("position").execute();
      return rows.map((r) => ({ unitId: r.unit_id, interpreter: r.interpreter, position: r.position, double: r.double === 1 }));
    },
  };
}
