/**
 * @module api/response-cache
 * A small LRU of serialized answers, bounded in entries and in bytes. Used for answers that are costly to
 * build and change rarely: the fields of a stored survey (surveys are immutable once stored) and the
 * figures endpoints (checked against the registry's row count and at most `maxAgeMs` old, and cleared
 * by every figures write through the API).
 * Bytes are counted as V8 holds them (1 byte a character for Latin-1 strings, 2 otherwise; key, body
 * and headers, plus a fixed overhead per entry), against the cache's own bound and against a byte
 * budget that all caches of the process share (default 64 MiB), so that several caches together stay
 * bounded: when either bound is passed, the cache evicts its least recently used answers.
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
  /** Bytes held by this cache's entries (as counted against the bounds). */
  readonly bytes: number;
}

/** A byte budget shared by several caches. */
export interface CacheBudget {
  readonly maxBytes: number;
  /** Bytes held by all caches drawing on this budget. */
  usedBytes: number;
}

export function createCacheBudget(maxBytes: number): CacheBudget {
  if (!(maxBytes >= 0)) throw new RangeError(`cache budget must be >= 0 bytes, got ${maxBytes}`);
  return { maxBytes, usedBytes: 0 };
}

/** The budget every cache shares unless given its own. */
export const PROCESS_CACHE_BUDGET: CacheBudget = createCacheBudget(64 * 1024 * 1024);

/** Bookkeeping bytes of one entry beyond its strings (Map slot, objects, numbers). */
const ENTRY_OVERHEAD_BYTES = 160;
// eslint-disable-next-line no-control-regex
const TWO_BYTE = /[^\u0000-\u00ff]/;

/** Bytes V8 needs for the characters of `s` (one-byte or two-byte representation). */
export function stringBytes(s: string): number {
  return TWO_BYTE.test(s) ? 2 * s.length : s.length;
}

function entryBytes(key: string, answer: Omit<CachedAnswer, "atMs">): number {
  let n = ENTRY_OVERHEAD_BYTES + stringBytes(key) + stringBytes(answer.body);
  for (const [k, v] of Object.entries(answer.headers)) n += stringBytes(k) + stringBytes(v) + 32;
  return n;
}

export function createResponseCache({
  maxEntries = 500,
  maxBytes = 32 * 1024 * 1024,
  maxAgeMs = Number.POSITIVE_INFINITY,
  budget = PROCESS_CACHE_BUDGET,
}: { maxEntries?: number; maxBytes?: number; maxAgeMs?: number; budget?: CacheBudget } = {}): ResponseCache {
  const entries = new Map<string, { answer: CachedAnswer; bytes: number }>();
  let bytes = 0;
  const drop = (key: string): void => {
    const e = entries.get(key);
    if (!e) return;
    bytes -= e.bytes;
    budget.usedBytes -= e.bytes;
    entries.delete(key);
  };
  return {
    get(key, stamp, nowMs = Date.now()) {
      const e = entries.get(key);
      if (!e) return undefined;
      if (e.answer.stamp !== stamp || nowMs - e.answer.atMs > maxAgeMs) {
        drop(key);
        return undefined;
      }
      // Most recently used last.
      entries.delete(key);
      entries.set(key, e);
      return e.answer;
    },
    set(key, answer, nowMs = Date.now()) {
      drop(key);
      const size = entryBytes(key, answer);
      // One answer may take at most a quarter of either bound.
      if (size > maxBytes / 4 || size > budget.maxBytes / 4) return;
      entries.set(key, { answer: { ...answer, atMs: nowMs }, bytes: size });
      bytes += size;
      budget.usedBytes += size;
      for (const oldest of entries.keys()) {
        if (entries.size <= maxEntries && bytes <= maxBytes && budget.usedBytes <= budget.maxBytes) break;
        drop(oldest);
      }
    },
    clear() {
      budget.usedBytes -= bytes;
      entries.clear();
      bytes = 0;
    },
    get size() {
      return entries.size;
    },
    get bytes() {
      return bytes;
    },
  };
}
