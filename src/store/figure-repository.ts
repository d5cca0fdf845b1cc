/**
 * @module store/figure-repository
 * The store's interface to the official-figures registry, written once over kysely so that it
 * runs unchanged on SQLite and PostgreSQL.
 */
import type { Kysely } from "kysely";
import type { Database } from "./schema.ts";

export interface FigureRepository {}

export function createFigureRepository(_db: Kysely<Database>): FigureRepository {
  return {};
}
