/**
 * @module api/public-paths
 * Server file paths as a public reader sees them: relative to the server's data root when under it, else the file
 * name alone, so a survey's config and provenance never show where the server keeps its files (URLs stay as they
 * are). Admins see the paths as stored.
 */
import { basename, isAbsolute, relative } from "node:path";

function publicPath(p: string, dataRoot: string | undefined): string {
  const hash = p.indexOf("#");
  const file = hash > 0 ? p.slice(0, hash) : p;
  const rest = hash > 0 ? p.slice(hash) : "";
  if (!isAbsolute(file)) return p;
  if (dataRoot) {
    const rel = relative(dataRoot, file);
    if (rel !== "" && !rel.startsWith("..") && !isAbsolute(rel)) return rel + rest;
  }
  return basename(file) + rest;
}

/** A copy of `value` with every absolute path string made public (see module doc). */
export function publicPaths<T>(value: T, dataRoot: string | undefined): T {
  const walk = (v: unknown): unknown => {
    // Absolute file paths only: the API's own URLs (/v1/...) are left as they are.
    if (typeof v === "string") return v.startsWith("/") && !v.startsWith("/v1/") ? publicPath(v, dataRoot) : v;
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}
