/**
 * @module stats/change-estimator
 * Change between two dates estimated from one stratified sample whose units are labelled at both dates
 * (reference class at t1 and at t2). The strata need not be the change classes (Stehman 2014): every
 * target is the total of a per-unit variable y_u, Ŷ = Σ_h N*_h ȳ_h, with
 * V̂(Ŷ) = Σ_h N*_h² (1 − f_h) s²_yh / n*_h (Stehman 2014 eqs. 2, 25, in area units rather than proportions).
 * Areas of new coca (y = 1[t1 ≠ c ∧ t2 = c]), persistent coca (1[t1 = c ∧ t2 = c]), coca lost
 * (1[t1 = c ∧ t2 ≠ c]) and net change (y = 1[new] − 1[lost], so its SE carries the covariance of the two).
 * Rates are ratios of two totals from the same sample, R̂ = Ŷ/X̂ (combined ratio estimator, Cochran 1977
 * ch. 6; Stehman 2014 eq. 27) with V̂(R̂) = (1/X̂²) Σ_h N*_h² (1 − f_h)(s²_yh + R̂² s²_xh − 2R̂ s_xyh) / n*_h
 * (eq. 28): share of the first date's coca abandoned (lost / coca at t1) and share of eradicated area
 * replanted (coca at t2 among eradicated units / eradicated), overall and by eradication kind.
 * Regions are domains: y_u · 1[region_u = r] over the whole sample, so the strata need not follow regions.
 * Intervals (stats/interval-method), as for the area estimates: by default the stratified score interval for every
 * area of a 0/1 indicator (new, persistent, lost, stable, each date, each transition; per region too), and Wilson's
 * interval with the effective sample size r(1 − r)/SE² for the rates (abandoned, replanted); `interval: "normal"`
 * gives estimate ± z·SE everywhere (the published tables' interval: Olofsson 2014's example comes out unchanged).
 * Net change (y in {−1, 0, 1}) and a region's share of net change are not proportions: their interval is normal
 * under every method.
 * Pure: numbers in, numbers out.
 */
import { InputError } from "../domain/errors.ts";
import { normalInterval, resolveInterval } from "./confidence.ts";
import { DEFAULT_INTERVAL, ratioInterval, stratifiedProportionInterval, type IntervalMethod, type StratumCount } from "./interval-method.ts";
import type { StratumSize } from "./stratified-estimator.ts";

/** One sample unit labelled at both dates. */
export interface ChangeUnit {
  stratum: string;
  /** Reference class at the first date. */
  fromClass: string;
  /** Reference class at the second date. */
  toClass: string;
  unitId?: string;
  /** Region (domain) of the unit, for per-region estimates. */
  region?: string;
  /** Kind of eradication the unit's site underwent between the dates (forced, voluntary, aerial), if any. */
  eradicationKind?: string;
}

/** An estimated total area, ha, with its standard error and interval (ChangeEstimate.interval). */
export interface AreaWithInterval {
  estimateHa: number;
  seHa: number;
  ciHa: [number, number];
}

/** An estimated ratio (a share, 0-1) with its standard error and interval (ChangeEstimate.interval); null when X̂ = 0. */
export interface RatioWithInterval {
  ratio: number | null;
  se: number | null;
  ci: [number, number] | null;
  /** Estimated denominator total, ha (e.g. the first date's coca, or the eradicated area). */
  denominatorHa: number;
  /** Sample units with x ≠ 0: how many units the ratio rests on. */
  units: number;
}

export interface ChangeAreas {
  /** New coca: not the target class at t1, target class at t2. */
  newHa: AreaWithInterval;
  persistentHa: AreaWithInterval;
  /** Coca lost: target class at t1, something else at t2. */
  lostHa: AreaWithInterval;
  /** Neither date the target class. */
  stableOtherHa: AreaWithInterval;
  /** Net change = new − lost (= area at t2 − area at t1). */
  netChangeHa: AreaWithInterval;
  firstDateHa: AreaWithInterval;
  secondDateHa: AreaWithInterval;
  /** Share of the first date's target-class area lost by the second (abandoned or eradicated and not replanted). */
  abandonedShare: RatioWithInterval;
}

export interface RegionChange extends ChangeAreas {
  region: string;
  /** This region's net change as a share of the whole frame's net change (a ratio estimate). */
  shareOfNetChange: RatioWithInterval;
}

export interface ChangeEstimate {
  targetClass: string;
  totalAreaHa: number;
  areas: ChangeAreas;
  /** Replanted share of eradicated area: overall and by eradication kind (empty when no unit was eradicated). */
  replanted: { overall: RatioWithInterval; byKind: ({ kind: string } & RatioWithInterval)[] } | null;
  byRegion: RegionChange[];
  /** Estimated area of every reference transition from -> to (all classes), ha. */
  transitions: ({ fromClass: string; toClass: string } & AreaWithInterval)[];
  strata: { id: string; sizeHa: number; sampleSize: number }[];
  sampleSize: number;
  /** The interval procedure of the areas and rates (net change and shares of net change: always normal). */
  interval: Exclude<IntervalMethod, "bootstrap">;
  z: number;
  confidence: number;
  fpc: boolean;
  warnings: string[];
}

export interface ChangeEstimateInput {
  strata: readonly StratumSize[];
  units: readonly ChangeUnit[];
  /** The class whose change is estimated (e.g. "coca"). */
  targetClass: string;
  confidence?: number;
  z?: number;
  fpc?: boolean;
  /** Interval procedure: "score" (default), "t" or "normal" (stats/interval-method; no bootstrap here). */
  interval?: IntervalMethod;
}

/** Per-unit values grouped by stratum: the design every total and ratio is computed on. */
export interface PerUnitDesign {
  /** N*_h in ha. */
  sizeHa: Float64Array;
  /** 1 − n_h/N_h with fpc, else 1. */
  fpcFactor: Float64Array;
  /** Stratum index of each unit. */
  stratumOf: Int32Array;
  /** n_h. */
  n: Float64Array;
}

/** Build the per-unit design: checks that every unit's stratum exists and every stratum with area has units. */
export function perUnitDesign(
  strata: readonly StratumSize[],
  unitStrata: readonly string[],
  { fpc = false } = {},
): { design: PerUnitDesign; warnings: string[] } {
  const index = new Map<string, number>();
  strata.forEach((s, h) => {
    if (index.has(s.id)) throw new InputError(`stratum "${s.id}" is listed twice`, { field: "strata" });
    if (!(s.sizeHa >= 0) || !Number.isFinite(s.sizeHa)) throw new InputError(`stratum "${s.id}" has an invalid size ${s.sizeHa} ha`, { field: "strata" });
    index.set(s.id, h);
  });
  if (strata.length === 0) throw new InputError("no strata given", { field: "strata" });
  if (unitStrata.length === 0) throw new InputError("no sample units given", { field: "units" });
  const H = strata.length;
  const n = new Float64Array(H);
  const stratumOf = new Int32Array(unitStrata.length);
  unitStrata.forEach((id, u) => {
    const h = index.get(id);
    if (h === undefined)
      throw new InputError(`unit #${u + 1} is in stratum "${id}", which is not in the strata list (${[...index.keys()].join(", ")})`, {
        field: "units.stratum",
      });
    stratumOf[u] = h;
    n[h]!++;
  });
  const warnings: string[] = [];
  const fpcFactor = new Float64Array(H).fill(1);
  strata.forEach((s, h) => {
    if (n[h] === 0 && s.sizeHa > 0)
      throw new InputError(`stratum "${s.id}" (${s.sizeHa} ha) has no sample units: sample it or merge it with another stratum`, { field: "units" });
    if (n[h] === 1) warnings.push(`stratum "${s.id}" has only 1 sample unit: its variance is taken as 0, so every SE below is understated`);
    if (fpc) {
      if (!(s.sizeUnits! > 0))
        throw new InputError(`the finite-population correction needs the number of units (pixels) of stratum "${s.id}"`, { field: "strata.size_px" });
      fpcFactor[h] = 1 - n[h]! / s.sizeUnits!;
    }
  });
  return { design: { sizeHa: Float64Array.from(strata, (s) => s.sizeHa), fpcFactor, stratumOf, n }, warnings };
}

/** Ŷ = Σ_h N*_h ȳ_h and its SE (Stehman 2014 eq. 25 times N). */
export function estimateTotal(design: PerUnitDesign, y: ArrayLike<number>): { total: number; se: number } {
  const H = design.n.length;
  const sy = new Float64Array(H);
  const syy = new Float64Array(H);
  for (let u = 0; u < y.length; u++) {
    const h = design.stratumOf[u]!;
    const v = y[u]!;
    sy[h]! += v;
    syy[h]! += v * v;
  }
  let total = 0;
  let variance = 0;
  for (let h = 0; h < H; h++) {
    const n = design.n[h]!;
    if (n === 0) continue;
    const N = design.sizeHa[h]!;
    const mean = sy[h]! / n;
    total += N * mean;
    if (n < 2) continue;
    const s2 = Math.max(0, (syy[h]! - n * mean * mean) / (n - 1));
    variance += (N * N * design.fpcFactor[h]! * s2) / n;
  }
  return { total, se: Math.sqrt(variance) };
}

/** R̂ = Ŷ/X̂ and its SE (Stehman 2014 eq. 28; Cochran 1977 eq. 6.9 per stratum, combined). */
export function estimateRatio(
  design: PerUnitDesign,
  y: ArrayLike<number>,
  x: ArrayLike<number>,
): { ratio: number | null; se: number | null; denominator: number } {
  const H = design.n.length;
  const sy = new Float64Array(H);
  const sx = new Float64Array(H);
  const syy = new Float64Array(H);
  const sxx = new Float64Array(H);
  const sxy = new Float64Array(H);
  for (let u = 0; u < y.length; u++) {
    const h = design.stratumOf[u]!;
    const a = y[u]!;
    const b = x[u]!;
    sy[h]! += a;
    sx[h]! += b;
    syy[h]! += a * a;
    sxx[h]! += b * b;
    sxy[h]! += a * b;
  }
  let Y = 0;
  let X = 0;
  for (let h = 0; h < H; h++) {
    if (design.n[h] === 0) continue;
    Y += (design.sizeHa[h]! * sy[h]!) / design.n[h]!;
    X += (design.sizeHa[h]! * sx[h]!) / design.n[h]!;
  }
  if (X === 0) return { ratio: null, se: null, denominator: 0 };
  const R = Y / X;
  let v = 0;
  for (let h = 0; h < H; h++) {
    const n = design.n[h]!;
    if (n < 2) continue;
    const my = sy[h]! / n;
    const mx = sx[h]! / n;
    const s2y = (syy[h]! - n * my * my) / (n - 1);
    const s2x = (sxx[h]! - n * mx * mx) / (n - 1);
    const sXY = (sxy[h]! - n * mx * my) / (n - 1);
    const N = design.sizeHa[h]!;
    v += (N * N * design.fpcFactor[h]! * (s2y + R * R * s2x - 2 * R * sXY)) / n;
  }
  return { ratio: R, se: Math.sqrt(Math.max(0, v)) / Math.abs(X), denominator: X };
}

/** Estimate change areas, rates and per-region change. */
export function estimateChange(input: ChangeEstimateInput): ChangeEstimate {
  const { z, confidence } = resolveInterval({ confidence: input.confidence, z: input.z });
  const fpc = input.fpc ?? false;
  const units = input.units;
  const c = input.targetClass;
  const { design, warnings } = perUnitDesign(
    input.strata,
    units.map((u) => u.stratum),
    { fpc },
  );
  const totalAreaHa = input.strata.reduce((s, h) => s + h.sizeHa, 0);
  if (!(totalAreaHa > 0)) throw new InputError("the strata have a total size of 0 ha", { field: "strata" });
  const nU = units.length;
  const ind = (f: (u: ChangeUnit) => boolean, domain?: (u: ChangeUnit) => boolean): Float64Array =>
    Float64Array.from(units, (u) => (f(u) && (!domain || domain(u)) ? 1 : 0));
  const method = input.interval ?? DEFAULT_INTERVAL;
  if (method === "bootstrap") throw new InputError('the change estimator\'s intervals are "score", "t" or "normal", not "bootstrap"', { field: "interval" });
  const H = design.n.length;
  // Per-stratum counts of a 0/1 indicator, for the score and t intervals of its area share.
  const countsOf = (y: ArrayLike<number>): StratumCount[] => {
    const c = new Float64Array(H);
    for (let u = 0; u < y.length; u++) c[design.stratumOf[u]!]! += y[u]!;
    return Array.from({ length: H }, (_, h) => ({ weight: design.sizeHa[h]! / totalAreaHa, n: design.n[h]!, count: c[h]!, fpcFactor: design.fpcFactor[h]! }));
  };
  /** `signed`: y is not a 0/1 indicator (net change), so its interval is normal under every method. */
  const area = (y: ArrayLike<number>, signed = false): AreaWithInterval => {
    const t = estimateTotal(design, y);
    if (method === "normal" || signed) return { estimateHa: t.total, seHa: t.se, ciHa: normalInterval(t.total, t.se, z) };
    const [lo, hi] = stratifiedProportionInterval(method, countsOf(y), { z, confidence }).ci;
    return { estimateHa: t.total, seHa: t.se, ciHa: [lo * totalAreaHa, hi * totalAreaHa] };
  };
  const ratio = (y: ArrayLike<number>, x: ArrayLike<number>, signed = false): RatioWithInterval => {
    const r = estimateRatio(design, y, x);
    let count = 0;
    for (let u = 0; u < nU; u++) if (x[u] !== 0) count++;
    const ci = r.ratio === null ? null : method === "normal" || signed ? normalInterval(r.ratio, r.se!, z) : ratioInterval(method, r.ratio, r.se!, count, z);
    return { ratio: r.ratio, se: r.se, ci, denominatorHa: r.denominator, units: count };
  };
  const isNew = (u: ChangeUnit): boolean => u.fromClass !== c && u.toClass === c;
  const isLost = (u: ChangeUnit): boolean => u.fromClass === c && u.toClass !== c;
  const areasFor = (domain?: (u: ChangeUnit) => boolean): ChangeAreas => {
    const newY = ind(isNew, domain);
    const lostY = ind(isLost, domain);
    const first = ind((u) => u.fromClass === c, domain);
    return {
      newHa: area(newY),
      persistentHa: area(ind((u) => u.fromClass === c && u.toClass === c, domain)),
      lostHa: area(lostY),
      stableOtherHa: area(ind((u) => u.fromClass !== c && u.toClass !== c, domain)),
      netChangeHa: area(
        newY.map((v, k) => v - lostY[k]!),
        true,
      ),
      firstDateHa: area(first),
      secondDateHa: area(ind((u) => u.toClass === c, domain)),
      abandonedShare: ratio(lostY, first),
    };
  };
  const areas = areasFor();
  if (!units.some((u) => u.fromClass === c || u.toClass === c)) {
    warnings.push(`no sample unit is "${c}" at either date: every change area is 0 with SE 0, which does not show the class is absent`);
  }

  const netAll = Float64Array.from(units, (u) => (isNew(u) ? 1 : 0) - (isLost(u) ? 1 : 0));
  const regions = [...new Set(units.map((u) => u.region).filter((r): r is string => r !== undefined))];
  if (regions.length > 0 && units.some((u) => u.region === undefined)) {
    warnings.push(`${units.filter((u) => u.region === undefined).length} units have no region: they count in the totals but in no region`);
  }
  const byRegion = regions.map((region): RegionChange => {
    const inRegion = (u: ChangeUnit): boolean => u.region === region;
    const netR = Float64Array.from(units, (u, k) => (inRegion(u) ? netAll[k]! : 0));
    return { region, ...areasFor(inRegion), shareOfNetChange: ratio(netR, netAll, true) };
  });

  const eradicated = units.some((u) => u.eradicationKind !== undefined);
  let replanted: ChangeEstimate["replanted"] = null;
  if (eradicated) {
    const x = ind((u) => u.eradicationKind !== undefined);
    const y = ind((u) => u.eradicationKind !== undefined && u.toClass === c);
    const kinds = [...new Set(units.map((u) => u.eradicationKind).filter((k): k is string => k !== undefined))].sort();
    replanted = {
      overall: ratio(y, x),
      byKind: kinds.map((kind) => ({
        kind,
        ...ratio(
          ind((u) => u.eradicationKind === kind && u.toClass === c),
          ind((u) => u.eradicationKind === kind),
        ),
      })),
    };
    for (const k of replanted.byKind)
      if (k.units < 10)
        warnings.push(
          `the replanted share after ${k.kind} eradication rests on ${k.units} sample units: its interval is rough${method === "normal" ? " (a normal approximation)" : ""}`,
        );
  }

  const classes = [...new Set(units.flatMap((u) => [u.fromClass, u.toClass]))];
  const transitions = classes.flatMap((a) => classes.map((b) => ({ fromClass: a, toClass: b, ...area(ind((u) => u.fromClass === a && u.toClass === b)) })));

  for (const [name, v] of Object.entries({ new: areas.newHa, lost: areas.lostHa, persistent: areas.persistentHa })) {
    if (v.ciHa[0] < 0)
      warnings.push(
        `the interval for ${name} "${c}" has a lower bound below 0 (${v.ciHa[0].toFixed(2)} ha): reported as computed; read it as [0, ${v.ciHa[1].toFixed(2)}]`,
      );
  }
  return {
    targetClass: c,
    totalAreaHa,
    areas,
    replanted,
    byRegion,
    transitions: transitions.filter((t) => t.estimateHa > 0),
    strata: input.strata.map((s, h) => ({ id: s.id, sizeHa: s.sizeHa, sampleSize: design.n[h]! })),
    sampleSize: nU,
    interval: method,
    z,
    confidence,
    fpc,
    warnings,
  };
}
