/**
 * @module store/route-tables
 * The table of stored route analyses (migration 6): one row per analysis, its parts as JSON.
 */
import type { Generated } from "kysely";

export interface RouteAnalysisTable {
  id: Generated<number>;
  name: string;
  /** 1 when the fields, crossings or interdiction are simulated (the demo). */
  simulated: number;
  simulated_note: string;
  created_at: string;
  provenance_json: string;
  summary_json: string;
  layers_json: string;
  grids_json: string;
}

export interface RouteTables {
  route_analyses: RouteAnalysisTable;
}
