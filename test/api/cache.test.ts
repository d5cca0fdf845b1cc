import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { figure, jsonInit, smallSurvey, testApi, type TestApi } from "./support.ts";
import { parseFigureFile } from "../../src/figures/figure-file.ts";
import { startServer } from "../../src/api/server.ts";

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

  it("a hit answers the same status, type and bytes as the answer that filled it, outside Latin-1 too", async () => {
    const notes = "cifra revisada — ver anexo; región Yungas de La Paz";
    await api.request("/v1/figures", jsonInit("POST", { figures: [figure({ notes })] }, api.tokens.analyst));
    const answers = [];
    for (let i = 0; i < 2; i++) {
      const res = await api.request("/v1/figures?country=BOL");
      answers.push({ status: res.status, type: res.headers.get("content-type"), bytes: new Uint8Array(await res.arrayBuffer()) });
    }
    const [miss, hit] = answers;
    expect(hit).toEqual(miss);
    expect(JSON.parse(new TextDecoder().decode(hit!.bytes)).figures[0].notes).toBe(notes);
    expect(hit!.type).toMatch(/^application\/json/);
  });

  it("over HTTP, a hit is written as the kept bytes with their length (the server on a free port)", async () => {
    const notes = "cifra revisada — ver anexo";
    await api.request("/v1/figures", jsonInit("POST", { figures: [figure({ notes })] }, api.tokens.analyst));
    const server = await startServer({ store: api.store, port: 0, dashboard: false, seedFigures: false });
    try {
      const answers = [];
      for (let i = 0; i < 2; i++) {
        const res = await fetch(`${server.url}/v1/figures?country=BOL`);
        const bytes = new Uint8Array(await res.arrayBuffer());
        answers.push({ status: res.status, length: Number(res.headers.get("content-length")), bytes });
        expect(Number(res.headers.get("content-length"))).toBe(bytes.byteLength);
      }
      expect(answers[1]).toEqual(answers[0]);
      expect(JSON.parse(new TextDecoder().decode(answers[1]!.bytes)).figures[0].notes).toBe(notes);
    } finally {
      await server.close();
    }
  });
});
