/**
 * @module routes/walking-speed
 * Walking time over terrain: Tobler's hiking function and the Aitken/Langmuir coefficients of GRASS `r.walk`,
 * as functions of the slope along a move, and their isotropic (direction-averaged) forms per metre that a
 * cell-based cost raster needs.
 */

/** Tobler's maximum speed, reached at a slope of -0.05 (km/h). */
export const TOBLER_MAX_SPEED_KMH = 6;
/** Tobler's factor for off-path travel (3/5 of the on-path speed). */
export const TOBLER_OFF_PATH_FACTOR = 0.6;

/**
 * Tobler's hiking function (Tobler 1993, "Three presentations on geographical analysis and modeling", NCGIA TR 93-1):
 * W = 6 exp(-3.5 |S + 0.05|) km/h, S = rise over run along the move (dh/dx); off path 0.6 of that.
 */
export function toblerSpeedKmH(slope: number, { offPath = false }: { offPath?: boolean } = {}): number {
  const w = TOBLER_MAX_SPEED_KMH * Math.exp(-3.5 * Math.abs(slope + 0.05));
  return offPath ? w * TOBLER_OFF_PATH_FACTOR : w;
}

/** Seconds per horizontal metre at Tobler's speed for `slope` (3.6 / W with W in km/h). */
export function toblerSecondsPerM(slope: number, options: { offPath?: boolean } = {}): number {
  return 3.6 / toblerSpeedKmH(slope, options);
}

/** GRASS `r.walk` walking coefficients (seconds per metre) and the moderate/steep downhill threshold (dh/dS). */
export interface RWalkCoefficients {
  /** a: seconds per metre of horizontal distance on the flat. */
  aSPerM: number;
  /** b: additional seconds per metre of elevation gain. */
  bSPerM: number;
  /** c: additional seconds per metre of elevation change on moderate downhill (positive: faster). */
  cSPerM: number;
  /** d: additional seconds per metre of elevation change on steep downhill (negative: slower). */
  dSPerM: number;
  /** dh/dS below which a downhill move is steep (tan(-12°) ≈ -0.2125). */
  slopeFactor: number;
}

/** The defaults of `r.walk` (Langmuir 1984): walk_coeff=0.72,6.0,1.9998,-1.9998, slope_factor=-0.2125. */
export const R_WALK_DEFAULTS: Readonly<RWalkCoefficients> = { aSPerM: 0.72, bSPerM: 6.0, cSPerM: 1.9998, dSPerM: -1.9998, slopeFactor: -0.2125 };

/**
 * Walking time in seconds of one move by the GRASS `r.walk` formula (Aitken 1977, Langmuir 1984):
 * T = a·ΔS + b·ΔH(up) + c·ΔH(moderate down) + d·ΔH(steep down), ΔS horizontal metres, ΔH metres of elevation change
 * (negative downhill); a downhill move is steep when ΔH < slopeFactor·ΔS.
 */
export function rWalkSeconds(horizontalM: number, dhM: number, k: Readonly<RWalkCoefficients> = R_WALK_DEFAULTS): number {
  const flat = k.aSPerM * horizontalM;
  if (dhM >= 0) return flat + k.bSPerM * dhM;
  if (dhM < k.slopeFactor * horizontalM) return flat + k.dSPerM * dhM;
  return flat + k.cSPerM * dhM;
}

export type WalkingModel = "tobler" | "r.walk";

/**
 * Isotropic walking time per horizontal metre on a slope of magnitude `slope` (|dh/dx|, >= 0): the mean of the
 * uphill and the downhill time, since a cell-based cost raster does not know the direction of travel.
 * Tobler: (3.6/W(+s) + 3.6/W(-s)) / 2 (times 1/0.6 off path). r.walk: (T(1, +s) + T(1, -s)) / 2.
 */
export function isotropicSecondsPerM(
  slope: number,
  model: WalkingModel,
  { offPath = false, rWalk = R_WALK_DEFAULTS }: { offPath?: boolean; rWalk?: Readonly<RWalkCoefficients> } = {},
): number {
  const s = Math.abs(slope);
  if (model === "tobler") return (toblerSecondsPerM(s, { offPath }) + toblerSecondsPerM(-s, { offPath })) / 2;
  return (rWalkSeconds(1, s, rWalk) + rWalkSeconds(1, -s, rWalk)) / 2;
}
