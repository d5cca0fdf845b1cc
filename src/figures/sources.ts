/**
 * @module figures/sources
 * Source normalisation: the many ways publications name who produced a figure ("USG (INCSR)",
 * "ONDCP/CNC", "Government of Bolivia (via UNODC)") become one short source and its family (US, UN,
 * national), while the exact string is kept as `sourceRaw`. Also decides whether a citation is primary
 * (the producer's own publication, or a verbatim reproduction of it) or secondary (someone relaying it).
 */
import type { SourceFamily } from "../domain/figure.ts";

export interface NormalizedSource {
  source: string;
  family: SourceFamily;
  /** True when the source string itself says the figure was relayed by another body ("... (via UNODC)"). */
  relayed: boolean;
}

interface SourceRule {
  pattern: RegExp;
  source: string | ((m: RegExpMatchArray) => string);
  family: SourceFamily;
}

const GOVERNMENT = /^(?:government of ([a-z ]+?)(?:\s*\/\s*[a-z]+)?|([a-z]+)n law \d+)(?:\s*\(via [^)]+\))?$/i;

const RULES: readonly SourceRule[] = [
  { pattern: /^unodc(?:\s*\/\s*(?:simci|devida))?$/i, source: "UNODC", family: "UN" },
  { pattern: /^simci$/i, source: "UNODC", family: "UN" },
  { pattern: /^ondcp(?:\s*\/\s*cnc)?$/i, source: "ONDCP", family: "US" },
  { pattern: /^(?:usg\s*\(\s*)?incsr\)?$/i, source: "INCSR", family: "US" },
  { pattern: /^(?:usg\s*\(\s*)?(?:state\s*\/\s*)?cnc\)?$/i, source: "CNC", family: "US" },
  { pattern: /^(?:usg|us government)$/i, source: "USG", family: "US" },
  { pattern: /^devida$/i, source: "DEVIDA", family: "national" },
  {
    pattern: GOVERNMENT,
    // "Bolivian law 906": capture 2 is the adjective's stem, "Bolivia".
    source: (m) => `Government of ${titleCase(m[1] ?? m[2]!)}`,
    family: "national",
  },
];

/** Proper spelling of the country names that appear in source strings. */
const ADJECTIVE_COUNTRY: Readonly<Record<string, string>> = { bolivia: "Bolivia", peru: "Peru", colombia: "Colombia" };

function titleCase(s: string): string {
  const key = s.trim().toLowerCase();
  if (ADJECTIVE_COUNTRY[key]) return ADJECTIVE_COUNTRY[key];
  return key.replace(/\b[a-z]/g, (c) => c.toUpperCase());
}

/**
 * Normalise a source string.
 * @returns undefined for a source this registry does not know (the caller must then be told its family).
 * @example normalizeSource("USG (INCSR)") // { source: "INCSR", family: "US", relayed: false }
 */
export function normalizeSource(raw: string): NormalizedSource | undefined {
  const text = raw.trim().replace(/\s+/g, " ");
  const relayed = /\(via [^)]+\)/i.test(text);
  for (const rule of RULES) {
    const m = text.match(rule.pattern);
    if (m) {
      const source = typeof rule.source === "string" ? rule.source : rule.source(m);
      return { source, family: rule.family, relayed };
    }
  }
  return undefined;
}

/** The names under which each normalised source publishes, as they open a citation. */
const PUBLISHERS: Readonly<Record<string, readonly RegExp[]>> = {
  UNODC: [/^UNODC\b/i, /^SIMCI\b/i],
  ONDCP: [/^ONDCP\b/i, /^White House\b/i],
  INCSR: [/^INCSR\b/i, /^(US )?State Dep(artmen)?t\b/i],
  CNC: [/^US State Dep(artmen)?t\b/i, /^CNC\b/i, /^ONDCP\b/i],
  USG: [/^US\b/i, /^White House\b/i, /^Presidential determination\b/i],
  DEVIDA: [/^DEVIDA\b/i, /^UNODC\/DEVIDA\b/i],
};

/** Words that mark a citation as someone relaying the producer's figure. */
const RELAY = /\b(citing|reporting|reported by|quoted by|as quoted|transcribed|according to)\b/i;

/** The title part of a citation: the text before the first "; " (which usually precedes the URL). */
export function citationTitle(citation: string): string {
  const head = citation.split(/;\s+/)[0] ?? citation;
  return head.trim();
}

/**
 * Primary when the citation's title opens with the producer's own name and nothing says it is relayed;
 * secondary otherwise (news items, blogs, GAO reports, "as quoted by", "(via UNODC)" sources,
 * transcriptions). A verbatim reproduction of a release (e.g. an ONDCP release reposted by a news site
 * under the release's own title) counts as primary.
 */
export function classifyCitation(source: NormalizedSource, citation: string): "primary" | "secondary" {
  if (source.relayed) return "secondary";
  const title = citationTitle(citation);
  if (RELAY.test(title)) return "secondary";
  const publishers = PUBLISHERS[source.source] ?? [];
  return publishers.some((p) => p.test(title)) ? "primary" : "secondary";
}
