import { describe, expect, it } from "vitest";
import { estimateChange, estimateRatio, estimateTotal, perUnitDesign, type ChangeUnit } from "./change-estimator.ts";
import { ratioInterval, stratifiedProportionInterval } from "./interval-method.ts";
import { estimateStratified } from "./stratified-estimator.ts";

// Two strata: A (100 ha, 4 units), B (900 ha, 5 units). x = coca at t1, y = coca lost by t2.
//   A: (x, y) = (1, 1), (1, 0), (1, 0), (0, 0)     B: (1, 1), (0, 0), (0, 0), (0, 0), (0, 0)
const strata = [
  { id: "A", sizeHa: 100 },
  { id: "B", sizeHa: 900 },
];
const units: ChangeUnit[] = [
  { stratum: "A", fromClass: "coca", toClass: "other" },
  { stratum: "A", fromClass: "coca", toClass: "coca" },
  { stratum: "A", fromClass: "coca", toClass: "coca" },
  { stratum: "A", fromClass: "other", toClass: "other" },
  { stratum: "B", fromClass: "coca", toClass: "other" },
  { stratum: "B", fromClass: "other", toClass: "other" },
  { stratum: "B", fromClass: "other", toClass: "other" },
  { stratum: "B", fromClass: "other", toClass: "other" },
  { stratum: "B", fromClass: "other", toClass: "other" },
];

describe("change estimator", () => {
  it("computes the abandoned share as a combined ratio estimator, as by hand", () => {
    // By hand: Ŷ = 100·1/4 + 900·1/5 = 205 ha; X̂ = 100·3/4 + 900·1/5 = 255 ha; R̂ = 205/255.
    const R = 205 / 255;
    // Stratum A: s²y = (1 − 4·0.25²)/3 = 0.25; s²x = (3 − 4·0.75²)/3 = 0.25; sxy = (1 − 4·0.75·0.25)/3 = 1/12.
    // Stratum B: s²y = s²x = sxy = (1 − 5·0.2²)/4 = 0.2.
    const vA = (100 ** 2 * (0.25 + R * R * 0.25 - 2 * R * (1 / 12))) / 4;
    const vB = (900 ** 2 * (0.2 + R * R * 0.2 - 2 * R * 0.2)) / 5;
    const se = Math.sqrt(vA + vB) / 255;
    expect(se).toBeCloseTo(0.172713, 5); // the number worked out on paper: sqrt(693.964 + 1245.675) / 255
    const e = estimateChange({ strata, units, targetClass: "coca", z: 1.96, interval: "normal" });
    expect(e.areas.abandonedShare.ratio).toBeCloseTo(R, 12);
    expect(e.areas.abandonedShare.se).toBeCloseTo(se, 12);
    expect(e.areas.abandonedShare.ci![0]).toBeCloseTo(R - 1.96 * se, 12);
    expect(e.areas.abandonedShare.denominatorHa).toBeCloseTo(255, 9);
    expect(e.areas.lostHa.estimateHa).toBeCloseTo(205, 9);
    // Lost area SE: sqrt(100²·0.25/4 + 900²·0.2/5) = sqrt(625 + 32400).
    expect(e.areas.lostHa.seHa).toBeCloseTo(Math.sqrt(625 + 32400), 9);
    // Net change = new − lost = 0 − 205, with the SE of the difference variable.
    expect(e.areas.netChangeHa.estimateHa).toBeCloseTo(-205, 9);
    expect(e.areas.secondDateHa.estimateHa - e.areas.firstDateHa.estimateHa).toBeCloseTo(-205, 9);
  });

  it("uses the stratified score interval by default (Wilson for rates), as the area estimates; net change stays normal", () => {
    const e = estimateChange({ strata, units, targetClass: "coca", z: 1.96 });
    expect(e.interval).toBe("score");
    // Lost: A has 1 of 4, B 1 of 5; weights 0.1 and 0.9 of 1,000 ha.
    const lost = stratifiedProportionInterval(
      "score",
      [
        { weight: 0.1, n: 4, count: 1, fpcFactor: 1 },
        { weight: 0.9, n: 5, count: 1, fpcFactor: 1 },
      ],
      { z: 1.96, confidence: 0.95 },
    ).ci;
    expect(e.areas.lostHa.ciHa[0]).toBeCloseTo(lost[0] * 1000, 9);
    expect(e.areas.lostHa.ciHa[1]).toBeCloseTo(lost[1] * 1000, 9);
    // The score interval is not the normal one: it stays above 0 and is skewed upwards.
    const normal = estimateChange({ strata, units, targetClass: "coca", z: 1.96, interval: "normal" });
    expect(normal.areas.lostHa.ciHa[0]).toBeLessThan(e.areas.lostHa.ciHa[0]);
    expect(e.areas.lostHa.ciHa[0]).toBeGreaterThan(0);
    const ab = e.areas.abandonedShare;
    expect(ab.ci).toEqual(ratioInterval("score", ab.ratio!, ab.se!, ab.units, 1.96));
    expect(e.areas.netChangeHa.ciHa).toEqual(normal.areas.netChangeHa.ciHa);
    expect(() => estimateChange({ strata, units, targetClass: "coca", interval: "bootstrap" })).toThrow(/not "bootstrap"/);
  });

  it("gives the SE of net change with the covariance of new and lost (a difference variable, not a sum of variances)", () => {
    const u: ChangeUnit[] = [
      { stratum: "A", fromClass: "coca", toClass: "other" },
      { stratum: "A", fromClass: "other", toClass: "coca" },
      { stratum: "A", fromClass: "other", toClass: "other" },
      { stratum: "A", fromClass: "coca", toClass: "coca" },
    ];
    const e = estimateChange({ strata: [{ id: "A", sizeHa: 400 }], units: u, targetClass: "coca" });
    // y = (-1, 1, 0, 0): mean 0, s² = 2/3, SE = 400·sqrt(2/3/4).
    expect(e.areas.netChangeHa.estimateHa).toBeCloseTo(0, 12);
    expect(e.areas.netChangeHa.seHa).toBeCloseTo(400 * Math.sqrt(2 / 3 / 4), 9);
  });

  it("agrees with the Stehman area estimator for the area of each date's class, and with fpc", () => {
    const e = estimateChange({ strata: strata.map((s) => ({ ...s, sizeUnits: s.sizeHa * 10 })), units, targetClass: "coca", fpc: true });
    const s1 = estimateStratified({
      strata: strata.map((s) => ({ ...s, sizeUnits: s.sizeHa * 10 })),
      units: units.map((u) => ({ stratum: u.stratum, mapClass: u.stratum === "A" ? "coca" : "other", referenceClass: u.fromClass })),
      classes: ["coca", "other"],
      fpc: true,
    });
    expect(e.areas.firstDateHa.estimateHa).toBeCloseTo(s1.areaHa[0]!, 9);
    expect(e.areas.firstDateHa.seHa).toBeCloseTo(s1.areaSeHa[0]!, 9);
  });

  it("estimates per region as domains and each region's share of the net change", () => {
    const withRegions = units.map((u, k) => ({ ...u, region: k % 2 === 0 ? "north" : "south" }));
    const e = estimateChange({ strata, units: withRegions, targetClass: "coca" });
    const sum = e.byRegion.reduce((s, r) => s + r.lostHa.estimateHa, 0);
    expect(sum).toBeCloseTo(e.areas.lostHa.estimateHa, 9);
    const shares = e.byRegion.reduce((s, r) => s + r.shareOfNetChange.ratio!, 0);
    expect(shares).toBeCloseTo(1, 12);
    // Units 0 and 4 (both lost) are in "north": all the net change is there.
    expect(e.byRegion.find((r) => r.region === "north")!.shareOfNetChange.ratio).toBeCloseTo(1, 12);
  });

  it("estimates the replanted share of eradicated area, overall and by kind", () => {
    const u: ChangeUnit[] = [
      { stratum: "A", fromClass: "coca", toClass: "coca", eradicationKind: "forced" },
      { stratum: "A", fromClass: "coca", toClass: "other", eradicationKind: "forced" },
      { stratum: "A", fromClass: "coca", toClass: "coca", eradicationKind: "forced" },
      { stratum: "A", fromClass: "coca", toClass: "other", eradicationKind: "voluntary" },
      { stratum: "A", fromClass: "other", toClass: "other" },
      { stratum: "B", fromClass: "other", toClass: "other" },
      { stratum: "B", fromClass: "coca", toClass: "other", eradicationKind: "voluntary" },
    ];
    const e = estimateChange({ strata, units: u, targetClass: "coca" });
    // Ŷ = 100·2/5 = 40 ha; X̂ = 100·4/5 + 900·1/2 = 530 ha.
    expect(e.replanted!.overall.ratio).toBeCloseTo(40 / 530, 12);
    expect(e.replanted!.byKind.map((k) => [k.kind, k.ratio])).toEqual([
      ["forced", 2 / 3],
      ["voluntary", 0],
    ]);
    const d = perUnitDesign(
      strata,
      u.map((x) => x.stratum),
    ).design;
    const direct = estimateRatio(
      d,
      u.map((x) => (x.eradicationKind && x.toClass === "coca" ? 1 : 0)),
      u.map((x) => (x.eradicationKind ? 1 : 0)),
    );
    expect(e.replanted!.overall.se).toBeCloseTo(direct.se!, 12);
    expect(estimateTotal(d, [1, 1, 1, 1, 1, 1, 1]).total).toBeCloseTo(1000, 9);
  });
});
