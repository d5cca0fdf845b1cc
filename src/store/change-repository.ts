/**
 * @module store/change-repository
 * The store's interface to stored change analyses, over kysely (SQLite and PostgreSQL alike). An analysis and its
 * artifacts are written in one transaction; there is no update.
 */
import type { Kysely, Selectable } from "kysely";
import type { ChangeAnalysisDetail, ChangeAnalysisKind, ChangeAnalysisSummary, ChangeProvenance, ChangeResult } from "../change/analysis-record.ts";
import { sha256 } from "../io/checksum.ts";
import type { ChangeAnalysisTable } from "./change-tables.ts";
import type { Database } from "./schema.ts";

export interface ChangeArtifact {
  name: string;
  mediaType: string;
  bytes: Uint8Array;
}

export interface NewChangeAnalysis {
  name: string;
  kind: ChangeAnalysisKind;
  simulated: boolean;
  createdAt: string;
  fromLabel: string;
  toLabel: string;
  targetClass: string;
  headline: string | null;
  /** A change survey's design stored before it is labelled (no estimate yet). */
  awaitingLabels?: boolean;
  provenance: ChangeProvenance;
  result: ChangeResult;
  artifacts: ChangeArtifact[];
}

export interface ChangeRepository {
  /** Store an analysis with its artifacts, in one transaction. Returns its id. */
  save(analysis: NewChangeAnalysis): Promise<number>;
  /** Every stored analysis, oldest first. */
  list(): Promise<ChangeAnalysisSummary[]>;
  get(id: number): Promise<ChangeAnalysisDetail | undefined>;
  artifact(id: number, name: string): Promise<(ChangeArtifact & { sha256: string }) | undefined>;
  count(): Promise<number>;
}

const summary = (r: Selectable<ChangeAnalysisTable>): ChangeAnalysisSummary => ({
  id: r.id,
  name: r.name,
  kind: r.kind as ChangeAnalysisKind,
  simulated: r.simulated === 1,
  createdAt: r.created_at,
  fromLabel: r.from_label,
  toLabel: r.to_label,
  targetClass: r.target_class,
  headline: r.headline,
  awaitingLabels: r.awaiting_labels === 1,
});

export function createChangeRepository(db: Kysely<Database>): ChangeRepository {
  return {
    async save(a) {
      return db.transaction().execute(async (trx) => {
        const { id } = await trx
          .insertInto("change_analyses")
          .values({
            name: a.name,
            kind: a.kind,
            simulated: a.simulated ? 1 : 0,
            created_at: a.createdAt,
            from_label: a.fromLabel,
            to_label: a.toLabel,
            target_class: a.targetClass,
            headline: a.headline,
            awaiting_labels: a.awaitingLabels ? 1 : 0,
            provenance_json: JSON.stringify(a.provenance),
            result_json: JSON.stringify(a.result),
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        for (const f of a.artifacts) {
          await trx
            .insertInto("change_artifacts")
            .values({ analysis_id: id, name: f.name, media_type: f.mediaType, sha256: sha256(f.bytes), bytes: f.bytes })
            .execute();
        }
        return id;
      });
    },
    async list() {
      return (await db.selectFrom("change_analyses").selectAll().orderBy("id").execute()).map(summary);
    },
    async get(id) {
      const r = await db.selectFrom("change_analyses").selectAll().where("id", "=", id).executeTakeFirst();
      if (!r) return undefined;
      const artifacts = await db
        .selectFrom("change_artifacts")
        .select(["name", "media_type", "sha256", "bytes"])
        .where("analysis_id", "=", id)
        .orderBy("name")
        .execute();
      return {
        ...summary(r),
        provenance: JSON.parse(r.provenance_json) as ChangeProvenance,
        result: JSON.parse(r.result_json) as ChangeResult,
        artifacts: artifacts.map((f) => ({ name: f.name, mediaType: f.media_type, sha256: f.sha256, sizeBytes: f.bytes.byteLength })),
      };
    },
    async artifact(id, name) {
      const f = await db.selectFrom("change_artifacts").selectAll().where("analysis_id", "=", id).where("name", "=", name).executeTakeFirst();
      return f ? { name: f.name, mediaType: f.media_type, sha256: f.sha256, bytes: f.bytes } : undefined;
    },
    async count() {
      const r = await db
        .selectFrom("change_analyses")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
  };
}
