/**
 * @module store/label-tables
 * Tables of reference labels: every label of a survey (append-only), which labels each estimate
 * used, and the units assigned to each interpreter. `survey_id` has no foreign key: labels stay
 * after their survey is deleted, as the record of the interpreters' work (survey ids are never reused).
 * A change survey's labels (migration 12) have the same three tables keyed by `analysis_id`.
 */
import type { Generated } from "kysely";

export interface SurveyLabelTable {
  id: Generated<number>;
  survey_id: number;
  unit_id: string;
  /** "single", "t1" or "t2". */
  period: string;
  reference_class: string;
  interpreter: string;
  labelled_at: string;
  /** 0..1, or null. */
  confidence: number | null;
  comment: string;
  imagery: string;
  /** "interpretation", "correction" or "adjudication". */
  kind: string;
  reason: string;
  /** 1 for the demo's simulated interpreters. */
  simulated: number;
  origin: string;
  stored_at: string;
}

export interface SurveyLabelUseTable {
  survey_id: number;
  /** Which estimate: "run" for the survey run's own. */
  estimate: string;
  unit_id: string;
  period: string;
  label_id: number;
}

export interface SurveyAssignmentTable {
  survey_id: number;
  unit_id: string;
  interpreter: string;
  position: number;
  double: number;
}

/** A table of the survey labels' shape, keyed by change analysis instead of survey. */
type ByAnalysis<T> = Omit<T, "survey_id"> & { analysis_id: number };

export interface LabelTables {
  survey_labels: SurveyLabelTable;
  survey_label_uses: SurveyLabelUseTable;
  survey_assignments: SurveyAssignmentTable;
  change_labels: ByAnalysis<SurveyLabelTable>;
  change_label_uses: ByAnalysis<SurveyLabelUseTable>;
  change_assignments: ByAnalysis<SurveyAssignmentTable>;
}
