/**
 * @module api/rate-limit
 * A fixed-window rate limit per client: the token id when one is presented, otherwise the remote
 * address (the first X-Forwarded-For address only when the proxy is trusted). Answers carry
 * RateLimit-Limit / RateLimit-Remaining / RateLimit-Reset; past the limit, 429 with Retry-After.
 */
import type { Context, MiddlewareHandler } from "hono";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { RateLimitConfig } from "./config.ts";
import { HttpProblem } from "./problem.ts";
import type { ApiEnv } from "./route.ts";

interface Window {
  startMs: number;
  count: number;
}

/** The remote address of a request, or "local" when there is no socket (in-memory `app.request`). */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header("x-forwarded-for")?.split(",")[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? "local";
  } catch {
    return "local";
  }
}

export function rateLimitMiddleware(
  limit: RateLimitConfig,
  { trustProxy, now = () => Date.now() }: { trustProxy: boolean; now?: () => number },
): MiddlewareHandler<ApiEnv> {
  const windows = new Map<string, Window>();
  let lastSweepMs = now();
  return async (c, next) => {
    const t = now();
    if (t - lastSweepMs > limit.windowMs) {
      // Drop finished windows so that the map holds only current clients.
      for (const [key, w] of windows) if (t - w.startMs >= limit.windowMs) windows.delete(key);
      lastSweepMs = t;
    }
    const principal = c.get("principal");
    const key = principal.role ? `token:${principal.actor}` : `addr:${clientAddress(c, trustProxy)}`;
    let w = windows.get(key);
    if (!w || t - w.startMs >= limit.windowMs) {
      w = { startMs: t, count: 0 };
      windows.set(key, w);
    }
    w.count += 1;
    const resetS = Math.max(0, Math.ceil((w.startMs + limit.windowMs - t) / 1000));
    const headers = {
      "ratelimit-limit": String(limit.max),
      "ratelimit-remaining": String(Math.max(0, limit.max - w.count)),
      "ratelimit-reset": String(resetS),
    };
    if (w.count > limit.max) {
      throw new HttpProblem(429, `rate limit of ${limit.max} requests per ${limit.windowMs / 1000} s exceeded; retry in ${resetS} s`, {
        headers: { ...headers, "retry-after": String(resetS) },
      });
    }
    await next();
    for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
  };
}
