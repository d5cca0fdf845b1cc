/**
 * @module cli/commands
 * Every command group of `coca`. Each file exports one `register` function and is
 * loaded only when its group is invoked (or for the full help), so that a quick
 * `coca figures list` does not load the imagery, API and dashboard code.
 */
import type { Command } from "commander";
import type { CliContext } from "../context.ts";

export type RegisterCommand = (program: Command, ctx: CliContext) => void;

export interface CommandGroup {
  name: string;
  load: () => Promise<{ register: RegisterCommand }>;
}

export const COMMAND_GROUPS: readonly CommandGroup[] = [
  { name: "start", load: () => import("./start.ts") },
  { name: "figures", load: () => import("./figures.ts") },
  { name: "targets", load: () => import("./targets.ts") },
  { name: "imagery", load: () => import("./imagery.ts") },
  { name: "area", load: () => import("./area.ts") },
  { name: "production", load: () => import("./production.ts") },
  { name: "trend", load: () => import("./trend.ts") },
  { name: "survey", load: () => import("./survey.ts") },
  { name: "report", load: () => import("./report.ts") },
  { name: "serve", load: () => import("./serve.ts") },
  { name: "token", load: () => import("./token.ts") },
  { name: "change", load: () => import("./change.ts") },
  { name: "routes", load: () => import("./routes.ts") },
  { name: "audit", load: () => import("./audit.ts") },
  { name: "worker", load: () => import("./worker.ts") },
  { name: "jobs", load: () => import("./jobs.ts") },
];
