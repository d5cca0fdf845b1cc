/**
 * @module stats/stratified-design
 * Stratified random sampling of pixels from a stratum raster (the map classes, or
 * any stratification: map classes × regions, a buffer around mapped coca): frame
 * counts, sample size (given, or from a target SE), allocation, and a seeded
 * selection without replacement within each stratum.
 */
import { InputError } from "../domain/errors.ts";
import { allocateSample, allocationName, describeCountCheck, expectedCountCheck, type AllocationRule, type CountCheck } from "./allocation.ts";
import type { Random } from "./random.ts";
import { expectedStandardError, sampleSizeForClassArea, sampleSizeForOverallAccuracy, type SampleSizeResult } from "./sample-size.ts";
import { checkRasterShape, indexFrame, sampleRanks, selectIndexed, type FrameCounts, type StratumRaster } from "./sampling-frame.ts";

/** One selected pixel. */
export interface DesignUnit {
  /** Stable id for interpreters, e.g. "u0007". */
  unitId: string;
  /** Row-major pixel index. */
  index: number;
  row: number;
  col: number;
  /** Stratum value at the pixel. */
  stratum: number;
  /** Probability that this pixel was selected (n_h/N_h for stratified random sampling). */
  inclusionProbability: number;
}

export interface DesignStratum {
  id: number;
  /** Pixels of the stratum in the frame. */
  sizePx: number;
  sampleSize: number;
  inclusionProbability: number;
}

export type DesignKind = "stratified" | "simple-random" | "systematic";

export interface SampleDesign {
  design: DesignKind;
  width: number;
  height: number;
  strata: DesignStratum[];
  units: DesignUnit[];
  /** Seed of the random source used. */
  seed: number;
  /** Allocation rule (stratified designs). */
  allocation?: string;
  /** How n was chosen when derived from a target SE. */
  sampleSize?: SampleSizeResult & { target: string };
  /** Expected SE of the target (proportion of the frame), for the allocation drawn, when a target or anticipated proportions were given. */
  expectedSe?: number;
  /** Strata expected to hold fewer than 5 units of the target class, and an allocation that avoids them (anticipated proportions given). */
  countCheck?: CountCheck;
  /** Systematic designs: the grid step in pixels and its random offset. */
  grid?: { stepPx: number; offsetRow: number; offsetCol: number };
  warnings: string[];
}

/** A target standard error from which to derive n. `anticipated(stratum)` gives U_h (overall accuracy) or p_h (class area). */
export type SampleSizeTarget =
  | { kind: "overall-accuracy"; se: number; anticipated: (stratum: number) => number }
  | { kind: "class-area"; seHa: number; pixelAreaHa: number; anticipated: (stratum: number) => number; fpc?: boolean };

export interface StratifiedDesignInput {
  strataRaster: StratumRaster;
  width: number;
  height: number;
  /** Pixel value outside the frame (not sampled, not counted). */
  nodata?: number | null;
  /** Total sample size; or give `target`, or `sampleSizes` per stratum. */
  n?: number;
  target?: SampleSizeTarget;
  /** Fixed sample size per stratum value (overrides n and allocation). */
  sampleSizes?: ReadonlyMap<number, number>;
  allocation?: AllocationRule;
  /**
   * Anticipated proportion of the target class per stratum, with a fixed n: the SDs for Neyman allocation,
   * the expected SE and the expected-count check. A class-area `target` carries its own.
   */
  anticipated?: (stratum: number) => number;
  random: Random;
}

export function unitIdFor(k: number, total: number): string {
  return `u${String(k + 1).padStart(Math.max(4, String(total).length), "0")}`;
}

/** n from a target, with the per-stratum SD it assumed. */
export function sampleSizeFromTarget(
  target: SampleSizeTarget,
  ids: readonly number[],
  sizes: readonly number[],
  validPixels: number,
): SampleSizeResult & { target: string } {
  const anticipated = ids.map((id) => target.anticipated(id));
  if (target.kind === "overall-accuracy") {
    return {
      ...sampleSizeForOverallAccuracy({ weights: sizes, usersAccuracy: anticipated, targetSe: target.se }),
      target: `SE of overall accuracy ${target.se}`,
    };
  }
  const result = sampleSizeForClassArea({
    weights: sizes,
    anticipatedProportion: anticipated,
    targetSeHa: target.seHa,
    totalAreaHa: validPixels * target.pixelAreaHa,
    populationUnits: target.fpc ? validPixels : undefined,
  });
  return { ...result, target: `SE of the class's area ${target.seHa} ha` };
}

/**
 * Draw a stratified random sample of pixels.
 * @example
 * const design = designStratifiedSample({strataRaster, width, height, nodata: 0, n: 300,
 *   allocation: {minimum: 75}, random: createRandom(42)});
 */
export function designStratifiedSample(input: StratifiedDesignInput): SampleDesign {
  const { strataRaster, width, height, nodata } = input;
  checkRasterShape(strataRaster, width, height, "stratum raster");
  const frame = indexFrame(strataRaster, width, height, nodata);
  const plan = planStratifiedSample(frame, input);
  const indices = selectIndexed(strataRaster, frame, plan.ranks);
  return stratifiedDesignOf(frame, plan, input, { width, height, indices, stratumAt: (i) => strataRaster[i]! });
}

/** What a stratified design decides from the frame's counts alone: sample size per stratum, and the ranks drawn within each. */
export interface StratifiedPlan {
  /** Sample size per stratum, in the order of the frame's ids. */
  counts: number[];
  /** Ascending ranks to select within each stratum (by stratum value), drawn in the order of the frame's ids. */
  ranks: Map<number, number[]>;
  rule: AllocationRule;
  sampleSize?: SampleDesign["sampleSize"];
  countCheck?: CountCheck;
  warnings: string[];
}

export type StratifiedPlanInput = Omit<StratifiedDesignInput, "strataRaster" | "width" | "height" | "nodata">;

/**
 * Sample sizes, allocation and the ranks within each stratum, from the frame's counts (`countStrata` or `indexFrame`,
 * or counts made by strips): the random draws happen here, in the order of the strata ids.
 */
export function planStratifiedSample(frame: FrameCounts, input: StratifiedPlanInput): StratifiedPlan {
  const { random } = input;
  if (frame.validPixels === 0) throw new InputError("the stratum raster has no valid pixels (all nodata)");
  const warnings: string[] = [];
  let counts: number[];
  let sampleSize: SampleDesign["sampleSize"];
  let countCheck: CountCheck | undefined;
  const rule = input.allocation ?? "proportional";

  if (input.sampleSizes) {
    for (const id of input.sampleSizes.keys()) {
      if (!frame.ids.includes(id))
        throw new InputError(`a sample size is given for stratum ${id}, which has no pixels in the raster`, { field: "sampleSizes" });
    }
    counts = frame.ids.map((id, h) => {
      const k = input.sampleSizes!.get(id) ?? 0;
      if (!(Number.isInteger(k) && k >= 0))
        throw new InputError(`sample size of stratum ${id} must be a whole number >= 0, got ${k}`, { field: "sampleSizes" });
      if (k > frame.sizes[h]!) throw new InputError(`stratum ${id} has ${frame.sizes[h]} pixels; cannot sample ${k}`, { field: "sampleSizes" });
      if (k < 2) warnings.push(`stratum ${id} gets ${k} unit(s): too few for a variance estimate`);
      return k;
    });
  } else {
    let n = input.n;
    if (n === undefined) {
      if (!input.target) throw new InputError("give a sample size n or a target standard error", { field: "n" });
      sampleSize = sampleSizeFromTarget(input.target, frame.ids, frame.sizes, frame.validPixels);
      n = Math.min(sampleSize.n, frame.validPixels);
    }
    const anticipated = input.target?.anticipated ?? input.anticipated;
    const sd = anticipated ? frame.ids.map((id) => Math.sqrt(anticipated(id) * (1 - anticipated(id)))) : undefined;
    if (rule === "neyman" && !sd) {
      throw new InputError(
        "Neyman allocation needs the anticipated proportion of the target class in every stratum (--anticipated) to derive each stratum's SD",
        { field: "anticipated" },
      );
    }
    const allocation = allocateSample({ n, sizes: frame.sizes, rule, sd, ids: frame.ids });
    counts = allocation.sampleSizes;
    warnings.push(...allocation.warnings);
    if (anticipated && input.target?.kind !== "overall-accuracy") {
      countCheck = expectedCountCheck({
        n,
        sizes: frame.sizes,
        rule,
        sd,
        ids: frame.ids,
        sampleSizes: counts,
        anticipated: frame.ids.map((id) => anticipated(id)),
      });
      warnings.push(...describeCountCheck(countCheck));
    }
  }

  const ranks = new Map<number, number[]>();
  frame.ids.forEach((id, h) => ranks.set(id, sampleRanks(frame.sizes[h]!, counts[h]!, random)));
  return { counts, ranks, rule, sampleSize, countCheck, warnings };
}

/** The design of a plan once its ranks are found: `indices` are the selected pixels in ascending order, `stratumAt` their strata. */
export function stratifiedDesignOf(
  frame: FrameCounts,
  plan: StratifiedPlan,
  input: StratifiedPlanInput,
  { width, height, indices, stratumAt }: { width: number; height: number; indices: readonly number[]; stratumAt: (index: number) => number },
): SampleDesign {
  const { counts, rule, sampleSize, countCheck, warnings } = plan;
  const strata: DesignStratum[] = frame.ids.map((id, h) => ({
    id,
    sizePx: frame.sizes[h]!,
    sampleSize: counts[h]!,
    inclusionProbability: counts[h]! / frame.sizes[h]!,
  }));
  const byId = new Map(strata.map((s) => [s.id, s]));
  const units = indices.map((index, k): DesignUnit => {
    const stratum = stratumAt(index);
    return {
      unitId: unitIdFor(k, indices.length),
      index,
      row: Math.floor(index / width),
      col: index % width,
      stratum,
      inclusionProbability: byId.get(stratum)!.inclusionProbability,
    };
  });
  let expectedSe: number | undefined;
  const anticipatedFn = input.target?.anticipated ?? input.anticipated;
  if (anticipatedFn) {
    const sd = frame.ids.map((id) => {
      const p = anticipatedFn(id);
      return Math.sqrt(p * (1 - p));
    });
    expectedSe = expectedStandardError({ weights: frame.sizes, sd, sampleSizes: counts });
  }
  return {
    design: "stratified",
    width,
    height,
    strata,
    units,
    seed: input.random.seed,
    allocation: input.sampleSizes ? "given" : allocationName(rule),
    sampleSize,
    expectedSe,
    countCheck,
    warnings,
  };
}
