/**
 * @module store/auth-repository
 * The store's interface to the API tokens and the append-only audit log, written once over kysely so that it
 * runs unchanged on SQLite and PostgreSQL.
 *
 * A token reads `coca_<id>_<secret>`: the id is public (it names the token in lists and in the audit log),
 * the secret is 32 random bytes shown once at creation; only the SHA-256 of the whole token is stored.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { sql, SqliteAdapter, type Kysely, type Selectable } from "kysely";
import { auditEntryHash, GENESIS_HASH, verifyAuditChain, type AuditChainReport } from "./audit-chain.ts";
import { InputError, NotFoundError } from "../domain/errors.ts";
import type { Database } from "./schema.ts";
import type { ApiTokenTable, AuditLogTable } from "./auth-tables.ts";

/** Roles, weakest first: a viewer reads (also when reads are private), an analyst writes data, an admin also deletes and reads the audit log. */
export const ROLES = ["viewer", "analyst", "admin"] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** True when `role` is at least `required` in the order viewer < analyst < admin. */
export function roleAtLeast(role: Role, required: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(required);
}

export interface ApiToken {
  id: string;
  name: string;
  role: Role;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export type AuditOutcome = "success" | "denied" | "failed";

export interface AuditEntryInput {
  at?: string;
  /** Token id, or "anonymous". */
  actor: string;
  actorRole: Role | null;
  method: string;
  path: string;
  /** What was attempted, e.g. "figures.import", "surveys.delete". */
  action: string;
  /** The thing acted on (an id), when there is one. */
  target?: string | null;
  outcome: AuditOutcome;
  /** HTTP status of the answer. */
  status: number;
  detail?: string | null;
}

export interface AuditEntry extends Required<Omit<AuditEntryInput, "at">> {
  id: number;
  at: string;
}

export interface AuditQuery {
  limit?: number;
  offset?: number;
  actor?: string;
  action?: string;
}

export interface AuthRepository {
  /** Create a token; the returned `secret` is the only time the token is seen in clear. */
  createToken(input: { role: Role; name?: string; now?: Date }): Promise<{ token: ApiToken; secret: string }>;
  /** All tokens, newest first, revoked ones included. */
  listTokens(): Promise<ApiToken[]>;
  getToken(id: string): Promise<ApiToken>;
  /** Revoke a token (idempotent: revoking twice keeps the first revocation time). Throws NotFoundError for an unknown id. */
  revokeToken(id: string, now?: Date): Promise<ApiToken>;
  /** The valid (unrevoked) token for a presented secret, or undefined; records its last use. */
  verifyToken(secret: string, now?: Date): Promise<ApiToken | undefined>;
  /** Append one entry to the audit log. There is no update or delete. */
  appendAudit(entry: AuditEntryInput): Promise<AuditEntry>;
  /** Walk the audit log's hash chain; names the first entry that does not match (see store/audit-chain.ts). */
  verifyAudit(): Promise<AuditChainReport>;
  /** The id of the entry whose hash is `hash`, or undefined (to check an anchored head). */
  auditEntryWithHash(hash: string): Promise<number | undefined>;
  /** Audit entries, newest first, with the total matching. */
  listAudit(query?: AuditQuery): Promise<{ entries: AuditEntry[]; total: number }>;
}

const TOKEN_PATTERN = /^coca_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

/** Hex SHA-256 of a token as presented. */
export function hashToken(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

function toToken(row: Selectable<ApiTokenTable>): ApiToken {
  return {
    id: row.id,
    name: row.name,
    role: isRole(row.role) ? row.role : "viewer",
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  };
}

function toAudit(row: Selectable<AuditLogTable>): AuditEntry {
  return {
    id: Number(row.id),
    at: row.at,
    actor: row.actor,
    actorRole: isRole(row.actor_role) ? row.actor_role : null,
    method: row.method,
    path: row.path,
    action: row.action,
    target: row.target,
    outcome: row.outcome as AuditOutcome,
    status: Number(row.status),
    detail: row.detail,
  };
}

export function createAuthRepository(db: Kysely<Database>): AuthRepository {
  const isSqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  const getToken = async (id: string): Promise<ApiToken> => {
    const row = await db.selectFrom("api_tokens").selectAll().where("id", "=", id).executeTakeFirst();
    if (!row) throw new NotFoundError(`no API token with id ${id} (see coca token list)`);
    return toToken(row);
  };
  return {
    async createToken({ role, name, now = new Date() }) {
      if (!isRole(role)) {
        throw new InputError(`unknown role ${String(role)} (expected one of ${ROLES.join(", ")})`, { field: "role" });
      }
      const id = randomBytes(9)
        .toString("base64url")
        .toLowerCase()
        .replace(/[^a-z0-9]/g, "0")
        .slice(0, 12);
      const secret = `coca_${id}_${randomBytes(32).toString("base64url")}`;
      const row: ApiTokenTable = {
        id,
        name: name && name.trim().length > 0 ? name.trim() : `${role} token`,
        role,
        token_hash: hashToken(secret),
        created_at: now.toISOString(),
        revoked_at: null,
        last_used_at: null,
      };
      await db.insertInto("api_tokens").values(row).execute();
      return { token: toToken(row), secret };
    },
    async listTokens() {
      const rows = await db.selectFrom("api_tokens").selectAll().orderBy("created_at", "desc").orderBy("id").execute();
      return rows.map(toToken);
    },
    getToken,
    async revokeToken(id, now = new Date()) {
      const token = await getToken(id);
      if (token.revokedAt) return token;
      await db.updateTable("api_tokens").set({ revoked_at: now.toISOString() }).where("id", "=", id).execute();
      return getToken(id);
    },
    async verifyToken(secret, now = new Date()) {
      const match = TOKEN_PATTERN.exec(secret);
      if (!match) return undefined;
      const row = await db.selectFrom("api_tokens").selectAll().where("id", "=", match[1]!).executeTakeFirst();
      if (!row || row.revoked_at !== null) return undefined;
      const presented = Buffer.from(hashToken(secret), "hex");
      const stored = Buffer.from(row.token_hash, "hex");
      if (presented.length !== stored.length || !timingSafeEqual(presented, stored)) return undefined;
      const at = now.toISOString();
      await db.updateTable("api_tokens").set({ last_used_at: at }).where("id", "=", row.id).execute();
      return toToken({ ...row, last_used_at: at });
    },
    async appendAudit(entry) {
      // One immediate transaction: read the chain's head, take the next id, insert the entry hashed onto the head.
      return db.transaction().execute(async (trx) => {
        // PostgreSQL: appends queue on a table lock (plain reads go on), so two never hash onto one head.
        if (!isSqlite) await sql`lock table audit_log in exclusive mode`.execute(trx);
        const last = await trx.selectFrom("audit_log").select(["id", "entry_hash"]).orderBy("id", "desc").limit(1).executeTakeFirst();
        const seq = isSqlite ? (await sql<{ seq: number }>`select seq from sqlite_sequence where name = 'audit_log'`.execute(trx)).rows[0] : undefined;
        const id = Math.max(Number(last?.id ?? 0), Number(seq?.seq ?? 0)) + 1;
        const values = {
          id,
          at: entry.at ?? new Date().toISOString(),
          actor: entry.actor,
          actor_role: entry.actorRole,
          method: entry.method,
          path: entry.path,
          action: entry.action,
          target: entry.target ?? null,
          outcome: entry.outcome,
          status: entry.status,
          detail: entry.detail ?? null,
        };
        const prev = last?.entry_hash ?? GENESIS_HASH;
        const row = await trx
          .insertInto("audit_log")
          .values({ ...values, prev_hash: prev, entry_hash: auditEntryHash(prev, values) })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toAudit(row);
      });
    },
    verifyAudit() {
      return verifyAuditChain(db, { isSqlite });
    },
    async auditEntryWithHash(hash) {
      const row = await db.selectFrom("audit_log").select("id").where("entry_hash", "=", hash).executeTakeFirst();
      return row ? Number(row.id) : undefined;
    },
    async listAudit({ limit = 100, offset = 0, actor, action } = {}) {
      let q = db.selectFrom("audit_log");
      if (actor) q = q.where("actor", "=", actor);
      if (action) q = q.where("action", "=", action);
      const [rows, count] = await Promise.all([
        q.selectAll().orderBy("id", "desc").limit(limit).offset(offset).execute(),
        q.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirst(),
      ]);
      return { entries: rows.map(toAudit), total: Number(count?.n ?? 0) };
    },
  };
}
