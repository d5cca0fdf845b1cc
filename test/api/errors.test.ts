import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { openSqliteStore } from "../../src/store/sqlite-store.ts";
import { createApp } from "../../src/api/app.ts";
import { figure, jsonInit, testApi, type TestApi } from "./support.ts";

describe("API errors as RFC 9457 problem+json", () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await testApi({ bodyLimitBytes: 4096 });
  });
  afterEach(async () => api.close());

  it("names the body member at fault in a malformed body (400)", async () => {
    const res = await api.request("/v1/figures", jsonInit("POST", { figures: [figure(), figure({ year: 2018, value: "lots" })] }, api.tokens.analyst));
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const problem = await res.json();
    expect(problem.field).toBe("body.figures[1].value");
    expect(problem.errors).toEqual([{ field: "body.figures[1].value", detail: expect.stringMatching(/expected number/) }]);
    expect(problem.detail).toContain("body.figures[1].value");
    expect(await api.store.figures.count()).toBe(0);
  });

  it("names the figure at fault when a value is well-typed but invalid (400, nothing stored)", async () => {
    const res = await api.request("/v1/figures", jsonInit("POST", { figures: [figure(), figure({ year: 2017, country: "Atlantis" })] }, api.tokens.analyst));
    expect(res.status).toBe(400);
    const problem = await res.json();
    expect(problem.field).toMatch(/^body\.figures/);
    expect(problem.detail).toMatch(/Atlantis/);
    expect(await api.store.figures.count()).toBe(0);
  });

  it("answers malformed JSON, a wrong media type and an oversized body", async () => {
    const broken = await api.request("/v1/figures", {
      method: "POST",
      body: "{figures: [",
      headers: { "content-type": "application/json" },
      token: api.tokens.analyst,
    });
    expect(broken.status).toBe(400);
    expect((await broken.json()).field).toBe("body");
    const wrongType = await api.request("/v1/figures", { method: "POST", body: "x", headers: { "content-type": "text/plain" }, token: api.tokens.analyst });
    expect(wrongType.status).toBe(415);
    const big = await api.request(
      "/v1/figures",
      jsonInit("POST", { figures: Array.from({ length: 40 }, (_, i) => figure({ year: 1990 + i })) }, api.tokens.analyst),
    );
    expect(big.status).toBe(413);
    expect((await big.json()).detail).toMatch(/4096 bytes/);
  });

  it("names query parameters at fault", async () => {
    const res = await api.request("/v1/figures?metric=acres&year=19x9");
    expect(res.status).toBe(400);
    const problem = await res.json();
    expect(problem.errors.map((e: { field: string }) => e.field).sort()).toEqual(["query.metric", "query.year"]);
    const unknown = await api.request("/v1/nothing-here");
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("content-type")).toBe("application/problem+json");
  });

  it("maps domain errors: unknown survey is 404", async () => {
    const res = await api.request("/v1/surveys/999");
    expect(res.status).toBe(404);
    expect((await res.json()).detail).toBe("no survey with id 999 (see GET /v1/surveys)");
  });

  it("answers an unexpected error with 500 and a request id, never the message or stack", async () => {
    const store = await openSqliteStore(":memory:");
    const failing = { ...store, surveys: { ...store.surveys, list: () => Promise.reject(new Error("SQLITE internal /secret/path line 42")) } };
    const { app } = createApp({ store: failing, config: { rateLimit: false } });
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const res = await app.request("/v1/surveys");
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(text).not.toMatch(/secret|SQLITE|at .*\.ts/);
      const problem = JSON.parse(text);
      expect(problem.requestId).toBe(res.headers.get("x-request-id"));
      expect(spy).toHaveBeenCalledOnce();
    } finally {
      spy.mockRestore();
      await store.close();
    }
  });
});

describe("API protections", () => {
  it("sends security headers and a CSP with no remote origins by default", async () => {
    const api = await testApi();
    try {
      const res = await api.request("/v1/health");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("x-frame-options")).toBe("SAMEORIGIN");
      const csp = res.headers.get("content-security-policy")!;
      expect(csp).toContain("default-src 'self'");
      expect(csp).not.toMatch(/https:/);
      expect(res.headers.get("access-control-allow-origin")).toBeNull();
    } finally {
      await api.close();
    }
  });

  it("answers CORS only for the configured origin", async () => {
    const api = await testApi({ corsOrigins: ["https://analyst.example.org"] });
    try {
      const ok = await api.request("/v1/health", { headers: { origin: "https://analyst.example.org" } });
      expect(ok.headers.get("access-control-allow-origin")).toBe("https://analyst.example.org");
      const other = await api.request("/v1/health", { headers: { origin: "https://elsewhere.example" } });
      expect(other.headers.get("access-control-allow-origin")).not.toBe("https://elsewhere.example");
    } finally {
      await api.close();
    }
  });

  it("rate-limits a client past the limit with 429 and Retry-After", async () => {
    const api = await testApi({ rateLimit: { windowMs: 60_000, max: 3 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await api.request("/v1/health")).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      const limited = await api.request("/v1/health");
      expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
      expect((await limited.json()).type).toBe("urn:coca-monitor:problem:rate-limited");
      // Another client (a token) has its own window.
      expect((await api.request("/v1/health", { token: api.tokens.viewer })).status).toBe(200);
    } finally {
      await api.close();
    }
  });
});
