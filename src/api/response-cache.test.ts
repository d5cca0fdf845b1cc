import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { createCacheBudget, createResponseCache, stringBytes, type CachedAnswer } from "./response-cache.ts";

const big = createCacheBudget(1 << 30);
const text = (a: CachedAnswer | undefined): string | undefined => (a ? new TextDecoder().decode(a.body) : undefined);

/** A full garbage collection (V8's gc, exposed at run time), then the heap and ArrayBuffer bytes the process holds. */
function retainedBytes(): number {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

describe("response cache", () => {
  it("answers a hit only for the same stamp and within the age limit", () => {
    const cache = createResponseCache({ maxAgeMs: 1000, budget: big });
    cache.set("a", { body: "x", headers: {}, stamp: 1 }, 0);
    expect(text(cache.get("a", 1, 500))).toBe("x");
    expect(cache.get("a", 2, 500)).toBeUndefined();
    cache.set("a", { body: "y", headers: {}, stamp: 1 }, 0);
    expect(cache.get("a", 1, 1500)).toBeUndefined();
    expect(cache.size).toBe(0);
    expect(cache.bytes).toBe(0);
  });

  it("evicts the least recently used past the entry limit", () => {
    const cache = createResponseCache({ maxEntries: 2, budget: big });
    cache.set("a", { body: "1", headers: {}, stamp: 0 });
    cache.set("b", { body: "2", headers: {}, stamp: 0 });
    cache.get("a", 0);
    cache.set("c", { body: "3", headers: {}, stamp: 0 });
    expect([text(cache.get("a", 0)), text(cache.get("b", 0)), text(cache.get("c", 0))]).toEqual(["1", undefined, "3"]);
  });

  it("counts strings as V8 holds them (one byte per Latin-1 character, two otherwise) and a body as its UTF-8 bytes", () => {
    expect(stringBytes("é".repeat(1000))).toBe(1000);
    expect(stringBytes("ok — fine")).toBe(18);
    const cache = createResponseCache({ budget: big });
    cache.set("latin", { body: "e".repeat(10_000), headers: {}, stamp: 0 });
    const ascii = cache.bytes;
    cache.clear();
    // "—" is 3 bytes in UTF-8: the body is kept encoded.
    const kept = cache.set("latin", { body: "—".repeat(10_000), headers: {}, stamp: 0 });
    expect(kept.body.byteLength).toBe(30_000);
    expect(cache.bytes - ascii).toBe(20_000);
    expect(text(cache.get("latin", 0))).toBe("—".repeat(10_000));
  });

  it("keeps a body in a buffer of its own: a view of a larger buffer is copied, not kept with all of its buffer", () => {
    const cache = createResponseCache({ budget: big });
    const slab = new Uint8Array(1 << 20).fill(120);
    const kept = cache.set("view", { body: slab.subarray(10, 110), headers: {}, stamp: 0 });
    expect(kept.body.buffer.byteLength).toBe(100);
    expect(cache.bytes).toBeLessThan(1000);
    const whole = new Uint8Array(64).fill(121);
    expect(cache.set("whole", { body: whole, headers: {}, stamp: 0 }).body).toBe(whole);
  });

  it("counts within 10% of the heap and ArrayBuffer bytes its answers really retain, small and large", () => {
    for (const [size, n] of [
      [300, 20_000],
      [20_000, 2_000],
    ] as const) {
      const cache = createResponseCache({ maxEntries: 1e6, maxBytes: 1 << 30, budget: createCacheBudget(1 << 30) });
      const before = retainedBytes();
      for (let k = 0; k < n; k++) {
        // Built here and kept only by the cache: a page key and answer of the fields endpoint's shape.
        const body = JSON.stringify({ k, features: "x".repeat(size - 30) });
        cache.set(JSON.stringify([1, { bbox: [-67.5 + k * 1e-4, -16.5, -67.4, -16.4], limit: 100, offset: k % 7 }]), {
          body,
          headers: { "content-type": "application/geo+json", link: `</v1/surveys/1/fields?offset=${k}&limit=100>; rel="next"` },
          stamp: 0,
        });
      }
      const retained = retainedBytes() - before;
      expect(cache.size).toBe(n);
      const ratio = cache.bytes / retained;
      expect(ratio, `${size}-byte answers: counted ${cache.bytes} bytes, retained ${retained}`).toBeGreaterThan(0.9);
      expect(ratio, `${size}-byte answers: counted ${cache.bytes} bytes, retained ${retained}`).toBeLessThan(1.1);
      cache.clear(); // gives the answers back before the next size is measured
    }
  });

  it("stays within its byte bound, evicting the least recently used, and refuses an answer over a quarter of it", () => {
    const body = (k: number): string => String(k).padStart(10_000, "x");
    const probe = createResponseCache({ budget: big });
    probe.set("k0", { body: body(0), headers: { "content-type": "application/json" }, stamp: 0 });
    const one = probe.bytes;
    expect(one).toBeGreaterThan(10_000);
    const cache = createResponseCache({ maxBytes: 4 * one + 10, budget: big });
    for (let k = 0; k < 4; k++) cache.set(`k${k}`, { body: body(k), headers: { "content-type": "application/json" }, stamp: 0 });
    expect(cache.size).toBe(4);
    cache.get("k0", 0); // k1 is now the least recently used
    cache.set("k4", { body: body(4), headers: { "content-type": "application/json" }, stamp: 0 });
    expect(cache.size).toBe(4);
    expect(cache.get("k1", 0)).toBeUndefined();
    expect(text(cache.get("k0", 0))).toBe(body(0));
    expect(cache.bytes).toBeLessThanOrEqual(4 * one + 10);
    cache.set("huge", { body: "z".repeat(2 * one), headers: {}, stamp: 0 });
    expect(cache.get("huge", 0)).toBeUndefined();
    expect(cache.size).toBe(4);
  });

  it("keeps memory bounded under a stream of distinct answers (100,000 answers of 10 KB into 1 MB)", () => {
    const budget = createCacheBudget(1 << 30);
    const cache = createResponseCache({ maxEntries: 100_000, maxBytes: 1 << 20, budget });
    let worst = 0;
    const filler = "y".repeat(10_000);
    for (let k = 0; k < 100_000; k++) {
      cache.set(`/figures?page=${k}`, { body: filler + k, headers: {}, stamp: 0 });
      worst = Math.max(worst, cache.bytes);
    }
    expect(worst).toBeLessThanOrEqual(1 << 20);
    expect(cache.size).toBeLessThan(105);
    expect(budget.usedBytes).toBe(cache.bytes);
  });

  it("shares a byte budget across caches: the cache that adds evicts its own oldest, clear gives the bytes back", () => {
    const budget = createCacheBudget(100_000);
    const a = createResponseCache({ budget });
    const b = createResponseCache({ budget });
    for (let k = 0; k < 5; k++) a.set(`a${k}`, { body: "a".repeat(10_000), headers: {}, stamp: 0 });
    for (let k = 0; k < 10; k++) b.set(`b${k}`, { body: "b".repeat(10_000), headers: {}, stamp: 0 });
    expect(budget.usedBytes).toBe(a.bytes + b.bytes);
    expect(budget.usedBytes).toBeLessThanOrEqual(100_000);
    expect(a.size).toBe(5);
    expect(b.size).toBeLessThan(10);
    expect(b.get("b9", 0)).toBeDefined();
    expect(b.get("b0", 0)).toBeUndefined();
    a.clear();
    expect(budget.usedBytes).toBe(b.bytes);
  });
});
