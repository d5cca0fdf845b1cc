/**
 * @module domain/figure
 * An official figure: one published number on coca, with where it came from.
 * Shared by the registry (figures/), the production model (production/), the survey and the API.
 */

/** The registry's metric vocabulary. Each metric has exactly one unit (see METRIC_UNITS). */
export type Metric =
  | "cultivation_ha" // area under coca, hectares
  | "cocaine_t" // potential production of 100%-pure cocaine (UNODC "cocaine HCl", ONDCP "pure cocaine"), metric tonnes
  | "leaf_t" // potential sun-dried coca leaf, metric tonnes
  | "leaf_yield_kg_ha" // sun-dried leaf yield, kg per hectare per year
  | "eradication_ha" // area eradicated (manual, aerial or "rationalization"), hectares
  | "legal_limit_ha" // area allowed by law, hectares
  | "cultivation_above_limit_ha"; // area above the legal limit, hectares

export const METRIC_UNITS: Readonly<Record<Metric, string>> = {
  cultivation_ha: "ha",
  cocaine_t: "t",
  leaf_t: "t",
  leaf_yield_kg_ha: "kg/ha/yr",
  eradication_ha: "ha",
  legal_limit_ha: "ha",
  cultivation_above_limit_ha: "ha",
};

/** Every metric of the vocabulary, in display order. */
export const METRICS: readonly Metric[] = Object.keys(METRIC_UNITS) as Metric[];

/** True when `text` is a metric of the vocabulary. */
export function isMetric(text: string): text is Metric {
  return Object.prototype.hasOwnProperty.call(METRIC_UNITS, text);
}

/** Which side a source speaks for, for US-vs-UN comparisons. */
export type SourceFamily = "US" | "UN" | "national";

export const SOURCE_FAMILIES: readonly SourceFamily[] = ["US", "UN", "national"];

/**
 * The kind of a figure's region. "department" and "province" are administrative units; "valley" a named coca
 * valley (Peru's Alto Huallaga, Apurímac-Ene, La Convención y Lares); "zone" a monitoring zone drawn by the
 * source (DEVIDA's production zones, UNODC Bolivia's Yungas / Trópico / Norte de La Paz); "region" a group of
 * departments or a remainder ("Elsewhere") defined by the source.
 */
export type RegionKind = "national" | "department" | "province" | "zone" | "valley" | "region";

export const REGION_KINDS: readonly RegionKind[] = ["national", "department", "province", "zone", "valley", "region"];

/**
 * What a citation is, relative to the figure's producer (see docs/figures.md, "Citation kinds"):
 * - "producer": the producing agency's own document (on its own site, or cited by title without a URL);
 * - "repost": a verbatim copy of that document on someone else's site (docslib, scribd, a news site printing a release);
 * - "secondary": someone else's report of the figure (news, NGO and research reports, abstracts, transcriptions).
 * Only "producer" counts as primary.
 */
export const CITATION_KINDS = ["producer", "repost", "secondary"] as const;

export type CitationKind = (typeof CITATION_KINDS)[number];

/** True when `text` is a citation kind. */
export function isCitationKind(text: string): text is CitationKind {
  return (CITATION_KINDS as readonly string[]).includes(text);
}

/** One citation of a figure: the publication's title, the full citation (title; URL) and its kind. */
export interface Citation {
  publicationTitle: string;
  citation: string;
  citationKind: CitationKind;
}

export interface Figure {
  /** ISO 3166-1 alpha-3 (PER, BOL, COL), or "AND" for the Andean-region total (not an ISO code). */
  country: string;
  /** "national", or the name of a sub-national unit. */
  region: string;
  regionKind: RegionKind;
  year: number;
  metric: Metric;
  value: number;
  /** Always METRIC_UNITS[metric]. */
  unit: string;
  /** Short source name: UNODC, ONDCP, INCSR, CNC, DEVIDA, "Government of Bolivia", ... */
  source: string;
  /** The source exactly as the publication (or the seed file) names it, e.g. "USG (INCSR)"; defaults to `source`. */
  sourceRaw?: string;
  sourceFamily: SourceFamily;
  /** The source's own term for the metric, e.g. "potential_cocaine_hcl" or "potential pure cocaine". */
  sourceTerm: string;
  /** The vintage: when the figure was published (a year "2019" or an ISO date "2019-06-26"). */
  published: string;
  publicationTitle: string;
  citation: string;
  citationKind: CitationKind;
  /**
   * Further citations of the same value (same identity, vintage and value, another document), in the order they
   * were stored; absent when the figure has only its own citation.
   */
  additionalCitations?: Citation[];
  notes: string;
}

/** Every citation of a figure: its own first, then the additional ones. */
export function citationsOf(f: Figure): Citation[] {
  return [{ publicationTitle: f.publicationTitle, citation: f.citation, citationKind: f.citationKind }, ...(f.additionalCitations ?? [])];
}
