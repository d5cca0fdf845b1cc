/**
 * Unknown API paths are 404 problem+json, even when the dashboard is served from the same app;
 * only non-API paths fall back to the dashboard's index.html.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/api/app.ts";
import { isApiPath } from "../../src/api/static-files.ts";
import { openSqliteStore } from "../../src/store/sqlite-store.ts";
import type { Store } from "../../src/store/store.ts";

describe("unknown paths with the dashboard served", () => {
  let dir: string;
  let store: Store;
  let app: ReturnType<typeof createApp>["app"];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "coca-404-"));
    writeFileSync(join(dir, "index.html"), "<!doctype html><title>dashboard</title>");
    store = await openSqliteStore(join(dir, "coca.db"));
    app = createApp({ store, config: { webRoot: dir, rateLimit: false } }).app;
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers GET /v1/nope with a 404 problem+json naming the path", async () => {
    for (const path of ["/v1/nope", "/v1/surveys/1/nope/deeper", "/v1"]) {
      const res = await app.request(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get("content-type"), path).toBe("application/problem+json");
      const problem = (await res.json()) as { status: number; detail: string };
      expect(problem.status).toBe(404);
      expect(problem.detail).toContain(path);
    }
  });

  it("still serves the dashboard for non-API routes", async () => {
    const res = await app.request("/some/dashboard/route");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(await res.text()).toContain("dashboard");
  });

  it("tells API paths from dashboard paths", () => {
    expect([isApiPath("/v1/nope"), isApiPath("/v1"), isApiPath("/openapi.json"), isApiPath("/v1x"), isApiPath("/map")]).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });
});
