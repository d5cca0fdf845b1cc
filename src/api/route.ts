/**
 * @module api/route
 * One declaration per endpoint: method, path, who may call it, zod schemas of its input, its answers,
 * and its handler. `mountRoutes` turns declarations into Hono routes that authorize, validate at the
 * edge and audit writes; `api/openapi.ts` turns the same declarations into the OpenAPI document,
 * so the two cannot drift apart.
 */
import type { Context, Hono } from "hono";
import { z } from "zod";
import type { AuthRepository, Role } from "../store/auth-repository.ts";
import { roleAtLeast } from "../store/auth-repository.ts";
import type { ApiConfig } from "./config.ts";
import { problemFor } from "./error-handler.ts";
import { HttpProblem, ValidationProblem, type FieldIssue } from "./problem.ts";

/** Who is calling: a token (id and role) or nobody. */
export interface Principal {
  /** Token id, or "anonymous". */
  actor: string;
  role: Role | null;
  /** A token was presented but is unknown, malformed or revoked. */
  invalidToken: boolean;
}

export interface ApiEnv {
  Variables: { principal: Principal; requestId: string };
}

export type HttpMethod = "get" | "post" | "put" | "delete";

export interface ResponseSpec {
  description: string;
  /** Defaults to application/json. */
  mediaType?: string;
  schema?: z.ZodType;
}

export interface HandlerInput<Q, P, B> {
  query: Q;
  params: P;
  body: B;
  principal: Principal;
  /** Name the thing a write acted on, for the audit log. */
  auditTarget(target: string): void;
}

export interface RouteDef<Q = unknown, P = unknown, B = unknown> {
  method: HttpMethod;
  /** Hono-style path: /v1/surveys/:id */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  /** Least role needed. Omitted: a read, open to anyone when reads are public, to a viewer otherwise. */
  role?: Role;
  /** Open to anyone even when reads are private (health, server facts). */
  public?: boolean;
  /** Audit action name ("figures.import"); every call of an audited route is logged, whatever its outcome. */
  audit?: string;
  query?: z.ZodType<Q>;
  params?: z.ZodType<P>;
  body?: z.ZodType<B>;
  /** application/json (default) or text/csv (the body is read as text). */
  bodyMediaType?: "application/json" | "text/csv";
  responses: Record<number, ResponseSpec>;
  handler(c: Context<ApiEnv>, input: HandlerInput<Q, P, B>): Response | Promise<Response>;
}

export type AnyRoute = RouteDef<any, any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Identity function that keeps the handler's input types tied to the schemas. */
export function defineRoute<Q = undefined, P = undefined, B = undefined>(def: RouteDef<Q, P, B>): AnyRoute {
  return def as AnyRoute;
}

/** "rows[3].value" from a zod issue path. */
function pathText(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) out += typeof key === "number" ? `[${key}]` : `${out.length > 0 ? "." : ""}${String(key)}`;
  return out;
}

/** Validate `value` with `schema`; a failure lists every field at fault under `location`. */
export function validate<T>(schema: z.ZodType<T>, value: unknown, location: "query" | "params" | "body"): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues: FieldIssue[] = parsed.error.issues.map((issue) => {
    const sub = pathText(issue.path);
    return { field: sub.length > 0 ? `${location}.${sub}` : location, detail: issue.message };
  });
  throw new ValidationProblem(issues);
}

function queryObject(c: Context): Record<string, string | string[]> {
  const all = c.req.queries();
  const out: Record<string, string | string[]> = {};
  for (const [key, values] of Object.entries(all)) out[key] = values.length === 1 ? values[0]! : values;
  return out;
}

async function readBody(c: Context, mediaType: "application/json" | "text/csv"): Promise<unknown> {
  const type = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (mediaType === "text/csv") {
    if (type !== "text/csv" && type !== "text/plain") {
      throw new HttpProblem(415, `expected a text/csv body, got ${type || "no content-type"}`, { field: "body" });
    }
    return c.req.text();
  }
  if (type !== "application/json") {
    throw new HttpProblem(415, `expected an application/json body, got ${type || "no content-type"}`, { field: "body" });
  }
  const text = await c.req.text();
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new ValidationProblem([{ field: "body", detail: `malformed JSON: ${(cause as Error).message}` }]);
  }
}

/** Throw 401/403 unless the principal may call the route. */
export function authorize(route: AnyRoute, principal: Principal, config: ApiConfig): void {
  if (principal.invalidToken) {
    throw new HttpProblem(401, "the API token is malformed, unknown or revoked", {
      headers: { "www-authenticate": 'Bearer realm="coca-monitor", error="invalid_token"' },
    });
  }
  const required: Role | undefined = route.role ?? (config.publicReads || route.public ? undefined : "viewer");
  if (!required) return;
  if (principal.role === null) {
    throw new HttpProblem(401, `this request needs an API token with role ${required} or higher (Authorization: Bearer <token>; see coca token create)`, {
      headers: { "www-authenticate": 'Bearer realm="coca-monitor"' },
    });
  }
  if (!roleAtLeast(principal.role, required)) {
    throw new HttpProblem(403, `this request needs role ${required} or higher; the token has role ${principal.role}`);
  }
}

/** Register every route on `app`. */
export function mountRoutes(app: Hono<ApiEnv>, routes: readonly AnyRoute[], deps: { config: ApiConfig; auth: AuthRepository }): void {
  for (const route of routes) {
    app.on(route.method.toUpperCase(), route.path, async (c) => {
      const principal = c.get("principal");
      let target: string | null = null;
      try {
        authorize(route, principal, deps.config);
        const params = route.params ? validate(route.params, c.req.param(), "params") : undefined;
        const query = route.query ? validate(route.query, queryObject(c), "query") : undefined;
        const body = route.body ? validate(route.body, await readBody(c, route.bodyMediaType ?? "application/json"), "body") : undefined;
        const response = await route.handler(c, {
          query,
          params,
          body,
          principal,
          auditTarget: (t) => {
            target = t;
          },
        });
        if (route.audit) {
          await deps.auth.appendAudit({
            actor: principal.actor,
            actorRole: principal.role,
            method: c.req.method,
            path: c.req.path,
            action: route.audit,
            target,
            outcome: response.status < 400 ? "success" : "failed",
            status: response.status,
          });
        }
        return response;
      } catch (error) {
        if (route.audit) {
          const p = problemFor(error, c.req.path);
          await deps.auth.appendAudit({
            actor: principal.actor,
            actorRole: principal.role,
            method: c.req.method,
            path: c.req.path,
            action: route.audit,
            target,
            outcome: p.status === 401 || p.status === 403 ? "denied" : "failed",
            status: p.status,
            detail: p.status >= 500 ? "internal error" : p.problem.detail,
          });
        }
        throw error;
      }
    });
  }
}
