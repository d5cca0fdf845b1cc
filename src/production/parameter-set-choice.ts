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

/**
 * The default-source rule in words, when it matters: without a name or a source, a UN set (UNODC, the
 * surveys run with the governments) is preferred, then a national one, then a US one (ONDCP), then the
 * narrowest period. Says so when the chosen set is not UN (no UN set covers the year) or when another
 * source's set also covers it, so that a fallback is never silent.
 */
export function parameterSetChoiceNote(
  sets: readonly ParameterSet[],
  { country, year, source, name }: { country: string; year: number; source?: string; name?: string },
  chosen: ParameterSet,
): string | undefined {
  if (name || source) return undefined;
  const covering = sets.filter((s) => s.country === country && s.period.from <= year && year <= s.period.to);
  const others = covering.filter((s) => s !== chosen && s.source !== chosen.source).map((s) => `${s.name} (${s.source})`);
  if (chosen.sourceFamily !== "UN") {
    return `no UN parameter set covers ${country} ${year}: the default rule (UN sets first, then national, then US; the narrowest period) falls back to ${chosen.name} (${chosen.source}, ${chosen.sourceFamily}); choose another with --params or --source`;
  }
  if (others.length > 0) {
    return `default rule: UN sets first (then national, then US; the narrowest period), so ${chosen.name} (${chosen.source}); also covering ${country} ${year}: ${others.join(", ")} (--params or --source)`;
  }
  return undefined;
}
