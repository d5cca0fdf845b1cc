/**
 * @module cli/commands/change-labels
 * The interpreters' work on a change survey stored as a design (`coca change survey --store`):
 * `coca change labels import|list|agreement ID`, `coca change assign ID` (named interpreters, a share of units to
 * two) and `coca change sheet ID` (the blind sheet with a reference
 * class column per date, and its key). The checks and the store are the survey labels'
 * (survey/labels/workflow.ts over change/change-design.ts's subject); `coca change estimate
 * --analysis ID` estimates from what is stored.
 */
import type { Command } from "commander";
import { join } from "node:path";
import type { CliContext } from "../context.ts";
import { intFlag, numberFlag, parseFlags } from "../flags.ts";
import { printJson, renderTable } from "../output.ts";
import { labelsTable } from "../tables/labels.ts";
import { renderLabelQa } from "./survey-labels.ts";
import { labelQa } from "../../survey/labels/qa.ts";
import { changeSubject } from "../../change/change-design.ts";
import { writeFileAtomic } from "../../io/atomic-write.ts";
import { WGS84_PRJ } from "../../io/csv.ts";
import { interpreterFilePrefix, SHEET_KEY_CSVT } from "../../survey/labels/sheet.ts";
import { assignInterpretersTo, blindSheetOf, importLabelFileTo } from "../../survey/labels/workflow.ts";

const ANALYSIS_ID = intFlag("id", { min: 1 });

export function registerChangeLabels(change: Command, ctx: CliContext): void {
  const labels = change
    .command("labels")
    .description("reference labels of a change survey stored as a design (coca change survey --store): import, list, agreement");

  labels
    .command("import <id> <file>")
    .description(
      "append the labels of a filled change sheet (blind_id or unit_id, reference_class_t1 and/or reference_class_t2, ...) to change analysis ID; a file with any bad row stores nothing",
    )
    .option("--interpreter <name>", "the interpreter, when the file has no interpreter column")
    .option("--reason <text>", "the reason of corrections (units this interpreter labelled before) or of an adjudication")
    .option("--adjudicate", "these labels settle disagreements (they count over the interpreters')")
    .option("--imagery <text>", "the imagery the units were judged on, when the file has no imagery column")
    .option("--json", "machine-readable output")
    .action(async (idText: string, file: string, o: { interpreter?: string; reason?: string; adjudicate?: boolean; imagery?: string; json?: boolean }) => {
      const id = ANALYSIS_ID.parse(idText)!;
      const store = await ctx.openStore();
      const r = await importLabelFileTo(await changeSubject(store, id), file, {
        interpreter: o.interpreter,
        reason: o.reason,
        adjudicate: o.adjudicate,
        imagery: o.imagery,
      });
      const byDate = { t1: r.stored.filter((l) => l.period === "t1").length, t2: r.stored.filter((l) => l.period === "t2").length };
      if (o.json) return printJson({ analysisId: id, stored: r.stored.length, skipped: r.skipped, byDate, labelIds: r.stored.map((l) => l.id) });
      process.stdout.write(
        `stored ${r.stored.length} labels for change analysis ${id} (${byDate.t1} at the first date, ${byDate.t2} at the second); ${r.skipped} rows without a class skipped.\n` +
          `Estimate from the stored labels with \`coca change estimate --analysis ${id}\`.\n`,
      );
    });

  labels
    .command("list <id>")
    .description("the labels of change analysis ID, oldest first (every correction and adjudication kept)")
    .option("--unit <unitId>", "only this unit's history")
    .option("--json", "machine-readable output")
    .action(async (idText: string, o: { unit?: string; json?: boolean }) => {
      const id = ANALYSIS_ID.parse(idText)!;
      const store = await ctx.openStore();
      await changeSubject(store, id);
      const rows = (await store.changeLabels.list(id)).filter((l) => o.unit === undefined || l.unitId === o.unit);
      if (o.json) return printJson(rows);
      process.stdout.write(labelsTable(rows));
    });

  labels
    .command("agreement <id>")
    .description(
      "double interpretation of change analysis ID, date by date: observed agreement, Cohen's kappa with its SE, agreement per class (as survey labels agreement)",
    )
    .option("--json", "machine-readable output")
    .action(async (idText: string, o: { json?: boolean }) => {
      const id = ANALYSIS_ID.parse(idText)!;
      const store = await ctx.openStore();
      const subject = await changeSubject(store, id);
      const stored = await store.changeLabels.list(id);
      const assigned = [...new Set((await store.changeLabels.assignments(id)).map((a) => a.interpreter))];
      const byDate = subject.periods.map((period) => ({
        ...labelQa(stored, subject.design.legend, period),
        labels: stored.filter((l) => l.period === period).length,
        units: subject.design.units.length,
        assignedInterpreters: assigned,
      }));
      if (o.json) return printJson({ analysisId: id, dates: byDate });
      process.stdout.write(byDate.map((qa) => `Date ${qa.period}:\n${renderLabelQa(qa)}`).join("\n"));
    });

  change
    .command("assign <id>")
    .description("give the units of change analysis ID (a design awaiting labels) to named interpreters; --double gives that share to two")
    .requiredOption("--interpreters <names>", "comma-separated interpreter names")
    .option("--double <share>", "share of units interpreted twice, in [0, 1]", "0")
    .option("--json", "machine-readable output")
    .action(async (idText: string, o: { interpreters: string; double: string; json?: boolean }) => {
      const id = ANALYSIS_ID.parse(idText)!;
      const { double } = parseFlags(o, { double: numberFlag("--double", { min: 0, max: 1, default: 0 }) });
      const store = await ctx.openStore();
      const a = await assignInterpretersTo(await changeSubject(store, id), {
        interpreters: o.interpreters.split(",").map((x) => x.trim()),
        doubleShare: double,
      });
      const per = new Map<string, number>();
      for (const x of a) per.set(x.interpreter, (per.get(x.interpreter) ?? 0) + 1);
      const rows = [...per].map(([interpreter, units]) => ({ interpreter, units }));
      if (o.json) return printJson({ analysisId: id, assignments: rows });
      process.stdout.write(
        renderTable(rows, [
          { header: "interpreter", value: (r) => r.interpreter },
          { header: "units", value: (r) => r.units, align: "right" },
        ]) + `Write each interpreter's blind sheet with \`coca change sheet ${id} --interpreter NAME --out DIR\`.\n`,
      );
    });

  change
    .command("sheet <id>")
    .description("the interpreters' blind sheet of change analysis ID (reference_class_t1 and _t2; no map class, no transition, shuffled) and its key")
    .requiredOption("--out <dir>", "output directory (sheet.csv, sheet.csvt, sheet.prj, sheet.key.csv; prefixed by the interpreter's name if given)")
    .option("--interpreter <name>", "the interpreter's name, written into the sheet")
    .option("--json", "machine-readable output")
    .action(async (idText: string, o: { out: string; interpreter?: string; json?: boolean }) => {
      const id = ANALYSIS_ID.parse(idText)!;
      const store = await ctx.openStore();
      const sheet = await blindSheetOf(await changeSubject(store, id), o.interpreter);
      const prefix = o.interpreter ? interpreterFilePrefix(o.interpreter) : "";
      const files = [join(o.out, `${prefix}sheet.csv`), join(o.out, `${prefix}sheet.csvt`), join(o.out, `${prefix}sheet.key.csv`)];
      writeFileAtomic(files[0]!, sheet.csv);
      writeFileAtomic(files[1]!, sheet.csvt);
      writeFileAtomic(files[2]!, sheet.key);
      writeFileAtomic(join(o.out, `${prefix}sheet.prj`), WGS84_PRJ);
      writeFileAtomic(join(o.out, `${prefix}sheet.key.csvt`), SHEET_KEY_CSVT);
      if (o.json) return printJson({ files, units: sheet.rows.length, designSha256: sheet.designChecksum });
      process.stdout.write(
        `wrote ${files[0]} (${sheet.rows.length} units, for the interpreter), ${files[1]}, and the key ${files[2]} (not for the interpreter)\n`,
      );
    });
}
