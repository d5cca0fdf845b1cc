/**
 * @module figures/legacy-kind
 * Reading a stored or exported "primary" citation kind (the two-kind scheme before migration 10) in today's
 * three kinds: the same rule as new figures (`classifyCitation`), from the row's source string and citation.
 */
import type { CitationKind } from "../domain/figure.ts";
import { classifyCitation, normalizeSource } from "./sources.ts";

/**
 * The kind of a citation stored or exported as "primary" (or "secondary", kept as it is).
 * @param source the normalised source (e.g. "UNODC"); @param sourceRaw the exact source string ("Government of Bolivia (via UNODC)").
 */
export function kindOfLegacyCitation(kind: string, { source, sourceRaw, citation }: { source: string; sourceRaw: string; citation: string }): CitationKind {
  if (kind === "secondary") return "secondary";
  const normalized = normalizeSource(sourceRaw) ?? normalizeSource(source) ?? { source, family: "national", relayed: false };
  return classifyCitation({ ...normalized, source }, citation);
}
