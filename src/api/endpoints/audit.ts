/**
 * @module api/endpoints/audit
 * The append-only audit log of writes, readable by admins only.
 */
import { z } from "zod";
import { defineRoute, type AnyRoute } from "../route.ts";
import { limit, offset } from "../schemas.ts";
import type { EndpointDeps } from "./deps.ts";

const auditEntry = z.object({
  id: z.number().int(),
  at: z.string().describe("ISO 8601 UTC"),
  actor: z.string().describe('token id, or "anonymous"'),
  actorRole: z.enum(["viewer", "analyst", "admin"]).nullable(),
  method: z.string(),
  path: z.string(),
  action: z.string(),
  target: z.string().nullable(),
  outcome: z.enum(["success", "denied", "failed"]),
  status: z.number().int(),
  detail: z.string().nullable(),
});

export function auditRoutes({ store }: EndpointDeps): AnyRoute[] {
  return [
    defineRoute({
      method: "get",
      path: "/v1/audit",
      operationId: "listAudit",
      summary: "The audit log of writes (who, what, when, outcome), newest first",
      tag: "admin",
      role: "admin",
      query: z.object({
        limit: limit(1000, 100),
        offset,
        actor: z.string().optional().describe("only this token id (or anonymous)"),
        action: z.string().optional().describe("only this action, e.g. figures.import"),
      }),
      responses: { 200: { description: "a page of the log", schema: z.object({ total: z.number().int(), entries: z.array(auditEntry) }) } },
      handler: async (c, { query }) => c.json(await store.auth.listAudit(query)),
    }),
    defineRoute({
      method: "get",
      path: "/v1/audit/verify",
      operationId: "verifyAudit",
      summary:
        "Walk the audit log's hash chain: the first entry that does not match (rewritten, forged, inserted or deleted), and the chain's head to anchor elsewhere",
      tag: "admin",
      role: "admin",
      responses: {
        200: {
          description: "the verification report (ok false names the first mismatch)",
          schema: z.object({
            ok: z.boolean(),
            entries: z.number().int(),
            head: z.object({ id: z.number().int(), hash: z.string().describe("hex SHA-256") }).nullable(),
            firstMismatch: z.object({ id: z.number().int().nullable(), reason: z.string() }).nullable(),
          }),
        },
      },
      handler: async (c) => c.json(await store.auth.verifyAudit()),
    }),
  ];
}
