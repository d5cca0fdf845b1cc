/**
 * @module store/figure-tables
 * Tables of the official-figures registry (owned by the figures domain).
 *
 * - `figures`: every vintage of every figure; one row per (country, region, year, metric, source, source_term, published).
 * - `figure_deletions`: what `coca figures delete` removed, row by row, with the reason given.
 * - `figure_imports`: one row per import (the seed included), with the file's SHA-256.
 * - `figure_citations`: further citations of a stored figure (same identity, vintage and value), one row each (migration 10).
 */
import type { Generated } from "kysely";

export interface FigureRow {
  id: Generated<number>;
  country: string;
  region: string;
  region_kind: string;
  year: number;
  metric: string;
  value: number;
  unit: string;
  source: string;
  source_family: string;
  source_raw: string;
  source_term: string;
  /** The vintage: "2019" or "2019-06-26". */
  published: string;
  publication_title: string;
  citation: string;
  citation_kind: string;
  notes: string;
  /** Where the row came from: "seed:data/official-figures.csv" or "import:/path/file.csv". */
  origin: string;
  imported_at: string;
}

export interface FigureDeletionRow {
  id: Generated<number>;
  /** The `figures.id` the row had. */
  figure_id: number;
  /** The deleted figure, every column, as JSON. */
  figure_json: string;
  reason: string;
  deleted_at: string;
}

export interface FigureImportRow {
  id: Generated<number>;
  origin: string;
  sha256: string;
  rows: number;
  inserted: number;
  unchanged: number;
  imported_at: string;
}

export interface FigureCitationRow {
  id: Generated<number>;
  /** The `figures.id` cited. */
  figure_id: number;
  publication_title: string;
  citation: string;
  /** "producer", "repost" or "secondary". */
  citation_kind: string;
  /** The import that added it. */
  origin: string;
  added_at: string;
}

export interface FigureTables {
  figure_citations: FigureCitationRow;
  figures: FigureRow;
  figure_deletions: FigureDeletionRow;
  figure_imports: FigureImportRow;
}
