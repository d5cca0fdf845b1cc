/**
 * @module store/route-repository
 * The store's interface to stored route analyses (src/routes/stored-analysis.ts), over kysely so it runs
 * unchanged on SQLite and PostgreSQL.
 */
import type { Kysely } from "kysely";
import type { NewRouteAnalysis, RouteAnalysisDetail, RouteAnalysisSummary } from "../routes/stored-analysis.ts";
import type { Database } from "./schema.ts";

export type { NewRouteAnalysis, RouteAnalysisDetail, RouteAnalysisSummary };

export interface RouteRepository {
  /** Store an analysis; returns its id. */
  save(analysis: NewRouteAnalysis): Promise<number>;
  /** Every stored analysis, newest first. */
  list(): Promise<RouteAnalysisSummary[]>;
  get(id: number): Promise<RouteAnalysisDetail | undefined>;
}

export function createRouteRepository(db: Kysely<Database>): RouteRepository {
  return {
    async save(a) {
      const row = await db
        .insertInto("route_analyses")
        .values({
          name: a.name,
          simulated: a.simulated ? 1 : 0,
          simulated_note: a.simulatedNote,
          created_at: a.createdAt,
          provenance_json: JSON.stringify(a.provenance),
          summary_json: JSON.stringify(a.summary),
          layers_json: JSON.stringify(a.layers),
          grids_json: JSON.stringify(a.grids),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      return Number(row.id);
    },
    async list() {
      const rows = await db
        .selectFrom("route_analyses")
        .select(["id", "name", "simulated", "simulated_note", "created_at", "provenance_json", "summary_json"])
        .orderBy("id", "desc")
        .execute();
      return rows.map((r) => {
        const summary = JSON.parse(r.summary_json) as NewRouteAnalysis["summary"];
        const provenance = JSON.parse(r.provenance_json) as NewRouteAnalysis["provenance"];
        return {
          id: Number(r.id),
          name: r.name,
          simulated: Number(r.simulated) === 1,
          simulatedNote: r.simulated_note,
          createdAt: r.created_at,
          rounds: Math.max(0, summary.rounds.length - 1),
          bestWalkingHours: summary.bestRoute?.walkingHours ?? null,
          terrainSha256: provenance.terrain.sha256,
        };
      });
    },
    async get(id) {
      const r = await db.selectFrom("route_analyses").selectAll().where("id", "=", id).executeTakeFirst();
      if (!r) return undefined;
      return {
        id: Number(r.id),
        name: r.name,
        simulated: Number(r.simulated) === 1,
        simulatedNote: r.simulated_note,
        createdAt: r.created_at,
        provenance: JSON.parse(r.provenance_json) as NewRouteAnalysis["provenance"],
        summary: JSON.parse(r.summary_json) as NewRouteAnalysis["summary"],
        layers: JSON.parse(r.layers_json) as NewRouteAnalysis["layers"],
        grids: JSON.parse(r.grids_json) as NewRouteAnalysis["grids"],
      };
    },
  };
}
