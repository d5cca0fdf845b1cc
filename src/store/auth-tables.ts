/**
 * @module store/auth-tables
 * Tables of API tokens and the audit log (owned by the API domain).
 */
export interface AuthTables {}
