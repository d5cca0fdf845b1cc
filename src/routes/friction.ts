/**
 * @module routes/friction
 * The friction table of a cost surface: a multiplier of walking time per land-cover class, and the overlay factors
 * of rivers, roads and protected areas, read from YAML (`data/routes-friction.yaml` is the default) and checked
 * against the classes of the land-cover map.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { DataError, InputError, NotFoundError } from "../domain/errors.ts";

/** The default friction table shipped with Coca Monitor. */
export const DEFAULT_FRICTION_PATH = join(dirname(fileURLToPath(import.meta.url)), "../../data/routes-friction.yaml");

const factor = z.union([z.number().positive(), z.literal("impassable")]);
const overlay = z
  .object({
    factor: z.number().positive().optional(),
    secondsPerM: z.number().positive().optional(),
    widthM: z.number().positive().optional(),
  })
  .strict()
  .refine((o) => (o.factor === undefined) !== (o.secondsPerM === undefined), { message: "give exactly one of factor and secondsPerM" });

export const FrictionTableSchema = z
  .object({
    classes: z.record(z.string(), factor),
    /** Factor of classes not listed (absent: every class of the map must be listed). */
    default: factor.optional(),
    /** Names of raster codes, for land-cover maps without class names. */
    codes: z.record(z.string().regex(/^\d+$/), z.string()).optional(),
    overlays: z.object({ rivers: overlay.optional(), roads: overlay.optional(), protected: overlay.optional() }).strict().default({}),
  })
  .strict();

export type FrictionTable = z.infer<typeof FrictionTableSchema>;
export type OverlayRule = NonNullable<FrictionTable["overlays"]["rivers"]>;
export type OverlayName = "rivers" | "roads" | "protected";

/** Parse a friction table; errors name `source` and the offending entry. */
export function parseFrictionTable(text: string, source: string): FrictionTable {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new InputError(`${source}: not valid YAML (${(error as Error).message})`, { cause: error, field: "friction" });
  }
  const r = FrictionTableSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new InputError(`${source}: ${issue.path.join(".") || "(top)"}: ${issue.message}`, { field: "friction" });
  }
  return r.data;
}

/** Read a friction table file (default: the shipped table). */
export function readFrictionTable(path = DEFAULT_FRICTION_PATH): FrictionTable {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new NotFoundError(`friction file ${path} does not exist`);
    throw new DataError(`cannot read friction file ${path}: ${(error as Error).message}`, { cause: error });
  }
  return parseFrictionTable(text, path);
}

/**
 * The multiplier of each raster code (index = code, 0..255; NaN = impassable or nodata) for a land-cover map whose
 * code k is named `classNames[k - 1]` (the table's `codes` take precedence). Throws InputError naming `source` when
 * the table names a class the map does not have, or the map has a class the table does not cover.
 */
export function frictionByCode(table: FrictionTable, classNames: readonly string[], source: string, mapRef: string): Float64Array {
  const names = new Map<number, string>();
  classNames.forEach((n, i) => names.set(i + 1, n));
  for (const [code, name] of Object.entries(table.codes ?? {})) names.set(Number(code), name);
  const known = new Set(names.values());
  const unknown = Object.keys(table.classes).filter((c) => !known.has(c));
  if (unknown.length > 0) {
    throw new InputError(
      `${source}: unknown class${unknown.length > 1 ? "es" : ""} ${unknown.map((u) => `"${u}"`).join(", ")}; the land-cover map ${mapRef} has ${[...known].map((k) => `"${k}"`).join(", ")} (name codes with "codes:" if its classes are unnamed)`,
      { field: "friction" },
    );
  }
  const out = new Float64Array(256).fill(NaN);
  const missing: string[] = [];
  for (const [code, name] of names) {
    if (code < 0 || code > 255) continue;
    const f = table.classes[name] ?? table.default;
    if (f === undefined) missing.push(name);
    else out[code] = f === "impassable" ? NaN : f;
  }
  if (missing.length > 0) {
    throw new InputError(
      `${source}: no friction for class${missing.length > 1 ? "es" : ""} ${missing.map((m) => `"${m}"`).join(", ")} of ${mapRef} (add them, or a "default:" factor)`,
      {
        field: "friction",
      },
    );
  }
  return out;
}
