/**
 * @module figures/sources
 * Source normalisation: the many ways publications name who produced a figure ("USG (INCSR)",
 * "ONDCP/CNC", "Government of Bolivia (via UNODC)") become one short source and its family (US, UN,
 * national), while the exact string is kept as `sourceRaw`. Also decides a citation's kind: the producer's own
 * document, a verbatim repost of it, or a secondary report (`classifyCitation`).
 */
import type { CitationKind, SourceFamily } from "../domain/figure.ts";

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

/** Words that mark a citation as someone else's report of the producer's figure (an abstract is a summary, not the document). */
const RELAY = /\b(citing|reporting|reported by|quoted by|as quoted|transcribed|transcription|according to|abstract)\b/i;

/**
 * The producers' own web sites, by normalised source. A citation of the producer's document at one of these
 * hosts is "producer"; the same title anywhere else is a "repost".
 */
const PRODUCER_HOSTS: Readonly<Record<string, readonly RegExp[]>> = {
  UNODC: [/(^|\.)unodc\.org$/],
  ONDCP: [/(^|\.)whitehouse\.gov$/, /(^|\.)obamawhitehouse\.archives\.gov$/, /(^|\.)trumpwhitehouse\.archives\.gov$/],
  INCSR: [/(^|\.)state\.gov$/],
  CNC: [/(^|\.)state\.gov$/, /(^|\.)whitehouse\.gov$/, /(^|\.)obamawhitehouse\.archives\.gov$/],
  USG: [/(^|\.)state\.gov$/, /(^|\.)whitehouse\.gov$/, /(^|\.)obamawhitehouse\.archives\.gov$/],
  DEVIDA: [/(^|\.)devida\.gob\.pe$/, /^(www\.)?gob\.pe$/],
};

/** The title part of a citation: the text before the first "; " (which usually precedes the URL). */
export function citationTitle(citation: string): string {
  const head = citation.split(/;\s+/)[0] ?? citation;
  return head.trim();
}

/** The host of the first URL in a citation, lower-case, without port or trailing dot; undefined when there is no URL. */
export function citationHost(citation: string): string | undefined {
  const m = citation.match(/https?:\/\/([^/\s;:?#]+)/i);
  return m ? m[1]!.toLowerCase().replace(/\.+$/, "") : undefined;
}

/**
 * The kind of a citation (docs/figures.md, "Citation kinds"):
 * - "secondary" when the source itself says it was relayed ("(via UNODC)"), when the title says it reports someone
 *   else's document (citing, reporting, according to, transcribed, abstract...), or when the title does not open
 *   with the producer's own name (news items, blogs, GAO or NGO reports);
 * - otherwise the citation names the producer's own document: "producer" when it has no URL or its URL is on the
 *   producer's own site (PRODUCER_HOSTS), "repost" when the document is served by someone else (docslib, Scribd,
 *   a news site printing a release under its own title).
 */
export function classifyCitation(source: NormalizedSource, citation: string): CitationKind {
  if (source.relayed) return "secondary";
  const title = citationTitle(citation);
  if (RELAY.test(title)) return "secondary";
  const publishers = PUBLISHERS[source.source] ?? [];
  if (!publishers.some((p) => p.test(title))) return "secondary";
  const host = citationHost(citation);
  if (host === undefined) return "producer";
  return (PRODUCER_HOSTS[source.source] ?? []).some((h) => h.test(host)) ? "producer" : "repost";
}
