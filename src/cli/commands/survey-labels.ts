/**
 * @module cli/commands/survey-labels
 * The interpreters' work on a stored survey: `coca survey labels import|export|list|agreement ID`,
 * `coca survey assign ID` (named interpreters, a share of units to two), `coca survey sheet ID`
 * (the blind sheet and its key) and `coca survey estimate ID` (the estimate again from the stored
 * labels alone).
 */
import type { Command } from "commander";
import { join } from "node:path";
import type { CliContext } from "../context.ts";
import { numberFlag, parseFlags } from "../flags.ts";
import { fmt, printJson, renderTable } from "../output.ts";
import { labelsTable } from "../tables/labels.ts";
import { InputError } from "../../domain/errors.ts";
import { writeFileAtomic } from "../../io/atomic-write.ts";
import { labelsToCsv } from "../../survey/labels/export-labels.ts";
import type { LabelQa } from "../../survey/labels/qa.ts";
import { getSurveyOrThrow, reestimateSurvey, storedDesignOf } from "../../survey/labels/reestimate.ts";
import { blindId, interpreterFilePrefix, SHEET_KEY_CSVT } from "../../survey/labels/sheet.ts";
import { csvLayer, csvLayerFiles, WGS84_PRJ } from "../../io/csv.ts";
import { assignInterpreters, blindSheet, importLabelFile, surveyLabelQa } from "../../survey/labels/workflow.ts";

function parseId(raw: string): number {
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0) throw new InputError(`survey id must be a positive integer, got "${raw}"`);
  return id;
}

const pct = (v: number | null): string => (v === null || !Number.isFinite(v) ? "—" : `${fmt(v * 100, 1)}%`);

/** The labels' quality control in words (also used by `survey show`). */
export function renderLabelQa(qa: LabelQa & { labels: number; units: number; assignedInterpreters: string[] }): string {
  const lines: string[] = [];
  lines.push(
    `Reference labels: ${qa.labels} stored for ${qa.units} units; interpreters: ${qa.perInterpreter.map((p) => `${p.interpreter} (${p.units})`).join(", ") || "none"}`,
  );
  if (qa.doubleUnits > 0) {
    const o = qa.overall;
    lines.push(
      `Double interpretation: ${qa.doubleUnits} units; observed agreement ${pct(o.observedAgreement)}, Cohen's kappa ${fmt(o.kappa, 3)} (SE ${fmt(o.kappaSe, 3)})`,
    );
    lines.push(
      renderTable(
        o.perClass.filter((c) => c.countA + c.countB > 0),
        [
          { header: "class", value: (c) => c.className },
          { header: "first", value: (c) => c.countA, align: "right" },
          { header: "second", value: (c) => c.countB, align: "right" },
          { header: "both", value: (c) => c.both, align: "right" },
          { header: "specific agreement", value: (c) => pct(c.specificAgreement), align: "right" },
        ],
      ).trimEnd(),
    );
    for (const p of qa.pairs)
      lines.push(
        `  ${p.a} / ${p.b}: ${p.result.n} units, agreement ${pct(p.result.observedAgreement)}, kappa ${fmt(p.result.kappa, 3)} (SE ${fmt(p.result.kappaSe, 3)})`,
      );
  }
  lines.push(`Disagreements waiting for adjudication: ${qa.pending.length}; units adjudicated: ${qa.adjudicated}`);
  return `${lines.join("\n")}\n`;
}

export function registerSurveyLabels(survey: Command, ctx: CliContext): void {
  const labels = survey.command("labels").description("reference labels stored with a survey: import, export, list, agreement");

  labels
    .command("import <id> <file>")
    .description(
      "append the labels of a filled sheet (CSV or GeoJSON; blind_id or unit_id, reference_class, ...) to survey ID; a file with any bad row stores nothing",
    )
    .option("--interpreter <name>", "the interpreter, when the file has no interpreter column")
    .option("--reason <text>", "the reason of corrections (units this interpreter labelled before) or of an adjudication")
    .option("--adjudicate", "these labels settle disagreements (they count over the interpreters')")
    .option("--imagery <text>", "the imagery the units were judged on, when the file has no imagery column")
    .option("--json", "machine-readable output")
    .action(async (id: string, file: string, o: { interpreter?: string; reason?: string; adjudicate?: boolean; imagery?: string; json?: boolean }) => {
      const store = await ctx.openStore();
      const r = await importLabelFile(store, parseId(id), file, { interpreter: o.interpreter, reason: o.reason, adjudicate: o.adjudicate, imagery: o.imagery });
      const kinds = { interpretation: 0, correction: 0, adjudication: 0 };
      for (const l of r.stored) kinds[l.kind]++;
      if (o.json) return printJson({ surveyId: Number(id), stored: r.stored.length, skipped: r.skipped, kinds, labelIds: r.stored.map((l) => l.id) });
      process.stdout.write(
        `stored ${r.stored.length} labels for survey ${id} (${kinds.interpretation} interpretations, ${kinds.correction} corrections, ${kinds.adjudication} adjudications); ${r.skipped} rows without a class skipped.\n` +
          `Estimate again from the stored labels with \`coca survey estimate ${id}\`.\n`,
      );
    });

  labels
    .command("export <id>")
    .description("write every label of survey ID with its history (CSV with a .csvt)")
    .requiredOption("--out <file>", "the CSV to write (the .csvt is written beside it)")
    .option("--json", "machine-readable output")
    .action(async (id: string, o: { out: string; json?: boolean }) => {
      const store = await ctx.openStore();
      const s = await getSurveyOrThrow(store, parseId(id));
      const all = await store.labels.list(s.id);
      const used = new Set((await store.labels.uses(s.id, "run")).map((u) => u.labelId));
      const { csv, csvt } = labelsToCsv(all, used);
      writeFileAtomic(o.out, csv);
      const csvtPath = o.out.replace(/(\.csv)?$/i, ".csvt");
      writeFileAtomic(csvtPath, csvt);
      if (o.json) return printJson({ files: [o.out, csvtPath], labels: all.length });
      process.stdout.write(`wrote ${o.out} (${all.length} labels) and ${csvtPath}\n`);
    });

  labels
    .command("list <id>")
    .description("the labels of survey ID, oldest first (every correction and adjudication kept)")
    .option("--unit <unitId>", "only this unit's history")
    .option("--json", "machine-readable output")
    .action(async (id: string, o: { unit?: string; json?: boolean }) => {
      const store = await ctx.openStore();
      const s = await getSurveyOrThrow(store, parseId(id));
      const rows = (await store.labels.list(s.id)).filter((l) => o.unit === undefined || l.unitId === o.unit);
      if (o.json) return printJson(rows);
      process.stdout.write(labelsTable(rows));
    });

  labels
    .command("agreement <id>")
    .description("double interpretation: observed agreement, Cohen's kappa with its SE, agreement per class, and the disagreements waiting for adjudication")
    .option("--out <file>", "write the disagreements as an adjudication sheet (CSV: blind_id, each interpreter's class, empty reference_class and reason)")
    .option("--json", "machine-readable output")
    .action(async (id: string, o: { out?: string; json?: boolean }) => {
      const store = await ctx.openStore();
      const sid = parseId(id);
      const qa = await surveyLabelQa(store, sid);
      if (o.out) {
        const checksum = (await storedDesignOf(store, { id: sid })).checksum;
        const layer = csvLayer(
          [
            ["blind_id", "String"],
            ["labels", "String"],
            ["reference_class", "String"],
            ["reason", "String"],
            ["design_sha256", "String"],
          ],
          qa.pending.map((d) => [blindId(checksum, d.unitId), d.labels.map((l) => `${l.interpreter}: ${l.referenceClass}`).join("; "), "", "", checksum]),
        );
        for (const [path, text] of csvLayerFiles(o.out, layer)) writeFileAtomic(path, text);
      }
      if (o.json) return printJson(qa);
      process.stdout.write(renderLabelQa(qa));
      if (o.out)
        process.stdout.write(
          `wrote ${o.out} (${qa.pending.length} units to adjudicate; import it with \`coca survey labels import ${id} ${o.out} --adjudicate --interpreter NAME\`)\n`,
        );
    });

  survey
    .command("assign <id>")
    .description("give the units of survey ID to named interpreters; --double gives that share of units to two interpreters")
    .requiredOption("--interpreters <names>", "comma-separated interpreter names")
    .option("--double <share>", "share of units interpreted twice, in [0, 1]", "0")
    .option("--json", "machine-readable output")
    .action(async (id: string, o: { interpreters: string; double: string; json?: boolean }) => {
      const { double } = parseFlags(o, { double: numberFlag("--double", { min: 0, max: 1, default: 0 }) });
      const store = await ctx.openStore();
      const a = await assignInterpreters(store, parseId(id), { interpreters: o.interpreters.split(",").map((s) => s.trim()), doubleShare: double });
      const per = new Map<string, { units: number; double: number }>();
      for (const x of a) {
        const p = per.get(x.interpreter) ?? { units: 0, double: 0 };
        p.units++;
        if (x.double) p.double++;
        per.set(x.interpreter, p);
      }
      const rows = [...per].map(([interpreter, p]) => ({ interpreter, ...p }));
      if (o.json) return printJson({ surveyId: Number(id), assignments: rows });
      process.stdout.write(
        renderTable(rows, [
          { header: "interpreter", value: (r) => r.interpreter },
          { header: "units", value: (r) => r.units, align: "right" },
          { header: "also given to another", value: (r) => r.double, align: "right" },
        ]),
      );
      process.stdout.write(`Write each interpreter's blind sheet with \`coca survey sheet ${id} --interpreter NAME --out DIR\`.\n`);
    });

  survey
    .command("sheet <id>")
    .description("the interpreters' blind sheet of survey ID (no map class, shuffled) and its key (not for interpreters)")
    .requiredOption("--out <dir>", "output directory (sheet.csv, sheet.csvt, sheet.key.csv; prefixed by the interpreter's name if given)")
    .option("--interpreter <name>", "this interpreter's assigned units (required once units are assigned)")
    .option("--json", "machine-readable output")
    .action(async (id: string, o: { out: string; interpreter?: string; json?: boolean }) => {
      const store = await ctx.openStore();
      const sheet = await blindSheet(store, parseId(id), o.interpreter);
      const prefix = o.interpreter ? interpreterFilePrefix(o.interpreter) : "";
      const files = [join(o.out, `${prefix}sheet.csv`), join(o.out, `${prefix}sheet.csvt`), join(o.out, `${prefix}sheet.key.csv`)];
      writeFileAtomic(files[0]!, sheet.csv);
      writeFileAtomic(files[1]!, sheet.csvt);
      writeFileAtomic(files[2]!, sheet.key);
      // The sheet's lon/lat are WGS 84 (its .prj); the key's column types.
      writeFileAtomic(join(o.out, `${prefix}sheet.prj`), WGS84_PRJ);
      writeFileAtomic(join(o.out, `${prefix}sheet.key.csvt`), SHEET_KEY_CSVT);
      if (o.json) return printJson({ files, units: sheet.rows.length, designSha256: sheet.designChecksum });
      process.stdout.write(
        `wrote ${files[0]} (${sheet.rows.length} units, for the interpreter), ${files[1]}, and the key ${files[2]} (not for the interpreter)\n`,
      );
    });

  survey
    .command("estimate <id>")
    .description("estimate survey ID again from its stored design, class map and labels alone, and compare with the stored numbers")
    .option("--record <name>", "record in the store which label each unit's estimate used, under this name (once per name; \"run\" is the survey run's)")
    .option("--json", "machine-readable output")
    .action(async (id: string, o: { record?: string; json?: boolean }) => {
      const store = await ctx.openStore();
      const e = await reestimateSurvey(store, parseId(id));
      if (o.record !== undefined) {
        if (o.record.trim() === "") throw new InputError("--record needs a name", { field: "record" });
        await store.labels.recordUses(e.surveyId, o.record.trim(), e.labels.uses);
      }
      if (o.json) return printJson(e);
      const lines = [
        `Survey ${e.surveyId} estimated again from ${e.labels.used} stored labels (${e.labels.unlabelled} units without a label that counts; ${e.labels.disagreements.length} disagreements; ${e.labels.sinceRun} labels stored since the run):`,
        `${e.targetClass}: ${fmt(e.total.areaHa, 1)} ha (SE ${fmt(e.total.areaSeHa, 1)}, CI ${fmt(e.total.areaCiHa[0], 1)}-${fmt(e.total.areaCiHa[1], 1)} ha); overall accuracy ${pct(e.accuracy.overallAccuracy)}`,
        e.cocaineT
          ? `Potential pure cocaine: ${fmt(e.cocaineT.mean, 1)} t (90% interval ${fmt(e.cocaineT.ci90[0], 1)}-${fmt(e.cocaineT.ci90[1], 1)} t)`
          : "No production stage: the survey is stored without potential production.",
        renderTable(e.regions, [
          { header: "region", value: (r) => r.region },
          { header: "area ha", value: (r) => fmt(r.areaHa, 1), align: "right" },
          { header: "SE ha", value: (r) => fmt(r.areaSeHa, 1), align: "right" },
          { header: "units", value: (r) => r.sampleUnits, align: "right" },
        ]).trimEnd(),
        e.matchesStored
          ? "Every number is the stored one, to the last digit."
          : `Differs from the stored results:\n${e.differences.map((d) => `  ${d}`).join("\n")}`,
      ];
      process.stdout.write(`${lines.join("\n")}\n`);
    });
}
