/**
 * @module store/change-tables
 * Tables of stored change analyses (owned by src/change): one row per analysis with its provenance and result
 * as JSON, and its artifacts (the two years' maps, the transition map) as bytes.
 */
import type { Generated } from "kysely";

export interface ChangeAnalysisTable {
  id: Generated<number>;
  name: string;
  /** demo | estimate | survey */
  kind: string;
  /** 1 when simulated (the demo). */
  simulated: number;
  created_at: string;
  from_label: string;
  to_label: string;
  target_class: string;
  headline: string | null;
  /** 1 for a change survey's design awaiting labels (migration 12); 0 otherwise. */
  awaiting_labels: Generated<number>;
  provenance_json: string;
  result_json: string;
}

export interface ChangeArtifactTable {
  analysis_id: number;
  name: string;
  media_type: string;
  sha256: string;
  bytes: Uint8Array;
}

export interface ChangeTables {
  change_analyses: ChangeAnalysisTable;
  change_artifacts: ChangeArtifactTable;
}
