/**
 * @module api/auth
 * Middleware that reads `Authorization: Bearer <token>` and sets the request's principal.
 * It never refuses a request itself: `route.ts` decides per route (401 without a usable token,
 * 403 with too low a role), so that refusals of writes reach the audit log.
 */
import type { MiddlewareHandler } from "hono";
import type { AuthRepository } from "../store/auth-repository.ts";
import type { ApiEnv, Principal } from "./route.ts";

const ANONYMOUS: Principal = { actor: "anonymous", role: null, invalidToken: false };

export function principalMiddleware(auth: AuthRepository): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const header = c.req.header("authorization");
    if (!header) {
      c.set("principal", ANONYMOUS);
      return next();
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const token = match ? await auth.verifyToken(match[1]!) : undefined;
    c.set("principal", token ? { actor: token.id, role: token.role, invalidToken: false } : { ...ANONYMOUS, invalidToken: true });
    return next();
  };
}
