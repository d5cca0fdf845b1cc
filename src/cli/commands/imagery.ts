/**
 * @module cli/commands/imagery
 * `coca imagery ...`: reading scenes, synthesising the demo scene, training,
 * classifying, fields and zonal totals. Each subcommand lives in ./imagery/.
 */
import type { Command } from "commander";
import type { CliContext } from "../context.ts";
import { register as train } from "./imagery/train.ts";
import { register as fields } from "./imagery/fields.ts";
import { register as zonal } from "./imagery/zonal.ts";
import { register as info } from "./imagery/info.ts";
import { register as synth } from "./imagery/synth.ts";
import { register as classify } from "./imagery/classify.ts";
import { register as mosaic } from "./imagery/mosaic.ts";

export type RegisterSubcommand = (imagery: Command, ctx: CliContext) => void;

/** Subcommands, one file each under ./imagery/. */
const SUBCOMMANDS: readonly RegisterSubcommand[] = [info, synth, train, classify, fields, zonal, mosaic];

export function register(program: Command, ctx: CliContext): void {
  const imagery = program.command("imagery").description("satellite scenes to coca maps, fields and regional totals");
  for (const sub of SUBCOMMANDS) sub(imagery, ctx);
}
