/**
 * @module production/distribution
 * Drawing a parameter's uncertainty into a typed array, its quantiles (for the tornado table),
 * and checking that a parameter is well formed.
 */
import type { Random } from "../stats/random.ts";
import type { Parameter } from "./parameter-set.ts";
import { normalQuantile } from "./special-functions.ts";
import { fillStandardNormal, zigguratNormal } from "./ziggurat.ts";

/** Redraws allowed per value before a truncated distribution is declared impossible. */
const MAX_REDRAWS = 1000;

/**
 * Fill `out` with draws of `parameter` (its distribution, truncated to its bounds by redrawing).
 * Normal and lognormal draws come from the ziggurat (one uniform per variate, see ziggurat.ts);
 * out-of-bounds draws are redrawn in place. Sequential use of `random` makes the result
 * reproducible draw for draw from the seed.
 */
export function sampleParameter(parameter: Parameter, random: Random, out: Float64Array): Float64Array {
  const n = out.length;
  const { value, distribution: dist } = parameter;
  const lo = parameter.bounds?.min ?? -Infinity;
  const hi = parameter.bounds?.max ?? Infinity;
  switch (dist.kind) {
    case "fixed":
      out.fill(value);
      return out;
    case "normal": {
      const sd = dist.sd;
      if (sd === 0) return out.fill(value);
      fillStandardNormal(random, out);
      for (let i = 0; i < n; i++) {
        let x = value + sd * out[i]!;
        let tries = 0;
        while ((x < lo || x > hi) && ++tries < MAX_REDRAWS) x = value + sd * zigguratNormal(random);
        if (x < lo || x > hi) throw new RangeError(`cannot draw inside bounds [${lo}, ${hi}] for normal(${value}, ${sd})`);
        out[i] = x;
      }
      return out;
    }
    case "lognormal": {
      const s = dist.sdLog;
      if (s === 0) return out.fill(value);
      fillStandardNormal(random, out);
      for (let i = 0; i < n; i++) {
        let x = value * Math.exp(s * out[i]!);
        let tries = 0;
        while ((x < lo || x > hi) && ++tries < MAX_REDRAWS) x = value * Math.exp(s * zigguratNormal(random));
        if (x < lo || x > hi) throw new RangeError(`cannot draw inside bounds [${lo}, ${hi}] for lognormal(${value}, ${s})`);
        out[i] = x;
      }
      return out;
    }
    case "triangular": {
      const a = dist.min;
      const b = dist.max;
      const c = dist.mode ?? value;
      const width = b - a;
      if (width === 0) return out.fill(a);
      const fc = (c - a) / width;
      const left = width * (c - a);
      const right = width * (b - c);
      for (let i = 0; i < n; i++) {
        const u = random.next();
        out[i] = u < fc ? a + Math.sqrt(u * left) : b - Math.sqrt((1 - u) * right);
      }
      return out;
    }
    case "uniform": {
      const a = dist.min;
      const w = dist.max - dist.min;
      for (let i = 0; i < n; i++) out[i] = a + w * random.next();
      return out;
    }
  }
}

/** The p-quantile of a parameter's distribution (bounds applied by clamping), for one-at-a-time sensitivity. */
export function parameterQuantile(parameter: Parameter, p: number): number {
  const { value, distribution: dist } = parameter;
  let x: number;
  switch (dist.kind) {
    case "fixed":
      return value;
    case "normal":
      x = value + dist.sd * normalQuantile(p);
      break;
    case "lognormal":
      x = value * Math.exp(dist.sdLog * normalQuantile(p));
      break;
    case "triangular": {
      const a = dist.min;
      const b = dist.max;
      const c = dist.mode ?? value;
      const w = b - a;
      if (w === 0) return a;
      const fc = (c - a) / w;
      x = p < fc ? a + Math.sqrt(p * w * (c - a)) : b - Math.sqrt((1 - p) * w * (b - c));
      break;
    }
    case "uniform":
      x = dist.min + p * (dist.max - dist.min);
      break;
  }
  const lo = parameter.bounds?.min ?? -Infinity;
  const hi = parameter.bounds?.max ?? Infinity;
  return Math.min(hi, Math.max(lo, x));
}

/** True when the parameter has no uncertainty. */
export function isFixed(parameter: Parameter): boolean {
  const d = parameter.distribution;
  return (
    d.kind === "fixed" ||
    (d.kind === "normal" && d.sd === 0) ||
    (d.kind === "lognormal" && d.sdLog === 0) ||
    ((d.kind === "triangular" || d.kind === "uniform") && d.min === d.max)
  );
}

/**
 * Problems with a parameter, as messages naming `path` (empty when it is well formed).
 * Checks finiteness, non-negative spreads, ordered bounds, and that the value lies in its support.
 */
export function parameterProblems(parameter: Parameter, path: string): string[] {
  const problems: string[] = [];
  const { value, distribution: d } = parameter;
  if (!Number.isFinite(value)) problems.push(`${path}.value must be a finite number, got ${value}`);
  const lo = parameter.bounds?.min ?? -Infinity;
  const hi = parameter.bounds?.max ?? Infinity;
  if (lo > hi) problems.push(`${path}.bounds: min ${lo} is above max ${hi}`);
  if (value < lo || value > hi) problems.push(`${path}.value ${value} is outside its bounds [${lo}, ${hi}]`);
  switch (d.kind) {
    case "normal":
      if (!(d.sd >= 0)) problems.push(`${path}.distribution.sd must be >= 0, got ${d.sd}`);
      break;
    case "lognormal":
      if (!(d.sdLog >= 0)) problems.push(`${path}.distribution.sdLog must be >= 0, got ${d.sdLog}`);
      if (!(value > 0)) problems.push(`${path}.value must be > 0 for a lognormal, got ${value}`);
      break;
    case "triangular": {
      const mode = d.mode ?? value;
      if (!(d.min <= mode && mode <= d.max)) problems.push(`${path}.distribution needs min <= mode <= max, got ${d.min}, ${mode}, ${d.max}`);
      if (!(d.min <= value && value <= d.max)) problems.push(`${path}.value ${value} is outside [${d.min}, ${d.max}]`);
      break;
    }
    case "uniform":
      if (!(d.min <= d.max)) problems.push(`${path}.distribution needs min <= max, got ${d.min}, ${d.max}`);
      if (!(d.min <= value && value <= d.max)) problems.push(`${path}.value ${value} is outside [${d.min}, ${d.max}]`);
      break;
    case "fixed":
      break;
  }
  return problems;
}
