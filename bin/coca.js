#!/usr/bin/env node
// Launcher for the `coca` command: runs the TypeScript CLI through tsx so the
// installed command and `npm run coca` execute the same sources.
import { register } from "tsx/esm/api";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

register();
const here = dirname(fileURLToPath(import.meta.url));
await import(join(here, "..", "src", "cli", "main.ts"));
