/**
 * @module store/label-repository
 * The store's interface to reference labels, over kysely (SQLite and PostgreSQL alike). Labels are
 * appended, never updated or deleted; a batch is written in one transaction, so a bad file stores
 * nothing. The survey runner stores its labels and its interpreters' assignments in the survey's own
 * transaction (`insertLabels`, `insertAssignments`, called by the survey repositories of both stores).
 * The same repository serves a change survey's labels (`changeLabelScope`: tables change_labels,
 * change_label_uses, change_assignments, keyed by the change analysis; labels only for an analysis
 * stored as a design awaiting labels).
 */
import type { Kysely, Transaction } from "kysely";
import { ConflictError, InputError, NotFoundError } from "../domain/errors.ts";
import type { LabelAssignment, LabelKind, LabelPeriod, NewReferenceLabel, ReferenceLabel } from "../domain/reference-label.ts";
import { batches } from "./batches.ts";
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

/** Whose labels: a survey's (survey_labels, ...) or a change analysis's (change_labels, ...). */
export interface LabelScope {
  labels: "survey_labels" | "change_labels";
  uses: "survey_label_uses" | "change_label_uses";
  assignments: "survey_assignments" | "change_assignments";
  owner: "survey_id" | "analysis_id";
  /** Throws NotFoundError (or InputError) unless labels may be written for `id`. */
  requireOwner(db: Db, id: number): Promise<void>;
}

export const surveyLabelScope: LabelScope = {
  labels: "survey_labels",
  uses: "survey_label_uses",
  assignments: "survey_assignments",
  owner: "survey_id",
  async requireOwner(db, id) {
    const s = await db.selectFrom("surveys").select("id").where("id", "=", id).executeTakeFirst();
    if (!s) throw new NotFoundError(`survey ${id} not found`);
  },
};

/** A change survey stored as a design awaiting labels: the only change analyses that take labels. */
export const changeLabelScope: LabelScope = {
  labels: "change_labels",
  uses: "change_label_uses",
  assignments: "change_assignments",
  owner: "analysis_id",
  async requireOwner(db, id) {
    const a = await db.selectFrom("change_analyses").select(["id", "kind", "awaiting_labels"]).where("id", "=", id).executeTakeFirst();
    if (!a) throw new NotFoundError(`change analysis ${id} not found`);
    if (a.awaiting_labels !== 1)
      throw new InputError(`change analysis ${id} (${a.kind}) is not a change survey design awaiting labels (coca change survey --store)`);
  },
};

/**
 * The scope's tables typed as the survey's: the change tables have the same columns with `analysis_id`
 * for `survey_id` (store/label-tables.ts), so one set of queries serves both.
 */
const tablesOf = (scope: LabelScope): { labels: "survey_labels"; uses: "survey_label_uses"; assignments: "survey_assignments"; owner: "survey_id" } =>
  scope as unknown as { labels: "survey_labels"; uses: "survey_label_uses"; assignments: "survey_assignments"; owner: "survey_id" };

/** Insert labels (inside the caller's transaction). */
export async function insertLabels(
  db: Db,
  surveyId: number,
  labels: readonly NewReferenceLabel[],
  storedAt: string,
  scope: LabelScope = surveyLabelScope,
): Promise<ReferenceLabel[]> {
  const t = tablesOf(scope);
  const out: ReferenceLabel[] = [];
  for (const l of labels) {
    const row = await db
      .insertInto(t.labels)
      .values({
        [t.owner]: surveyId,
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
export async function insertLabelUses(
  db: Db,
  surveyId: number,
  estimate: string,
  uses: readonly LabelUse[],
  scope: LabelScope = surveyLabelScope,
): Promise<void> {
  const t = tablesOf(scope);
  for (const batch of batches(uses)) {
    await db
      .insertInto(t.uses)
      .values(batch.map((u) => ({ [t.owner]: surveyId, estimate, unit_id: u.unitId, period: u.period, label_id: u.labelId })))
      .execute();
  }
}

/** Insert assignments (inside the caller's transaction). */
export async function insertAssignments(
  db: Db,
  surveyId: number,
  assignments: readonly LabelAssignment[],
  scope: LabelScope = surveyLabelScope,
): Promise<void> {
  const t = tablesOf(scope);
  for (const batch of batches(assignments)) {
    await db
      .insertInto(t.assignments)
      .values(batch.map((a) => ({ [t.owner]: surveyId, unit_id: a.unitId, interpreter: a.interpreter, position: a.position, double: a.double ? 1 : 0 })))
      .execute();
  }
}

export function createLabelRepository(db: Kysely<Database>, scope: LabelScope = surveyLabelScope): LabelRepository {
  const requireSurvey = (trx: Db, id: number): Promise<void> => scope.requireOwner(trx, id);
  const t = tablesOf(scope);
  const noun = scope.owner === "survey_id" ? "survey" : "change analysis";
  return {
    async append(surveyId, labels) {
      return db.transaction().execute(async (trx) => {
        await requireSurvey(trx, surveyId);
        return insertLabels(trx, surveyId, labels, new Date().toISOString(), scope);
      });
    },

    async list(surveyId) {
      const rows = await db.selectFrom(t.labels).selectAll().where(t.owner, "=", surveyId).orderBy("id").execute();
      return rows.map((r) => ({
        id: Number(r.id),
        surveyId,
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
        const existing = await trx.selectFrom(t.uses).select("unit_id").where(t.owner, "=", surveyId).where("estimate", "=", estimate).executeTakeFirst();
        if (existing) throw new ConflictError(`${noun} ${surveyId}: the labels of estimate "${estimate}" are already recorded`);
        await insertLabelUses(trx, surveyId, estimate, uses, scope);
      });
    },

    async uses(surveyId, estimate = "run") {
      const rows = await db
        .selectFrom(t.uses)
        .selectAll()
        .where(t.owner, "=", surveyId)
        .where("estimate", "=", estimate)
        .orderBy("unit_id")
        .orderBy("period")
        .execute();
      return rows.map((r) => ({ unitId: r.unit_id, period: r.period as LabelPeriod, labelId: Number(r.label_id) }));
    },

    async assign(surveyId, assignments) {
      await db.transaction().execute(async (trx) => {
        await requireSurvey(trx, surveyId);
        const existing = await trx.selectFrom(t.assignments).select("unit_id").where(t.owner, "=", surveyId).executeTakeFirst();
        if (existing) throw new ConflictError(`${noun} ${surveyId} already has its units assigned to interpreters`);
        await insertAssignments(trx, surveyId, assignments, scope);
      });
    },

    async assignments(surveyId) {
      const rows = await db.selectFrom(t.assignments).selectAll().where(t.owner, "=", surveyId).orderBy("interpreter").orderBy("position").execute();
      return rows.map((r) => ({ unitId: r.unit_id, interpreter: r.interpreter, position: r.position, double: r.double === 1 }));
    },
  };
}
