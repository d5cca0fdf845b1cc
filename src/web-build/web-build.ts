/**
 * @module web-build/web-build
 * Build the dashboard with Vite when its output (src/web/dist) is missing or older than its sources,
 * so that `npm start`, `coca serve` and the browser test work on a fresh clone without a separate step.
 * The build goes to a temporary folder (under node_modules/.cache, which git and eslint ignore) that then
 * replaces dist, so a reader never sees half a build.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const WEB_SOURCE_DIR = join(PROJECT_ROOT, "src/web");
export const WEB_DIST_DIR = join(WEB_SOURCE_DIR, "dist");
const VITE_CONFIG = join(PROJECT_ROOT, "vite.config.ts");

function newestMtimeMs(dir: string, skip: (name: string) => boolean): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skip(entry.name)) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtimeMs(path, skip) : statSync(path).mtimeMs);
  }
  return newest;
}

/** True when dist/index.html is missing or older than any source of the dashboard. */
export function isDashboardStale(): boolean {
  const index = join(WEB_DIST_DIR, "index.html");
  if (!existsSync(index)) return true;
  if (!existsSync(WEB_SOURCE_DIR)) return false;
  const built = statSync(index).mtimeMs;
  const sources = Math.max(
    newestMtimeMs(WEB_SOURCE_DIR, (name) => name === "dist" || name.endsWith(".test.ts")),
    existsSync(VITE_CONFIG) ? statSync(VITE_CONFIG).mtimeMs : 0,
  );
  return sources > built;
}

/** Rename a folder, copying when it has to cross file systems. */
function moveDir(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
    cpSync(from, to, { recursive: true });
    rmSync(from, { recursive: true, force: true });
  }
}

let building: Promise<string> | undefined;

/**
 * Build the dashboard if needed; resolves to the dist folder.
 * @param force rebuild even when dist is up to date.
 * @throws Error when the build fails or Vite is not installed and no build exists.
 */
export function ensureDashboardBuilt({ force = false, log = (_line: string) => {} }: { force?: boolean; log?: (line: string) => void } = {}): Promise<string> {
  if (!force && !isDashboardStale()) return Promise.resolve(WEB_DIST_DIR);
  building ??= (async () => {
    log("building the dashboard (vite build) ...");
    const cache = join(PROJECT_ROOT, "node_modules", ".cache", "coca-web-build");
    mkdirSync(cache, { recursive: true });
    const tmp = join(cache, `dist-${process.pid}-${Date.now()}`);
    let vite: typeof import("vite");
    try {
      vite = await import("vite");
    } catch (cause) {
      throw new Error(`cannot build the dashboard: vite is not installed (run npm ci): ${(cause as Error).message}`, { cause });
    }
    try {
      await vite.build({ configFile: VITE_CONFIG, logLevel: "warn", build: { outDir: tmp, emptyOutDir: true } });
      const old = join(cache, `old-${process.pid}-${Date.now()}`);
      if (existsSync(WEB_DIST_DIR)) moveDir(WEB_DIST_DIR, old);
      moveDir(tmp, WEB_DIST_DIR);
      rmSync(old, { recursive: true, force: true });
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
    log(`dashboard built in ${WEB_DIST_DIR}`);
    return WEB_DIST_DIR;
  })().finally(() => {
    building = undefined;
  });
  return building;
}
