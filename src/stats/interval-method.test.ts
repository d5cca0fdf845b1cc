/**
 * The interval procedures: Wilson's interval as the one-stratum case of the
 * score interval, the constrained stratum proportions, Satterthwaite's df, and
 * a small seeded coverage run of the rare-omission design (the full 1,000-sample
 * set is bench/interval-coverage.ts).
 */
import { describe, expect, it } from "vitest";
import { coverageScenarios, measureCoverage } from "./coverage-scenarios.ts";
import { constrainedProportions, ratioInterval, satterthwaiteDf, stratifiedProportionInterval, wilsonInterval, type StratumCount } from "./interval-method.ts";
import { createRandom } from "./random.ts";

const Z = 1.959963984540054;
const opts = { z: Z, confidence: 0.95 };

describe("stratified score interval", () => {
  it("is Wilson's interval for one stratum", () => {
    const one: StratumCount[] = [{ weight: 1, n: 40, count: 3, fpcFactor: 1 }];
    const [lo, hi] = stratifiedProportionInterval("score", one, opts).ci;
    const [wlo, whi] = wilsonInterval(3 / 40, 40, Z);
    expect(lo).toBeCloseTo(wlo, 9);
    expect(hi).toBeCloseTo(whi, 9);
    // Closed form: (p + z²/2n ± z√(p(1−p)/n + z²/4n²)) / (1 + z²/n).
    const p = 3 / 40;
    const c = (p + (Z * Z) / 80) / (1 + (Z * Z) / 40);
    const h = (Z / (1 + (Z * Z) / 40)) * Math.sqrt((p * (1 - p)) / 40 + (Z * Z) / 6400);
    expect(wlo).toBeCloseTo(c - h, 12);
    expect(whi).toBeCloseTo(c + h, 12);
    expect(wlo).toBeCloseTo(0.02584, 4);
    expect(whi).toBeCloseTo(0.19863, 4);
  });

  it("finds stratum proportions with the given total that maximise the likelihood", () => {
    const strata: StratumCount[] = [
      { weight: 0.01, n: 200, count: 160, fpcFactor: 1 },
      { weight: 0.99, n: 400, count: 0, fpcFactor: 1 },
    ];
    for (const p0 of [0.005, 0.0081, 0.02]) {
      const ps = constrainedProportions(strata, p0);
      expect(0.01 * ps[0]! + 0.99 * ps[1]!).toBeCloseTo(p0, 10);
      ps.forEach((ph) => expect(ph >= 0 && ph <= 1).toBe(true));
    }
    // At the estimate itself the constrained values are the sample proportions.
    const at = constrainedProportions(strata, 0.01 * 0.8);
    expect(at[0]).toBeCloseTo(0.8, 6);
    expect(at[1]).toBeCloseTo(0, 6);
  });

  it("reaches above the estimate when a large stratum shows none of the class (the normal interval cannot)", () => {
    const strata: StratumCount[] = [
      { weight: 0.01, n: 200, count: 160, fpcFactor: 1 },
      { weight: 0.99, n: 400, count: 0, fpcFactor: 1 },
    ];
    const normal = stratifiedProportionInterval("normal", strata, opts).ci;
    const score = stratifiedProportionInterval("score", strata, opts).ci;
    expect(score[0]).toBeGreaterThanOrEqual(0);
    // 0 of 400 in a stratum of weight 0.99: up to about 0.99 · z²/400 more.
    expect(score[1] - 0.008).toBeGreaterThan((0.99 * (Z * Z)) / 420);
    expect(normal[1] - 0.008).toBeLessThan(0.002);
  });

  it("gives Satterthwaite's df: n − 1 for one stratum, fewer when one stratum dominates the variance", () => {
    expect(satterthwaiteDf([{ weight: 1, n: 30, count: 6, fpcFactor: 1 }])).toBeCloseTo(29, 9);
    const df = satterthwaiteDf([
      { weight: 0.5, n: 5, count: 2, fpcFactor: 1 },
      { weight: 0.5, n: 100, count: 10, fpcFactor: 1 },
    ]);
    expect(df).toBeGreaterThan(4);
    expect(df).toBeLessThan(10);
    const t = stratifiedProportionInterval("t", [{ weight: 1, n: 30, count: 6, fpcFactor: 1 }], opts);
    const se = Math.sqrt((0.2 * 0.8) / 29);
    expect(t.ci[1] - 0.2).toBeCloseTo(2.045229642132703 * se, 6);
  });

  it("keeps ratio intervals in [0, 1] and gives a non-degenerate interval where the SE is 0", () => {
    const [lo, hi] = ratioInterval("score", 1, 0, 12, Z);
    expect(hi).toBe(1);
    expect(lo).toBeCloseTo(wilsonInterval(1, 12, Z)[0], 12);
    expect(lo).toBeLessThan(0.8);
    expect(ratioInterval("normal", 0.97, 0.05, 30, Z)[1]).toBe(1);
  });

  it("draws the bootstrap from the seed it is given", () => {
    const strata: StratumCount[] = [
      { weight: 0.3, n: 50, count: 20, fpcFactor: 1 },
      { weight: 0.7, n: 80, count: 8, fpcFactor: 1 },
    ];
    const a = stratifiedProportionInterval("bootstrap", strata, { ...opts, random: createRandom(3) }).ci;
    const b = stratifiedProportionInterval("bootstrap", strata, { ...opts, random: createRandom(3) }).ci;
    expect(a).toEqual(b);
    expect(a[0]).toBeLessThan(0.3 * 0.4 + 0.7 * 0.1);
    expect(a[1]).toBeGreaterThan(0.3 * 0.4 + 0.7 * 0.1);
  });
});

describe("coverage in a rare-omission design (seeded, 300 samples of a 600² population; the 1,000-sample set is a benchmark)", () => {
  const scenarios = coverageScenarios({ sizePx: 600 });
  const byName = new Map(scenarios.map((s) => [s.name, s]));

  it("strata = map classes: the normal interval misses, mostly too low; the score interval holds", () => {
    const [normal, score] = measureCoverage(byName.get("map-classes")!, ["normal", "score"], { samples: 300, seed: 1 });
    console.log(`map-classes: normal ${(normal!.coverage * 100).toFixed(1)}%, score ${(score!.coverage * 100).toFixed(1)}%`);
    expect(normal!.coverage).toBeLessThan(0.9);
    expect(normal!.missesLow).toBeGreaterThan(5 * normal!.missesHigh);
    expect(score!.coverage).toBeGreaterThanOrEqual(0.935);
    // Unbiased: the mean estimate is within 5% of the truth over 300 samples.
    expect(Math.abs(score!.meanEstimateOverTruth - 1)).toBeLessThan(0.05);
    // Almost every sample carries the small-count warning.
    expect(score!.flagged).toBeGreaterThan(0.8 * 300);
  });

  it("comfortable design: the score interval is within 5% of the normal interval's width", () => {
    const [normal, score] = measureCoverage(byName.get("comfortable")!, ["normal", "score"], { samples: 300, seed: 1 });
    console.log(
      `comfortable: normal ${(normal!.coverage * 100).toFixed(1)}% width ${normal!.meanRelativeWidth.toFixed(3)}, score ${(score!.coverage * 100).toFixed(1)}% width ${score!.meanRelativeWidth.toFixed(3)}`,
    );
    expect(score!.meanRelativeWidth / normal!.meanRelativeWidth).toBeLessThan(1.05);
    expect(score!.coverage).toBeGreaterThanOrEqual(0.92);
  });
});
