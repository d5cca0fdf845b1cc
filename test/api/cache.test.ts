import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { figure, jsonInit, smallSurvey, testApi, type TestApi } from "./support.ts";
import { parseFigureFile } from "../../src/figures/figure-file.ts";

describe("cached answers stay correct", () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await testApi();
  });
  afterEach(async () => api.close());

  const count = async (): Promise<number> => (await (await api.request("/v1/figures?country=BOL")).json()).count;

  it("figures answers follow writes through the API and writes to the store from elsewhere", async () => {
    expect(await count()).toBe(0);
    await api.request("/v1/figures", jsonInit("POST", { figures: [figure()] }, api.tokens.analyst));
    expect(await count()).toBe(1);
    // Another process (the CLI) writing to the same store: the registry's row count changes.
    const { figures } = parseFigureFile(new TextEncoder().encode(JSON.stringify([figure({ year: 2018, value: 23_100 })])), {
      file: "x.json",
      format: "json",
      maxYear: 2100,
    });
    await api.store.figures.importFigures(figures, { origin: "test" });
    expect(await count()).toBe(2);
    await api.request("/v1/figures?country=BOL&year=2019&reason=test%20delete", { method: "DELETE", token: api.tokens.admin });
    expect(await count()).toBe(1);
    const compare = await (await api.request("/v1/figures/compare?country=BOL")).json();
    expect(compare.years.map((y: { year: number }) => y.year)).toEqual([2018]);
  });

  it("fields pages answer the same with and without the cache", async () => {
    const id = await api.store.surveys.save(smallSurvey());
    const url = `/v1/surveys/${id}/fields?bbox=-67.05,-16.06,-67.021,-16.031&limit=3`;
    const first = await (await api.request(url)).text();
    const second = await (await api.request(url)).text();
    expect(second).toBe(first);
    const uncached = await testApi({ responseCache: false });
    try {
      const otherId = await uncached.store.surveys.save(smallSurvey());
      expect(otherId).toBe(id);
      expect(await (await uncached.request(url)).text()).toBe(first);
    } finally {
      await uncached.close();
    }
  });
});
