/**
 * @module api/app
 * `createApp({store, config})`: the Hono application of Coca Monitor. Everything under /v1, the
 * OpenAPI document at /openapi.json, the dashboard at /. Middleware order: request id, security
 * headers, CORS, principal (token), rate limit, body limit; errors become problem+json in one place.
 */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import type { TileQueue } from "../queue/tile-queue.ts";
import type { TilePool } from "../imagery/workers/tile-pool.ts";
import type { Store } from "../store/store.ts";
import { principalMiddleware } from "./auth.ts";
import { resolveApiConfig, type ApiConfig } from "./config.ts";
import { handleError, problemResponse, problemFor } from "./error-handler.ts";
import { openApiDocument } from "./openapi.ts";
import { HttpProblem } from "./problem.ts";
import { rateLimitMiddleware } from "./rate-limit.ts";
import { mountRoutes, type AnyRoute, type ApiEnv } from "./route.ts";
import { dashboardFiles } from "./static-files.ts";
import { API_VERSION, allRoutes } from "./endpoints/index.ts";

export interface CreateAppOptions {
  store: Store;
  config?: Partial<ApiConfig>;
  /** Where survey runs started over HTTP classify their tiles (threads, or the queue); default inline. */
  tilePool?: TilePool;
  /** The job queue: POST /v1/surveys then runs surveys on `coca worker` machines, and GET /v1/jobs/:id follows them. */
  queue?: TileQueue;
}

export interface CocaApp {
  app: Hono<ApiEnv>;
  config: ApiConfig;
  routes: readonly AnyRoute[];
  openapi: Record<string, unknown>;
}

function contentSecurityPolicy(config: ApiConfig): Record<string, string[]> {
  // A configured basemap may pull style, tiles, sprites and glyphs from other https hosts.
  const remote = config.basemapUrl ? ["https:"] : [];
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    // Observable Plot puts a <style> element inside each chart.
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", "data:", "blob:", ...remote],
    connectSrc: ["'self'", ...remote],
    fontSrc: ["'self'", ...remote],
    // MapLibre runs its workers from blob: URLs.
    workerSrc: ["'self'", "blob:"],
    childSrc: ["blob:"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  };
}

/** Build the app. The store is not closed by the app; whoever opened it closes it. */
export function createApp({ store, config: partial, tilePool, queue }: CreateAppOptions): CocaApp {
  const config = resolveApiConfig(partial);
  const app = new Hono<ApiEnv>();
  const routes = allRoutes({ store, config, tilePool, queue });
  const openapi = openApiDocument(routes, {
    title: "Coca Monitor API",
    version: API_VERSION,
    description:
      "Official coca figures (US, UN, national) with citations and revisions, survey estimates with confidence intervals, " +
      "fields, class maps, production estimates and trends. Reads are public unless the server runs with --private-reads; " +
      "writes need a bearer token (coca token create). Errors are RFC 9457 problem+json naming the field at fault.",
  });

  app.use("*", requestId());
  app.use("*", secureHeaders({ contentSecurityPolicy: contentSecurityPolicy(config), crossOriginEmbedderPolicy: false }));
  if (config.corsOrigins.length > 0) {
    const origin = config.corsOrigins.includes("*") ? "*" : config.corsOrigins;
    const corsMiddleware = cors({
      origin,
      allowMethods: ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS"],
      allowHeaders: ["Authorization", "Content-Type"],
      exposeHeaders: ["RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "Retry-After", "Link"],
      maxAge: 600,
    });
    app.use("/v1/*", corsMiddleware);
    app.use("/openapi.json", corsMiddleware);
  }
  app.use("/v1/*", principalMiddleware(store.auth));
  if (config.rateLimit) app.use("/v1/*", rateLimitMiddleware(config.rateLimit, { trustProxy: config.trustProxy }));
  app.use(
    "/v1/*",
    bodyLimit({
      maxSize: config.bodyLimitBytes,
      onError: () => {
        throw new HttpProblem(413, `request body larger than the limit of ${config.bodyLimitBytes} bytes`, { field: "body" });
      },
    }),
  );

  mountRoutes(app, routes, { config, auth: store.auth });
  app.get("/openapi.json", (c) => c.json(openapi));
  if (config.webRoot) app.use("*", dashboardFiles(config.webRoot));

  app.notFound((c) => problemResponse(c, problemFor(new HttpProblem(404, `no resource at ${c.req.method} ${c.req.path} (see /openapi.json)`), c.req.path)));
  app.onError(handleError);
  return { app, config, routes, openapi };
}
