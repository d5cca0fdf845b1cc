import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsonInit, testApi, type TestApi } from "./support.ts";

describe("running surveys over HTTP", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await testApi();
  });
  afterAll(async () => api.close());

  it("refuses without a token or with too low a role, and names a bad body field", async () => {
    expect((await api.request("/v1/surveys/demo", jsonInit("POST", {}))).status).toBe(401);
    expect((await api.request("/v1/surveys/demo", jsonInit("POST", {}, api.tokens.viewer))).status).toBe(403);
    expect((await api.request("/v1/surveys", jsonInit("POST", { config: {} }, api.tokens.analyst))).status).toBe(403);
    const bad = await api.request("/v1/surveys/demo", jsonInit("POST", { sizePx: 5 }, api.tokens.analyst));
    expect(bad.status).toBe(400);
    expect((await bad.json()).field).toBe("body.sizePx");
    const badConfig = await api.request("/v1/surveys", jsonInit("POST", { config: { country: "PE" } }, api.tokens.admin));
    expect(badConfig.status).toBe(400);
    expect((await badConfig.json()).field).toBeDefined();
    expect(await api.store.surveys.count()).toBe(0);
  });

  it("runs a small demo survey, stores it and audits the run", async () => {
    const res = await api.request("/v1/surveys/demo", jsonInit("POST", { sizePx: 200, n: 100, seed: 5 }, api.tokens.analyst));
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.headline).toMatch(/^\[SIMULATED\]/);
    const detail = await (await api.request(body.url)).json();
    expect(detail.simulated).toBe(true);
    expect(detail.estimates.length).toBeGreaterThan(0);
    const audit = await (await api.request("/v1/audit?action=surveys.run-demo", { token: api.tokens.admin })).json();
    expect(audit.entries.map((e: { outcome: string; status: number }) => [e.outcome, e.status])).toEqual([
      ["success", 201],
      ["failed", 400],
      ["denied", 403],
      ["denied", 401],
    ]);
    expect(audit.entries[0].target).toBe(`survey ${body.surveyId}`);
  });
});
