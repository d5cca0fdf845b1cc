/**
 * @module store/survey-repository
 * The store's interface to the stored surveys and their provenance, written once over kysely so that it
 * runs unchanged on SQLite and PostgreSQL.
 */
import type { Kysely } from "kysely";
import type { Database } from "./schema.ts";

export interface SurveyRepository {}

export function createSurveyRepository(_db: Kysely<Database>): SurveyRepository {
  return {};
}
