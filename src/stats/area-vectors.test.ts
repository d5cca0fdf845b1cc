import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { hasShared, sharedPath } from "../../test/support/shared.ts";
import type { AreaEstimate } from "./area-estimate.ts";
import { estimateFromErrorMatrix } from "./olofsson-estimator.ts";
import { sampleSizeForOverallAccuracy } from "./sample-size.ts";
import { estimateStratified, type LabelledUnit } from "./stratified-estimator.ts";

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
// The published worked examples, copied from ../shared/reference/area-vectors.json with their citations
// (test/fixtures/README.md), so a clean clone tests them too.
const vectorsPath = resolve(projectRoot, "test/fixtures/area-vectors.json");
const sharedVectorsPath = sharedPath("reference/area-vectors.json");
const haveSharedVectors = hasShared("the check of the area-vectors copy against ../shared", sharedVectorsPath);

interface Vector {
  name: string;
  citation: string;
  inputs: {
    classes: string[];
    mapped_area_ha?: number[];
    mapped_area_weights?: number[];
    mapped_area_pixels?: number[];
    sample_counts: number[][];
  };
  expected: { computed: Record<string, unknown>; published_rounded: Record<string, unknown> };
  sample_size_design_example?: {
    weights_W: number[];
    conjectured_users_accuracy: number[];
    target_se_overall_accuracy: number;
    expected_sum_W_S: number;
    expected_n_unrounded: number;
    expected_n_ceiling: number;
  };
}

/** Half a unit in the last printed decimal of `x` (JSON numbers print in shortest round-trip form). */
function printedTolerance(x: number): number {
  const s = String(x);
  const decimals = s.includes(".") ? s.split(".")[1]!.length : 0;
  return 0.5 * 10 ** -decimals * (1 + 1e-9);
}

function expectPrinted(actual: number | null | undefined, expected: number, what: string): void {
  expect(actual, what).not.toBeNull();
  const err = Math.abs((actual as number) - expected);
  expect(err, `${what}: ${actual} vs printed ${expected}`).toBeLessThanOrEqual(printedTolerance(expected));
}

function expectPrintedAll(actual: readonly (number | null)[], expected: readonly number[], what: string): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expectPrinted(actual[i], e, `${what}[${i}]`));
}

function toUnits(classes: string[], counts: number[][]): LabelledUnit[] {
  const units: LabelledUnit[] = [];
  counts.forEach((row, i) =>
    row.forEach((c, j) => {
      for (let k = 0; k < c; k++) units.push({ stratum: classes[i]!, mapClass: classes[i]!, referenceClass: classes[j]! });
    }),
  );
  return units;
}

function checkComputed(e: AreaEstimate, c: Record<string, unknown>, unitIsArea: boolean, intervals = true): void {
  const n = (k: string): number[] => c[k] as number[];
  expectPrintedAll(e.errorMatrixProportions.flat(), (c.area_proportion_matrix_p_ij as number[][]).flat(), "p_ij");
  expectPrintedAll(e.areaProportion, n("area_proportion"), "area_proportion");
  expectPrintedAll(e.areaProportionSe, n("area_proportion_se"), "area_proportion_se");
  expectPrintedAll(e.areaHa, n("area"), "area");
  expectPrintedAll(e.areaSeHa, n("area_se"), "area_se");
  if (intervals) {
    expect(e.interval).toBe("normal");
    expectPrintedAll(
      e.areaCiHa.map(([lo, hi]) => (hi - lo) / 2),
      n("area_ci95_halfwidth"),
      "area_ci95_halfwidth",
    );
    expectPrintedAll(e.areaCiHa.flat(), (c.area_ci95 as number[][]).flat(), "area_ci95");
  }
  expectPrintedAll(e.usersAccuracy, n("users_accuracy"), "users_accuracy");
  expectPrintedAll(e.usersAccuracySe, n("users_accuracy_se"), "users_accuracy_se");
  expectPrintedAll(e.producersAccuracy, n("producers_accuracy"), "producers_accuracy");
  expectPrintedAll(e.producersAccuracySe, n("producers_accuracy_se"), "producers_accuracy_se");
  expectPrinted(e.overallAccuracy, c.overall_accuracy as number, "overall_accuracy");
  expectPrinted(e.overallAccuracySe, c.overall_accuracy_se as number, "overall_accuracy_se");
  expectPrintedAll(
    e.strata.map((s) => s.sampleSize),
    n("sample_size_per_stratum"),
    "n_i",
  );
  expectPrintedAll(
    e.mappedAreaHa.map((a) => a / e.totalAreaHa),
    n("weights_W"),
    "W_i",
  );
  expect(c.area_unit).toBe(unitIsArea ? "ha" : "proportion of total (weights sum to 1)");
}

function checkPublished(e: AreaEstimate, p: Record<string, unknown>): void {
  const half = (s: number | null): number => e.z * (s as number);
  expectPrintedAll(e.usersAccuracy, p.users_accuracy as number[], "published UA");
  expectPrintedAll(e.producersAccuracy, p.producers_accuracy as number[], "published PA");
  expectPrinted(e.overallAccuracy, p.overall_accuracy as number, "published OA");
  expectPrinted(e.z * e.overallAccuracySe, p.overall_accuracy_ci95_halfwidth as number, "published OA half-width");
  expectPrintedAll(e.usersAccuracySe.map(half), p.users_accuracy_ci95_halfwidth as number[], "published UA half-width");
  expectPrintedAll(e.producersAccuracySe.map(half), p.producers_accuracy_ci95_halfwidth as number[], "published PA half-width");
  if (p.area_ha) {
    expectPrintedAll(e.areaHa, p.area_ha as number[], "published area");
    expectPrintedAll(
      e.areaSeHa.map((s) => e.z * s),
      p.area_ci95_halfwidth_ha as number[],
      "published area half-width",
    );
  }
}

describe("area-vectors.json", () => {
  const file = JSON.parse(readFileSync(vectorsPath, "utf8")) as { z_for_ci95: number; vectors: Vector[] };
  const z = file.z_for_ci95;

  it("holds the examples this suite knows", () => {
    expect(file.vectors.map((v) => v.name)).toEqual(["olofsson2014_good_practices_example", "olofsson2013_example2"]);
  });

  it("keeps each example's citation", () => {
    for (const v of file.vectors) expect(v.citation, v.name).toMatch(/^Olofsson .*\(201[34]\) .*(Remote Sensing of Environment|RSE) 1(48|29):/);
  });

  it.skipIf(!haveSharedVectors)("is the same as ../shared/reference/area-vectors.json", () => {
    expect(file).toEqual(JSON.parse(readFileSync(sharedVectorsPath, "utf8")));
  });

  for (const v of file.vectors) {
    const areas = v.inputs.mapped_area_ha ?? v.inputs.mapped_area_weights!;
    const unitIsArea = v.inputs.mapped_area_ha !== undefined;
    describe(v.name, () => {
      // The published tables' interval is the normal one (± z·SE): the "normal" option reproduces it.
      const matrix = estimateFromErrorMatrix({ classes: v.inputs.classes, mappedAreaHa: areas, sampleCounts: v.inputs.sample_counts, z, interval: "normal" });
      const perUnitOf = (interval?: "normal"): AreaEstimate =>
        estimateStratified({
          strata: v.inputs.classes.map((id, i) => ({ id, sizeHa: areas[i]! })),
          units: toUnits(v.inputs.classes, v.inputs.sample_counts),
          classes: v.inputs.classes,
          mappedAreaHa: areas,
          z,
          interval,
        });
      const perUnit = perUnitOf("normal");
      const matrixDefault = estimateFromErrorMatrix({ classes: v.inputs.classes, mappedAreaHa: areas, sampleCounts: v.inputs.sample_counts, z });
      const perUnitDefault = perUnitOf();

      it("matrix form reproduces every computed value to its printed precision", () => {
        checkComputed(matrix, v.expected.computed, unitIsArea);
      });
      it("per-unit (Stehman) form reproduces every computed value to its printed precision", () => {
        checkComputed(perUnit, v.expected.computed, unitIsArea);
      });
      it("under the default (score) interval the point estimates and SEs are unchanged, the intervals within [0, total] and around the estimate", () => {
        for (const e of [matrixDefault, perUnitDefault]) {
          expect(e.interval).toBe("score");
          checkComputed(e, v.expected.computed, unitIsArea, false);
          e.areaCiHa.forEach(([lo, hi], k) => {
            expect(lo).toBeGreaterThanOrEqual(0);
            expect(hi).toBeLessThanOrEqual(e.totalAreaHa * (1 + 1e-12));
            expect(lo).toBeLessThan(e.areaHa[k]!);
            expect(hi).toBeGreaterThan(e.areaHa[k]!);
          });
          for (const ci of [...e.usersAccuracyCi, ...e.producersAccuracyCi, e.overallAccuracyCi]) {
            expect(ci![0]).toBeGreaterThanOrEqual(0);
            expect(ci![1]).toBeLessThanOrEqual(1);
          }
        }
        // A class with 5 or more units in every stratum's sample: the score interval is close to the normal one
        // (half-widths within 15%). A class with fewer than 5 units in a large stratum (the rare change classes,
        // omitted in the stable strata) is flagged, and its interval reaches higher than the normal one.
        const small = new Set(matrixDefault.smallCounts.map((c) => c.class));
        expect(small.size).toBeGreaterThan(0);
        matrixDefault.areaCiHa.forEach(([lo, hi], k) => {
          const [nlo, nhi] = matrix.areaCiHa[k]!;
          if (small.has(v.inputs.classes[k]!)) {
            expect(hi).toBeGreaterThan(nhi);
          } else {
            expect(Math.abs(hi - lo - (nhi - nlo)) / 2).toBeLessThan(0.15 * ((nhi - nlo) / 2));
          }
        });
      });
      it("reproduces the published (rounded) figures", () => {
        checkPublished(matrix, v.expected.published_rounded);
      });
      it("per-unit and matrix forms agree to rounding error", () => {
        const pairs: [number[], number[]][] = [
          [perUnit.areaHa, matrix.areaHa],
          [perUnit.areaSeHa, matrix.areaSeHa],
          [perUnit.usersAccuracy as number[], matrix.usersAccuracy as number[]],
          [perUnit.usersAccuracySe as number[], matrix.usersAccuracySe as number[]],
          [perUnit.producersAccuracy as number[], matrix.producersAccuracy as number[]],
          [perUnit.producersAccuracySe as number[], matrix.producersAccuracySe as number[]],
          [perUnit.errorMatrixProportions.flat(), matrix.errorMatrixProportions.flat()],
          [
            [perUnit.overallAccuracy, perUnit.overallAccuracySe],
            [matrix.overallAccuracy, matrix.overallAccuracySe],
          ],
        ];
        for (const [a, b] of pairs) a.forEach((x, i) => expect(x).toBeCloseTo(b[i]!, 9));
      });
    });

    if (v.sample_size_design_example) {
      const d = v.sample_size_design_example;
      it(`${v.name}: sample size for a target SE of overall accuracy (Olofsson 2014 eq. 13)`, () => {
        const s = sampleSizeForOverallAccuracy({ weights: d.weights_W, usersAccuracy: d.conjectured_users_accuracy, targetSe: d.target_se_overall_accuracy });
        expectPrinted(s.sumWeightedSd, d.expected_sum_W_S, "sum W_i S_i");
        expectPrinted(s.nUnrounded, d.expected_n_unrounded, "n");
        expect(s.n).toBe(d.expected_n_ceiling);
      });
    }
  }
});
