/**
 * @module cli/commands/targets
 * `coca targets`: each legal limit or eradication target (data/policy-instruments.json) and each source's
 * latest figure against it, per year; and each share-of-the-crop eradication target (Peru's 50% by 2021) tracked
 * against every source's cultivation and eradication series.
 */
import type { Command } from "commander";
import { normalizeCountry } from "../../domain/country.ts";
import { checkShareTargets, checkTargets } from "../../figures/targets.ts";
import { loadPolicyInstruments } from "../../figures/policy-instruments.ts";
import { renderShareTarget, renderTargetChecks } from "../tables/figures.ts";
import { ensureSeeded } from "../../figures/seed.ts";
import type { CliContext } from "../context.ts";
import { printJson } from "../output.ts";

const SHARE_NOTE =
  "a share target's status is eradicated / (cultivation at year end + eradicated), the gross crop of the year; eradicated / cultivation at year end is beside it; " +
  "a year without an eradication figure in the registry is shown as such (coca change target --records adds recorded eradication)";

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
      const shareTargets = checkShareTargets(instruments, figures);
      if (opts.json) printJson({ instruments, checks, shareTargets, shareTargetNote: SHARE_NOTE });
      else if (instruments.length === 0) process.stdout.write(`no limits or targets recorded for ${country}\n`);
      else {
        const parts: string[] = [];
        if (instruments.some((i) => i.kind !== "eradication_share_target")) parts.push(renderTargetChecks(checks));
        for (const s of shareTargets) parts.push(renderShareTarget(s.target, s.rows));
        process.stdout.write(parts.join("\n"));
        if (shareTargets.length > 0) process.stdout.write(`note: ${SHARE_NOTE}\n`);
      }
    });
}
