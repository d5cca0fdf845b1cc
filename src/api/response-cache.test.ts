import { describe, expect, it } from "vitest";
import { createCacheBudget, createResponseCache, stringBytes } from "./response-cache.ts";

const big = createCacheBudget(1 << 30);

describe("response cache", () => {
  it("answers a hit only for the same stamp and within the age limit", () => {
    const cache = createResponseCache({ maxAgeMs: 1000, budget: big });
    cache.set("a", { body: "x", headers: {}, stamp: 1 }, 0);
    expect(cache.get("a", 1, 500)?.body).toBe("x");
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
    expect([cache.get("a", 0)?.body, cache.get("b", 0)?.body, cache.get("c", 0)?.body]).toEqual(["1", undefined, "3"]);
  });

  it("counts bytes as V8 holds the strings: one per Latin-1 character, two otherwise", () => {
    expect(stringBytes("é".repeat(1000))).toBe(1000);
    expect(stringBytes("ok — fine")).toBe(18);
    const cache = createResponseCache({ budget: big });
    cache.set("latin", { body: "é".repeat(10_000), headers: {}, stamp: 0 });
    const latin = cache.bytes;
    cache.clear();
    cache.set("latin", { body: "—".repeat(10_000), headers: {}, stamp: 0 });
    expect(cache.bytes - latin).toBe(10_000);
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
    expect(cache.get("k0", 0)?.body).toBe(body(0));
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
