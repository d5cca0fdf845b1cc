/**
 * @module store/auth-repository
 * The store's interface to the API tokens and the append-only audit log, written once over kysely so that it
 * runs unchanged on SQLite and PostgreSQL.
 */
import type { Kysely } from "kysely";
import type { Database } from "./schema.ts";

export interface AuthRepository {}

export function createAuthRepository(_db: Kysely<Database>): AuthRepository {
  return {};
}
