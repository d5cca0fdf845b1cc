import { describe, expect, it } from "vitest";
import { openSqliteStore } from "../store/sqlite-store.ts";
import { ensureSeeded } from "./seed.ts";
import { loadPublishedRanges, parsePublishedRanges, rangeOf } from "./published-ranges.ts";

const HEADER = "country,region,year,metric,source,value,low,high,unit,citation,notes";

describe("published ranges", () => {
  it("every range of data/published-ranges.csv goes with a figure of the registry (same source, year and value)", async () => {
    const ranges = loadPublishedRanges();
    expect(ranges.length).toBeGreaterThan(0);
    const colombia = ranges.find((r) => r.country === "COL" && r.year === 2017 && r.metric === "cocaine_t")!;
    expect([colombia.source, colombia.value, colombia.low, colombia.high, colombia.unit]).toEqual(["UNODC", 1379, 1174, 1623, "t"]);
    const store = await openSqliteStore(":memory:");
    try {
      await ensureSeeded(store);
      const figures = await store.figures.list({});
      for (const r of ranges)
        expect(
          figures.some((f) => rangeOf(f, [r]) === r),
          `${r.source} ${r.country} ${r.year} ${r.metric}`,
        ).toBe(true);
    } finally {
      await store.close();
    }
  });

  it("refuses a range that does not hold its value, a wrong unit, an unknown metric or country, naming the file and line", () => {
    const row = (cells: string): string => `${HEADER}\n${cells}\n`;
    expect(() => parsePublishedRanges(row("COL,national,2017,cocaine_t,UNODC,1379,1400,1623,t,c,"), "r.csv")).toThrow(
      /r\.csv: line 2: the range 1400-1623 does not hold the value 1379/,
    );
    expect(() => parsePublishedRanges(row("COL,national,2017,cocaine_t,UNODC,1379,1174,1623,ha,c,"), "r.csv")).toThrow(
      /line 2: unit "ha" is not the unit of cocaine_t/,
    );
    expect(() => parsePublishedRanges(row("COL,national,2017,cocaine,UNODC,1379,1174,1623,t,c,"), "r.csv")).toThrow(/line 2: metric "cocaine"/);
    expect(() => parsePublishedRanges(row("Atlantis,national,2017,cocaine_t,UNODC,1379,1174,1623,t,c,"), "r.csv")).toThrow(/line 2: country "Atlantis"/);
    expect(() => parsePublishedRanges(row("COL,national,2017,cocaine_t,UNODC,1379,1174,1623,t,,"), "r.csv")).toThrow(/line 2: citation is empty/);
    expect(() => parsePublishedRanges("country,year\nCOL,2017\n", "r.csv")).toThrow(/r\.csv: missing column/);
  });

  it("matches only the figure it was published with", () => {
    const [r] = parsePublishedRanges(`${HEADER}\nCOL,national,2017,cocaine_t,UNODC,1379,1174,1623,t,c,\n`, "r.csv");
    const f = { country: "COL", region: "national", year: 2017, metric: "cocaine_t" as const, source: "UNODC", value: 1379 };
    expect(rangeOf(f, [r!])).toBe(r);
    expect(rangeOf({ ...f, value: 1380 }, [r!])).toBeUndefined();
    expect(rangeOf({ ...f, source: "ONDCP" }, [r!])).toBeUndefined();
    expect(rangeOf({ ...f, region: "National" }, [r!])).toBe(r);
  });
});
