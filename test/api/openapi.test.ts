import { describe, expect, it } from "vitest";
import { testApi } from "./support.ts";

describe("OpenAPI document", () => {
  it("is OpenAPI 3.1, served, and documents every route with its parameters, body and security", async () => {
    const api = await testApi();
    try {
      const res = await api.request("/openapi.json");
      expect(res.status).toBe(200);
      const doc = await res.json();
      expect(doc.openapi).toBe("3.1.0");
      const paths = Object.keys(doc.paths);
      for (const p of [
        "/v1/figures",
        "/v1/figures/compare",
        "/v1/figures/revisions",
        "/v1/targets",
        "/v1/limits",
        "/v1/surveys",
        "/v1/surveys/{id}",
        "/v1/surveys/{id}/fields",
        "/v1/surveys/{id}/accuracy",
        "/v1/production/estimate",
        "/v1/trends",
        "/v1/audit",
      ]) {
        expect(paths, p).toContain(p);
      }
      const importOp = doc.paths["/v1/figures"].post;
      expect(importOp.security).toEqual([{ bearerToken: [] }]);
      expect(importOp["x-required-role"]).toBe("analyst");
      expect(importOp.requestBody.content["application/json"].schema.properties.figures.type).toBe("array");
      expect(Object.keys(importOp.responses)).toEqual(expect.arrayContaining(["201", "400", "401", "403", "413"]));
      expect(importOp.responses["400"].content["application/problem+json"].schema.$ref).toBe("#/components/schemas/Problem");
      const fieldsOp = doc.paths["/v1/surveys/{id}/fields"].get;
      const names = fieldsOp.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`);
      expect(names).toEqual(["path:id", "query:bbox", "query:class", "query:limit", "query:offset"]);
      const operationIds = Object.values(doc.paths).flatMap((ops) => Object.values(ops as Record<string, { operationId: string }>).map((o) => o.operationId));
      expect(new Set(operationIds).size).toBe(operationIds.length);
    } finally {
      await api.close();
    }
  });
});

describe("documented answers", () => {
  it("match what the endpoints answer", async () => {
    const { ensureSeeded } = await import("../../src/figures/seed.ts");
    const { createApp } = await import("../../src/api/app.ts");
    const { smallSurvey } = await import("./support.ts");
    const api = await testApi();
    try {
      await ensureSeeded(api.store);
      const id = await api.store.surveys.save(smallSurvey());
      const { app, routes } = createApp({ store: api.store, config: { rateLimit: false } });
      const samples: [string, string][] = [
        ["listFigures", "/v1/figures?country=BOL"],
        ["compareFigures", "/v1/figures/compare?country=BOL&metric=cocaine_t"],
        ["figureRevisions", "/v1/figures/revisions"],
        ["listLimits", "/v1/limits"],
        ["checkTargets", "/v1/targets"],
        ["listSurveys", "/v1/surveys"],
        ["getSurvey", `/v1/surveys/${id}`],
        ["getSurveyEstimates", `/v1/surveys/${id}/estimates`],
        ["meta", "/v1/meta"],
        ["health", "/v1/health"],
      ];
      for (const [operationId, path] of samples) {
        const route = routes.find((r) => r.operationId === operationId)!;
        const res = await app.request(path);
        expect(res.status, path).toBe(200);
        const parsed = route.responses[200]!.schema!.safeParse(await res.json());
        expect(parsed.success ? "ok" : JSON.stringify(parsed.error.issues.slice(0, 2)), path).toBe("ok");
      }
    } finally {
      await api.close();
    }
  });
});
