import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InputError } from "../domain/errors.ts";
import type { Figure } from "../domain/figure.ts";
import { openSqliteStore } from "./sqlite-store.ts";
import type { Store } from "./store.ts";

function fig(over: Partial<Figure>): Figure {
  return {
    country: "PER",
    region: "national",
    regionKind: "national",
    year: 2017,
    metric: "cultivation_ha",
    value: 49800,
    unit: "ha",
    source: "ONDCP",
    sourceFamily: "US",
    sourceRaw: "ONDCP",
    sourceTerm: "coca_cultivation",
    published: "2019",
    publicationTitle: "ONDCP release",
    citation: "ONDCP release; https://x",
    citationKind: "producer",
    notes: "",
    ...over,
  };
}

let store: Store;
beforeEach(async () => {
  store = await openSqliteStore(":memory:");
});
afterEach(async () => {
  await store.close();
});

describe("FigureRepository", () => {
  it("answers the latest vintage by default and every vintage on request", async () => {
    await store.figures.importFigures([fig({}), fig({ value: 50000, published: "2021" }), fig({ year: 2016, value: 44000 })], { origin: "t" });
    expect((await store.figures.list({ country: "pe", year: 2017 })).map((f) => [f.value, f.published])).toEqual([[50000, "2021"]]);
    expect((await store.figures.list({ country: "PER", year: 2017, allVintages: true })).map((f) => f.published)).toEqual(["2019", "2021"]);
    expect((await store.figures.list({ country: "PER", from: 2016, to: 2016 })).map((f) => f.value)).toEqual([44000]);
    expect((await store.figures.revisions({})).map((f) => f.published)).toEqual(["2019", "2021"]);
  });

  it("matches sources by short name or exact string, case-insensitively", async () => {
    await store.figures.importFigures([fig({ source: "INCSR", sourceRaw: "USG (INCSR)" })], { origin: "t" });
    expect(await store.figures.list({ source: "incsr" })).toHaveLength(1);
    expect(await store.figures.list({ source: "USG (INCSR)" })).toHaveLength(1);
    expect(await store.figures.list({ source: "ONDCP" })).toHaveLength(0);
  });

  it("is idempotent and refuses a different value for a stored vintage without storing anything", async () => {
    const first = await store.figures.importFigures([fig({})], { origin: "a" });
    expect(first.inserted).toHaveLength(1);
    expect(await store.figures.importFigures([fig({})], { origin: "a" })).toEqual({ inserted: [], unchanged: 1, citationsAdded: 0 });
    expect(await store.figures.imports()).toHaveLength(1);
    await expect(store.figures.importFigures([fig({ year: 2018 }), fig({ value: 1 })], { origin: "b" })).rejects.toThrow(InputError);
    expect(await store.figures.count()).toBe(1);
    expect(await store.figures.conflicts([fig({ value: 1 }), fig({})])).toEqual([
      expect.objectContaining({ index: 0, existing: expect.objectContaining({ value: 49800 }) }),
    ]);
  });

  it("deletes only with a filter and a reason, and logs what it removed", async () => {
    await store.figures.importFigures([fig({}), fig({ year: 2016, value: 44000 })], { origin: "t" });
    await expect(store.figures.deleteFigures({}, { reason: "all" })).rejects.toThrow(/at least one filter/);
    await expect(store.figures.deleteFigures({ year: 2016 }, { reason: " " })).rejects.toThrow(/reason is required/);
    const removed = await store.figures.deleteFigures({ year: 2016 }, { reason: "typo in the source" });
    expect(removed.map((f) => f.value)).toEqual([44000]);
    expect(await store.figures.count()).toBe(1);
    const log = await store.figures.deletions();
    expect(log).toEqual([expect.objectContaining({ reason: "typo in the source", figure: expect.objectContaining({ year: 2016, value: 44000 }) })]);
  });

  it("refuses unknown filter values", async () => {
    await expect(store.figures.list({ country: "Atlantis" })).rejects.toThrow(InputError);
    await expect(store.figures.list({ metric: "coca" })).rejects.toThrow(/unknown metric/);
  });
});
