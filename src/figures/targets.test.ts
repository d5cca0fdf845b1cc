import { describe, expect, it } from "vitest";
import { fig } from "../../test/support/figures.ts";
import { loadPolicyInstruments, parsePolicyInstruments, type PolicyInstrument } from "./policy-instruments.ts";
import { checkShareTargets, checkTargets } from "./targets.ts";

const ondcp = { source: "ONDCP", sourceFamily: "US" as const };

describe("checkTargets", () => {
  const limit = (over: Partial<PolicyInstrument>): PolicyInstrument => ({
    id: "l",
    kind: "legal_limit",
    name: "limit",
    country: "BOL",
    region: "national",
    regionKind: "national",
    matchRegions: ["national"],
    metric: "cultivation_ha",
    value: 22000,
    unit: "ha",
    fromYear: 2017,
    toYear: null,
    citation: "law",
    citationKind: "secondary",
    notes: "",
    ...over,
  });

  it("gives each source's figure against the limit for the years it applies", () => {
    const checks = checkTargets(
      [limit({})],
      [
        fig({ year: 2016, value: 37500, ...ondcp }),
        fig({ year: 2017, value: 31000, ...ondcp }),
        fig({ year: 2017, value: 21000 }),
        fig({ year: 2018, value: 32900, ...ondcp }),
        fig({ year: 2018, value: 10900, metric: "cultivation_above_limit_ha", ...ondcp }),
      ],
    );
    expect(checks.map((c) => [c.year, c.source, c.difference, c.status, c.publishedExcess])).toEqual([
      [2017, "ONDCP", 9000, "over", null],
      [2017, "UNODC", -1000, "within", null],
      [2018, "ONDCP", 10900, "over", 10900],
    ]);
  });

  it("treats an eradication target as a minimum", () => {
    const target = limit({ kind: "eradication_target", metric: "eradication_ha", value: 25000, country: "PER", fromYear: 2015, toYear: 2016 });
    const per = { country: "PER", metric: "eradication_ha" as const, source: "Government of Peru", sourceFamily: "national" as const };
    const checks = checkTargets(
      [target],
      [fig({ ...per, year: 2015, value: 35868 }), fig({ ...per, year: 2016, value: 20000 }), fig({ ...per, year: 2017, value: 1 })],
    );
    expect(checks.map((c) => [c.year, c.status, c.difference])).toEqual([
      [2015, "met", 10868],
      [2016, "short", -5000],
    ]);
  });

  it("tracks Peru's 50% eradication target from the data file against the DEVIDA and US series, and leaves it out of the ha checks", () => {
    const instruments = loadPolicyInstruments().filter((i) => i.country === "PER");
    const per = { country: "PER", region: "national" };
    const figures = [
      fig({ ...per, year: 2019, value: 54655, source: "DEVIDA", sourceFamily: "national" }),
      fig({ ...per, year: 2019, value: 72000, ...ondcp }),
      fig({ ...per, year: 2019, value: 20000, metric: "eradication_ha", source: "Government of Peru", sourceFamily: "national" }),
      fig({ ...per, year: 2021, value: 80681, source: "DEVIDA", sourceFamily: "national" }),
    ];
    expect(checkTargets(instruments, figures)).toEqual([]);
    const [tracked, ...others] = checkShareTargets(instruments, figures);
    expect(others).toEqual([]);
    expect(tracked!.instrumentId).toBe("PER-devida-eradicate-half-by-2021");
    expect(tracked!.target).toMatchObject({ share: 0.5, fromYear: 2018, toYear: 2021 });
    expect(tracked!.target.citation).toMatch(/World Politics Review, 9 November 2018/);
    const row = (year: number, source: string) => tracked!.rows.find((r) => r.year === year && r.cultivationSource === source)!;
    expect(row(2019, "DEVIDA").shareOfGrossCrop).toBeCloseTo(20000 / 74655, 12);
    expect(row(2019, "ONDCP").shareOfGrossCrop).toBeCloseTo(20000 / 92000, 12);
    expect(row(2019, "ONDCP").status).toBe("short");
    expect(row(2021, "DEVIDA").status).toBe("no eradication figure");
  });

  it("refuses a share target in hectares", () => {
    const text = JSON.stringify({
      instruments: [
        {
          id: "s",
          kind: "eradication_share_target",
          name: "half",
          country: "PER",
          region: "national",
          regionKind: "national",
          matchRegions: ["national"],
          metric: "eradication_ha",
          value: 50,
          unit: "ha",
          fromYear: 2018,
          toYear: 2021,
          citation: "c",
          citationKind: "secondary",
          notes: "",
        },
      ],
    });
    expect(() => parsePolicyInstruments(text, "p.json")).toThrow(
      /p\.json: instruments\.0 \(s\): an eradication share target needs metric eradication_ha, unit '%'/,
    );
  });
});
