import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { smallSurvey, testApi, type TestApi } from "./support.ts";

describe("survey endpoints", () => {
  let api: TestApi;
  let id: number;
  beforeAll(async () => {
    api = await testApi();
    id = await api.store.surveys.save(smallSurvey());
  });
  afterAll(async () => api.close());

  it("lists surveys and answers one with provenance and estimates", async () => {
    const list = await (await api.request("/v1/surveys")).json();
    expect(list.surveys).toEqual([expect.objectContaining({ id, country: "BOL", year: 2023, simulated: true })]);
    const detail = await (await api.request(`/v1/surveys/${id}`)).json();
    expect(detail.provenance.seed).toBe(7);
    expect(detail.fieldCount).toBe(20);
    const est = await (await api.request(`/v1/surveys/${id}/estimates?region=Yungas%20east`)).json();
    expect(est).toMatchObject({ unit: "ha", estimates: [{ region: "Yungas east", areaHa: 13.1, ciLowHa: 8.8, ciHighHa: 17.4 }] });
    expect((await (await api.request(`/v1/surveys/${id}/accuracy`)).json()).accuracy.overallAccuracy).toBe(0.91);
    expect((await api.request(`/v1/surveys/${id}/artifacts/notes.txt`)).headers.get("etag")).toMatch(/^"[0-9a-f]{64}"$/);
  });

  it("pages fields with numberMatched, numberReturned and next/prev links", async () => {
    const first = await api.request(`/v1/surveys/${id}/fields?limit=6`);
    expect(first.headers.get("content-type")).toBe("application/geo+json");
    const page1 = await first.json();
    expect(page1).toMatchObject({ type: "FeatureCollection", numberMatched: 20, numberReturned: 6 });
    expect(page1.features.map((f: { id: number }) => f.id)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(page1.features[0].properties).toEqual({ field_id: 1, class_code: 1, class_name: "coca", area_ha: 0.7, pixel_count: null, region: "Yungas west" });
    const next = page1.links.find((l: { rel: string }) => l.rel === "next").href;
    expect(next).toBe(`/v1/surveys/${id}/fields?limit=6&offset=6`);
    const last = await (await api.request(`/v1/surveys/${id}/fields?limit=6&offset=18`)).json();
    expect(last.numberReturned).toBe(2);
    expect(last.links.map((l: { rel: string }) => l.rel)).toEqual(["prev"]);
  });

  it("filters fields by bbox", async () => {
    // Columns 0-1 (west of -67.02) and rows 0-1 (south of -16.03): 4 fields.
    const res = await (await api.request(`/v1/surveys/${id}/fields?bbox=-67.05,-16.06,-67.021,-16.031`)).json();
    expect(res.numberMatched).toBe(4);
    expect(res.features.map((f: { id: number }) => f.id).sort((a: number, b: number) => a - b)).toEqual([1, 2, 5, 6]);
    const none = await (await api.request(`/v1/surveys/${id}/fields?bbox=10,10,11,11`)).json();
    expect(none).toMatchObject({ numberMatched: 0, numberReturned: 0, features: [] });
  });

  it("rejects a bad bbox or page size naming the parameter", async () => {
    for (const [query, field] of [
      ["bbox=1,2,3", "query.bbox"],
      ["bbox=-60,-10,-70,-5", "query.bbox"],
      ["bbox=-200,0,0,1", "query.bbox"],
      ["limit=0", "query.limit"],
      ["limit=5000", "query.limit"],
      ["offset=-1", "query.offset"],
    ]) {
      const res = await api.request(`/v1/surveys/${id}/fields?${query}`);
      expect(res.status, query).toBe(400);
      expect((await res.json()).field, query).toBe(field);
    }
    expect((await api.request("/v1/surveys/abc/fields")).status).toBe(400);
    expect((await api.request("/v1/surveys/999/fields")).status).toBe(404);
  });
});

describe("DELETE /v1/surveys/:id", () => {
  it("needs an admin token and a reason, removes the survey, logs it and audits the write", async () => {
    const api = await testApi();
    const id = await api.store.surveys.save(smallSurvey());
    expect((await api.request(`/v1/surveys/${id}?reason=wrong+scene`, { method: "DELETE" })).status).toBe(401);
    expect((await api.request(`/v1/surveys/${id}?reason=wrong+scene`, { method: "DELETE", token: api.tokens.analyst })).status).toBe(403);
    const noReason = await api.request(`/v1/surveys/${id}`, { method: "DELETE", token: api.tokens.admin });
    expect(noReason.status).toBe(400);
    expect(noReason.headers.get("content-type")).toMatch(/application\/problem\+json/);
    expect(JSON.stringify(await noReason.json())).toMatch(/reason/);
    // fields are read (and cached) before the delete; the delete must not leave them served
    expect((await api.request(`/v1/surveys/${id}/fields`)).status).toBe(200);
    const ok = await api.request(`/v1/surveys/${id}?reason=wrong+scene`, { method: "DELETE", token: api.tokens.admin });
    expect(ok.status).toBe(200);
    expect((await api.request(`/v1/surveys/${id}`)).status).toBe(404);
    expect((await api.request(`/v1/surveys/${id}/fields`)).status).toBe(404);
    expect(await api.store.surveys.deletions()).toEqual([expect.objectContaining({ id, reason: "wrong scene" })]);
    const { entries } = await api.store.auth.listAudit({ action: "surveys.delete" });
    expect(entries.length).toBeGreaterThanOrEqual(3);
    await api.close();
  });
});
