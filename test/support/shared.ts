/**
 * The read-only reference material at ../shared (real scenes and maps, the reference figures), for the
 * tests that need it. On a user's machine without it those tests skip and say why; under `CI=true` a
 * missing file is an error, so a CI run never passes by skipping them.
 *
 *   const scene = sharedPath("data/rstoolbox-amazon/lsat_tm5_7band_dn.tif");
 *   const haveScene = hasShared("the real Landsat tests", scene);
 *   describe.skipIf(!haveScene)("...", () => { ... });
 */
import { existsSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** ../shared, seen from the project's root. */
export const SHARED_DIR = resolve(projectRoot, "../shared");

/** A path inside ../shared, e.g. `sharedPath("reference/official-figures.csv")`. */
export function sharedPath(...parts: string[]): string {
  return join(SHARED_DIR, ...parts);
}

/** True when `process.env.CI` is "true": tests that need ../shared then fail instead of skipping. */
export function sharedRequired(): boolean {
  return process.env.CI === "true";
}

/**
 * True when every path exists. Otherwise logs `skipping WHAT: PATH is absent` and returns false, so the
 * caller skips (`describe.skipIf(!ok)`, `it.skipIf(!ok)`); under `CI=true` it throws instead, which fails
 * the test file.
 * @param what the tests that need the files, as the skip message names them.
 * @param paths absolute paths (from `sharedPath`).
 * @throws Error under CI=true when a path is missing, naming it.
 */
export function hasShared(what: string, ...paths: string[]): boolean {
  const missing = paths.find((p) => !existsSync(p));
  if (missing === undefined) return true;
  const shown = relative(projectRoot, missing);
  if (sharedRequired()) {
    throw new Error(`${what}: ${shown} is missing (CI=true: tests that need ../shared fail instead of skipping)`);
  }
  console.log(`skipping ${what}: ${shown} is absent`);
  return false;
}
