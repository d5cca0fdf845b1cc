/**
 * @module store/auth-tables
 * Tables of API tokens and the audit log (owned by the API domain).
 * Tokens are stored as a SHA-256 hash of their secret, never in clear; the audit log is append-only.
 */

/** One API token. `token_hash` is the hex SHA-256 of the secret part; `revoked_at` is null while the token is valid. */
export interface ApiTokenTable {
  id: string;
  name: string;
  role: string;
  token_hash: string;
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}

/** One audited write: who (token id and role, or "anonymous"), what (method, path, action, target), when, and the outcome. */
export interface AuditLogTable {
  /** Autoincrement key: order of insertion. Optional on insert. */
  id: number | undefined;
  at: string;
  actor: string;
  actor_role: string | null;
  method: string;
  path: string;
  action: string;
  target: string | null;
  outcome: string;
  status: number;
  detail: string | null;
  /** The previous entry's entry_hash (64 zeros for the first); see store/audit-chain.ts. */
  prev_hash: string | null;
  /** SHA-256 of prev_hash and this entry's content. */
  entry_hash: string | null;
}

export interface AuthTables {
  api_tokens: ApiTokenTable;
  audit_log: AuditLogTable;
}
