/**
 * @module cli/commands/production
 * `coca production estimate|reconcile|implied|params`: hectares to tonnes of potential pure cocaine,
 * with uncertainty; why the US and the UN disagree; what the published figures imply.
 * Figures come from the registry (seeded from data/official-figures.csv on first use); parameter sets
 * from data/parameter-sets/.
 */
import type { Command } from "commander";
import { normalizeCountry } from "../../domain/country.ts";
import { InputError } from "../../domain/errors.ts";
import type { Figure } from "../../domain/figure.ts";
import { ensureSeeded } from "../../figures/seed.ts";
import { areasFromFigures } from "../../production/areas-from-figures.ts";
import { DEFAULT_DRAWS, estimateProduction, productionSeed } from "../../production/estimate.ts";
import { citeFigure, latestVintages } from "../../production/figure-series.ts";
import { impliedRatios, impliedTrends } from "../../production/implied.ts";
import type { RegionArea } from "../../production/model.ts";
import { chooseParameterSet, parameterSetChoiceNote } from "../../production/parameter-set-choice.ts";
import { loadParameterSets } from "../../production/parameter-set-loader.ts";
import type { Distribution, ParameterSet } from "../../production/parameter-set.ts";
import { reconcileCountry, reconcileYear } from "../../production/reconcile.ts";
import { reproducePublished } from "../../production/reproduce.ts";
import { createRandom } from "../../stats/random.ts";
import type { CliContext } from "../context.ts";
import { intFlag, numberFlag, parseFlags } from "../flags.ts";
import { fmt, printJson, renderTable } from "../output.ts";

/** A year flag of the production commands. */
const YEAR_FLAG = intFlag("--year", { min: 1900, max: 2100 });

async function registryFigures(ctx: CliContext, country?: string): Promise<Figure[]> {
  const store = await ctx.openStore();
  await ensureSeeded(store);
  return store.figures.list(country ? { country } : {});
}

interface EstimateOptions {
  country: string;
  year: string;
  source?: string;
  areaHa?: string;
  areaSeHa?: string;
  params?: string;
  draws?: string;
  seed?: string;
  plot?: string;
  json?: boolean;
}

function registerEstimate(production: Command, ctx: CliContext): void {
  production
    .command("estimate")
    .description("potential pure cocaine (t) and leaf (t) for a country-year, with Monte Carlo intervals and sensitivity")
    .requiredOption("--country <country>", "PE, BO, CO (or ISO alpha-3 / name)")
    .requiredOption("--year <year>", "the year")
    .option("--source <source>", "whose parameter set and area: UNODC, ONDCP, DEVIDA, or UN / US")
    .option("--area-ha <ha>", "coca area (ha) instead of the registry's figure")
    .option("--area-se-ha <ha>", "standard error of --area-ha (ha), propagated into the intervals")
    .option("--params <name>", "a parameter set by name (see `coca production params`)")
    .option("--draws <n>", `Monte Carlo draws (default ${DEFAULT_DRAWS.toLocaleString("en-US")})`)
    .option("--seed <n>", "random seed (default: derived from country and year, the same as the API's)")
    .option(
      "--area-se-pct <p>",
      "with registry areas: a standard error of P% of each area (registry figures carry none; the survey's own SE applies with --area-ha/--area-se-ha)",
    )
    .option("--plot <file>", "also draw the distribution of cocaine as the dashboard does (FILE.svg or FILE.png)")
    .option("--json", "JSON output")
    .action(async (opts: EstimateOptions) => {
      const country = normalizeCountry(opts.country, "--country");
      const year = YEAR_FLAG.parse(opts.year)!; // a required option
      const {
        draws,
        seed: seedFlag,
        areaHa,
        areaSeHa,
        areaSePct,
      } = parseFlags(opts, {
        draws: intFlag("--draws", { min: 1, max: 10_000_000, default: DEFAULT_DRAWS }),
        seed: intFlag("--seed"),
        areaHa: numberFlag("--area-ha", { min: 0 }),
        areaSeHa: numberFlag("--area-se-ha", { min: 0 }),
        areaSePct: numberFlag("--area-se-pct", { min: 0, max: 100 }),
      });
      const seed = seedFlag ?? productionSeed(country, year);
      if (areaSePct !== undefined && areaHa !== undefined)
        throw new InputError("--area-se-pct applies to registry areas; with --area-ha give --area-se-ha", { field: "area-se-pct" });
      if (areaSeHa !== undefined && areaHa === undefined) throw new InputError("--area-se-ha needs --area-ha", { field: "area-se-ha" });
      const sets = await loadParameterSets();
      const params = chooseParameterSet(sets, { country, year, source: opts.source, name: opts.params });
      let regions: RegionArea[];
      let areaFrom: string;
      let figures: Figure[] = [];
      if (areaHa !== undefined) {
        regions = [{ region: "national", areaHa, areaSeHa, citation: "given with --area-ha" }];
        areaFrom = `--area-ha ${areaHa}${areaSeHa !== undefined ? ` (SE ${areaSeHa})` : ""}`;
      } else {
        figures = await registryFigures(ctx, country);
        const areas = areasFromFigures(figures, params, { year, source: params.source });
        regions = areaSePct === undefined ? areas.regions : areas.regions.map((r) => ({ ...r, areaSeHa: (r.areaHa * areaSePct) / 100 }));
        areaFrom = `${params.source} ${areas.level} cultivation_ha ${year} from the registry${areaSePct !== undefined ? ` (SE ${areaSePct}% of each area, assumed with --area-se-pct)` : " (taken as exact: no SE published)"}`;
      }
      const estimate = estimateProduction({ country, year, regions, params, draws, random: createRandom(seed) });
      const choice = parameterSetChoiceNote(sets, { country, year, source: opts.source, name: opts.params }, params);
      if (choice) estimate.notes.push(choice);
      // Compare with what the same source published for that year, when the area came from the registry.
      const published = latestVintages(figures.filter((f) => f.year === year && f.region === "national" && f.source === params.source));
      const leafFigure = published.find((f) => f.metric === "leaf_t");
      const cocaineFigure = published.find((f) => f.metric === "cocaine_t");
      const reproduction = areaHa === undefined ? reproducePublished(params, regions, { leafT: leafFigure, cocaineT: cocaineFigure }) : [];
      // What every source published as cocaine for that country-year, for context.
      const publishedCocaine = latestVintages(figures.filter((f) => f.year === year && f.region === "national" && f.metric === "cocaine_t")).map((f) => ({
        source: f.source,
        cocaineT: f.value,
        citation: citeFigure(f),
      }));
      if (opts.plot) {
        const { plotFormat, productionChart, writePlot } = await import("../../report/plot-file.ts");
        plotFormat(opts.plot);
        await writePlot(productionChart(estimate.cocaineT, `${params.name} (${params.source}); ${areaFrom}`), opts.plot);
        if (!opts.json) process.stderr.write(`wrote ${opts.plot}\n`);
      }
      if (opts.json) {
        printJson({ ...estimate, areaFrom, regionsIn: regions, reproduction, publishedCocaine });
        return;
      }
      let text = renderEstimate(estimate, params, areaFrom, reproduction);
      for (const p of publishedCocaine) text += `published: ${p.source} ${fmt(p.cocaineT)} t of cocaine for ${year} (${p.citation})\n`;
      process.stdout.write(text);
    });
}

function renderEstimate(
  est: ReturnType<typeof estimateProduction>,
  params: ParameterSet,
  areaFrom: string,
  reproduction: ReturnType<typeof reproducePublished>,
): string {
  const lines: string[] = [];
  lines.push(
    `${est.country} ${est.year}: potential production with parameter set ${params.name} (${params.source}, ${params.period.from}-${params.period.to})`,
  );
  lines.push(`area: ${areaFrom}`);
  lines.push("");
  const rows = [
    { q: "cocaine (t, 100% pure)", point: est.pointEstimate.cocaineT, s: est.cocaineT },
    ...(est.leafT ? [{ q: "leaf (t, sun-dried)", point: est.pointEstimate.leafT!, s: est.leafT }] : []),
    ...(est.netLeafT ? [{ q: "leaf after deductions (t)", point: est.pointEstimate.netLeafT!, s: est.netLeafT }] : []),
  ];
  lines.push(
    renderTable(rows, [
      { header: "quantity", value: (r) => r.q },
      { header: "point", value: (r) => fmt(r.point, 1), align: "right" },
      { header: "mean", value: (r) => fmt(r.s.mean, 1), align: "right" },
      { header: "median", value: (r) => fmt(r.s.median, 1), align: "right" },
      { header: "90% interval", value: (r) => `${fmt(r.s.ci90[0], 1)} – ${fmt(r.s.ci90[1], 1)}`, align: "right" },
      { header: "95% interval", value: (r) => `${fmt(r.s.ci95[0], 1)} – ${fmt(r.s.ci95[1], 1)}`, align: "right" },
    ]),
  );
  lines.push(`${fmt(est.draws)} draws, seed ${est.seed}`);
  lines.push("");
  lines.push("what drives the spread of cocaine (t):");
  const shares = new Map(est.sensitivity.firstOrder.map((s) => [s.slot, s.share]));
  lines.push(
    renderTable(est.sensitivity.tornado, [
      { header: "parameter", value: (r) => r.label },
      { header: "5th pct", value: (r) => `${fmt(r.low, 2)} ${r.unit}`, align: "right" },
      { header: "95th pct", value: (r) => `${fmt(r.high, 2)} ${r.unit}`, align: "right" },
      { header: "cocaine t at 5th", value: (r) => fmt(r.cocaineTAtLow, 1), align: "right" },
      { header: "at 95th", value: (r) => fmt(r.cocaineTAtHigh, 1), align: "right" },
      { header: "swing t", value: (r) => fmt(r.swingT, 1), align: "right" },
      { header: "variance share", value: (r) => `${((shares.get(r.slot) ?? 0) * 100).toFixed(0)}%`, align: "right" },
    ]),
  );
  lines.push("parameters:");
  lines.push(
    renderTable(est.parameters, [
      { header: "parameter", value: (p) => p.label },
      { header: "value", value: (p) => `${fmt(p.value, 3)} ${p.unit}`, align: "right" },
      { header: "uncertainty", value: (p) => describeDistribution(p.distribution) },
      { header: "status", value: (p) => p.status },
      { header: "citation", value: (p) => shortCitation(p.citation) },
    ]),
  );
  // Full citations: the table shows keys; every reference they stand for, once.
  const refs = [...new Set(est.parameters.flatMap((p) => p.citation.split(" | ").map((c) => c.trim())))].filter((c) => c !== "");
  if (refs.length > 0) lines.push("references:", ...refs.map((r) => `  ${r}`));
  if (reproduction.length > 0) {
    lines.push("against what the source published:");
    lines.push(
      renderTable(reproduction, [
        { header: "quantity", value: (r) => (r.quantity === "leafT" ? "leaf (t)" : "cocaine (t)") },
        { header: "model", value: (r) => fmt(r.model, 1), align: "right" },
        { header: "published", value: (r) => fmt(r.published, 1), align: "right" },
        { header: "residual", value: (r) => `${fmt(r.residual, 1)} (${r.residualPct.toFixed(2)}%)`, align: "right" },
        { header: "within rounding", value: (r) => (r.withinRounding ? `yes (±${fmt(r.tolerance, 1)})` : `no (±${fmt(r.tolerance, 1)})`) },
      ]),
    );
  }
  for (const n of est.notes) lines.push(`note: ${n}`);
  return `${lines.join("\n")}\n`;
}

/** "[PE16FS] [PE05FS]" for keyed citations, "UNODC (published 2016)" for registry figures. */
function shortCitation(citation: string): string {
  return citation
    .split(" | ")
    .map((c) => c.match(/^\[[^\]]+\]/)?.[0] ?? c.match(/^.+? \(published [^)]+\)/)?.[0] ?? c.slice(0, 40))
    .join(" ");
}

function describeDistribution(d: Distribution): string {
  switch (d.kind) {
    case "fixed":
      return "fixed";
    case "normal":
      return `normal, sd ${fmt(d.sd, 3)}`;
    case "lognormal":
      return `lognormal, sdLog ${fmt(d.sdLog, 4)}`;
    case "triangular":
      return `triangular ${fmt(d.min, 2)}–${fmt(d.max, 2)}`;
    case "uniform":
      return `uniform ${fmt(d.min, 2)}–${fmt(d.max, 2)}`;
  }
}

function registerReconcile(production: Command, ctx: CliContext): void {
  production
    .command("reconcile")
    .description("split the US-UN difference in production into an area effect and a per-hectare effect")
    .requiredOption("--country <country>", "PE, BO, CO")
    .option("--year <year>", "one year (default: every year with both sides, and the changes between them)")
    .option("--json", "JSON output")
    .action(async (opts: { country: string; year?: string; json?: boolean }) => {
      const country = normalizeCountry(opts.country, "--country");
      const year = YEAR_FLAG.parse(opts.year);
      const figures = await registryFigures(ctx, country);
      const all = reconcileCountry(figures, country);
      if (year !== undefined) {
        const d = reconcileYear(figures, country, year);
        const changes = all.changes.filter((c) => c.to === year || c.from === year);
        if (opts.json) {
          printJson({ ...d, changes, units: { areaHa: "ha", cocaineT: "t", cocaineKgPerHa: "kg/ha", logRatio: "natural log of US/UN" } });
          return;
        }
        const rows = [
          { term: "area (ha)", us: fmt(d.us.areaHa), un: fmt(d.un.areaHa), log: d.logRatio.area, pct: d.percent.area },
          {
            term: "cocaine per ha (kg/ha)",
            us: fmt(d.us.cocaineKgPerHa, 2),
            un: fmt(d.un.cocaineKgPerHa, 2),
            log: d.logRatio.perHectare,
            pct: d.percent.perHectare,
          },
          { term: "cocaine (t)", us: fmt(d.us.cocaineT), un: fmt(d.un.cocaineT), log: d.logRatio.total, pct: d.percent.cocaine },
        ];
        process.stdout.write(
          renderTable(rows, [
            { header: "term", value: (r) => r.term },
            { header: `US (${d.us.source})`, value: (r) => r.us, align: "right" },
            { header: `UN (${d.un.source})`, value: (r) => r.un, align: "right" },
            { header: "ln(US/UN)", value: (r) => r.log.toFixed(4), align: "right" },
            { header: "US vs UN", value: (r) => `${r.pct >= 0 ? "+" : ""}${r.pct.toFixed(1)}%`, align: "right" },
          ]),
        );
        process.stdout.write(`\n${d.sentence}\n`);
        for (const c of changes) process.stdout.write(`${c.sentence}\n`);
        process.stdout.write(
          `sources: US area ${d.us.citations.area}; US cocaine ${d.us.citations.cocaine}; UN area ${d.un.citations.area}; UN cocaine ${d.un.citations.cocaine}\n`,
        );
        return;
      }
      if (all.years.length === 0 && !opts.json) {
        // Not an error: the answer is which years exist and why none can be decomposed.
        process.stdout.write(`no year for ${country} has both US and UN area and cocaine figures in the registry; year by year:\n`);
        for (const u of all.unreconciled) process.stdout.write(`  ${u.year}: ${u.reason}\n`);
        return;
      }
      if (opts.json) {
        printJson({ ...all, units: { areaHa: "ha", cocaineT: "t", cocaineKgPerHa: "kg/ha", logRatio: "natural log of US/UN" } });
        return;
      }
      process.stdout.write(
        renderTable(all.years, [
          { header: "year", value: (d) => d.year },
          { header: "US area ha", value: (d) => fmt(d.us.areaHa), align: "right" },
          { header: "UN area ha", value: (d) => fmt(d.un.areaHa), align: "right" },
          { header: "US t", value: (d) => fmt(d.us.cocaineT), align: "right" },
          { header: "UN t", value: (d) => fmt(d.un.cocaineT), align: "right" },
          { header: "ln P ratio", value: (d) => d.logRatio.total.toFixed(3), align: "right" },
          { header: "= area", value: (d) => d.logRatio.area.toFixed(3), align: "right" },
          { header: "+ per ha", value: (d) => d.logRatio.perHectare.toFixed(3), align: "right" },
        ]),
      );
      process.stdout.write("\n");
      for (const d of all.years) process.stdout.write(`${d.sentence}\n`);
      for (const c of all.changes) process.stdout.write(`${c.sentence}\n`);
    });
}

function registerImplied(production: Command, ctx: CliContext): void {
  production
    .command("implied")
    .description("cocaine per hectare (and leaf ratios) implied by every published (area, cocaine) pair, and their trend")
    .option("--country <country>", "PE, BO, CO (default: all)")
    .option("--json", "JSON output")
    .action(async (opts: { country?: string; json?: boolean }) => {
      const country = opts.country === undefined ? undefined : normalizeCountry(opts.country, "--country");
      const figures = await registryFigures(ctx, country);
      const rows = impliedRatios(figures, { country });
      const trends = impliedTrends(rows);
      if (opts.json) {
        printJson({
          rows,
          trends,
          units: { areaHa: "ha", cocaineT: "t", leafT: "t", cocaineKgPerHa: "kg/ha", leafYieldKgHa: "kg/ha", leafKgPerKgCocaine: "kg/kg" },
        });
        return;
      }
      process.stdout.write(
        renderTable(rows, [
          { header: "country", value: (r) => r.country },
          { header: "source", value: (r) => r.source },
          { header: "year", value: (r) => r.year },
          { header: "area ha", value: (r) => fmt(r.areaHa), align: "right" },
          { header: "cocaine t", value: (r) => fmt(r.cocaineT), align: "right" },
          { header: "leaf t", value: (r) => fmt(r.leafT), align: "right" },
          { header: "cocaine kg/ha", value: (r) => fmt(r.cocaineKgPerHa, 2), align: "right" },
          { header: "leaf kg/ha", value: (r) => fmt(r.leafYieldKgHa), align: "right" },
          { header: "leaf kg/kg", value: (r) => fmt(r.leafKgPerKgCocaine), align: "right" },
        ]),
      );
      process.stdout.write("\n");
      for (const t of trends) process.stdout.write(`${t.summary}\n`);
    });
}

function registerParams(production: Command): void {
  production
    .command("params")
    .description("the parameter sets (data/parameter-sets): source, country, period, conversion, parameters by status")
    .option("--country <country>", "PE, BO, CO (default: all)")
    .option("--json", "JSON output (the full sets)")
    .action(async (opts: { country?: string; json?: boolean }) => {
      const country = opts.country === undefined ? undefined : normalizeCountry(opts.country, "--country");
      const sets = (await loadParameterSets()).filter((s) => !country || s.country === country);
      if (opts.json) {
        printJson(sets);
        return;
      }
      process.stdout.write(
        renderTable(sets, [
          { header: "name", value: (s) => s.name },
          { header: "source", value: (s) => s.source },
          { header: "country", value: (s) => s.country },
          { header: "period", value: (s) => `${s.period.from}-${s.period.to}` },
          { header: "regions", value: (s) => s.regions.map((r) => r.region).join(", ") },
          { header: "conversion", value: (s) => s.conversion.kind },
          { header: "statuses", value: (s) => statusCounts(s) },
        ]),
      );
    });
}

function statusCounts(set: ParameterSet): string {
  const json = JSON.stringify(set);
  const count = (status: string): number => json.split(`"status":"${status}"`).length - 1;
  return ["published", "derived", "assumption"].map((s) => `${count(s)} ${s}`).join(", ");
}

export function register(program: Command, ctx: CliContext): void {
  const production = program.command("production").description("hectares to tonnes of potential pure cocaine, with uncertainty; US vs UN reconciliation");
  registerEstimate(production, ctx);
  registerReconcile(production, ctx);
  registerImplied(production, ctx);
  registerParams(production);
}
