/**
 * @module report/report
 * `writeReport`: the annual report of a stored survey (optionally with a stored change analysis), of a
 * change analysis alone, or of a country and year from the registry, from the store to a file (HTML or
 * PDF, Spanish or English), with what it wrote (size, SHA-256, the key figures) for `--json`.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { sha256 } from "../io/checksum.ts";
import type { Store } from "../store/store.ts";
import { InputError } from "../domain/errors.ts";
import { gatherRegistryInput, gatherReportInput } from "./report-data.ts";
import { buildRegistryReportModel, buildReportModel, type ReportModel } from "./report-model.ts";
import type { ReportLang } from "./report-text.ts";
import { renderReport, type ReportFormat } from "./render-report.ts";
import { buildChangeReportModel, gatherChangeReportInput } from "./change-report.ts";

export interface WriteReportOptions {
  /** A stored survey; or, without one, `registry` (a country and a year from the registry alone). */
  surveyId?: number;
  registry?: { country: string; year: number };
  /** A stored change analysis: alone, its own report; with a survey, the survey's report with a change section. */
  changeId?: number;
  previousId?: number;
  lang: ReportLang;
  format: ReportFormat;
  out: string;
  chromiumPath?: string;
  log?: (line: string) => void;
}

export interface WrittenReport {
  path: string;
  format: ReportFormat;
  lang: ReportLang;
  surveyId: number | null;
  changeId: number | null;
  previousId: number | null;
  bytes: number;
  sha256: string;
  createdAt: string;
  sections: string[];
  keyFigures: ReportModel["keyFigures"];
}

/** Build the report model of a stored survey, or of a country and year from the registry (no browser needed). */
export async function reportModel(
  store: Store,
  options: Pick<WriteReportOptions, "surveyId" | "previousId" | "lang" | "registry" | "changeId">,
): Promise<ReportModel> {
  return (await modelAndPrevious(store, options)).model;
}

async function modelAndPrevious(
  store: Store,
  options: Pick<WriteReportOptions, "surveyId" | "previousId" | "lang" | "registry" | "changeId">,
): Promise<{ model: ReportModel; previousId: number | null }> {
  const change = options.changeId !== undefined ? await gatherChangeReportInput(store, { changeId: options.changeId, lang: options.lang }) : undefined;
  if (options.surveyId !== undefined) {
    const input = await gatherReportInput(store, { surveyId: options.surveyId, previousId: options.previousId, lang: options.lang });
    return { model: buildReportModel({ ...input, change }), previousId: input.previous?.id ?? null };
  }
  if (change) return { model: buildChangeReportModel(change), previousId: null };
  if (!options.registry) throw new InputError("a report needs a survey id, a change analysis id, or a country and a year", { field: "survey" });
  return { model: buildRegistryReportModel(await gatherRegistryInput(store, { ...options.registry, lang: options.lang })), previousId: null };
}

/** The report's bytes (HTML or PDF) without writing a file (the API's answer). */
export async function writeReportBytes(
  store: Store,
  options: Pick<WriteReportOptions, "surveyId" | "previousId" | "lang" | "format" | "chromiumPath" | "registry" | "changeId">,
): Promise<Uint8Array> {
  const { model } = await modelAndPrevious(store, options);
  return renderReport(model, { format: options.format, chromiumPath: options.chromiumPath });
}

export async function writeReport(store: Store, options: WriteReportOptions): Promise<WrittenReport> {
  const { model, previousId } = await modelAndPrevious(store, options);
  const bytes = await renderReport(model, { format: options.format, chromiumPath: options.chromiumPath, log: options.log });
  const path = resolve(options.out);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
  return {
    path,
    format: options.format,
    lang: options.lang,
    surveyId: options.surveyId ?? null,
    changeId: options.changeId ?? null,
    previousId,
    bytes: bytes.byteLength,
    sha256: sha256(bytes),
    createdAt: model.createdAt,
    sections: model.sections.map((s) => s.title),
    keyFigures: model.keyFigures,
  };
}
