/**
 * @module area/read-matrix
 * The error-matrix JSON of `coca area estimate --matrix`:
 * `{"classes": [...], "mapped_area_ha": [...], "sample_counts": [[...]]}` (rows map
 * class, columns reference class), or `mapped_area_pixels` with `pixel_area_ha`,
 * or `mapped_area_weights` with an optional `total_area_ha`. An object with an
 * `inputs` member (an area-vectors.json entry) is read from there.
 */
import { z } from "zod";
import { InputError } from "../domain/errors.ts";
import { readTextFile } from "../io/read-file.ts";
import type { ErrorMatrixInput } from "../stats/olofsson-estimator.ts";

const label = z.union([z.string().min(1), z.number()]).transform(String);
const counts = z.array(z.array(z.number().int().nonnegative()));
const areas = z.array(z.number().nonnegative());

const MatrixFile = z
  .object({
    classes: z.array(label).min(1),
    sample_counts: counts,
    mapped_area_ha: areas.optional(),
    mapped_area_pixels: areas.optional(),
    pixel_area_ha: z.number().positive().optional(),
    mapped_area_weights: areas.optional(),
    total_area_ha: z.number().positive().optional(),
  })
  .passthrough();

export interface MatrixSpec extends Pick<ErrorMatrixInput, "classes" | "mappedAreaHa" | "sampleCounts" | "mappedAreaUnits"> {
  /** Notes on how the areas were read (e.g. weights without a total). */
  notes: string[];
}

/** Parse the matrix JSON text; `file` names it in errors. */
export function parseMatrixJson(text: string, file: string): MatrixSpec {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
  if (raw && typeof raw === "object" && "inputs" in raw && !("classes" in raw)) raw = (raw as { inputs: unknown }).inputs;
  const parsed = MatrixFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? issue.path.join(".") : "(top level)";
    throw new InputError(`${file}: ${where}: ${issue.message}`, { field: where });
  }
  const m = parsed.data;
  const q = m.classes.length;
  const notes: string[] = [];
  let mappedAreaHa: number[];
  let mappedAreaUnits: number[] | undefined;
  if (m.mapped_area_ha) {
    mappedAreaHa = m.mapped_area_ha;
    if (m.mapped_area_pixels) mappedAreaUnits = m.mapped_area_pixels;
  } else if (m.mapped_area_pixels) {
    if (m.pixel_area_ha === undefined) throw new InputError(`${file}: mapped_area_pixels needs pixel_area_ha`, { field: "pixel_area_ha" });
    mappedAreaUnits = m.mapped_area_pixels;
    mappedAreaHa = m.mapped_area_pixels.map((p) => p * m.pixel_area_ha!);
  } else if (m.mapped_area_weights) {
    const total = m.total_area_ha;
    mappedAreaHa = m.mapped_area_weights.map((w) => w * (total ?? 1));
    if (total === undefined) notes.push(`${file} gives mapped_area_weights without total_area_ha: the "ha" figures are proportions of the total area`);
  } else {
    throw new InputError(`${file}: give mapped_area_ha, mapped_area_pixels with pixel_area_ha, or mapped_area_weights`, { field: "mapped_area_ha" });
  }
  if (mappedAreaHa.length !== q) throw new InputError(`${file}: ${mappedAreaHa.length} mapped areas for ${q} classes`, { field: "mapped_area_ha" });
  if (m.sample_counts.length !== q || m.sample_counts.some((row) => row.length !== q)) {
    throw new InputError(`${file}: sample_counts must be ${q} × ${q} (rows map class, columns reference class)`, { field: "sample_counts" });
  }
  return { classes: m.classes, mappedAreaHa, mappedAreaUnits, sampleCounts: m.sample_counts, notes };
}

/** Read and parse a matrix JSON file. */
export async function readMatrixFile(path: string): Promise<MatrixSpec> {
  return parseMatrixJson(await readTextFile(path), path);
}
