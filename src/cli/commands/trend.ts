/**
 * @module cli/commands/trend
 * `coca trend --country PE --metric cultivation_ha [--source S]`: where an official series is heading,
 * with prediction intervals, the backtest error of the chosen model, the probability that next year's
 * figure exceeds this year's, and the methodology breaks of the series.
 */
import type { Command } from "commander";
import { normalizeCountry } from "../../domain/country.ts";
import { InputError } from "../../domain/errors.ts";
import { METRICS, isMetric } from "../../domain/figure.ts";
import { ensureSeeded } from "../../figures/seed.ts";
import { loadMethodologyBreaks } from "../../production/parameter-set-loader.ts";
import { seriesTrend } from "../../production/series-trend.ts";
import { UNINFORMATIVE_RATIO } from "../../production/trend.ts";
import type { CliContext } from "../context.ts";
import { intFlag } from "../flags.ts";
import { fmt, printJson, renderTable } from "../output.ts";

interface TrendOptions {
  country: string;
  metric: string;
  source?: string;
  region?: string;
  acrossBreaks?: boolean;
  horizon?: string;
  plot?: string;
  json?: boolean;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command("trend")
    .description("trend of an official series with prediction intervals and the chance next year exceeds this year")
    .requiredOption("--country <country>", "PE, BO, CO (or ISO alpha-3 / name)")
    .requiredOption("--metric <metric>", METRICS.join(" | "))
    .option("--source <source>", "UNODC, ONDCP, DEVIDA..., or a family UN / US / national (default: the source with the most recent data)")
    .option("--region <region>", "a sub-national unit (default: national)")
    .option("--across-breaks", "fit across methodology breaks (they are still listed)")
    .option("--horizon <years>", "years to project (default 3)")
    .option("--plot <file>", "also draw the series and its prediction bands as the dashboard does (FILE.svg or FILE.png)")
    .option("--json", "JSON output")
    .action(async (opts: TrendOptions) => {
      const country = normalizeCountry(opts.country, "--country");
      if (!isMetric(opts.metric)) throw new InputError(`unknown --metric ${opts.metric} (expected one of ${METRICS.join(", ")})`, { field: "metric" });
      const horizon = intFlag("--horizon", { min: 1, max: 10, default: 3 }).parse(opts.horizon);
      const store = await ctx.openStore();
      await ensureSeeded(store);
      const figures = await store.figures.list({ country, metric: opts.metric });
      const breaks = await loadMethodologyBreaks();
      const t = seriesTrend(figures, breaks, {
        country,
        metric: opts.metric,
        source: opts.source,
        region: opts.region,
        acrossBreaks: opts.acrossBreaks,
        horizon,
      });
      if (opts.plot) {
        const { plotFormat, trendChart, writePlot } = await import("../../report/plot-file.ts");
        plotFormat(opts.plot);
        await writePlot(trendChart(t), opts.plot);
        if (!opts.json) process.stderr.write(`wrote ${opts.plot}\n`);
      }
      if (opts.json) {
        printJson(t);
        return;
      }
      const u = t.unit;
      const out: string[] = [];
      out.push(
        `${t.country} ${t.metric} (${u}), ${t.source}, ${t.region}: ${t.series.length} years ${t.series[0]!.year}-${t.series[t.series.length - 1]!.year}`,
      );
      for (const n of t.notes) out.push(`note: ${n}`);
      out.push("");
      out.push(
        renderTable(t.backtest, [
          { header: "model", value: (b) => (b.model === t.chosen ? `${b.model} (chosen)` : b.model) },
          { header: "held-out years", value: (b) => b.origins, align: "right" },
          { header: "mean abs log error", value: (b) => b.maeLog.toFixed(3), align: "right" },
          { header: "MAPE %", value: (b) => b.mape.toFixed(1), align: "right" },
          { header: "95% PI coverage", value: (b) => `${(b.coverage95 * 100).toFixed(0)}%`, align: "right" },
        ]),
      );
      out.push(`chosen: ${t.chosen}: ${t.choice}`);
      out.push("");
      out.push(
        renderTable(t.forecast, [
          { header: "year", value: (f) => f.year },
          { header: `median ${u}`, value: (f) => (f.informative ? fmt(f.median) : "—"), align: "right" },
          { header: "80% interval", value: (f) => (f.informative ? `${fmt(f.pi80[0])} – ${fmt(f.pi80[1])}` : "—"), align: "right" },
          {
            header: "95% interval",
            value: (f) => (f.informative ? `${fmt(f.pi95[0])} – ${fmt(f.pi95[1])}` : `uninformative (spans ${fmt(f.pi95[1] / f.pi95[0], 0)}-fold)`),
            align: "right",
          },
        ]),
      );
      const vague = t.forecast.filter((f) => !f.informative);
      if (vague.length > 0) {
        out.push(
          `no forecast for ${vague.map((f) => f.year).join(", ")}: the 95% interval spans more than ${UNINFORMATIVE_RATIO}-fold (the series cannot say the order of magnitude); ` +
            "--json keeps the numbers, marked informative: false",
        );
      }
      const e = t.exceedance;
      out.push(`probability that ${e.year} exceeds ${e.lastYear} (${fmt(e.lastValue)} ${u}): ${(e.probability * 100).toFixed(0)}%`);
      if (t.breaks.length > 0) {
        out.push("");
        out.push("methodology breaks and revisions:");
        for (const b of t.breaks) out.push(`  ${b.year} ${b.kind} (${b.source}): ${b.description}`);
      }
      out.push("");
      out.push(`sources: ${t.series.length} figures from ${new Set(t.series.map((p) => p.citation)).size} publication(s); --json lists each citation`);
      process.stdout.write(`${out.join("\n")}\n`);
    });
}
