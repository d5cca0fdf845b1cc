/**
 * @module stats/simple-random-design
 * Simple random sampling of pixels without replacement from the valid pixels of
 * a raster (every pixel has inclusion probability n/N). Estimate with
 * post-stratification by map class or as one stratum (post-stratified.ts).
 */
import { InputError } from "../domain/errors.ts";
import type { Random } from "./random.ts";
import { unitIdFor, type DesignUnit, type SampleDesign } from "./stratified-design.ts";
import { checkRasterShape, countStrata, sampleRanks, type StratumRaster } from "./sampling-frame.ts";

export interface SimpleRandomDesignInput {
  /** Raster whose valid (non-nodata) pixels form the frame; its values are recorded as each unit's stratum. */
  strataRaster: StratumRaster;
  width: number;
  height: number;
  nodata?: number | null;
  n: number;
  random: Random;
}

/** Draw a simple random sample of `n` valid pixels. */
export function designSimpleRandomSample({ strataRaster, width, height, nodata, n, random }: SimpleRandomDesignInput): SampleDesign {
  checkRasterShape(strataRaster, width, height, "raster");
  const frame = countStrata(strataRaster, nodata);
  const total = frame.validPixels;
  if (!(Number.isInteger(n) && n > 0)) throw new InputError(`the sample size must be a whole number > 0, got ${n}`, { field: "n" });
  if (n > total) throw new InputError(`the sample size ${n} exceeds the ${total} valid pixels`, { field: "n" });
  const ranks = sampleRanks(total, n, random);
  const skip = nodata ?? NaN;
  const indices: number[] = [];
  let seen = 0;
  let next = 0;
  for (let i = 0; i < strataRaster.length && next < ranks.length; i++) {
    const v = strataRaster[i]!;
    if (v === skip || v !== v) continue;
    if (ranks[next] === seen) {
      indices.push(i);
      next += 1;
    }
    seen += 1;
  }
  const pi = n / total;
  const units = indices.map((index, k): DesignUnit => ({
    unitId: unitIdFor(k, n),
    index,
    row: Math.floor(index / width),
    col: index % width,
    stratum: strataRaster[index]!,
    inclusionProbability: pi,
  }));
  const sampled = new Map<number, number>();
  for (const u of units) sampled.set(u.stratum, (sampled.get(u.stratum) ?? 0) + 1);
  return {
    design: "simple-random",
    width,
    height,
    strata: frame.ids.map((id, h) => ({ id, sizePx: frame.sizes[h]!, sampleSize: sampled.get(id) ?? 0, inclusionProbability: pi })),
    units,
    seed: random.seed,
    warnings: [],
  };
}
