#!/usr/bin/env node
// Launcher for the `coca` command. Runs the compiled JavaScript (dist/cli/main.js, built by `npm run build`, which
// `npm ci` runs through `prepare`) when dist is up to date with src/ (the rule is in bin/dist.js); otherwise, in a
// checkout where someone edited src/ since the build, or when the build is missing, it runs the TypeScript sources
// through tsx, so the command never runs old code. COCA_NO_DIST=1 forces tsx.
import { distStaleReason, DIST, HELP_TEXT, ROOT } from "./dist.js";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const args = process.argv.slice(2);
const fresh = distStaleReason() === null;
if (fresh && args.length === 1 && ["--help", "-h", "help"].includes(args[0]) && existsSync(HELP_TEXT)) {
  // The top-level help, printed by the build from the same dist: identical text without loading every command group.
  process.stdout.write(readFileSync(HELP_TEXT, "utf8"));
} else if (fresh) {
  await import(pathToFileURL(join(DIST, "cli", "main.js")).href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import(pathToFileURL(join(ROOT, "src", "cli", "main.ts")).href);
}
