/**
 * @module cli/commands/imagery
 * `coca imagery ...`: reading scenes, synthesising the demo scene, training,
 * classifying, fields and zonal totals. Each subcommand lives in ./imagery/.
 */
import type { Command } from "commander";
import type { CliContext } from "../context.ts";

export type RegisterSubcommand = (imagery: Command, ctx: CliContext) => void;

/** Subcommands, one file each under ./imagery/. */
const SUBCOMMANDS: readonly RegisterSubcommand[] = [];

export function register(program: Command, ctx: CliContext): void {
  const imagery = program.command("imagery").description("satellite scenes to coca maps, fields and regional totals");
  for (const sub of SUBCOMMANDS) sub(imagery, ctx);
}
