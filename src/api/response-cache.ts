/**
 * @module api/response-cache
 * A small LRU of serialized answers, bounded in entries and bytes. Used for answers that are costly to
 * build and change rarely: the fields of a stored survey (surveys are immutable once stored) and the
 * figures endpoints (checked against the registry's row count and at most `maxAgeMs` old, and cleared
 * by every figures write through the API).
 */

export interface CachedAnswer {
  body: string;
  headers: Record<string, string>;
  /** A cheap fingerprint of the data the answer was built from (e.g. a row count). */
  stamp: number;
  atMs: number;
}

export interface ResponseCache {
  get(key: string, stamp: number, nowMs?: number): CachedAnswer | undefined;
  set(key: string, answer: Omit<CachedAnswer, "atMs">, nowMs?: number): void;
  clear(): void;
  readonly size: number;
}

export function createResponseCache({
  maxEntries = 500,
  maxBytes = 32 * 1024 * 1024,
  maxAgeMs = Number.POSITIVE_INFINITY,
}: { maxEntries?: number; maxBytes?: number; maxAgeMs?: number } = {}): ResponseCache {
  const entries = new Map<string, CachedAnswer>();
  let bytes = 0;
  const drop = (key: string): void => {
    const e = entries.get(key);
    if (!e) return;
    bytes -= e.body.length;
    entries.delete(key);
  };
  return {
    get(key, stamp, nowMs = Date.now()) {
      const e = entries.get(key);
      if (!e) return undefined;
      if (e.stamp !== stamp || nowMs - e.atMs > maxAgeMs) {
        drop(key);
        return undefined;
      }
      // Most recently used last.
      entries.delete(key);
      entries.set(key, e);
      return e;
    },
    set(key, answer, nowMs = Date.now()) {
      if (answer.body.length > maxBytes / 4) return;
      drop(key);
      entries.set(key, { ...answer, atMs: nowMs });
      bytes += answer.body.length;
      for (const oldest of entries.keys()) {
        if (entries.size <= maxEntries && bytes <= maxBytes) break;
        drop(oldest);
      }
    },
    clear() {
      entries.clear();
      bytes = 0;
    },
    get size() {
      return entries.size;
    },
  };
}
