/**
 * @module figures/import
 * `coca figures import`: read a file, validate every row, check it against the store, then store it in
 * one transaction. One bad row means nothing is stored and every bad line is reported.
 */
import { resolve } from "node:path";
import { readBytesFileSync } from "../io/read-file.ts";
import { sha256 } from "../io/checksum.ts";
import type { Store } from "../store/store.ts";
import { parseFigureFile, problemsError, formatOf, type FigureFileFormat } from "./figure-file.ts";

export interface ImportSummary {
  file: string;
  sha256: string;
  /** Figures in the file (after dropping exact duplicates). */
  rows: number;
  /** New figures and new vintages stored. */
  inserted: number;
  /** Figures already stored with the same vintage and value. */
  unchanged: number;
  /** Citations added to figures that already had another citation (same identity, vintage and value). */
  citationsAdded: number;
}

/** Read a file's bytes: a NotFoundError naming it when missing, an InputError when it cannot be read. */
export function readInputFile(path: string): Uint8Array {
  return readBytesFileSync(path);
}

/**
 * Import a CSV or JSON file of figures into the store, all or nothing.
 * @param options.maxYear the latest year accepted (the current year)
 * @param options.origin what to record as the figures' origin (default "import:<absolute path>")
 * @throws InputError listing every bad line; the store is left untouched.
 */
export async function importFigureFile(
  store: Store,
  path: string,
  { maxYear, origin, format = formatOf(path), logAlways = false }: { maxYear: number; origin?: string; format?: FigureFileFormat; logAlways?: boolean },
): Promise<ImportSummary> {
  const bytes = readInputFile(path);
  const { figures, lines } = parseFigureFile(bytes, { file: path, format, maxYear });
  const conflicts = await store.figures.conflicts(figures);
  if (conflicts.length > 0) {
    throw problemsError(
      path,
      conflicts.map((c) => ({
        line: lines[c.index]!,
        reason:
          `${c.incoming.country} ${c.incoming.region} ${c.incoming.year} ${c.incoming.metric} ${c.incoming.source} published ${c.incoming.published} ` +
          `is already stored with value ${c.existing.value}, not ${c.incoming.value} (a changed value needs a new vintage in 'published')`,
      })),
      format === "json" ? "item" : "line",
    );
  }
  const checksum = sha256(bytes);
  const result = await store.figures.importFigures(figures, {
    origin: origin ?? `import:${resolve(path)}`,
    sha256: checksum,
    logAlways,
  });
  return {
    file: path,
    sha256: checksum,
    rows: figures.length,
    inserted: result.inserted.length,
    unchanged: result.unchanged,
    citationsAdded: result.citationsAdded,
  };
}
