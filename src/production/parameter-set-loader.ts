/**
 * @module production/parameter-set-loader
 * The I/O edge of the production model: reads parameter sets (data/parameter-sets/*.json) and the
 * methodology breaks (data/methodology-breaks.json), validates them, and names the file and the
 * field at fault when something is wrong.
 */
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { DataError } from "../domain/errors.ts";
import { readTextFile } from "../io/read-file.ts";
import { METRICS, type Metric } from "../domain/figure.ts";
import { parameterProblems } from "./distribution.ts";
import type { MethodologyBreak } from "./methodology-breaks.ts";
import type { Parameter, ParameterSet } from "./parameter-set.ts";

/** data/parameter-sets inside the project. */
export const DEFAULT_PARAMETER_SET_DIR = fileURLToPath(new URL("../../data/parameter-sets/", import.meta.url));
/** data/methodology-breaks.json inside the project. */
export const DEFAULT_BREAKS_FILE = fileURLToPath(new URL("../../data/methodology-breaks.json", import.meta.url));

const distribution = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("fixed") }).strict(),
  z.object({ kind: z.literal("normal"), sd: z.number() }).strict(),
  z.object({ kind: z.literal("lognormal"), sdLog: z.number() }).strict(),
  z.object({ kind: z.literal("triangular"), min: z.number(), max: z.number(), mode: z.number().optional() }).strict(),
  z.object({ kind: z.literal("uniform"), min: z.number(), max: z.number() }).strict(),
]);

const parameter = z
  .object({
    value: z.number(),
    unit: z.string().min(1),
    distribution,
    bounds: z.object({ min: z.number().optional(), max: z.number().optional() }).strict().optional(),
    status: z.enum(["published", "assumption", "derived"]),
    reason: z.string().min(1),
    uncertaintyReason: z.string().min(1),
    citation: z.string().min(1),
    derivation: z
      .object({
        method: z.literal("geometric-mean-of-ratios"),
        ratio: z.enum(["cocaine_kg_per_ha", "leaf_kg_per_kg_cocaine", "leaf_yield_kg_ha"]),
        source: z.string(),
        country: z.string(),
        years: z.array(z.number().int()).min(1),
      })
      .strict()
      .optional(),
  })
  .strict();

const zone = z.object({ zone: z.string().min(1), yieldKgHa: parameter, areaHa: parameter.optional() }).strict();

const parameterSetSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "must be kebab-case"),
    source: z.string().min(1),
    sourceFamily: z.enum(["US", "UN", "national"]),
    country: z.string().regex(/^[A-Z]{3}$/, "must be ISO 3166-1 alpha-3"),
    period: z.object({ from: z.number().int(), to: z.number().int() }).strict(),
    description: z.string().min(1),
    regions: z
      .array(
        z
          .object({
            region: z.string().min(1),
            aliases: z.array(z.string()).optional(),
            yieldKgHa: parameter.optional(),
            zones: z.array(zone).min(1).optional(),
            youngAreaShare: parameter.optional(),
            youngYieldFactor: parameter.optional(),
          })
          .strict(),
      )
      .min(1),
    deductions: z.object({ traditionalLeafT: parameter.optional(), industrialLeafT: parameter.optional() }).strict().optional(),
    conversion: z.discriminatedUnion("kind", [
      z.object({ kind: z.literal("leaf-per-cocaine"), leafKgPerKgCocaine: parameter }).strict(),
      z.object({ kind: z.literal("alkaloid"), alkaloidContent: parameter, labEfficiency: parameter }).strict(),
      z.object({ kind: z.literal("per-hectare"), cocaineKgPerHa: parameter }).strict(),
    ]),
  })
  .strict();

const breaksSchema = z.array(
  z
    .object({
      country: z.string().regex(/^[A-Z]{3}$/),
      source: z.string().min(1),
      metrics: z.union([z.literal("*"), z.array(z.enum(METRICS as unknown as [Metric, ...Metric[]]))]),
      year: z.number().int(),
      kind: z.enum(["source-change", "method-change", "revision"]),
      description: z.string().min(1),
      citation: z.string().min(1),
    })
    .strict(),
);

function issuesText(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
}

/** Every parameter of a set with its path, for checking. */
function parametersOf(set: ParameterSet): [string, Parameter][] {
  const out: [string, Parameter][] = [];
  set.regions.forEach((r, i) => {
    if (r.yieldKgHa) out.push([`regions[${i}].yieldKgHa`, r.yieldKgHa]);
    r.zones?.forEach((z, j) => {
      out.push([`regions[${i}].zones[${j}].yieldKgHa`, z.yieldKgHa]);
      if (z.areaHa) out.push([`regions[${i}].zones[${j}].areaHa`, z.areaHa]);
    });
    if (r.youngAreaShare) out.push([`regions[${i}].youngAreaShare`, r.youngAreaShare]);
    if (r.youngYieldFactor) out.push([`regions[${i}].youngYieldFactor`, r.youngYieldFactor]);
  });
  if (set.deductions?.traditionalLeafT) out.push(["deductions.traditionalLeafT", set.deductions.traditionalLeafT]);
  if (set.deductions?.industrialLeafT) out.push(["deductions.industrialLeafT", set.deductions.industrialLeafT]);
  const c = set.conversion;
  if (c.kind === "leaf-per-cocaine") out.push(["conversion.leafKgPerKgCocaine", c.leafKgPerKgCocaine]);
  if (c.kind === "alkaloid") out.push(["conversion.alkaloidContent", c.alkaloidContent], ["conversion.labEfficiency", c.labEfficiency]);
  if (c.kind === "per-hectare") out.push(["conversion.cocaineKgPerHa", c.cocaineKgPerHa]);
  return out;
}

/** Validate parsed JSON as a parameter set; `file` names the source in error messages. */
export function parseParameterSet(json: unknown, file: string): ParameterSet {
  const parsed = parameterSetSchema.safeParse(json);
  if (!parsed.success) throw new DataError(`${file}: not a valid parameter set: ${issuesText(parsed.error)}`);
  const set = parsed.data as ParameterSet;
  const problems = parametersOf(set).flatMap(([path, p]) => parameterProblems(p, path));
  if (set.period.from > set.period.to) problems.push(`period: from ${set.period.from} is after to ${set.period.to}`);
  set.regions.forEach((r, i) => {
    if (set.conversion.kind !== "per-hectare" && !r.yieldKgHa && !r.zones) problems.push(`regions[${i}] (${r.region}) needs yieldKgHa or zones`);
    r.zones?.forEach((z, j) => {
      if (j < r.zones!.length - 1 && !z.areaHa) problems.push(`regions[${i}].zones[${j}] (${z.zone}) needs areaHa (only the last zone takes the remainder)`);
    });
  });
  if (set.conversion.kind === "per-hectare" && (set.deductions?.traditionalLeafT || set.deductions?.industrialLeafT)) {
    problems.push("deductions: leaf deductions need a leaf step, but the conversion is per-hectare");
  }
  if (problems.length > 0) throw new DataError(`${file}: ${problems.join("; ")}`);
  return set;
}

async function readJson(file: string): Promise<unknown> {
  const text = await readTextFile(file, { unreadable: "data" });
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new DataError(`${file}: not valid JSON: ${(cause as Error).message}`, { cause });
  }
}

/** Read and validate every *.json parameter set in `dir`, sorted by name; names must be unique. */
export async function loadParameterSets(dir = DEFAULT_PARAMETER_SET_DIR): Promise<ParameterSet[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith(".json")).sort();
  } catch (cause) {
    throw new DataError(`${dir}: cannot list parameter sets: ${(cause as Error).message}`, { cause });
  }
  const sets: ParameterSet[] = [];
  const seen = new Map<string, string>();
  for (const name of names) {
    const file = join(dir, name);
    const set = parseParameterSet(await readJson(file), file);
    const other = seen.get(set.name);
    if (other) throw new DataError(`${file}: parameter set name "${set.name}" is already used by ${other}`);
    seen.set(set.name, file);
    sets.push(set);
  }
  return sets.sort((a, b) => a.name.localeCompare(b.name));
}

/** Read and validate the methodology breaks. */
export async function loadMethodologyBreaks(file = DEFAULT_BREAKS_FILE): Promise<MethodologyBreak[]> {
  const parsed = breaksSchema.safeParse(await readJson(file));
  if (!parsed.success) throw new DataError(`${file}: not a valid list of methodology breaks: ${issuesText(parsed.error)}`);
  return parsed.data as MethodologyBreak[];
}
