/**
 * @module cli/commands/report
 * `coca report SURVEY_ID --out report.pdf|report.html [--lang es|en] [--previous ID | --change ID] [--format pdf|html] [--json]`
 * (or `coca report --change ID --out ...`, the report of a stored change analysis; or `coca report --country C --year Y --out ...`
 * from the registry alone):
 * the annual survey report of a stored survey (key figures this year beside last year, summary, area by
 * region with CIs, maps, production with its interval and sensitivity, the US and UN figures with
 * citations, limits and targets, methodology, provenance), laid out in headless Chromium.
 */
import type { Command } from "commander";
import { InputError } from "../../domain/errors.ts";
import { REPORT_LANGS } from "../../report/report-text.ts";
import type { CliContext } from "../context.ts";
import { normalizeCountry } from "../../domain/country.ts";
import { choiceFlag, intFlag, yearFlag } from "../flags.ts";
import { printJson } from "../output.ts";

interface ReportOptions {
  survey?: string;
  country?: string;
  year?: string;
  previous?: string;
  change?: string;
  out: string;
  lang?: string;
  format?: string;
  chromium?: string;
  json?: boolean;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command("report")
    .description("the annual survey report of a stored survey, as PDF or self-contained HTML, in Spanish or English")
    .argument("[surveyId]", "id of the stored survey (coca survey list)")
    .option("--survey <id>", "the survey id (instead of the argument)")
    .option("--country <country>", "without a survey: the report of a country and --year from the registry alone")
    .option("--year <year>", "with --country: the year")
    .option("--previous <id>", "last year's survey (default: the newest stored survey of the same country and the year before)")
    .option("--change <id>", "a stored change analysis (coca change list): alone, its report; with a survey, a change section in the survey's report")
    .requiredOption("--out <file>", "output file, report.pdf or report.html")
    .option("--lang <lang>", "es | en (default es)")
    .option("--format <format>", "pdf | html (default: from the --out extension)")
    .option("--chromium <path>", "Chromium executable (default $CHROMIUM_PATH, else /usr/bin/chromium)")
    .option("--json", "JSON output: what was written, its SHA-256 and the key figures")
    .action(async (surveyArg: string | undefined, opts: ReportOptions) => {
      if (surveyArg !== undefined && opts.survey !== undefined && surveyArg !== opts.survey) {
        throw new InputError(`give the survey once: argument ${surveyArg} and --survey ${opts.survey} differ`, { field: "survey" });
      }
      const surveyId = intFlag("--survey", { min: 1 }).parse(surveyArg ?? opts.survey);
      const changeId = intFlag("--change", { min: 1 }).parse(opts.change);
      const year = yearFlag("--year").parse(opts.year);
      if ((surveyId !== undefined || changeId !== undefined) && (opts.country !== undefined || year !== undefined))
        throw new InputError("give a survey id (or --change ID), or --country and --year, not both", { field: "survey" });
      if (surveyId === undefined && changeId === undefined && (opts.country === undefined || year === undefined)) {
        throw new InputError(
          "coca report needs a survey id (coca report ID --out FILE; coca survey list shows them), --change ID (coca change list), or --country C --year Y",
          { field: "survey" },
        );
      }
      const previousId = intFlag("--previous", { min: 1 }).parse(opts.previous);
      if (previousId !== undefined && surveyId === undefined) throw new InputError("--previous goes with a survey id", { field: "previous" });
      const registry = surveyId === undefined && changeId === undefined ? { country: normalizeCountry(opts.country!, "--country"), year: year! } : undefined;
      const lang = choiceFlag("--lang", REPORT_LANGS, { default: "es" }).parse(opts.lang);
      const fromExt = /\.pdf$/i.test(opts.out) ? "pdf" : /\.html?$/i.test(opts.out) ? "html" : undefined;
      const format = choiceFlag("--format", ["pdf", "html"] as const).parse(opts.format ?? fromExt);
      if (format === undefined) throw new InputError(`--out ${opts.out} ends neither in .pdf nor .html: give --format pdf|html`, { field: "format" });
      const { writeReport } = await import("../../report/report.ts");
      const store = await ctx.openStore();
      const written = await writeReport(store, {
        surveyId,
        changeId,
        registry,
        previousId,
        lang,
        format,
        out: opts.out,
        chromiumPath: opts.chromium,
        log: opts.json ? () => {} : (line) => process.stderr.write(`${line}\n`),
      });
      if (opts.json) {
        printJson(written);
        return;
      }
      process.stdout.write(`wrote ${written.path} (${written.format}, ${written.lang}, ${written.bytes} bytes, sha256 ${written.sha256})\n`);
      for (const k of written.keyFigures) process.stdout.write(`  ${k.label}: ${k.thisYear} | ${k.lastYear} | ${k.change}\n`);
    });
}
