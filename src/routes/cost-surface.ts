/**
 * @module routes/cost-surface
 * A cost surface in seconds per metre from a DEM: the slope (Horn 1981, the 3x3 estimator of `gdaldem slope` and
 * GRASS `r.slope.aspect`), walking time per metre from it (Tobler or r.walk), then land-cover friction and overlay
 * rules. Pure functions over typed arrays.
 */
import { isotropicSecondsPerM, type RWalkCoefficients, type WalkingModel } from "./walking-speed.ts";

/**
 * Slope as rise over run (|∇z|, dimensionless) of each cell by Horn's method; NaN where the DEM is nodata.
 * Neighbours outside the raster or at nodata take the centre's value (so edges get a one-sided estimate).
 */
export function slopeRiseOverRun(
  dem: ArrayLike<number>,
  width: number,
  height: number,
  { cellWidthM, cellHeightM, nodata = null }: { cellWidthM: number | Float64Array; cellHeightM: number; nodata?: number | null },
): Float64Array {
  const out = new Float64Array(width * height);
  const valid = (v: number): boolean => Number.isFinite(v) && (nodata === null || v !== nodata);
  for (let r = 0; r < height; r++) {
    const w = typeof cellWidthM === "number" ? cellWidthM : cellWidthM[r]!;
    for (let c = 0; c < width; c++) {
      const i = r * width + c;
      const z = dem[i]!;
      if (!valid(z)) {
        out[i] = NaN;
        continue;
      }
      const at = (dr: number, dc: number): number => {
        const rr = r + dr;
        const cc = c + dc;
        if (rr < 0 || rr >= height || cc < 0 || cc >= width) return z;
        const v = dem[rr * width + cc]!;
        return valid(v) ? v : z;
      };
      const a = at(-1, -1),
        b = at(-1, 0),
        cc = at(-1, 1);
      const d = at(0, -1),
        f = at(0, 1);
      const g = at(1, -1),
        h = at(1, 0),
        k = at(1, 1);
      const dzdx = (cc + 2 * f + k - (a + 2 * d + g)) / (8 * w);
      const dzdy = (g + 2 * h + k - (a + 2 * b + cc)) / (8 * cellHeightM);
      out[i] = Math.sqrt(dzdx * dzdx + dzdy * dzdy);
    }
  }
  return out;
}

/** Walking time per metre of each cell from its slope (NaN stays NaN). */
export function walkingSecondsPerM(
  slope: Float64Array,
  model: WalkingModel,
  options: { offPath?: boolean; rWalk?: Readonly<RWalkCoefficients> } = {},
): Float32Array {
  const out = new Float32Array(slope.length);
  for (let i = 0; i < slope.length; i++) {
    const s = slope[i]!;
    out[i] = Number.isNaN(s) ? NaN : isotropicSecondsPerM(s, model, options);
  }
  return out;
}

/** Multiply each cell by the friction of its land-cover code (`byCode[code]`, NaN = impassable), in place. */
export function applyFriction(cost: Float32Array, codes: ArrayLike<number>, byCode: Float64Array, nodataCode: number | null): void {
  for (let i = 0; i < cost.length; i++) {
    const code = codes[i]!;
    cost[i] = nodataCode !== null && code === nodataCode ? NaN : cost[i]! * (byCode[code] ?? NaN);
  }
}

/** Apply an overlay rule where `mask` is set, in place: multiply by `factor`, or set to `secondsPerM`. */
export function applyOverlay(cost: Float32Array, mask: Uint8Array, rule: { factor?: number; secondsPerM?: number }): number {
  let n = 0;
  for (let i = 0; i < cost.length; i++) {
    if (mask[i] === 0 || Number.isNaN(cost[i]!)) continue;
    cost[i] = rule.secondsPerM !== undefined ? rule.secondsPerM : cost[i]! * rule.factor!;
    n++;
  }
  return n;
}
