/**
 * Shared setup of the in-memory API tests: a fresh in-memory store, the app over it, tokens per role.
 */
import { openSqliteStore } from "../../src/store/sqlite-store.ts";
import type { Store } from "../../src/store/store.ts";
import type { NewSurvey } from "../../src/store/survey-repository.ts";
import { surveyConfigFixture, surveyProvenanceFixture, surveyResultsFixture } from "../support/survey-record.ts";
import { createApp } from "../../src/api/app.ts";
import type { ApiConfig } from "../../src/api/config.ts";
import type { Role } from "../../src/store/auth-repository.ts";

export interface TestApi {
  store: Store;
  request(path: string, init?: RequestInit & { token?: string }): Promise<Response>;
  tokens: Record<Role, string>;
  close(): Promise<void>;
}

export async function testApi(config: Partial<ApiConfig> = {}): Promise<TestApi> {
  const store = await openSqliteStore(":memory:");
  const { app } = createApp({ store, config: { rateLimit: false, ...config } });
  const tokens = {} as Record<Role, string>;
  for (const role of ["viewer", "analyst", "admin"] as const) tokens[role] = (await store.auth.createToken({ role, name: `test ${role}` })).secret;
  return {
    store,
    tokens,
    request: (path, init = {}) => {
      const { token, headers, ...rest } = init;
      const h = new Headers(headers);
      if (token) h.set("authorization", `Bearer ${token}`);
      return Promise.resolve(app.request(path, { ...rest, headers: h }));
    },
    close: () => store.close(),
  };
}

/** One figure in the registry's JSON form. */
export function figure(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    country: "BOL",
    region: "national",
    regionKind: "national",
    year: 2019,
    metric: "cultivation_ha",
    value: 25500,
    unit: "ha",
    source: "UNODC",
    sourceFamily: "UN",
    sourceTerm: "coca_cultivation",
    published: "2020",
    publicationTitle: "Bolivia coca survey 2019",
    citation: "UNODC, Estado Plurinacional de Bolivia: Monitoreo de cultivos de coca 2019 (2020)",
    citationKind: "producer",
    notes: "",
    ...overrides,
  };
}

export function jsonInit(method: string, body: unknown, token?: string): RequestInit & { token?: string } {
  return { method, body: JSON.stringify(body), headers: { "content-type": "application/json" }, token };
}

/** A survey with a 4 x 5 grid of square fields of 0.01 degree at 16.0-16.05 S, 67.0-67.04 W (Yungas), two regions. */
export function smallSurvey(overrides: Partial<NewSurvey> = {}): NewSurvey {
  const fields: NewSurvey["fields"] = [];
  let id = 1;
  for (let row = 0; row < 5; row++) {
    for (let col = 0; col < 4; col++) {
      const w = -67.04 + col * 0.01;
      const s = -16.05 + row * 0.01;
      const e = w + 0.008;
      const n = s + 0.008;
      fields.push({
        fieldId: id++,
        className: "coca",
        areaHa: 0.7 + row * 0.1,
        region: col < 2 ? "Yungas west" : "Yungas east",
        bbox: [w, s, e, n],
        geometry: {
          type: "Polygon",
          coordinates: [
            [
              [w, s],
              [e, s],
              [e, n],
              [w, n],
              [w, s],
            ],
          ],
        },
      });
    }
  }
  return {
    name: "api test survey",
    country: "BOL",
    year: 2023,
    simulated: true,
    createdAt: "2026-01-01T00:00:00.000Z",
    config: surveyConfigFixture({ targetClass: "coca", confidence: 0.95 }),
    provenance: surveyProvenanceFixture({
      seed: 7,
      codeVersion: "test",
      inputs: [{ role: "scene", path: "scene.tif", sha256: "ab".repeat(32), sizeBytes: null }],
    }),
    // The shape the survey runner stores (src/domain/survey-results.ts), with test numbers.
    results: surveyResultsFixture(),
    estimates: [
      { region: "Yungas west", className: "coca", areaHa: 14.2, areaSeHa: 1.9, ciLowHa: 10.5, ciHighHa: 17.9, mapAreaHa: 16.1 },
      { region: "Yungas east", className: "coca", areaHa: 13.1, areaSeHa: 2.2, ciLowHa: 8.8, ciHighHa: 17.4, mapAreaHa: 15.0 },
    ],
    fields,
    artifacts: [{ name: "notes.txt", mediaType: "text/plain", bytes: new TextEncoder().encode("small survey") }],
    ...overrides,
  };
}
