/**
 * @module queue/tile-digest
 * The identity of a tile job: the SHA-256 of its canonical JSON (keys sorted), and a UUID made from it
 * that serves as the queue's job id. The same job sent twice is one job; its result is stored once,
 * keyed by the digest, so a retry or a duplicate delivery cannot double-count a tile.
 */
import { createHash } from "node:crypto";
import type { TileJob } from "../imagery/workers/tile-job.ts";

/** JSON with object keys sorted at every level (arrays keep their order). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** Hex SHA-256 of the job's canonical JSON. */
export function tileJobDigest(job: TileJob): string {
  return createHash("sha256").update(canonicalJson(job), "utf8").digest("hex");
}

/** A UUID (version 5 layout) from the first 128 bits of a hex digest: the queue job id of that tile. */
export function digestUuid(digest: string): string {
  const h = digest.slice(0, 32).split("");
  h[12] = "5";
  h[16] = "89ab"[parseInt(h[16]!, 16) & 3]!;
  const s = h.join("");
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20, 32)}`;
}
