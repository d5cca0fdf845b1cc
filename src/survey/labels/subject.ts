/**
 * @module survey/labels/subject
 * What labels are written to: a stored survey (one date, "single") or a change survey stored as a
 * design awaiting labels (two dates, "t1" and "t2"). Both have a stored design (units, strata, legend,
 * checksum), a seed for the sheet's order, the label repository that keeps their labels, and the
 * scenes each date's chips are cut from. The import, the blind sheet and the chips (workflow.ts) work
 * on a subject, so the survey's checks are the change survey's.
 */
import type { LabelPeriod } from "../../domain/reference-label.ts";
import type { LabelRepository } from "../../store/label-repository.ts";
import type { StoredDesign } from "./stored-design.ts";

/** A scene a chip can be cut from (survey/scenes.ts's SurveyScene, as far as a chip needs it). */
export interface ChipScene {
  id: string;
  ref: string;
  datetime: string | null;
}

export interface LabelSubject {
  /** "survey 3" or "change analysis 5", for messages. */
  name: string;
  id: number;
  design: StoredDesign;
  /** The seed of the sheet's shuffled order (its "sheet" and "assignment" streams). */
  seed: number;
  /** The dates a label may be for: ["single"], or ["t1", "t2"]. */
  periods: readonly LabelPeriod[];
  labels: LabelRepository;
  /** The scenes a chip of `period` is cut from, in order. */
  scenes(period: LabelPeriod): Promise<ChipScene[]>;
}
