/**
 * @module figures/vintage-corrections
 * Vintages of seed figures found wrong (checked against the publication cited) and corrected in
 * data/official-figures.csv. The registry never rewrites a stored row: a store that was seeded with the wrong
 * vintage gets the correction as a logged deletion of the mis-dated row (reason: the correction and why), and the
 * corrected row then comes in with the seed. `coca figures deletions` shows every correction applied.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { DataError } from "../domain/errors.ts";
import { readTextFileSync } from "../io/read-file.ts";
import type { Store } from "../store/store.ts";

export const VINTAGE_CORRECTIONS_PATH = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "data", "vintage-corrections.json");

const correctionSchema = z
  .object({
    country: z.string().min(3),
    region: z.string().min(1),
    year: z.number().int(),
    metric: z.string().min(1),
    source: z.string().min(1),
    sourceTerm: z.string().min(1),
    from: z.string().min(4),
    to: z.string().min(4),
    reason: z.string().min(10),
  })
  .strict();

const fileSchema = z.object({ notes: z.string().optional(), corrections: z.array(correctionSchema) }).strict();

export type VintageCorrection = z.infer<typeof correctionSchema>;

/** Read the corrections file. @throws DataError naming the file and the problem. */
export function loadVintageCorrections(path = VINTAGE_CORRECTIONS_PATH): VintageCorrection[] {
  let data: unknown;
  try {
    data = JSON.parse(readTextFileSync(path));
  } catch (error) {
    throw new DataError(`${path}: not valid JSON: ${(error as Error).message}`);
  }
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) throw new DataError(`${path}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return parsed.data.corrections;
}

/**
 * Delete, with the correction as the logged reason, every stored row that still has a corrected vintage.
 * @returns how many rows were deleted.
 */
export async function applyVintageCorrections(store: Store, corrections: readonly VintageCorrection[]): Promise<number> {
  let removed = 0;
  for (const c of corrections) {
    const filter = { country: c.country, region: c.region, year: c.year, metric: c.metric, source: c.source, published: c.from };
    const stored = (await store.figures.list(filter)).filter((f) => f.sourceTerm === c.sourceTerm);
    if (stored.length === 0) continue;
    const reason = `vintage correction (data/vintage-corrections.json): published ${c.from} -> ${c.to}: ${c.reason}`;
    removed += (await store.figures.deleteFigures(filter, { reason })).length;
  }
  return removed;
}
