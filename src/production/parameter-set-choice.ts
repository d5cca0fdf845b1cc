/**
 * @module production/parameter-set-choice
 * Which parameter set applies to a country, year and (optionally) source.
 */
import { NotFoundError } from "../domain/errors.ts";
import type { ParameterSet } from "./parameter-set.ts";

/** Sources compared case-insensitively; "UN"/"US" match the family. */
function sourceMatches(set: ParameterSet, source: string): boolean {
  const s = source.toLowerCase();
  return set.source.toLowerCase() === s || set.sourceFamily.toLowerCase() === s;
}

/**
 * The named set, or the first set for the country whose period covers the year (and whose source
 * matches, when given); UN sets before US sets, then the narrowest period.
 */
export function chooseParameterSet(
  sets: readonly ParameterSet[],
  { country, year, source, name }: { country: string; year: number; source?: string; name?: string },
): ParameterSet {
  if (name) {
    const set = sets.find((s) => s.name === name);
    if (!set) throw new NotFoundError(`no parameter set named "${name}" (available: ${sets.map((s) => s.name).join(", ")})`);
    return set;
  }
  const candidates = sets
    .filter((s) => s.country === country && s.period.from <= year && year <= s.period.to && (!source || sourceMatches(s, source)))
    .sort((a, b) => {
      const fam = (s: ParameterSet): number => (s.sourceFamily === "UN" ? 0 : s.sourceFamily === "national" ? 1 : 2);
      return fam(a) - fam(b) || a.period.to - a.period.from - (b.period.to - b.period.from) || a.name.localeCompare(b.name);
    });
  const set = candidates[0];
  if (!set) {
    const forCountry = sets.filter((s) => s.country === country).map((s) => `${s.name} (${s.source} ${s.period.from}-${s.period.to})`);
    throw new NotFoundError(
      `no parameter set for ${country} ${year}${source ? ` from ${source}` : ""}; sets for ${country}: ${forCountry.join(", ") || "none"} (choose one with --params)`,
    );
  }
  return set;
}
