/**
 * @module report/report
 * `writeReport`: the annual report of a stored survey, from the store to a file (HTML or PDF, Spanish
 * or English), with what it wrote (size, SHA-256, the key figures) for `--json`.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { sha256 } from "../io/checksum.ts";
import type { Store } from "../store/store.ts";
import { gatherReportInput } from "./report-data.ts";
import { buildReportModel, type ReportModel } from "./report-model.ts";
import type { ReportLang } from "./report-text.ts";
import { renderReport, type ReportFormat } from "./render-report.ts";

export interface WriteReportOptions {
  surveyId: number;
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
  surveyId: number;
  previousId: number | null;
  bytes: number;
  sha256: string;
  createdAt: string;
  sections: string[];
  keyFigures: ReportModel["keyFigures"];
}

/** Build the report model of a stored survey (no browser needed). */
export async function reportModel(store: Store, options: Pick<WriteReportOptions, "surveyId" | "previousId" | "lang">): Promise<ReportModel> {
  return buildReportModel(await gatherReportInput(store, options));
}

/** The report's bytes (HTML or PDF) without writing a file (the API's answer). */
export async function writeReportBytes(store: Store, options: Pick<WriteReportOptions, "surveyId" | "previousId" | "lang" | "format" | "chromiumPath">): Promise<Uint8Array> {
  const model = buildReportModel(await gatherReportInput(store, options));
  return renderReport(model, { format: options.format, chromiumPath: options.chromiumPath });
}

export async function writeReport(store: Store, options: WriteReportOptions): Promise<WrittenReport> {
  const input = await gatherReportInput(store, options);
  const model = buildReportModel(input);
  const bytes = await renderReport(model, { format: options.format, chromiumPath: options.chromiumPath, log: options.log });
  const path = resolve(options.out);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
  return {
    path,
    format: options.format,
    lang: options.lang,
    surveyId: options.surveyId,
    previousId: input.previous?.id ?? null,
    bytes: bytes.byteLength,
    sha256: sha256(bytes),
    createdAt: model.createdAt,
    sections: model.sections.map((s) => s.title),
    keyFigures: model.keyFigures,
  };
}
