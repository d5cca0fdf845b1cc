/**
 * @module figures/policy-instruments
 * Policy instruments as data: legal cultivation limits (a maximum), eradication targets (a minimum, ha) and
 * eradication share targets (a share of the crop to eradicate, %, tracked by change/eradication-share-target
 * against each source's cultivation figures), each with the years it applies to, the regions whose figures it
 * is checked against, and its citation.
 * The project's own list is data/policy-instruments.json.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { DataError } from "../domain/errors.ts";
import { readTextFileSync } from "../io/read-file.ts";
import { CITATION_KINDS, METRIC_UNITS } from "../domain/figure.ts";
import { parseCountry } from "../domain/country.ts";
import { MAX_NESTING_DEPTH, nestingDepth } from "../io/nesting-depth.ts";

/** data/policy-instruments.json of this checkout. */
export const POLICY_INSTRUMENTS_PATH = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "data", "policy-instruments.json");

const instrumentSchema = z
  .object({
    id: z.string().min(1),
    /**
     * "legal_limit": figures must stay at or below `value`; "eradication_target": at or above; "eradication_share_target":
     * eradication of at least `value` % of the crop (metric eradication_ha, unit "%").
     */
    kind: z.enum(["legal_limit", "eradication_target", "eradication_share_target"]),
    name: z.string().min(1),
    country: z.string().min(1),
    /** The region the instrument names ("national", "La Paz (Yungas)"). */
    region: z.string().min(1),
    regionKind: z.enum(["national", "department", "province", "zone", "valley", "region"]),
    /** Region names of the figures checked against it (as the registry stores them). */
    matchRegions: z.array(z.string().min(1)).min(1),
    metric: z.enum(["cultivation_ha", "eradication_ha"]),
    value: z.number().finite().nonnegative(),
    unit: z.string(),
    /** First and last year the instrument applies to (null = open). */
    fromYear: z.number().int().nullable(),
    toYear: z.number().int().nullable(),
    citation: z.string().min(1),
    citationKind: z.enum(CITATION_KINDS),
    notes: z.string(),
  })
  .strict();

const fileSchema = z.object({ instruments: z.array(instrumentSchema), notes: z.string().optional() }).strict();

export type PolicyInstrument = z.infer<typeof instrumentSchema>;

/**
 * Parse and check a policy-instruments document (units against the metric, known countries, year ranges).
 * @throws DataError naming the file and the problem.
 */
export function parsePolicyInstruments(text: string, file: string): PolicyInstrument[] {
  if (nestingDepth(text, MAX_NESTING_DEPTH) > MAX_NESTING_DEPTH) throw new DataError(`${file}: nested more than ${MAX_NESTING_DEPTH} levels deep`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new DataError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DataError(`${file}: ${issue.path.join(".")}: ${issue.message}`);
  }
  const ids = new Set<string>();
  return parsed.data.instruments.map((inst, i) => {
    const where = `${file}: instruments.${i} (${inst.id})`;
    if (ids.has(inst.id)) throw new DataError(`${where}: id given twice`);
    ids.add(inst.id);
    const country = parseCountry(inst.country);
    if (!country) throw new DataError(`${where}: unknown country '${inst.country}'`);
    if (inst.kind === "eradication_share_target") {
      if (inst.metric !== "eradication_ha" || inst.unit !== "%" || !(inst.value > 0 && inst.value <= 100)) {
        throw new DataError(`${where}: an eradication share target needs metric eradication_ha, unit '%' and a value in (0, 100]`);
      }
    } else if (inst.unit !== METRIC_UNITS[inst.metric]) {
      throw new DataError(`${where}: unit '${inst.unit}' does not fit metric ${inst.metric} (expected ${METRIC_UNITS[inst.metric]})`);
    }
    if (inst.fromYear !== null && inst.toYear !== null && inst.fromYear > inst.toYear) {
      throw new DataError(`${where}: fromYear ${inst.fromYear} is after toYear ${inst.toYear}`);
    }
    return { ...inst, country };
  });
}

/** Read the policy instruments (default: data/policy-instruments.json). */
export function loadPolicyInstruments(path: string = POLICY_INSTRUMENTS_PATH): PolicyInstrument[] {
  return parsePolicyInstruments(readTextFileSync(path, { what: "policy instruments", unreadable: "data" }), path);
}
