import { describe, expect, it } from "vitest";
import { InputError } from "../domain/errors.ts";
import type { Figure } from "../domain/figure.ts";
import { compareSources } from "./compare.ts";
import { detectRevisions } from "./revisions.ts";
import { checkTargets } from "./targets.ts";
import type { PolicyInstrument } from "./policy-instruments.ts";

function fig(over: Partial<Figure>): Figure {
  return {
    country: "BOL",
    region: "national",
    regionKind: "national",
    year: 2017,
    metric: "cultivation_ha",
    value: 1,
    unit: "ha",
    source: "UNODC",
    sourceFamily: "UN",
    sourceTerm: "coca_cultivation",
    published: "2018",
    publicationTitle: "t",
    citation: "c",
    citationKind: "primary",
    notes: "",
    ...over,
  };
}

const ondcp = { source: "ONDCP", sourceFamily: "US" as const };

describe("compareSources", () => {
  it("puts sources side by side per year, with differences from UNODC, and missing years as null", () => {
    const c = compareSources(
      [
        fig({ year: 2016, value: 37500, ...ondcp }),
        fig({ year: 2017, value: 31000, ...ondcp }),
        fig({ year: 2017, value: 24500 }),
        fig({ year: 2015, value: 20200 }),
      ],
      { country: "BOL", region: "national", metric: "cultivation_ha" },
    );
    expect(c.base).toBe("UNODC");
    expect(c.columns.map((col) => col.key)).toEqual(["UNODC", "ONDCP"]);
    expect(c.years.map((y) => y.year)).toEqual([2015, 2016, 2017]);
    expect(c.years[1]!.values).toEqual({ UNODC: null, ONDCP: expect.objectContaining({ value: 37500 }) });
    expect(c.years[1]!.differences.ONDCP).toBeNull();
    expect(c.years[0]!.values.ONDCP).toBeNull();
    expect(c.years[2]!.differences.ONDCP!.absolute).toBe(6500);
    expect(c.years[2]!.differences.ONDCP!.relative).toBeCloseTo(6500 / 24500, 12);
  });

  it("takes another base on request and refuses a base that published nothing", () => {
    const figures = [fig({ value: 24500 }), fig({ value: 31000, ...ondcp })];
    const c = compareSources(figures, { country: "BOL", region: "national", metric: "cultivation_ha", base: "ondcp" });
    expect(c.base).toBe("ONDCP");
    expect(c.years[0]!.differences.UNODC!.absolute).toBe(-6500);
    expect(() => compareSources(figures, { country: "BOL", region: "national", metric: "cultivation_ha", base: "DEVIDA" })).toThrow(InputError);
  });

  it("splits a source into one column per term when it publishes several", () => {
    const gov = { source: "Government of Colombia", sourceFamily: "national" as const, country: "COL", metric: "eradication_ha" as const };
    const c = compareSources(
      [fig({ ...gov, sourceTerm: "manual_eradication", value: 2589 }), fig({ ...gov, sourceTerm: "aerial_spraying", value: 136550 })],
      { country: "COL", region: "national", metric: "eradication_ha" },
    );
    expect(c.columns.map((col) => col.key).sort()).toEqual(["Government of Colombia: aerial_spraying", "Government of Colombia: manual_eradication"]);
  });
});

describe("detectRevisions", () => {
  it("reports each change between consecutive vintages, not repeats", () => {
    const base = { country: "BOL", year: 2011, metric: "cocaine_t" as const, unit: "t", ...ondcp, sourceTerm: "potential_pure_cocaine" };
    const revisions = detectRevisions([
      fig({ ...base, value: 190, published: "2013" }),
      fig({ ...base, value: 265, published: "2012" }),
      fig({ ...base, value: 190, published: "2019" }),
      fig({ ...base, year: 2012, value: 165, published: "2019" }),
    ]);
    expect(revisions).toHaveLength(1);
    expect(revisions[0]).toMatchObject({ year: 2011, from: { value: 265, published: "2012" }, to: { value: 190, published: "2013" }, change: -75 });
    expect(revisions[0]!.relativeChange).toBeCloseTo(-75 / 265, 12);
  });
});

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
    const checks = checkTargets([target], [fig({ ...per, year: 2015, value: 35868 }), fig({ ...per, year: 2016, value: 20000 }), fig({ ...per, year: 2017, value: 1 })]);
    expect(checks.map((c) => [c.year, c.status, c.difference])).toEqual([
      [2015, "met", 10868],
      [2016, "short", -5000],
    ]);
  });
});
