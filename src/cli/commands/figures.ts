/**
 * @module cli/commands/figures
 * `coca figures list|compare|revisions|import|export|delete|deletions`: the official-figures registry.
 * Commands that read figures load the seed (data/official-figures.csv) into the store first.
 */
import type { Command } from "commander";
import { InputError } from "../../domain/errors.ts";
import { METRICS, citationsOf, isMetric, type Metric } from "../../domain/figure.ts";
import { normalizeCountry } from "../../domain/country.ts";
import { writeFileAtomic } from "../../io/atomic-write.ts";
import type { FigureFilter } from "../../store/figure-repository.ts";
import { compareSources } from "../../figures/compare.ts";
import { figuresCsvt, figuresToCsv, figuresToJson } from "../../figures/figure-file.ts";
import { csvSidecarPath } from "../../io/csv.ts";
import { importFigureFile } from "../../figures/import.ts";
import { renderComparison, renderFigureDetails, renderFigures, renderRevisions } from "../tables/figures.ts";
import { detectRevisions } from "../../figures/revisions.ts";
import { ensureSeeded } from "../../figures/seed.ts";
import type { CliContext } from "../context.ts";
import { parseFlags, yearFlag } from "../flags.ts";
import { printJson, renderTable } from "../output.ts";

interface FilterOptions {
  country?: string;
  region?: string;
  source?: string;
  metric?: string;
  year?: string;
  from?: string;
  to?: string;
  allVintages?: boolean;
  published?: string;
}

function parseMetric(text: string | undefined): Metric | undefined {
  if (text === undefined) return undefined;
  if (!isMetric(text)) throw new InputError(`unknown --metric ${text} (expected one of ${METRICS.join(", ")})`, { field: "metric" });
  return text;
}

/** Turn the common filter flags into a repository filter. */
export function filterFrom(opts: FilterOptions): FigureFilter {
  const { year, from, to } = parseFlags(opts, { year: yearFlag("--year"), from: yearFlag("--from"), to: yearFlag("--to") });
  if (year !== undefined && (from !== undefined || to !== undefined)) {
    throw new InputError("give either --year or --from/--to, not both", { field: "year" });
  }
  if (from !== undefined && to !== undefined && from > to) throw new InputError(`--from ${from} is after --to ${to}`, { field: "from" });
  return {
    country: opts.country === undefined ? undefined : normalizeCountry(opts.country, "--country"),
    region: opts.region,
    source: opts.source,
    metric: parseMetric(opts.metric),
    year,
    from,
    to,
    published: opts.published,
    allVintages: opts.allVintages,
  };
}

function addFilterOptions(cmd: Command, { vintages = true }: { vintages?: boolean } = {}): Command {
  cmd
    .option("--country <country>", "ISO 3166-1 code or name (PE, PER, Peru; AND = Andean total)")
    .option("--region <region>", "national, or a sub-national unit (e.g. 'Yungas de La Paz', VRAEM); default: every region")
    .option("--source <source>", "UNODC, ONDCP, INCSR, CNC, DEVIDA, 'Government of Bolivia'... (or the exact source string)")
    .option("--metric <metric>", METRICS.join(" | "))
    .option("--year <year>", "one year")
    .option("--from <year>", "first year")
    .option("--to <year>", "last year");
  if (vintages) cmd.option("--all-vintages", "every publication of each figure, not only the latest");
  return cmd;
}

export function register(program: Command, ctx: CliContext): void {
  const figures = program
    .command("figures")
    .description("the registry of official figures (UNODC, ONDCP, INCSR, CNC, DEVIDA, governments) with citations and vintages");

  addFilterOptions(figures.command("list").description("list figures (latest vintage of each unless --all-vintages)"))
    .option("--json", "print as JSON")
    .action(async (opts: FilterOptions & { json?: boolean }) => {
      const filter = filterFrom(opts);
      const store = await ctx.openStore();
      await ensureSeeded(store);
      const list = await store.figures.list(filter);
      if (opts.json) printJson(list);
      else process.stdout.write(list.length === 0 ? "no figures match\n" : renderFigures(list));
    });

  addFilterOptions(
    figures.command("show").description("figures in full: value, vintage, notes and every citation (latest vintage of each unless --all-vintages)"),
  )
    .option("--json", "print as JSON")
    .action(async (opts: FilterOptions & { json?: boolean }) => {
      const filter = filterFrom(opts);
      const store = await ctx.openStore();
      await ensureSeeded(store);
      const list = await store.figures.list(filter);
      if (opts.json) printJson(list.map((f) => ({ ...f, citations: citationsOf(f) })));
      else process.stdout.write(list.length === 0 ? "no figures match\n" : renderFigureDetails(list));
    });

  figures
    .command("compare")
    .description("per year, every source side by side with absolute and relative differences from a base source")
    .requiredOption("--country <country>", "ISO 3166-1 code or name")
    .option("--metric <metric>", METRICS.join(" | "), "cultivation_ha")
    .option("--region <region>", "national or a sub-national unit", "national")
    .option("--base <source>", "source the differences are taken from (default UNODC)")
    .option("--from <year>", "first year")
    .option("--to <year>", "last year")
    .option("--plot <file>", "also draw the sources side by side as the dashboard does (FILE.svg or FILE.png)")
    .option("--json", "print as JSON")
    .action(async (opts: { country: string; metric: string; region: string; base?: string; from?: string; to?: string; plot?: string; json?: boolean }) => {
      const filter = filterFrom({ country: opts.country, metric: opts.metric, region: opts.region, from: opts.from, to: opts.to });
      const store = await ctx.openStore();
      await ensureSeeded(store);
      const list = await store.figures.list(filter);
      const comparison = compareSources(list, {
        country: filter.country!,
        region: opts.region,
        metric: filter.metric as Metric,
        base: opts.base,
      });
      if (opts.plot) {
        const { comparisonChart, plotFormat, writePlot } = await import("../../report/plot-file.ts");
        plotFormat(opts.plot);
        const { loadPublishedRanges } = await import("../../figures/published-ranges.ts");
        await writePlot(comparisonChart(comparison, "en", loadPublishedRanges()), opts.plot);
        if (!opts.json) process.stderr.write(`wrote ${opts.plot}\n`);
      }
      if (opts.json) printJson(comparison);
      else process.stdout.write(renderComparison(comparison));
    });

  figures
    .command("revisions")
    .description("every figure whose value changed between vintages: old and new value")
    .option("--country <country>", "ISO 3166-1 code or name")
    .option("--source <source>", "a source")
    .option("--metric <metric>", METRICS.join(" | "))
    .option("--json", "print as JSON")
    .action(async (opts: { country?: string; source?: string; metric?: string; json?: boolean }) => {
      const filter = filterFrom(opts);
      const store = await ctx.openStore();
      await ensureSeeded(store);
      const revisions = detectRevisions(await store.figures.revisions(filter));
      if (opts.json) printJson(revisions);
      else process.stdout.write(renderRevisions(revisions));
    });

  figures
    .command("import")
    .description("import a CSV (or .json) file of figures: every row is validated, and one bad row imports nothing")
    .argument("<file>", "CSV with the columns of `coca figures export` (or those of the reference official-figures.csv)")
    .option("--json", "print as JSON")
    .action(async (file: string, opts: { json?: boolean }) => {
      const store = await ctx.openStore();
      await ensureSeeded(store);
      const summary = await importFigureFile(store, file, { maxYear: new Date().getUTCFullYear() });
      if (opts.json) printJson(summary);
      else {
        process.stdout.write(
          `imported ${file}: ${summary.rows} figures, ${summary.inserted} new (figures or vintages), ${summary.unchanged} already stored, ` +
            `${summary.citationsAdded} citations added to figures already cited elsewhere\n`,
        );
      }
    });

  addFilterOptions(figures.command("export").description("export figures (every vintage unless --latest) as CSV or JSON"), {
    vintages: false,
  })
    .option("--format <format>", "csv | json", "csv")
    .option("--latest", "only the latest vintage of each figure")
    .option("--out <file>", "write to a file (atomically) instead of stdout")
    .action(async (opts: FilterOptions & { format: string; latest?: boolean; out?: string }) => {
      if (opts.format !== "csv" && opts.format !== "json") {
        throw new InputError(`unknown --format ${opts.format} (expected csv or json)`, { field: "format" });
      }
      const filter = { ...filterFrom(opts), allVintages: !opts.latest };
      const store = await ctx.openStore();
      await ensureSeeded(store);
      const list = await store.figures.list(filter);
      const text = opts.format === "json" ? figuresToJson(list) : figuresToCsv(list);
      if (opts.out) {
        writeFileAtomic(opts.out, text);
        // A CSV file gets its .csvt, so that QGIS and GDAL read year and value as numbers.
        if (opts.format === "csv") writeFileAtomic(csvSidecarPath(opts.out, ".csvt"), figuresCsvt());
        process.stderr.write(`wrote ${list.length} figures to ${opts.out}\n`);
      } else process.stdout.write(text);
    });

  addFilterOptions(figures.command("delete").description("delete every vintage matching the filters; each removed row is logged with the reason"), {
    vintages: false,
  })
    .option("--published <vintage>", "only this vintage")
    .requiredOption("--reason <text>", "why (kept in the deletions log)")
    .option("--json", "print as JSON")
    .action(async (opts: FilterOptions & { reason: string; json?: boolean }) => {
      const filter = filterFrom(opts);
      const store = await ctx.openStore();
      await ensureSeeded(store);
      const removed = await store.figures.deleteFigures(filter, { reason: opts.reason });
      if (opts.json) printJson({ deleted: removed, reason: opts.reason });
      else process.stdout.write(removed.length === 0 ? "no figures match: nothing deleted\n" : `deleted ${removed.length} figures:\n${renderFigures(removed)}`);
    });

  figures
    .command("deletions")
    .description("what `coca figures delete` removed, with when and why")
    .option("--json", "print as JSON")
    .action(async (opts: { json?: boolean }) => {
      const store = await ctx.openStore();
      const deletions = await store.figures.deletions();
      if (opts.json) printJson(deletions);
      else {
        process.stdout.write(
          deletions.length === 0
            ? "nothing deleted\n"
            : renderTable(deletions, [
                { header: "deleted (UTC)", value: (d) => d.deletedAt },
                { header: "reason", value: (d) => d.reason },
                { header: "country", value: (d) => d.figure.country },
                { header: "region", value: (d) => d.figure.region },
                { header: "year", value: (d) => d.figure.year, align: "right" },
                { header: "metric", value: (d) => d.figure.metric },
                { header: "value", value: (d) => `${d.figure.value} ${d.figure.unit}`, align: "right" },
                { header: "source", value: (d) => d.figure.source },
                { header: "published", value: (d) => d.figure.published },
              ]),
        );
      }
    });
}
