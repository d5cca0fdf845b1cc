/**
 * @module api/static-files
 * Serves the built dashboard (src/web/dist) from the same process: hashed assets with a long cache
 * life, index.html for every other non-API path (an unknown /v1/... path is left to the 404 problem),
 * nothing outside the web root.
 */
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import type { MiddlewareHandler } from "hono";
import type { ApiEnv } from "./route.ts";

const MEDIA_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".geojson": "application/geo+json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".webmanifest": "application/manifest+json",
  ".txt": "text/plain; charset=utf-8",
  ".pbf": "application/x-protobuf",
  ".woff2": "font/woff2",
};

async function fileIfExists(path: string): Promise<Buffer | undefined> {
  try {
    const s = await stat(path);
    return s.isFile() ? await readFile(path) : undefined;
  } catch {
    return undefined;
  }
}

/** True for the API's paths (/v1, /v1/..., /openapi.json), which the dashboard must not answer. */
export function isApiPath(path: string): boolean {
  return path === "/v1" || path.startsWith("/v1/") || path === "/openapi.json";
}

/** GET/HEAD handler for the dashboard files under `root`. */
export function dashboardFiles(root: string): MiddlewareHandler<ApiEnv> {
  const rootWithSep = root.endsWith(sep) ? root : root + sep;
  return async (c, next) => {
    if (c.req.method !== "GET" && c.req.method !== "HEAD") return next();
    // The API's own paths never fall back to the dashboard: an unknown /v1/... is a 404 problem.
    if (isApiPath(c.req.path)) return next();
    let relative: string;
    try {
      relative = decodeURIComponent(c.req.path);
    } catch {
      return next();
    }
    const candidate = normalize(join(root, relative));
    const inside = candidate === root || candidate.startsWith(rootWithSep);
    let body = inside && relative !== "/" ? await fileIfExists(candidate) : undefined;
    let path = candidate;
    if (!body) {
      // Unknown paths that look like files are 404s; anything else is a dashboard route.
      if (relative !== "/" && extname(relative) !== "") return next();
      path = join(root, "index.html");
      body = await fileIfExists(path);
      if (!body) return next();
    }
    const immutable = relative.startsWith("/assets/");
    return c.body(new Uint8Array(body), 200, {
      "content-type": MEDIA_TYPES[extname(path).toLowerCase()] ?? "application/octet-stream",
      "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
    });
  };
}
