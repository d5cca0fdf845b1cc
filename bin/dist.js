// The compiled JavaScript in dist/ (built by `npm run build`, which `npm ci` runs through `prepare`) and the rule
// that says whether it may run: dist/.build-stamp.json records when the build started and how many source files it
// compiled; dist is fresh only when that stamp exists and no compiled source (src/**/*.ts outside src/web, tests
// excluded) is newer than the build's start or was added or removed since. Otherwise bin/coca.js runs src/ through tsx.
//
//   node bin/dist.js --clean   empties dist/ and notes the build's start (before tsc)
//   node bin/dist.js --stamp   writes the stamp and dist/help.txt (after tsc succeeded)
//   node bin/dist.js           prints whether dist is fresh (exit 0) or why not (exit 1)
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const DIST = join(ROOT, "dist");
const STAMP = join(DIST, ".build-stamp.json");
const PENDING = join(DIST, ".build-start.json");
/** `coca --help` as the build printed it: the full help loads every command group (about 0.6 s), the text does not. */
export const HELP_TEXT = join(DIST, "help.txt");

/** Newest mtime and count of the sources tsconfig.build.json compiles. */
function scanSources(src, dir = src, acc = { newestMs: 0, count: 0 }) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (path !== join(src, "web")) scanSources(src, path, acc);
    } else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts")) {
      acc.count++;
      acc.newestMs = Math.max(acc.newestMs, statSync(path).mtimeMs);
    }
  }
  return acc;
}

/** Why `root`/dist may not run, or null when it may. */
export function distStaleReason(root = ROOT) {
  if (process.env.COCA_NO_DIST === "1") return "COCA_NO_DIST=1";
  const stampPath = join(root, "dist", ".build-stamp.json");
  if (!existsSync(stampPath)) return "dist/ is not built (npm run build)";
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(stampPath, "utf8"));
  } catch {
    return "dist/.build-stamp.json is unreadable";
  }
  const src = join(root, "src");
  if (!existsSync(src)) return null; // an installed package without sources: dist is all there is
  const { newestMs, count } = scanSources(src);
  if (newestMs > stamp.startedMs) return "src/ has files newer than dist/ (npm run build)";
  if (count !== stamp.sources) return "src/ has files added or removed since dist/ was built (npm run build)";
  return null;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const arg = process.argv[2];
  if (arg === "--clean") {
    rmSync(DIST, { recursive: true, force: true });
    mkdirSync(DIST, { recursive: true });
    writeFileSync(PENDING, JSON.stringify({ startedMs: Date.now() }) + "\n");
  } else if (arg === "--stamp") {
    const { startedMs } = JSON.parse(readFileSync(PENDING, "utf8"));
    const { count } = scanSources(join(ROOT, "src"));
    const help = spawnSync(process.execPath, [join(DIST, "cli", "main.js"), "--help"], { encoding: "utf8", env: { ...process.env, COCA_CLI_ENTRY: "1" } });
    if (help.status === 0 && help.stdout) writeFileSync(HELP_TEXT, help.stdout);
    writeFileSync(PENDING, JSON.stringify({ startedMs, sources: count, builtAt: new Date().toISOString() }) + "\n");
    renameSync(PENDING, STAMP);
  } else {
    const reason = distStaleReason();
    process.stdout.write(reason ? `stale: ${reason}\n` : "fresh\n");
    process.exitCode = reason ? 1 : 0;
  }
}
