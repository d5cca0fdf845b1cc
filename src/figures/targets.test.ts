import { describe, expect, it } from "vitest";
import { fig } from "../../test/support/figures.ts";
import type { PolicyInstrument } from "./policy-instruments.ts";
import { checkTargets } from "./targets.ts";

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
});
