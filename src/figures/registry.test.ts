/**
 * The registry as loaded from the seed (data/official-figures.csv) into a real SQLite store:
 * the seed article's facts, revisions, import guarantees and the export/import round trip.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InputError } from "../domain/errors.ts";
import { sha256 } from "../io/checksum.ts";
import { openSqliteStore } from "../store/sqlite-store.ts";
import type { Store } from "../store/store.ts";
import { compareSources } from "./compare.ts";
import { figuresToCsv, figuresToJson } from "./figure-file.ts";
import { importFigureFile } from "./import.ts";
import { loadPolicyInstruments } from "./policy-instruments.ts";
import { detectRevisions } from "./revisions.ts";
import { ensureSeeded } from "./seed.ts";
import { checkTargets } from "./targets.ts";

const MAX_YEAR = 2026;
let dir: string;
let dbPath: string;
let store: Store;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "coca-registry-"));
  dbPath = join(dir, "coca.db");
  store = await openSqliteStore(dbPath);
  await ensureSeeded(store, { maxYear: MAX_YEAR });
});

afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function one(filter: Parameters<Store["figures"]["list"]>[0]) {
  const list = await store.figures.list(filter);
  expect(list).toHaveLength(1);
  return list[0]!;
}

describe("the seed article's facts", () => {
  it("ONDCP Peru: 44,000 ha (2016) to 49,800 ha (2017), +13%", async () => {
    const y2016 = await one({ country: "PE", source: "ONDCP", metric: "cultivation_ha", year: 2016 });
    const y2017 = await one({ country: "Peru", source: "ONDCP", metric: "cultivation_ha", year: 2017 });
    expect(y2016.value).toBe(44000);
    expect(y2017.value).toBe(49800);
    expect(y2017.citation).toMatch(/^ONDCP release on Peru coca \(2019\)/);
    expect(Math.round((y2017.value / y2016.value - 1) * 100)).toBe(13);
  });

  it("ONDCP Peru potential pure cocaine: 409 t to 486 t", async () => {
    expect((await one({ country: "PER", source: "ONDCP", metric: "cocaine_t", year: 2016 })).value).toBe(409);
    const y2017 = await one({ country: "PER", source: "ONDCP", metric: "cocaine_t", year: 2017 });
    expect(y2017).toMatchObject({ value: 486, unit: "t", sourceTerm: "potential_pure_cocaine" });
  });

  it("ONDCP Bolivia: 37,500 ha to 31,000 ha, 9,000 ha over the 22,000 ha limit", async () => {
    expect((await one({ country: "BO", source: "ONDCP", metric: "cultivation_ha", year: 2016, region: "national" })).value).toBe(37500);
    expect((await one({ country: "BO", source: "ONDCP", metric: "cultivation_ha", year: 2017, region: "national" })).value).toBe(31000);
    const checks = checkTargets(loadPolicyInstruments(), await store.figures.list({ country: "BOL" }));
    const check = checks.find((c) => c.year === 2017 && c.source === "ONDCP" && c.region === "national");
    expect(check).toMatchObject({ instrumentId: "BOL-law-906", limit: 22000, value: 31000, difference: 9000, status: "over" });
    const y2016 = checks.find((c) => c.year === 2016 && c.source === "ONDCP");
    expect(y2016).toMatchObject({ instrumentId: "BOL-law-1008", limit: 12000, difference: 25500 });
  });

  it("Bolivia 2011 production: 265 t (2012) revised to 190 t (2013) shows in revisions, and 190 t is the answer", async () => {
    const revisions = detectRevisions(await store.figures.revisions({ country: "BOL" }));
    expect(revisions).toEqual([
      expect.objectContaining({
        country: "BOL",
        year: 2011,
        metric: "cocaine_t",
        source: "ONDCP",
        from: expect.objectContaining({ value: 265, published: "2012" }),
        to: expect.objectContaining({ value: 190, published: "2013" }),
      }),
    ]);
    expect((await one({ country: "BOL", source: "ONDCP", metric: "cocaine_t", year: 2011 })).value).toBe(190);
    expect(await store.figures.list({ country: "BOL", source: "ONDCP", metric: "cocaine_t", year: 2011, allVintages: true })).toHaveLength(2);
  });

  it("has the three revisions of the reference file", async () => {
    const all = detectRevisions(await store.figures.revisions());
    expect(all.map((r) => `${r.country} ${r.year} ${r.from.value}->${r.to.value}`)).toEqual(["BOL 2011 265->190", "PER 2012 290->307", "PER 2013 305->359"]);
  });

  it("compares US and UN cultivation for Bolivia with missing years as missing", async () => {
    const c = compareSources(await store.figures.list({ country: "BOL", region: "national", metric: "cultivation_ha" }), {
      country: "BOL",
      region: "national",
      metric: "cultivation_ha",
    });
    const y2016 = c.years.find((y) => y.year === 2016)!;
    expect(y2016.values.UNODC).toBeNull();
    expect(y2016.values.ONDCP!.value).toBe(37500);
    expect(y2016.differences.ONDCP).toBeNull();
    const y2020 = c.years.find((y) => y.year === 2020)!;
    expect(y2020.differences.ONDCP!.absolute).toBe(10000);
  });
});

describe("imports", () => {
  it("loads the seed once: a second ensureSeeded changes nothing", async () => {
    const before = await store.figures.count();
    expect(before).toBe(464);
    expect(await ensureSeeded(store, { maxYear: MAX_YEAR })).toEqual({ loaded: false, inserted: 0 });
    expect(await store.figures.count()).toBe(before);
  });

  it("refuses a malformed file and leaves the store file byte-for-byte unchanged", async () => {
    const header = "country,region,year,source,metric,value,unit,cited_year,citation";
    const cases: Record<string, string | Uint8Array> = {
      "not-a-number.csv": `${header}\nPeru,national,2030,ONDCP,coca_cultivation,12a,hectares,2031,c\n`,
      "negative.csv": `${header}\nPeru,national,2017,ONDCP,coca_cultivation,-1,hectares,2019,c\n`,
      "unknown-metric.csv": `${header}\nPeru,national,2017,ONDCP,coca_area,1,hectares,2019,c\n`,
      "unknown-country.csv": `${header}\nNarnia,national,2017,ONDCP,coca_cultivation,1,hectares,2019,c\n`,
      "no-citation.csv": `${header}\nPeru,national,2017,ONDCP,coca_cultivation,1,hectares,2019,\n`,
      "truncated.csv": `${header}\nPeru,national,2017,ONDCP,coca_cult`,
      "latin1.csv": new Uint8Array([...Buffer.from(`${header}\nPer`), 0xfa, ...Buffer.from(",national,2017,ONDCP,coca_cultivation,1,hectares,2019,c\n")]),
      // The registry holds ONDCP Peru 2017 = 49,800 ha published 2019: the same vintage with another value is refused.
      "conflict.csv": `${header}\nPeru,national,2017,ONDCP,coca_cultivation,50000,hectares,2019,other\n`,
    };
    const expected: Record<string, RegExp> = {
      "not-a-number.csv": /line 2: .*value '12a' is not a number/,
      "negative.csv": /line 2: value -1 is negative/,
      "unknown-metric.csv": /line 2: unknown metric 'coca_area'/,
      "unknown-country.csv": /line 2: unknown country 'Narnia'/,
      "no-citation.csv": /line 2: citation is missing/,
      "truncated.csv": /line 2: expected 9 columns, found 5 \(truncated row\?\)/,
      "latin1.csv": /line 2: not valid UTF-8/,
      "conflict.csv": /line 2: PER national 2017 cultivation_ha ONDCP published 2019 is already stored with value 49800, not 50000/,
    };
    await store.close();
    const before = sha256(readFileSync(dbPath));
    for (const [name, content] of Object.entries(cases)) {
      const file = join(dir, name);
      writeFileSync(file, content);
      store = await openSqliteStore(dbPath);
      const error = await importFigureFile(store, file, { maxYear: MAX_YEAR }).then(
        () => undefined,
        (e: unknown) => e,
      );
      await store.close();
      expect(error, name).toBeInstanceOf(InputError);
      expect((error as Error).message, name).toMatch(expected[name]!);
      expect(sha256(readFileSync(dbPath)), name).toBe(before);
    }
    store = await openSqliteStore(dbPath);
  });

  it("imports a new vintage as a revision, and importing the same file again changes nothing", async () => {
    const file = join(dir, "new-vintage.csv");
    writeFileSync(
      file,
      "country,region,year,source,metric,value,unit,cited_year,citation\nPeru,national,2021,ONDCP,coca_cultivation,84500,hectares,2023,ONDCP press release 2023; https://example.org/r\n",
    );
    const first = await importFigureFile(store, file, { maxYear: MAX_YEAR });
    expect(first).toMatchObject({ rows: 1, inserted: 1, unchanged: 0 });
    const count = await store.figures.count();
    const second = await importFigureFile(store, file, { maxYear: MAX_YEAR });
    expect(second).toMatchObject({ rows: 1, inserted: 0, unchanged: 1 });
    expect(await store.figures.count()).toBe(count);
    expect((await one({ country: "PER", source: "ONDCP", metric: "cultivation_ha", year: 2021 })).value).toBe(84500);
    const revisions = detectRevisions(await store.figures.revisions({ country: "PER", source: "ONDCP", metric: "cultivation_ha" }));
    expect(revisions).toEqual([
      expect.objectContaining({ year: 2021, from: expect.objectContaining({ value: 84400 }), to: expect.objectContaining({ value: 84500 }) }),
    ]);
  });

  it("round-trips export then import into an empty store, as CSV and as JSON", async () => {
    const all = await store.figures.list({ allVintages: true });
    for (const [name, text] of [
      ["all.csv", figuresToCsv(all)],
      ["all.json", figuresToJson(all)],
    ] as const) {
      const file = join(dir, name);
      writeFileSync(file, text);
      const other = await openSqliteStore(":memory:");
      try {
        const summary = await importFigureFile(other, file, { maxYear: MAX_YEAR });
        expect(summary.inserted).toBe(all.length);
        expect(await other.figures.list({ allVintages: true })).toEqual(all);
      } finally {
        await other.close();
      }
    }
  });
});

describe("one value and one latest row per identity and vintage", () => {
  it("an import that repeats a figure with a second citation leaves one latest row with the stored value", async () => {
    const before = await store.figures.list({ country: "CO", year: 2023, metric: "cultivation_ha", source: "UNODC" });
    expect(before).toHaveLength(1);
    const header = readFileSync(join(process.cwd(), "data/official-figures.csv"), "utf8").split("\n")[0]!;
    const file = join(dir, "second-citation.csv");
    writeFileSync(
      file,
      `${header}\nCOL,national,national,2023,cultivation_ha,253000,ha,UNODC,UN,UNODC,coca_cultivation,2024,UNODC Colombia Monitoreo 2023,` +
        `"UNODC/SIMCI (2024) Colombia: Monitoreo de territorios con presencia de cultivos de coca 2023; https://www.unodc.org/",primary,\n`,
    );
    const summary = await importFigureFile(store, file, { maxYear: MAX_YEAR });
    expect(summary).toMatchObject({ rows: 1, inserted: 0, unchanged: 1 });
    const after = await store.figures.list({ country: "CO", year: 2023, metric: "cultivation_ha", source: "UNODC" });
    expect(after).toHaveLength(1);
    expect(after[0]!.value).toBe(253000);
    expect(after[0]!.published).toBe(before[0]!.published);
  });
});
