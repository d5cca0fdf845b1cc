import { describe, expect, it } from "vitest";
import { createApp } from "../../src/api/app.ts";
import { openSqliteStore } from "../../src/store/sqlite-store.ts";

describe("GET /v1/figures/ranges", () => {
  it("lists the published ranges with value, unit and citation, filtered by country and metric", async () => {
    const store = await openSqliteStore(":memory:");
    try {
      const { app } = createApp({ store, config: { rateLimit: false } });
      const res = await app.request("/v1/figures/ranges?country=CO&metric=cocaine_t");
      expect(res.status).toBe(200);
      const body = (await res.json()) as {
        ranges: { country: string; year: number; value: number; low: number; high: number; unit: string; citation: string }[];
      };
      const r = body.ranges.find((x) => x.year === 2017)!;
      expect([r.country, r.value, r.low, r.high, r.unit]).toEqual(["COL", 1379, 1174, 1623, "t"]);
      expect(r.citation).toMatch(/UNODC\/SIMCI/);
      const peru = await app.request("/v1/figures/ranges?country=PE");
      expect(((await peru.json()) as { ranges: unknown[] }).ranges).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
