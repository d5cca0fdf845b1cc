/**
 * @module api/config
 * What the HTTP API can be told: who may read, which browser origins may call it, the basemap,
 * limits. `resolveApiConfig` fills the defaults; the CLI (`coca serve`) and tests pass partial configs.
 */
import { fileURLToPath } from "node:url";
import { dirname, resolve } from "node:path";
import { InputError } from "../domain/errors.ts";
import { resolveDataRoot } from "./data-root.ts";

export interface RateLimitConfig {
  /** Length of one counting window, milliseconds. */
  windowMs: number;
  /** Requests allowed per client (token id, or remote address) in one window. */
  max: number;
}

export interface ApiConfig {
  /** Reads without a token (true, the default) or only with a viewer token or better. */
  publicReads: boolean;
  /** Browser origins allowed by CORS; empty = no CORS headers (same-origin only); ["*"] = any origin. */
  corsOrigins: string[];
  /** A MapLibre style URL for a basemap under the data; undefined = none (the dashboard draws its own boundaries). */
  basemapUrl?: string;
  /** Largest request body accepted, bytes. */
  bodyLimitBytes: number;
  /** Per-client rate limit; false turns it off (benchmarks). */
  rateLimit: RateLimitConfig | false;
  /** Trust the first X-Forwarded-For address as the client (behind a reverse proxy). */
  trustProxy: boolean;
  /** Keep answers of the figures and fields endpoints in memory (default true; see api/response-cache.ts). */
  responseCache: boolean;
  /** Directory of the built dashboard (index.html + assets); undefined = no dashboard served. */
  webRoot?: string;
  /** The only folder survey runs through the API may read (absolute, symbolic links resolved); undefined = none may run. */
  dataRoot?: string;
}

/** Where `vite build` writes the dashboard: src/web/dist. */
export const DEFAULT_WEB_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..", "src/web/dist");

export const DEFAULT_BODY_LIMIT_BYTES = 2 * 1024 * 1024;
export const DEFAULT_RATE_LIMIT: RateLimitConfig = { windowMs: 60_000, max: 600 };

export function resolveApiConfig(partial: Partial<ApiConfig> = {}): ApiConfig {
  const config: ApiConfig = {
    publicReads: partial.publicReads ?? true,
    corsOrigins: partial.corsOrigins ?? [],
    basemapUrl: partial.basemapUrl,
    bodyLimitBytes: partial.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
    rateLimit: partial.rateLimit ?? DEFAULT_RATE_LIMIT,
    trustProxy: partial.trustProxy ?? false,
    responseCache: partial.responseCache ?? true,
    webRoot: partial.webRoot,
    dataRoot: partial.dataRoot === undefined ? undefined : resolveDataRoot(partial.dataRoot),
  };
  for (const origin of config.corsOrigins) {
    if (origin !== "*" && !/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new InputError(`invalid CORS origin ${origin} (expected * or scheme://host[:port], no path)`, { field: "cors" });
    }
  }
  if (config.basemapUrl !== undefined && !/^https?:\/\/\S+$/.test(config.basemapUrl)) {
    throw new InputError(`invalid basemap URL ${config.basemapUrl} (expected an http(s) URL of a MapLibre style)`, {
      field: "basemap-url",
    });
  }
  if (!Number.isInteger(config.bodyLimitBytes) || config.bodyLimitBytes <= 0) {
    throw new InputError(`invalid body limit ${config.bodyLimitBytes} bytes (expected a positive integer)`, { field: "bodyLimitBytes" });
  }
  return config;
}
