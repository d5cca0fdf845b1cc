import { describe, expect, it } from "vitest";
import { openSqliteStore } from "./sqlite-store.ts";
import type { NewSurvey } from "./survey-repository.ts";
import { surveyConfigFixture, surveyProvenanceFixture, surveyResultsFixture } from "../../test/support/survey-record.ts";

function survey(overrides: Partial<NewSurvey> = {}): NewSurvey {
  const square = (x: number, y: number) => ({
    type: "Polygon",
    coordinates: [
      [
        [x, y],
        [x + 0.01, y],
        [x + 0.01, y + 0.01],
        [x, y + 0.01],
        [x, y],
      ],
    ],
  });
  return {
    name: "test",
    country: "PER",
    year: 2024,
    simulated: true,
    createdAt: "2026-11-28T00:00:00.000Z",
    config: surveyConfigFixture({ seed: 1 }),
    provenance: surveyProvenanceFixture(),
    results: surveyResultsFixture({ headline: "x" }),
    estimates: [{ region: "total", className: "coca", areaHa: 100, areaSeHa: 10, ciLowHa: 80.4, ciHighHa: 119.6, mapAreaHa: 90 }],
    fields: Array.from({ length: 30 }, (_, i) => ({
      fieldId: i + 1,
      className: "coca",
      areaHa: 1 + i,
      region: "A",
      bbox: [-75 + i * 0.1, -9, -75 + i * 0.1 + 0.01, -8.99] as [number, number, number, number],
      geometry: square(-75 + i * 0.1, -9),
    })),
    artifacts: [{ name: "classes.tif", mediaType: "image/tiff", bytes: new Uint8Array([1, 2, 3]) }],
    ...overrides,
  };
}

describe("survey repository", () => {
  it("stores a survey with estimates, fields and artifacts and reads it back", async () => {
    const store = await openSqliteStore(":memory:");
    const id = await store.surveys.save(survey());
    const got = await store.surveys.get(id);
    expect(got?.simulated).toBe(true);
    expect(got?.estimates[0]).toMatchObject({ region: "total", className: "coca", areaHa: 100, ciLowHa: 80.4 });
    expect(got?.fieldCount).toBe(30);
    expect(got?.artifacts).toEqual([{ name: "classes.tif", mediaType: "image/tiff", sha256: expect.stringMatching(/^[0-9a-f]{64}$/), sizeBytes: 3 }]);
    expect(Array.from((await store.surveys.artifact(id, "classes.tif"))!.bytes)).toEqual([1, 2, 3]);
    expect(await store.surveys.list()).toHaveLength(1);
    await store.close();
  });

  it("pages fields and filters them by bounding box", async () => {
    const store = await openSqliteStore(":memory:");
    const id = await store.surveys.save(survey());
    const page = await store.surveys.fields(id, { limit: 10, offset: 20 });
    expect(page.total).toBe(30);
    expect(page.fields.map((f) => f.fieldId)).toEqual([21, 22, 23, 24, 25, 26, 27, 28, 29, 30]);
    const boxed = await store.surveys.fields(id, { bbox: [-74.85, -9.5, -74.55, -8.5], limit: 100, offset: 0 });
    expect(boxed.fields.map((f) => f.fieldId)).toEqual([3, 4, 5]);
    expect(boxed.total).toBe(3);
    await store.close();
  });

  it("writes nothing when any part of the survey fails", async () => {
    const store = await openSqliteStore(":memory:");
    const bad = survey({
      artifacts: [
        { name: "same", mediaType: "text/plain", bytes: new Uint8Array([1]) },
        { name: "same", mediaType: "text/plain", bytes: new Uint8Array([2]) },
      ],
    });
    await expect(store.surveys.save(bad)).rejects.toThrow();
    expect(await store.surveys.count()).toBe(0);
    expect((await store.surveys.fields(1, { limit: 10, offset: 0 })).total).toBe(0);
    await store.close();
  });

  it("deletes a survey only when asked, logging its record, reason and actor", async () => {
    const store = await openSqliteStore(":memory:");
    const keep = await store.surveys.save(survey({ name: "keep" }));
    const id = await store.surveys.save(survey({ name: "drop" }));
    expect(await store.surveys.delete(999, { reason: "typo", actor: "cli" })).toBeUndefined();
    const removed = await store.surveys.delete(id, { reason: "wrong scene", actor: "cli" });
    expect(removed).toMatchObject({ id, name: "drop" });
    expect(await store.surveys.get(id)).toBeUndefined();
    expect((await store.surveys.fields(id, { limit: 10, offset: 0 })).total).toBe(0);
    expect(await store.surveys.artifact(id, "classes.tif")).toBeUndefined();
    expect((await store.surveys.get(keep))?.fieldCount).toBe(30);
    expect(await store.surveys.deletions()).toEqual([expect.objectContaining({ id, name: "drop", reason: "wrong scene", actor: "cli" })]);
    await store.close();
  });
});
