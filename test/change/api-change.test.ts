/** GET /v1/change/demo and /v1/change/target, and their place in the OpenAPI document. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ensureSeeded } from "../../src/figures/seed.ts";
import { testApi, type TestApi } from "../api/support.ts";

describe("change endpoints", () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await testApi();
  });
  afterEach(async () => api.close());

  it("serves the simulated change survey with its truth, and refuses a size out of range", async () => {
    const res = await api.request("/v1/change/demo?seed=3&sizePx=200&n=300");
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      simulated: boolean;
      headline: string;
      estimate: { sampleSize: number; areas: { netChangeHa: { ciHa: number[] } } };
      truth: { netChangeHa: number };
    };
    expect(body.simulated).toBe(true);
    expect(body.headline).toMatch(/^\[SIMULATED\]/);
    expect(body.estimate.sampleSize).toBe(300);
    expect(body.estimate.areas.netChangeHa.ciHa).toHaveLength(2);
    expect((await api.request("/v1/change/demo?sizePx=5000")).status).toBe(400);
  });

  it("tracks Peru's 50% target against the registry and documents both routes", async () => {
    await ensureSeeded(api.store);
    const res = await api.request("/v1/change/target");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { target: { citation: string }; rows: { year: number; cultivationSource: string; status: string }[] };
    expect(body.target.citation).toMatch(/World Politics Review, 9 November 2018/);
    expect(body.rows.some((r) => r.year === 2019 && r.cultivationSource === "DEVIDA" && r.status === "no eradication figure")).toBe(true);
    const doc = (await (await api.request("/openapi.json")).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/v1/change/demo", "/v1/change/target"]));
  });
});
