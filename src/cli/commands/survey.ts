/**
 * @module cli/commands/survey
 * `coca survey run|demo|list|show|export|diff`: the end-to-end survey and its inspection
 * (and, in survey-labels.ts, `labels`, `assign`, `sheet`, `estimate`: the interpreters' work).
 */
import type { Command } from "commander";
import type { CliContext } from "../context.ts";
import { fmt, printJson, renderTable } from "../output.ts";
import { InputError, NotFoundError } from "../../domain/errors.ts";
import { exportSurvey } from "../../survey/export.ts";
import { comparability, diffSurveys } from "../../survey/diff.ts";
import type { SurveyDetail } from "../../store/survey-repository.ts";
import { registerSurveyRun } from "./survey-run.ts";
import { registerSurveyLabels, renderLabelQa } from "./survey-labels.ts";
import { surveyLabelQa } from "../../survey/labels/workflow.ts";

function parseId(raw: string): number {
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0) throw new InputError(`survey id must be a positive integer, got "${raw}"`);
  return id;
}

async function getSurvey(ctx: CliContext, raw: string): Promise<SurveyDetail> {
  const store = await ctx.openStore();
  const id = parseId(raw);
  const s = await store.surveys.get(id);
  if (!s) throw new NotFoundError(`survey ${id} not found in ${store.location} (see \`coca survey list\`)`);
  return s;
}

/** A readable account of one survey. */
export function renderSurvey(s: SurveyDetail): string {
  const lines: string[] = [];
  lines.push(`Survey ${s.id}: ${s.name}${s.simulated ? " [SIMULATED DATA]" : ""}`);
  lines.push(`Country ${s.country}, year ${s.year}, stored ${s.createdAt}`);
  const r = s.results;
  if (r.headline) lines.push("", r.headline);
  lines.push("", "Area estimates (hectares; sample-based estimate with confidence interval, and the map's pixel count):");
  lines.push(
    renderTable(s.estimates, [
      { header: "region", value: (e) => e.region },
      { header: "class", value: (e) => e.className },
      { header: "estimate ha", value: (e) => fmt(e.areaHa, 1), align: "right" },
      { header: "SE ha", value: (e) => fmt(e.areaSeHa, 1), align: "right" },
      { header: "CI low ha", value: (e) => fmt(e.ciLowHa, 1), align: "right" },
      { header: "CI high ha", value: (e) => fmt(e.ciHighHa, 1), align: "right" },
      { header: "map ha", value: (e) => fmt(e.mapAreaHa, 1), align: "right" },
    ]),
  );
  // The interval's own caveats (strata with too few units of the class, SEs of 0) belong next to the numbers.
  const caveats = (r.warnings ?? []).filter((w) => w.includes("fewer than 5 sample units") || w.includes("an SE of 0"));
  if (caveats.length > 0) lines.push("Interval warnings:", ...caveats.map((w) => `  - ${w}`));
  if (r.accuracy?.overallAccuracy !== undefined) {
    lines.push(`Overall accuracy: ${fmt(r.accuracy.overallAccuracy * 100, 1)}% (SE ${fmt((r.accuracy.overallAccuracySe ?? NaN) * 100, 1)} points)`);
  }
  if (r.production?.cocaineT) {
    const c = r.production.cocaineT;
    lines.push(`Potential pure cocaine: ${fmt(c.mean, 1)} t (90% interval ${fmt(c.ci90[0], 1)}-${fmt(c.ci90[1], 1)} t)`);
  } else if (r.production === null) lines.push("No production stage: this survey is stored without potential production.");
  // Every other warning (the first run's checks: parameter set, period, scenes and regions in the country; the design's).
  const others = (r.warnings ?? []).filter((w) => !caveats.includes(w));
  if (others.length > 0) lines.push("", "Warnings:", ...others.map((w) => `  - ${w}`));
  const official = s.results.officialFigures;
  if (official.length > 0) {
    lines.push("", `Official figures for ${s.country} ${s.year} (national; the survey may cover only part of the country):`);
    for (const f of official) lines.push(`  ${f.source} ${f.metric}: ${fmt(f.value, 0)} ${f.unit} (published ${f.published}; ${f.citation})`);
  }
  const p = s.provenance;
  if (s.results.unobserved) {
    const u = s.results.unobserved;
    lines.push("", `Unobserved after ${u.scenes} scenes (clouds, shadows, gaps), inside the regions: ${fmt(u.totalHa, 1)} ha`);
    for (const r of u.regions) lines.push(`  ${r.region}: ${fmt(r.areaHa, 1)} ha`);
  }
  if (p.scenes && p.scenes.length > 0) {
    lines.push("", `Scenes (${p.scenes.length})${p.mosaic ? `, mosaicked onto ${p.mosaic.crs} at ${p.mosaic.resolutionM} m: ${p.mosaic.rule}` : ""}:`);
    lines.push(
      renderTable(p.scenes, [
        { header: "scene", value: (x) => x.id },
        { header: "date", value: (x) => x.datetime ?? "" },
        { header: "cloud % (catalogue)", value: (x) => (x.cloudCoverPct === null ? "" : fmt(x.cloudCoverPct, 1)), align: "right" },
        { header: "no class %", value: (x) => (x.invalidShare === null ? "" : fmt(x.invalidShare * 100, 1)), align: "right" },
        { header: "priority", value: (x) => (x.mosaic ? String(x.mosaic.priority) : ""), align: "right" },
        { header: "ha taken", value: (x) => (x.mosaic ? fmt(x.mosaic.areaHa, 1) : ""), align: "right" },
        { header: "share %", value: (x) => (x.mosaic ? fmt(x.mosaic.shareOfObserved * 100, 1) : ""), align: "right" },
      ]),
    );
  }
  lines.push("", `Provenance: code ${p.codeVersion}, seed ${p.seed}`);
  for (const i of p.inputs) lines.push(`  ${i.role}: ${i.path}${i.sha256 ? ` sha256:${i.sha256.slice(0, 16)}…` : ""}`);
  for (const st of p.stages) lines.push(`  stage ${st.name}: ${fmt(st.seconds, 2)} s, peak ${fmt(st.peakRssMiB, 0)} MiB`);
  lines.push(`Artifacts: ${s.artifacts.map((a) => a.name).join(", ")}; ${s.fieldCount} fields`);
  return `${lines.join("\n")}\n`;
}

export function register(program: Command, ctx: CliContext): void {
  const survey = program.command("survey").description("run, store and inspect surveys (scenes -> map -> sample -> estimate -> production)");
  registerSurveyRun(survey, ctx);
  registerSurveyLabels(survey, ctx);

  survey
    .command("list")
    .description("stored surveys")
    .option("--json", "machine-readable output")
    .action(async (o: { json?: boolean }) => {
      const store = await ctx.openStore();
      const rows = await store.surveys.list();
      if (o.json) return printJson(rows);
      if (rows.length === 0) return void process.stdout.write(`no surveys in ${store.location}; try \`coca survey demo\`\n`);
      process.stdout.write(
        renderTable(rows, [
          { header: "id", value: (r) => r.id, align: "right" },
          { header: "name", value: (r) => r.name },
          { header: "country", value: (r) => r.country },
          { header: "year", value: (r) => r.year },
          { header: "data", value: (r) => (r.simulated ? "SIMULATED" : "real") },
          { header: "stored", value: (r) => r.createdAt },
        ]),
      );
    });

  survey
    .command("show <id>")
    .description("estimates per region, accuracy, production and provenance of one survey")
    .option("--plot <file>", "also draw the estimate per region with its CI against the map's count, as the dashboard does (FILE.svg or FILE.png)")
    .option("--json", "machine-readable output")
    .action(async (id: string, o: { plot?: string; json?: boolean }) => {
      const s = await getSurvey(ctx, id);
      const qa = s.artifacts.some((a) => a.name === "sample.geojson") ? await surveyLabelQa(await ctx.openStore(), s.id) : undefined;
      if (o.plot) {
        const { plotFormat, surveyChart, writePlot } = await import("../../report/plot-file.ts");
        plotFormat(o.plot);
        await writePlot(surveyChart(s.results, `Coca Monitor, survey #${s.id} (${s.name})`), o.plot);
        if (!o.json) process.stderr.write(`wrote ${o.plot}\n`);
      }
      if (o.json) return printJson(qa ? { ...s, labels: qa } : s);
      process.stdout.write(renderSurvey(s));
      if (qa) process.stdout.write(`\n${renderLabelQa(qa)}`);
    });

  survey
    .command("export <id>")
    .description("write the class map, fields, sample, estimates and provenance as GeoTIFF, GeoJSON, CSV and JSON")
    .requiredOption("--out <dir>", "output directory")
    .option("--json", "machine-readable output")
    .action(async (id: string, o: { out: string; json?: boolean }) => {
      const store = await ctx.openStore();
      const files = await exportSurvey(store, parseId(id), o.out);
      if (o.json) return printJson({ files });
      process.stdout.write(`${files.map((f) => `wrote ${f}`).join("\n")}\n`);
    });

  survey
    .command("delete <id>")
    .description("delete a stored survey; its config, provenance and results are kept in the deletions log with the reason")
    .requiredOption("--reason <text>", "why (recorded)")
    .option("--json", "machine-readable output")
    .action(async (id: string, o: { reason: string; json?: boolean }) => {
      const store = await ctx.openStore();
      if (o.reason.trim().length < 3) throw new InputError("--reason must say why (at least 3 characters)", { field: "reason" });
      const removed = await store.surveys.delete(parseId(id), { reason: o.reason.trim(), actor: `cli:${process.env.USER ?? "unknown"}` });
      if (!removed) throw new NotFoundError(`survey ${id} not found in ${store.location}`);
      if (o.json) return printJson({ deleted: removed });
      process.stdout.write(`deleted survey ${removed.id} (${removed.name}); its record is kept in the deletions log (\`coca survey deletions\`)\n`);
    });

  survey
    .command("deletions")
    .description("the log of deleted surveys: when, why, by whom")
    .option("--json", "machine-readable output")
    .action(async (o: { json?: boolean }) => {
      const store = await ctx.openStore();
      const rows = await store.surveys.deletions();
      if (o.json) return printJson(rows);
      process.stdout.write(
        renderTable(rows, [
          { header: "id", value: (r) => r.id, align: "right" },
          { header: "name", value: (r) => r.name },
          { header: "deleted", value: (r) => r.deletedAt },
          { header: "by", value: (r) => r.actor },
          { header: "reason", value: (r) => r.reason },
        ]),
      );
    });

  survey
    .command("diff <a> <b>")
    .description("what changed in inputs, config and results between two surveys")
    .option("--json", "machine-readable output")
    .action(async (a: string, b: string, o: { json?: boolean }) => {
      const [sa, sb] = [await getSurvey(ctx, a), await getSurvey(ctx, b)];
      const can = comparability(sa, sb);
      if (!can.comparable) throw new InputError(`surveys ${sa.id} and ${sb.id} cannot be compared: ${can.reason}`);
      const d = diffSurveys(sa, sb);
      if (o.json) return printJson({ a: sa.id, b: sb.id, ...d });
      if (d.identical) return void process.stdout.write(`surveys ${sa.id} and ${sb.id}: same inputs, config and results\n`);
      const out: string[] = [`surveys ${sa.id} -> ${sb.id}`];
      const section = (title: string, items: { path: string; a: unknown; b: unknown }[]): void => {
        if (items.length === 0) return;
        out.push(`${title}:`);
        for (const c of items) out.push(`  ${c.path}: ${JSON.stringify(c.a)} -> ${JSON.stringify(c.b)}`);
      };
      if (d.inputsByRole.length > 0) {
        out.push("inputs (by role):");
        for (const r of d.inputsByRole)
          out.push(
            `  ${r.role}: ${r.onlyInA.length} only in ${sa.id} (${r.onlyInA.map((x) => x.slice(0, 19)).join(", ")}), ${r.onlyInB.length} only in ${sb.id} (${r.onlyInB.map((x) => x.slice(0, 19)).join(", ")})`,
          );
      }
      if (d.regions.length > 0) {
        out.push(`${sa.config.targetClass} by region (ha; the difference against the combined SE sqrt(SE_a^2 + SE_b^2)):`);
        out.push(
          renderTable(d.regions, [
            { header: "region", value: (r) => r.region },
            { header: `${sa.id} ha`, value: (r) => fmt(r.aHa, 1), align: "right" },
            { header: `${sb.id} ha`, value: (r) => fmt(r.bHa, 1), align: "right" },
            { header: "difference ha", value: (r) => fmt(r.deltaHa, 1), align: "right" },
            { header: "combined SE ha", value: (r) => fmt(r.combinedSeHa, 1), align: "right" },
            { header: "exceeds SE", value: (r) => (r.exceedsCombinedSe === null ? "" : r.exceedsCombinedSe ? (r.exceeds95 ? "yes (95%)" : "yes") : "no") },
          ]).trimEnd(),
        );
      }
      section("config", d.config);
      if (d.estimates.length) {
        out.push("estimates (ha):");
        for (const e of d.estimates)
          out.push(
            `  ${e.region} / ${e.className}: ${fmt(e.aHa, 1)} -> ${fmt(e.bHa, 1)} (${e.deltaHa === null ? "—" : `${e.deltaHa >= 0 ? "+" : ""}${fmt(e.deltaHa, 1)}`})`,
          );
      }
      section("results", d.results);
      process.stdout.write(`${out.join("\n")}\n`);
    });
}
