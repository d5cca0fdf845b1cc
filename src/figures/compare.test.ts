import { describe, expect, it } from "vitest";
import { InputError } from "../domain/errors.ts";
import { fig } from "../../test/support/figures.ts";
import { compareSources } from "./compare.ts";

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
    const c = compareSources([fig({ ...gov, sourceTerm: "manual_eradication", value: 2589 }), fig({ ...gov, sourceTerm: "aerial_spraying", value: 136550 })], {
      country: "COL",
      region: "national",
      metric: "eradication_ha",
    });
    expect(c.columns.map((col) => col.key).sort()).toEqual(["Government of Colombia: aerial_spraying", "Government of Colombia: manual_eradication"]);
  });
});
