/**
 * @module report/citations
 * The report's numbered citations (in order of first use) and its two number helpers, shared by the
 * survey report (report-model) and the change report (change-report).
 */
import type { ReportText } from "./report-text.ts";

export const ha = (x: ReportText, v: number | null | undefined): string => x.format.qty(v, "ha");
export const range = (x: ReportText, lo: number | null | undefined, hi: number | null | undefined, unit: string, digits = 0): string =>
  lo === null || lo === undefined || hi === null || hi === undefined ? "—" : `${x.format.number(lo, digits)}–${x.format.number(hi, digits)} ${unit}`;

/** Citations in order of first use; `cite` returns the bracketed number of one. */
export class Citations {
  readonly list: string[] = [];
  cite(citation: string): string {
    let i = this.list.indexOf(citation);
    if (i < 0) i = this.list.push(citation) - 1;
    return `[${i + 1}]`;
  }
}
