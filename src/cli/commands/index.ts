/**
 * @module cli/commands
 * Every command group of `coca`. Each file exports one `register` function.
 */
import type { Command } from "commander";
import type { CliContext } from "../context.ts";
import { register as figures } from "./figures.ts";
import { register as imagery } from "./imagery.ts";
import { register as start } from "./start.ts";
import { register as targets } from "./targets.ts";
import { register as serve } from "./serve.ts";
import { register as token } from "./token.ts";
import { register as production } from "./production.ts";
import { register as trend } from "./trend.ts";
import { register as area } from "./area.ts";
import { register as survey } from "./survey.ts";

export type RegisterCommand = (program: Command, ctx: CliContext) => void;

export const COMMANDS: readonly RegisterCommand[] = [start, figures, targets, imagery, production, trend, serve, token, area, survey];
