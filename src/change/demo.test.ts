import { describe, expect, it } from "vitest";
import { DEFAULT_DEMO_PARAMS, demoHeadline, runChangeDemo } from "./demo.ts";

describe("change demo (simulated, known truth)", () => {
  it("keeps its books: first = persistent + lost, second = persistent + new; displaced, replanted by kind", () => {
    const d = runChangeDemo({ ...DEFAULT_DEMO_PARAMS, seed: 3, sizePx: 300 });
    const t = d.truth;
    expect(t.persistentHa + t.lostHa).toBeCloseTo(t.firstDateHa, 6);
    expect(t.persistentHa + t.newHa).toBeCloseTo(t.secondDateHa, 6);
    expect(t.netChangeHa).toBeCloseTo(t.secondDateHa - t.firstDateHa, 6);
    expect(t.fieldsNew).toBeGreaterThan(0);
    // New fields are displaced toward remote cells.
    expect(t.meanAccessPxNew).toBeGreaterThan(1.5 * t.meanAccessPxYear1);
    expect(d.records.length).toBe(t.fieldsEradicated.forced! + t.fieldsEradicated.voluntary!);
    expect(d.units.length).toBe(DEFAULT_DEMO_PARAMS.sampleSize);
    expect(demoHeadline(d)).toMatch(
      /^\[SIMULATED\] Coca (fell|rose) from .* ha \(net .* ha, 95% CI .*\); of .* ha eradicated, .*% was replanted .*the simulated truth is/,
    );
    // Same seed, same survey.
    const again = runChangeDemo({ ...DEFAULT_DEMO_PARAMS, seed: 3, sizePx: 300 });
    expect(again.estimate.areas.netChangeHa).toEqual(d.estimate.areas.netChangeHa);
  });

  it("covers the simulated truth with its 95% intervals in a large majority of seeded runs", () => {
    const keys = ["newHa", "persistentHa", "lostHa", "netChangeHa"] as const;
    const hits: Record<string, number> = { replanted: 0, abandoned: 0 };
    let replantedRuns = 0;
    const runs = 30;
    let forcedAboveVoluntary = 0;
    for (let seed = 1; seed <= runs; seed++) {
      const d = runChangeDemo({ ...DEFAULT_DEMO_PARAMS, seed, sizePx: 300 });
      for (const k of keys) {
        const [lo, hi] = d.estimate.areas[k].ciHa;
        if (lo <= d.truth[k] && d.truth[k] <= hi) hits[k] = (hits[k] ?? 0) + 1;
      }
      const r = d.estimate.replanted?.overall;
      if (r?.ci && d.truth.replantedShare !== null) {
        replantedRuns++;
        if (r.ci[0] <= d.truth.replantedShare && d.truth.replantedShare <= r.ci[1]) hits.replanted!++;
      }
      const a = d.estimate.areas.abandonedShare;
      if (a.ci && a.ci[0] <= d.truth.abandonedShare && d.truth.abandonedShare <= a.ci[1]) hits.abandoned!++;
      if ((d.truth.replantedShareByKind.forced ?? 0) > (d.truth.replantedShareByKind.voluntary ?? 1)) forcedAboveVoluntary++;
    }
    const coverage = Object.fromEntries(Object.entries(hits).map(([k, v]) => [k, v / (k === "replanted" ? replantedRuns : runs)]));
    console.log(
      `change demo: 95% CI coverage of the simulated truth over ${runs} seeds (300 px, n = ${DEFAULT_DEMO_PARAMS.sampleSize}): ${JSON.stringify(coverage)}`,
    );
    expect(replantedRuns).toBe(runs);
    for (const [k, v] of Object.entries(coverage)) expect(v, k).toBeGreaterThanOrEqual(0.8);
    expect(forcedAboveVoluntary).toBeGreaterThan(runs * 0.8);
  });
});
