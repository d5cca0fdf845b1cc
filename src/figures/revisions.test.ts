import { describe, expect, it } from "vitest";
import { fig } from "../../test/support/figures.ts";
import { detectRevisions } from "./revisions.ts";

const ondcp = { source: "ONDCP", sourceFamily: "US" as const };

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
