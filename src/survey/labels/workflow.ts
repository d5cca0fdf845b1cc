/**
 * @module survey/labels/workflow
 * The interpreters' workflow over the store, shared by the CLI and the API: import a filled sheet
 * (checked whole, then appended in one transaction), assign units to interpreters (double
 * interpretation), make an interpreter's blind sheet, and the labels' quality control.
 */
import { InputError, NotFoundError } from "../../domain/errors.ts";
import { openScene } from "../../imagery/read/scene.ts";
import { expandScenes } from "../scenes.ts";
import { chipRgba, type ChipComposite } from "./chips.ts";
import type { LabelAssignment, LabelPeriod, NewReferenceLabel, ReferenceLabel } from "../../domain/reference-label.ts";
import { decodeUtf8 } from "../../io/csv.ts";
import { sha256 } from "../../io/checksum.ts";
import { readBytesFileSync } from "../../io/read-file.ts";
import { streamFor } from "../../stats/random-streams.ts";
import type { Store } from "../../store/store.ts";
import { assignUnits } from "./assign.ts";
import { planImport } from "./import.ts";
import { labelQa, type LabelQa } from "./qa.ts";
import type { LabelSubject } from "./subject.ts";
import { parseSheet, type SheetAnswer } from "./read-sheet.ts";
import { getSurveyOrThrow, storedDesignOf } from "./reestimate.ts";
import { blindId, blindIndex, blindSheetRows, keyToCsv, sheetCsvt, sheetToCsv, type SheetRow } from "./sheet.ts";

export interface ImportOptions {
  interpreter?: string;
  adjudicate?: boolean;
  reason?: string;
  imagery?: string;
}

/** A stored survey as a label subject (one date, "single"; its chips from its config's scenes). */
export async function surveySubject(store: Store, id: number): Promise<LabelSubject> {
  const s = await getSurveyOrThrow(store, id);
  const design = await storedDesignOf(store, s);
  return {
    name: `survey ${id}`,
    id,
    design,
    seed: s.config.seed,
    periods: ["single"],
    labels: store.labels,
    scenes: async () => expandScenes(s.config.scenes),
  };
}

/** Check answers against a subject's design and append them; nothing is stored if any row is wrong. */
export async function importAnswersTo(
  subject: LabelSubject,
  answers: readonly SheetAnswer[],
  source: { file: string; sha256: string },
  options: ImportOptions = {},
): Promise<{ stored: ReferenceLabel[]; skipped: number }> {
  const plan = planImport({
    answers,
    file: source.file,
    fileSha256: `sha256:${source.sha256}`,
    design: subject.design,
    periods: subject.periods,
    existing: await subject.labels.list(subject.id),
    assignments: await subject.labels.assignments(subject.id),
    ...options,
    now: new Date().toISOString(),
  });
  if (plan.labels.length === 0) throw new InputError(`${source.file}: no labelled units (every reference_class is empty)`);
  return { stored: await subject.labels.append(subject.id, plan.labels), skipped: plan.skipped };
}

/** Check answers against survey `id` and append them; nothing is stored if any row is wrong. */
export async function importAnswers(
  store: Store,
  id: number,
  answers: readonly SheetAnswer[],
  source: { file: string; sha256: string },
  options: ImportOptions = {},
): Promise<{ stored: ReferenceLabel[]; skipped: number }> {
  return importAnswersTo(await surveySubject(store, id), answers, source, options);
}

/** Import a filled sheet file (CSV or GeoJSON) into a subject. */
export async function importLabelFileTo(
  subject: LabelSubject,
  file: string,
  options: ImportOptions = {},
): Promise<{ stored: ReferenceLabel[]; skipped: number }> {
  const bytes = readBytesFileSync(file, { what: "label file" });
  return importAnswersTo(subject, parseSheet(decodeUtf8(bytes, file), file), { file, sha256: sha256(bytes) }, options);
}

/** Import a filled sheet file (CSV or GeoJSON). */
export async function importLabelFile(
  store: Store,
  id: number,
  file: string,
  options: ImportOptions = {},
): Promise<{ stored: ReferenceLabel[]; skipped: number }> {
  return importLabelFileTo(await surveySubject(store, id), file, options);
}

/** Assign the survey's units to interpreters (a share to two), from the survey seed's "assignment" stream. */
export async function assignInterpreters(
  store: Store,
  id: number,
  options: { interpreters: readonly string[]; doubleShare: number },
): Promise<LabelAssignment[]> {
  return assignInterpretersTo(await surveySubject(store, id), options);
}

/** Assign a subject's units to interpreters (a share to two), from its seed's "assignment" stream. */
export async function assignInterpretersTo(
  subject: LabelSubject,
  { interpreters, doubleShare }: { interpreters: readonly string[]; doubleShare: number },
): Promise<LabelAssignment[]> {
  const assignments = assignUnits({
    unitIds: subject.design.units.map((u) => u.unitId),
    interpreters,
    doubleShare,
    random: streamFor(subject.seed, "assignment"),
  });
  await subject.labels.assign(subject.id, assignments);
  return assignments;
}

/** An interpreter's blind sheet (their assigned units in their order) or, unassigned, the whole sample shuffled. */
export async function blindSheet(
  store: Store,
  id: number,
  interpreter?: string,
): Promise<{ csv: string; csvt: string; key: string; rows: SheetRow[]; designChecksum: string }> {
  return blindSheetOf(await surveySubject(store, id), interpreter);
}

/** A subject's blind sheet for `interpreter` (one reference class column per date of the subject). */
export async function blindSheetOf(
  subject: LabelSubject,
  interpreter?: string,
): Promise<{ csv: string; csvt: string; key: string; rows: SheetRow[]; designChecksum: string }> {
  const { design, id } = subject;
  const assignments = await subject.labels.assignments(id);
  let rows: SheetRow[];
  let units = design.units;
  if (assignments.length > 0) {
    if (interpreter === undefined)
      throw new InputError(
        `${subject.name} assigns its units to interpreters (${[...new Set(assignments.map((a) => a.interpreter))].join(", ")}): name one with --interpreter`,
        { field: "interpreter" },
      );
    const mine = assignments.filter((a) => a.interpreter === interpreter).sort((a, b) => a.position - b.position);
    if (mine.length === 0)
      throw new InputError(
        `${subject.name}: no units are assigned to ${interpreter} (interpreters: ${[...new Set(assignments.map((a) => a.interpreter))].join(", ")})`,
        { field: "interpreter" },
      );
    const byId = new Map(design.units.map((u) => [u.unitId, u]));
    units = mine.map((a) => byId.get(a.unitId)!);
    rows = mine.map((a) => ({ position: a.position, blindId: blindId(design.checksum, a.unitId), unitId: a.unitId, unit: byId.get(a.unitId)! }));
  } else {
    rows = blindSheetRows(design.units, design.checksum, streamFor(subject.seed, "sheet"));
  }
  return {
    csv: sheetToCsv(rows, { designChecksum: design.checksum, interpreter, periods: subject.periods }),
    csvt: sheetCsvt(subject.periods),
    key: keyToCsv(units, design.checksum),
    rows,
    designChecksum: design.checksum,
  };
}

/** Agreement, pending adjudications and progress of a survey's labels. */
export async function surveyLabelQa(store: Store, id: number): Promise<LabelQa & { labels: number; units: number; assignedInterpreters: string[] }> {
  const s = await getSurveyOrThrow(store, id);
  const design = await storedDesignOf(store, s);
  const labels = await store.labels.list(id);
  const assignments = await store.labels.assignments(id);
  return {
    ...labelQa(labels, s.results.classifier.classes),
    labels: labels.length,
    units: design.units.length,
    assignedInterpreters: [...new Set(assignments.map((a) => a.interpreter))],
  };
}

export type { NewReferenceLabel };

/** A chip (RGBA, `sizePx` square) of scene `sceneIndex` of survey `id` around the unit with blind id `blind` (imagery only). */
export async function unitChip(
  store: Store,
  id: number,
  blind: string,
  options: { composite: ChipComposite; sceneIndex?: number; sizePx?: number },
): Promise<{ rgba: Uint8Array; sizePx: number; scene: { id: string; datetime: string | null } }> {
  return unitChipOf(await surveySubject(store, id), blind, options);
}

/** A chip of a subject's unit from scene `sceneIndex` of date `period` (default: the subject's first date). */
export async function unitChipOf(
  subject: LabelSubject,
  blind: string,
  {
    composite,
    period = subject.periods[0]!,
    sceneIndex = 0,
    sizePx = 64,
  }: { composite: ChipComposite; period?: LabelPeriod; sceneIndex?: number; sizePx?: number },
): Promise<{ rgba: Uint8Array; sizePx: number; scene: { id: string; datetime: string | null } }> {
  const { design } = subject;
  if (!subject.periods.includes(period))
    throw new InputError(`${subject.name} has imagery for ${subject.periods.join(", ")}, not for date "${period}"`, { field: "period" });
  const unitId = blindIndex(
    design.checksum,
    design.units.map((u) => u.unitId),
  ).get(blind);
  if (!unitId) throw new NotFoundError(`${subject.name} has no unit with blind id ${blind}`);
  const unit = design.units.find((u) => u.unitId === unitId)!;
  const scenes = await subject.scenes(period);
  const sc = scenes[sceneIndex];
  if (!sc)
    throw new NotFoundError(`${subject.name} has ${scenes.length} scene(s)${period === "single" ? "" : ` at ${period}`}; there is no scene ${sceneIndex}`);
  const scene = await openScene(sc.ref);
  try {
    const rgba = await chipRgba(scene, { lon: unit.lon, lat: unit.lat, sizePx, composite });
    return { rgba, sizePx, scene: { id: sc.id, datetime: sc.datetime } };
  } finally {
    await scene.close();
  }
}
