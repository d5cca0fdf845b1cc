/**
 * @module cli/commands/targets
 * `coca targets`: each legal limit or eradication target (data/policy-instruments.json) and each source's
 * latest figure against it, per year.
 */
import type { Command } from "commander";
import { normalizeCountry } from "../../domain/country.ts";
import { checkTargets } from "../../figures/targets.ts";
import { loadPolicyInstruments } from "../../figures/policy-instruments.ts";
import { renderTargetChecks } from "../tables/figures.ts";
import { ensureSeeded } from "../../figures/seed.ts";
import type { CliContext } from "../context.ts";
import { printJson } from "../output.ts";

export function register(program: Command, ctx: CliContext): void {
  program
    .command("targets")
    .description("legal cultivation limits and eradication targets, and each source's figure against them per year")
    .option("--country <country>", "ISO 3166-1 code or name (default: every country with an instrument)")
    .option("--json", "print as JSON")
    .action(async (opts: { country?: string; json?: boolean }) => {
      const country = opts.country === undefined ? undefined : normalizeCountry(opts.country, "--country");
      const instruments = loadPolicyInstruments().filter((i) => country === undefined || i.country === country);
      const store = await ctx.openStore();
      await ensureSeeded(store);
      const figures = await store.figures.list({ country });
      const checks = checkTargets(instruments, figures);
      if (opts.json) printJson({ instruments, checks });
      else if (instruments.length === 0) process.stdout.write(`no limits or targets recorded for ${country}\n`);
      else process.stdout.write(renderTargetChecks(checks));
    });
}
