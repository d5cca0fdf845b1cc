/**
 * Simulation: a synthetic map with known true coca area and known map errors;
 * 1,000 seeded samples per design; the 95% interval must cover the true area in
 * 93.5-96.5% of them, and never collapse to zero width.
 */
import { describe, expect, it } from "vitest";
import type { AreaEstimate } from "./area-estimate.ts";
import { estimatePostStratified, estimateSimpleRandom } from "./post-stratified.ts";
import { createRandom } from "./random.ts";
import { designSimpleRandomSample } from "./simple-random-design.ts";
import { designStratifiedSample } from "./stratified-design.ts";
import { estimateStratified } from "./stratified-estimator.ts";

const WIDTH = 100;
const HEIGHT = 100;
const PIXEL_AREA_HA = 0.09;
const REPS = 1000;
const CLASSES = ["coca", "other"];

/**
 * Coca-growing blocks (a checkerboard of 20 × 40 px blocks) where 30% of pixels
 * are coca, 3% elsewhere. The map finds 75% of coca and marks 5% (blocks) or
 * 0.5% (elsewhere) of non-coca as coca. Strata differ from map classes: mapped
 * coca, a "buffer" of mapped non-coca inside the blocks, and the rest.
 */
function syntheticLandscape(): { truth: Uint8Array; map: Uint8Array; strata: Uint8Array; trueCocaHa: number } {
  const g = createRandom(2026);
  const truth = new Uint8Array(WIDTH * HEIGHT);
  const map = new Uint8Array(WIDTH * HEIGHT);
  const strata = new Uint8Array(WIDTH * HEIGHT);
  let coca = 0;
  for (let r = 0; r < HEIGHT; r++) {
    for (let c = 0; c < WIDTH; c++) {
      const i = r * WIDTH + c;
      const zone = (Math.floor(r / 20) + Math.floor(c / 40)) % 3 === 0;
      const isCoca = g.next() < (zone ? 0.3 : 0.03);
      const mappedCoca = isCoca ? g.next() < 0.75 : g.next() < (zone ? 0.05 : 0.005);
      truth[i] = isCoca ? 1 : 2;
      map[i] = mappedCoca ? 1 : 2;
      strata[i] = mappedCoca ? 1 : zone ? 2 : 3;
      if (isCoca) coca++;
    }
  }
  return { truth, map, strata, trueCocaHa: coca * PIXEL_AREA_HA };
}

const { truth, map, strata, trueCocaHa } = syntheticLandscape();
const label = (v: number): string => (v === 1 ? "coca" : "other");

function summarise(estimates: AreaEstimate[]): { coverage: number; zeroWidth: number; meanHa: number; sdHa: number } {
  let covered = 0;
  let zeroWidth = 0;
  let sum = 0;
  let sum2 = 0;
  for (const e of estimates) {
    const [lo, hi] = e.areaCiHa[0]!;
    if (lo <= trueCocaHa && trueCocaHa <= hi) covered++;
    if (hi - lo === 0) zeroWidth++;
    sum += e.areaHa[0]!;
    sum2 += e.areaHa[0]! ** 2;
  }
  const meanHa = sum / estimates.length;
  return { coverage: covered / estimates.length, zeroWidth, meanHa, sdHa: Math.sqrt(sum2 / estimates.length - meanHa ** 2) };
}

function expectHonest(name: string, s: ReturnType<typeof summarise>): void {
  console.log(
    `${name}: coverage ${(s.coverage * 100).toFixed(1)}%, mean ${s.meanHa.toFixed(2)} ha vs true ${trueCocaHa.toFixed(2)} ha, zero-width ${s.zeroWidth}`,
  );
  expect(s.coverage).toBeGreaterThanOrEqual(0.935);
  expect(s.coverage).toBeLessThanOrEqual(0.965);
  expect(s.zeroWidth).toBe(0);
  // Unbiased: the mean of 1,000 estimates is within 4 Monte Carlo standard errors of the truth.
  expect(Math.abs(s.meanHa - trueCocaHa)).toBeLessThan((4 * s.sdHa) / Math.sqrt(REPS));
}

describe("coverage of 95% intervals on a synthetic map (1,000 samples each)", () => {
  it("has a known truth and map errors", () => {
    expect(trueCocaHa).toBeCloseTo(1200 * PIXEL_AREA_HA, 6);
    let mapped = 0;
    for (const v of map) if (v === 1) mapped++;
    expect(mapped).toBe(1055);
  });

  it("stratified random sampling, strata ≠ map classes (Stehman estimator, fpc)", () => {
    const random = createRandom(11);
    const estimates: AreaEstimate[] = [];
    for (let rep = 0; rep < REPS; rep++) {
      const d = designStratifiedSample({
        strataRaster: strata,
        width: WIDTH,
        height: HEIGHT,
        sampleSizes: new Map([
          [1, 60],
          [2, 140],
          [3, 400],
        ]),
        random,
      });
      estimates.push(
        estimateStratified({
          strata: d.strata.map((s) => ({ id: String(s.id), sizeHa: s.sizePx * PIXEL_AREA_HA, sizeUnits: s.sizePx })),
          units: d.units.map((u) => ({ stratum: String(u.stratum), mapClass: label(map[u.index]!), referenceClass: label(truth[u.index]!) })),
          classes: CLASSES,
          fpc: true,
          confidence: 0.95,
        }),
      );
    }
    expectHonest("stratified", summarise(estimates));
  });

  for (const estimator of ["post-stratified", "simple-random"] as const) {
    it(`simple random sampling, ${estimator} estimator (fpc)`, () => {
      const random = createRandom(estimator === "post-stratified" ? 12 : 13);
      const estimates: AreaEstimate[] = [];
      for (let rep = 0; rep < REPS; rep++) {
        const d = designSimpleRandomSample({ strataRaster: map, width: WIDTH, height: HEIGHT, n: 900, random });
        const units = d.units.map((u) => ({ mapClass: label(map[u.index]!), referenceClass: label(truth[u.index]!) }));
        estimates.push(
          estimator === "post-stratified"
            ? estimatePostStratified({
                units,
                mappedAreas: d.strata.map((s) => ({ mapClass: label(s.id), sizeHa: s.sizePx * PIXEL_AREA_HA, sizeUnits: s.sizePx })),
                classes: CLASSES,
                fpc: true,
              })
            : estimateSimpleRandom({ units, totalAreaHa: WIDTH * HEIGHT * PIXEL_AREA_HA, totalUnits: WIDTH * HEIGHT, classes: CLASSES, fpc: true }),
        );
      }
      const s = summarise(estimates);
      expectHonest(`srs ${estimator}`, s);
      expect(estimates.every((e) => e.estimator === estimator)).toBe(true);
    });
  }
});
