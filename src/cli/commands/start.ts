/**
 * @module cli/commands/start
 * `coca start` (what `npm start` runs): load the registry on first run and print the US-vs-UN
 * comparison of coca cultivation for Peru and Bolivia and Bolivia's legal-limit check.
 */
import type { Command } from "commander";
import { figuresOverview, printFiguresOverview } from "../../figures/overview.ts";
import type { CliContext } from "../context.ts";
import { printJson } from "../output.ts";

export function register(program: Command, ctx: CliContext): void {
  program
    .command("start")
    .description("the main job: load the official figures (first run) and print the US-vs-UN comparison and Bolivia's legal-limit check")
    .option("--json", "print as JSON")
    .action(async (opts: { json?: boolean }) => {
      const store = await ctx.openStore();
      if (opts.json) printJson(await figuresOverview(store));
      else await printFiguresOverview(store);
    });
}
