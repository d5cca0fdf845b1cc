import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { figure, jsonInit, testApi, type TestApi } from "./support.ts";

describe("API tokens and roles", () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await testApi();
  });
  afterEach(async () => api.close());

  it("answers a write without a token with 401 problem+json", async () => {
    const res = await api.request("/v1/figures", jsonInit("POST", { figures: [figure()] }));
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
    const problem = await res.json();
    expect(problem).toMatchObject({ status: 401, type: "urn:coca-monitor:problem:unauthenticated", instance: "/v1/figures" });
    expect(await api.store.figures.count()).toBe(0);
  });

  it("answers a write with too low a role with 403 and stores nothing", async () => {
    const res = await api.request("/v1/figures", jsonInit("POST", { figures: [figure()] }, api.tokens.viewer));
    expect(res.status).toBe(403);
    expect((await res.json()).detail).toMatch(/needs role analyst or higher; the token has role viewer/);
    expect(await api.store.figures.count()).toBe(0);
  });

  it("lets an analyst import and only an admin delete", async () => {
    const created = await api.request("/v1/figures", jsonInit("POST", { figures: [figure()] }, api.tokens.analyst));
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ rows: 1, inserted: 1, unchanged: 0 });
    const again = await api.request("/v1/figures", jsonInit("POST", { figures: [figure()] }, api.tokens.analyst));
    expect(await again.json()).toMatchObject({ inserted: 0, unchanged: 1 });

    const byAnalyst = await api.request("/v1/figures?country=BOL&year=2019&reason=wrong%20row", { method: "DELETE", token: api.tokens.analyst });
    expect(byAnalyst.status).toBe(403);
    const byAdmin = await api.request("/v1/figures?country=BOL&year=2019&reason=wrong%20row", { method: "DELETE", token: api.tokens.admin });
    expect(byAdmin.status).toBe(200);
    expect((await byAdmin.json()).deleted).toBe(1);
    expect(await api.store.figures.count()).toBe(0);
  });

  it("refuses a revoked or forged token with 401", async () => {
    const { token, secret } = await api.store.auth.createToken({ role: "admin" });
    await api.store.auth.revokeToken(token.id);
    const revoked = await api.request("/v1/figures", jsonInit("POST", { figures: [figure()] }, secret));
    expect(revoked.status).toBe(401);
    expect((await revoked.json()).detail).toMatch(/revoked/);
    const forged = await api.request("/v1/health", { token: `${api.tokens.admin.slice(0, -2)}xx` });
    expect(forged.status).toBe(401);
  });

  it("keeps reads public by default and private with publicReads false", async () => {
    expect((await api.request("/v1/figures")).status).toBe(200);
    const closed = await testApi({ publicReads: false });
    try {
      const anonymous = await closed.request("/v1/figures");
      expect(anonymous.status).toBe(401);
      expect((await closed.request("/v1/figures", { token: closed.tokens.viewer })).status).toBe(200);
      expect((await closed.request("/v1/surveys")).status).toBe(401);
      // The dashboard still learns that it must ask for a token.
      const meta = await closed.request("/v1/meta");
      expect(meta.status).toBe(200);
      expect((await meta.json()).publicReads).toBe(false);
    } finally {
      await closed.close();
    }
  });
});
