/**
 * @module stats/systematic-design
 * Systematic sampling: a square grid of pixels with a random start, keeping the
 * grid points that fall on valid pixels. Every pixel has inclusion probability
 * 1/step². There is no unbiased variance estimator for a single systematic
 * sample; estimating it as a simple random sample is the usual, generally
 * conservative, approximation (Cochran 1977 ch. 8), and the design says so.
 */
import { InputError } from "../domain/errors.ts";
import type { Random } from "./random.ts";
import { unitIdFor, type DesignUnit, type SampleDesign } from "./stratified-design.ts";
import { checkRasterShape, countStrata, type StratumRaster } from "./sampling-frame.ts";

export interface SystematicDesignInput {
  strataRaster: StratumRaster;
  width: number;
  height: number;
  nodata?: number | null;
  /** Approximate sample size: the step is round(√(valid pixels / n)). Or give `stepPx`. */
  n?: number;
  stepPx?: number;
  random: Random;
}

/** Draw a systematic sample with a random start. */
export function designSystematicSample({ strataRaster, width, height, nodata, n, stepPx, random }: SystematicDesignInput): SampleDesign {
  checkRasterShape(strataRaster, width, height, "raster");
  const frame = countStrata(strataRaster, nodata);
  if (frame.validPixels === 0) throw new InputError("the raster has no valid pixels (all nodata)");
  let step = stepPx;
  if (step === undefined) {
    if (!(n !== undefined && Number.isInteger(n) && n > 0)) throw new InputError("give a sample size n or a grid step", { field: "n" });
    step = Math.max(1, Math.round(Math.sqrt(frame.validPixels / n)));
  }
  if (!(Number.isInteger(step) && step > 0)) throw new InputError(`the grid step must be a whole number of pixels > 0, got ${step}`, { field: "stepPx" });
  const offsetRow = random.int(step);
  const offsetCol = random.int(step);
  const skip = nodata ?? NaN;
  const indices: number[] = [];
  for (let row = offsetRow; row < height; row += step) {
    for (let col = offsetCol; col < width; col += step) {
      const v = strataRaster[row * width + col]!;
      if (v === skip || v !== v) continue;
      indices.push(row * width + col);
    }
  }
  if (indices.length === 0) throw new InputError(`no grid point of step ${step} px falls on a valid pixel; use a smaller step`, { field: "stepPx" });
  const pi = 1 / (step * step);
  const units = indices.map((index, k): DesignUnit => ({
    unitId: unitIdFor(k, indices.length),
    index,
    row: Math.floor(index / width),
    col: index % width,
    stratum: strataRaster[index]!,
    inclusionProbability: pi,
  }));
  const sampled = new Map<number, number>();
  for (const u of units) sampled.set(u.stratum, (sampled.get(u.stratum) ?? 0) + 1);
  return {
    design: "systematic",
    width,
    height,
    strata: frame.ids.map((id, h) => ({ id, sizePx: frame.sizes[h]!, sampleSize: sampled.get(id) ?? 0, inclusionProbability: pi })),
    units,
    seed: random.seed,
    grid: { stepPx: step, offsetRow, offsetCol },
    warnings: [
      "systematic sample: estimate it as a simple random sample (post-stratified by map class); " +
        "its variance estimate is an approximation, usually conservative, and biased if the landscape has a period near the grid step",
    ],
  };
}
