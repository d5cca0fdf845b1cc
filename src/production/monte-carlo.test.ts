import { describe, expect, it } from "vitest";
import { createRandom } from "../stats/random.ts";
import { estimateProduction } from "./estimate.ts";
import { compileModel } from "./model.ts";
import { createMonteCarloWorkspace, runMonteCarlo, summarizeMonteCarlo } from "./monte-carlo.ts";
import { loadParameterSets } from "./parameter-set-loader.ts";

const sets = await loadParameterSets();
const per = sets.find((s) => s.name === "unodc-per-2016")!;
const col = sets.find((s) => s.name === "unodc-col-2017-2023")!;
const perModel = compileModel(per, [{ region: "national", areaHa: 43_900, areaSeHa: 2_000 }]);

describe("a Monte Carlo workspace lent to run after run", () => {
  it("gives the draws and summaries of fresh arrays, run after run, whatever ran on it before", () => {
    const ws = createMonteCarloWorkspace();
    const fresh = runMonteCarlo(perModel, { draws: 5_000, random: createRandom(7) });
    const freshSummary = summarizeMonteCarlo(fresh);
    // Another model with other draws and another draw count first: nothing of it may show through.
    const colModel = compileModel(col, [{ region: "national", areaHa: 200_000, areaSeHa: 9_000 }]);
    runMonteCarlo(colModel, { draws: 5_000, random: createRandom(99), workspace: ws });
    runMonteCarlo(perModel, { draws: 3_000, random: createRandom(5), workspace: ws });
    const lent = runMonteCarlo(perModel, { draws: 5_000, random: createRandom(7), workspace: ws });
    expect(lent.cocaineT).toEqual(fresh.cocaineT);
    expect(lent.leafT).toEqual(fresh.leafT);
    expect(lent.columns).toEqual(fresh.columns);
    expect(summarizeMonteCarlo(lent)).toEqual(freshSummary);
    // The next run on the workspace overwrites them: the result is the workspace's arrays, not copies.
    const before = lent.cocaineT[0];
    runMonteCarlo(perModel, { draws: 5_000, random: createRandom(8), workspace: ws });
    expect(lent.cocaineT[0]).not.toBe(before);
  });

  it("estimateProduction shares one workspace between calls and still gives each call its own numbers", () => {
    const input = (seed: number, areaHa: number) =>
      ({
        country: "PER",
        year: 2016,
        regions: [{ region: "national", areaHa, areaSeHa: 2_000 }],
        params: per,
        draws: 20_000,
        random: createRandom(seed),
      }) as const;
    const a = estimateProduction(input(1, 43_900));
    const b = estimateProduction(input(2, 60_000));
    const a2 = estimateProduction(input(1, 43_900));
    expect(a2).toEqual(a);
    expect(b.cocaineT.median).toBeGreaterThan(a.cocaineT.median);
  });
});
