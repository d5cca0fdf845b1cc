import { describe, expect, it } from "vitest";
import { createResponseCache } from "./response-cache.ts";

describe("response cache", () => {
  it("answers a hit only for the same stamp and within the age limit", () => {
    const cache = createResponseCache({ maxAgeMs: 1000 });
    cache.set("a", { body: "x", headers: {}, stamp: 1 }, 0);
    expect(cache.get("a", 1, 500)?.body).toBe("x");
    expect(cache.get("a", 2, 500)).toBeUndefined();
    cache.set("a", { body: "y", headers: {}, stamp: 1 }, 0);
    expect(cache.get("a", 1, 1500)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it("evicts the least recently used past the entry or byte limits", () => {
    const cache = createResponseCache({ maxEntries: 2, maxBytes: 100 });
    cache.set("a", { body: "1", headers: {}, stamp: 0 });
    cache.set("b", { body: "2", headers: {}, stamp: 0 });
    cache.get("a", 0);
    cache.set("c", { body: "3", headers: {}, stamp: 0 });
    expect([cache.get("a", 0)?.body, cache.get("b", 0)?.body, cache.get("c", 0)?.body]).toEqual(["1", undefined, "3"]);
    cache.set("big", { body: "z".repeat(20), headers: {}, stamp: 0 });
    cache.set("big2", { body: "z".repeat(20), headers: {}, stamp: 0 });
    cache.set("big3", { body: "z".repeat(20), headers: {}, stamp: 0 });
    expect(cache.size).toBe(2);
    cache.set("huge", { body: "z".repeat(30), headers: {}, stamp: 0 });
    expect(cache.get("huge", 0)).toBeUndefined();
  });
});
