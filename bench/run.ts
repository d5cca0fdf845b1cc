/**
 * Runs every benchmark in bench/ (each `*.bench.ts` is also runnable on its own
 * with `npx tsx bench/<name>.bench.ts`), one after another so they do not
 * compete for the cores, and prints the table rows they write to bench/out/.
 *
 * Usage: npm run bench [-- name-substring ...]
 */
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const benches = readdirSync(here)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort();

let failed = 0;
for (const file of benches) {
  process.stdout.write(`\n== ${file}\n`);
  const r = spawnSync(process.execPath, ["--import", "tsx", join(here, file)], { stdio: "inherit" });
  if (r.status !== 0) {
    failed++;
    process.stdout.write(`!! ${file} exited with ${r.status}\n`);
  }
}

const outDir = join(here, "out");
if (existsSync(outDir)) {
  process.stdout.write("\n== results (bench/out/*.json)\n");
  for (const f of readdirSync(outDir)
    .filter((x) => x.endsWith(".json"))
    .sort()) {
    process.stdout.write(`${f}: ${readFileSync(join(outDir, f), "utf8").trim().slice(0, 400)}\n`);
  }
}
process.exitCode = failed ? 1 : 0;
