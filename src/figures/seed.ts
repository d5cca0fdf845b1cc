/**
 * @module figures/seed
 * The registry's seed: data/official-figures.csv (every figure of ../shared/reference/official-figures.csv,
 * normalised, with its citation), loaded into a store the first time a command reads figures, and again
 * only when the file changes (by SHA-256). Loading is idempotent: figures already stored are left alone, except
 * that a row whose vintage the seed has since corrected (data/vintage-corrections.json) is deleted, with the
 * correction logged as the reason, before the corrected row is loaded.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { sha256 } from "../io/checksum.ts";
import type { Store } from "../store/store.ts";
import { importFigureFile, readInputFile } from "./import.ts";
import { applyVintageCorrections, loadVintageCorrections, VINTAGE_CORRECTIONS_PATH } from "./vintage-corrections.ts";

/** data/official-figures.csv of this checkout. */
export const SEED_FIGURES_PATH = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "data", "official-figures.csv");

/** The origin recorded on seeded figures and in the import log. */
export const SEED_ORIGIN = "seed:data/official-figures.csv";

/**
 * Load the seed into `store` unless this version of the seed file is already recorded there.
 * @returns whether the seed was (re)loaded and how many figures it added.
 */
export async function ensureSeeded(
  store: Store,
  {
    path = SEED_FIGURES_PATH,
    maxYear = new Date().getUTCFullYear(),
    correctionsPath = VINTAGE_CORRECTIONS_PATH,
  }: { path?: string; maxYear?: number; correctionsPath?: string } = {},
): Promise<{ loaded: boolean; inserted: number }> {
  const checksum = sha256(readInputFile(path));
  const log = await store.figures.imports();
  if (log.some((r) => r.origin === SEED_ORIGIN && r.sha256 === checksum)) return { loaded: false, inserted: 0 };
  if (log.some((r) => r.origin === SEED_ORIGIN)) await applyVintageCorrections(store, loadVintageCorrections(correctionsPath));
  const summary = await importFigureFile(store, path, { maxYear, origin: SEED_ORIGIN, format: "csv", logAlways: true });
  return { loaded: true, inserted: summary.inserted };
}
