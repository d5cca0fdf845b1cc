/**
 * @module api/response-cache
 * A small LRU of serialized answers, bounded in entries and in bytes. Used for answers that are costly to
 * build and change rarely: the fields of a stored survey (surveys are immutable once stored) and the
 * figures endpoints (checked against the registry's row count and at most `maxAgeMs` old, and cleared
 * by every figures write through the API).
 * An answer is kept as its UTF-8 bytes in an ArrayBuffer of its own, so that a hit is written to the socket as it
 * is: a string body would make Node join it with the head and encode it again on every hit (about 40 KB more of
 * V8 heap garbage per 35 KB answer, twice the collections). Bytes are counted as the process holds them: the
 * body's whole ArrayBuffer, the key and headers as V8 holds strings (1 byte a character for Latin-1, 2 otherwise),
 * plus a fixed overhead per entry (measured: response-cache.test.ts checks the count against the heap and
 * ArrayBuffer bytes an entry really retains), against the cache's own bound and against a byte budget that all
 * caches of the process share (default 64 MiB), so that several caches together stay bounded: when either bound
 * is passed, the cache evicts its least recently used answers.
 */

export interface CachedAnswer {
  /** The answer's bytes (UTF-8 for a string given to `set`), in an ArrayBuffer of their own. */
  body: Uint8Array<ArrayBuffer>;
  headers: Record<string, string>;
  /** A cheap fingerprint of the data the answer was built from (e.g. a row count). */
  stamp: number;
  atMs: number;
}

/** An answer to keep: a string body is kept as its UTF-8 bytes, a Uint8Array body as a copy when it is a view of a larger buffer. */
export interface NewAnswer {
  body: string | Uint8Array;
  headers: Record<string, string>;
  stamp: number;
}

export interface ResponseCache {
  get(key: string, stamp: number, nowMs?: number): CachedAnswer | undefined;
  /** Keep an answer (unless it is larger than a quarter of a bound) and return it with its body as bytes, kept or not, to answer with. */
  set(key: string, answer: NewAnswer, nowMs?: number): CachedAnswer;
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

/**
 * Bookkeeping bytes of one entry beyond its strings and body bytes: the Map slot, the entry and answer objects, the
 * headers object, the Uint8Array and ArrayBuffer objects and the strings' own headers (measured with V8 in Node 20:
 * about 320 bytes; response-cache.test.ts).
 */
const ENTRY_OVERHEAD_BYTES = 320;
const encoder = new TextEncoder();
// eslint-disable-next-line no-control-regex
const TWO_BYTE = /[^\u0000-\u00ff]/;

/** Bytes V8 needs for the characters of `s` (one-byte or two-byte representation). */
export function stringBytes(s: string): number {
  return TWO_BYTE.test(s) ? 2 * s.length : s.length;
}

/** The body's bytes in an ArrayBuffer of their own (a view of a larger buffer, e.g. a pooled Buffer, would retain all of it). */
function ownBytes(body: string | Uint8Array): Uint8Array<ArrayBuffer> {
  if (typeof body === "string") return encoder.encode(body);
  const whole = body.buffer instanceof ArrayBuffer && body.byteOffset === 0 && body.byteLength === body.buffer.byteLength;
  return whole ? (body as Uint8Array<ArrayBuffer>) : new Uint8Array(body);
}

function entryBytes(key: string, answer: CachedAnswer): number {
  let n = ENTRY_OVERHEAD_BYTES + stringBytes(key) + answer.body.buffer.byteLength;
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
    set(key, { body, headers, stamp }, nowMs = Date.now()) {
      drop(key);
      const answer: CachedAnswer = { body: ownBytes(body), headers, stamp, atMs: nowMs };
      const size = entryBytes(key, answer);
      // One answer may take at most a quarter of either bound.
      if (size > maxBytes / 4 || size > budget.maxBytes / 4) return answer;
      entries.set(key, { answer, bytes: size });
      bytes += size;
      budget.usedBytes += size;
      for (const oldest of entries.keys()) {
        if (entries.size <= maxEntries && bytes <= maxBytes && budget.usedBytes <= budget.maxBytes) break;
        drop(oldest);
      }
      return answer;
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
