/**
 * @module stats/allocation
 * Splitting a total sample size among strata: proportional, equal, Neyman, and a
 * minimum per stratum with the rest proportional (Olofsson et al. 2014 Table 5
 * style; sits' `alloc_options`, SEPAL's minimum per class). Whole numbers by
 * largest remainder; no stratum gets more units than it has; every non-empty
 * stratum gets at least 2 units so that its variance can be estimated.
 */
import { InputError } from "../domain/errors.ts";

/** An allocation rule. `{minimum: 75}` is "min:75": at least 75 units per stratum, the rest proportional. */
export type AllocationRule = "proportional" | "equal" | "neyman" | { minimum: number };

/** Parse `proportional`, `equal`, `neyman` or `min:75`. */
export function parseAllocation(text: string): AllocationRule {
  const t = text.trim().toLowerCase();
  if (t === "proportional" || t === "equal" || t === "neyman") return t;
  const m = /^min:(\d+)$/.exec(t);
  if (m && Number(m[1]) > 0) return { minimum: Number(m[1]) };
  throw new InputError(`unknown allocation "${text}" (expected proportional, equal, neyman or min:N with N > 0)`, { field: "allocation" });
}

/** The rule's name as written on the command line. */
export function allocationName(rule: AllocationRule): string {
  return typeof rule === "string" ? rule : `min:${rule.minimum}`;
}

export interface AllocationInput {
  /** Total sample size. */
  n: number;
  /** Stratum sizes in sampling units (pixels). */
  sizes: readonly number[];
  rule: AllocationRule;
  /** Anticipated standard deviation S_h per stratum (Neyman only), e.g. √(p_h(1 − p_h)). */
  sd?: readonly number[];
  /** Smallest sample for a non-empty stratum (default 2: one unit has no variance estimate). */
  minimumPerStratum?: number;
  /** Stratum ids, for messages (default: the index). */
  ids?: readonly (string | number)[];
  /** Smallest sample per stratum (e.g. from `expectedCountCheck`): a stratum below it under the rule gets it, the rest is re-split. */
  minimums?: readonly number[];
}

export interface Allocation {
  sampleSizes: number[];
  warnings: string[];
}

/**
 * Allocate `n` units among strata.
 * - proportional: n_h ∝ N_h;  equal: n_h = n/q;  neyman: n_h ∝ N_h S_h (Cochran 1977 eq. 5.26);
 * - min:M: strata whose proportional share is below M get min(M, N_h), the rest is proportional.
 * @example allocateSample({n: 100, sizes: [50, 950], rule: {minimum: 30}}).sampleSizes // [30, 70]
 */
export function allocateSample({ n, sizes, rule, sd, minimumPerStratum = 2, ids, minimums }: AllocationInput): Allocation {
  const q = sizes.length;
  if (!(Number.isInteger(n) && n > 0)) throw new InputError(`the sample size must be a whole number > 0, got ${n}`, { field: "n" });
  if (q === 0) throw new InputError("no strata to allocate to", { field: "strata" });
  sizes.forEach((s, h) => {
    if (!(Number.isInteger(s) && s >= 0))
      throw new InputError(`stratum ${ids?.[h] ?? h} has an invalid size ${s} (expected a whole number of units)`, { field: "strata" });
  });
  const total = sizes.reduce((a, b) => a + b, 0);
  if (n > total) throw new InputError(`the sample size ${n} exceeds the ${total} units of the frame`, { field: "n" });
  if (rule === "neyman" && (!sd || sd.length !== q)) {
    throw new InputError("Neyman allocation needs an anticipated standard deviation for every stratum", { field: "allocation" });
  }
  const base = sizes.map((s, h) => (s === 0 ? 0 : rule === "equal" ? 1 : rule === "neyman" ? s * sd![h]! : s));
  if (base.every((b) => b === 0)) throw new InputError("Neyman allocation: every stratum has an anticipated SD of 0", { field: "allocation" });
  const ruleMinimum = typeof rule === "object" ? rule.minimum : 0;
  const floorOf = (h: number): number => Math.min(sizes[h]!, Math.max(ruleMinimum, minimums?.[h] ?? 0));
  if (ruleMinimum > 0 || minimums) {
    const needed = sizes.reduce((a, _s, h) => a + floorOf(h), 0);
    if (needed > n) {
      throw new InputError(
        ruleMinimum > 0 && !minimums
          ? `min:${ruleMinimum} needs at least ${needed} units for ${q} strata, but n is ${n}`
          : `the per-stratum minimums need at least ${needed} units, but n is ${n}`,
        { field: "n" },
      );
    }
  }

  // Real-valued targets; strata hitting their size (or below the minimum) are fixed and the rest re-split.
  const fixed = new Map<number, number>();
  let targets: number[];
  for (;;) {
    const free = sizes.map((_, h) => h).filter((h) => !fixed.has(h) && base[h]! > 0);
    const remaining = n - [...fixed.values()].reduce((a, b) => a + b, 0);
    const sumBase = free.reduce((a, h) => a + base[h]!, 0);
    targets = sizes.map((_, h) => fixed.get(h) ?? (free.includes(h) && sumBase > 0 ? (remaining * base[h]!) / sumBase : 0));
    let changed = false;
    for (const h of free) {
      if (targets[h]! > sizes[h]!) {
        fixed.set(h, sizes[h]!);
        changed = true;
      } else if (targets[h]! < floorOf(h)) {
        fixed.set(h, floorOf(h));
        changed = true;
      }
    }
    if (!changed) break;
  }

  // Largest remainder (Hamilton) rounding to whole units summing to n.
  const counts = targets.map((t) => Math.floor(t));
  let left = n - counts.reduce((a, b) => a + b, 0);
  const order = targets.map((t, h) => ({ h, frac: t - Math.floor(t) })).sort((a, b) => b.frac - a.frac || a.h - b.h);
  for (const { h } of order) {
    if (left === 0) break;
    if (counts[h]! < sizes[h]!) {
      counts[h]! += 1;
      left -= 1;
    }
  }
  for (let h = 0; left > 0 && h < q; h++) {
    const room = sizes[h]! - counts[h]!;
    const add = Math.min(room, left);
    counts[h]! += add;
    left -= add;
  }

  // At least `minimumPerStratum` units per non-empty stratum, taken from the largest allocations.
  const warnings: string[] = [];
  for (let h = 0; h < q; h++) {
    const want = Math.min(minimumPerStratum, sizes[h]!);
    if (counts[h]! >= want) continue;
    const before = counts[h]!;
    while (counts[h]! < want) {
      let donor = -1;
      for (let g = 0; g < q; g++) if (g !== h && counts[g]! > Math.max(want, minimumPerStratum) && (donor < 0 || counts[g]! > counts[donor]!)) donor = g;
      if (donor < 0) break;
      counts[donor]! -= 1;
      counts[h]! += 1;
    }
    warnings.push(
      counts[h]! >= want
        ? `stratum ${ids?.[h] ?? h} would get ${before} unit(s) under ${allocationName(rule)} allocation; raised to ${counts[h]} so that its variance can be estimated`
        : `stratum ${ids?.[h] ?? h} gets ${counts[h]} unit(s): too few for a variance estimate; increase n`,
    );
  }
  return { sampleSizes: counts, warnings };
}

/** Fewer expected units of the target class than this in a stratum and its variance estimate is unreliable (n·p ≥ 5). */
export const MIN_EXPECTED_COUNT = 5;

export interface ExpectedCount {
  stratum: string | number;
  sampleSize: number;
  /** Anticipated proportion of the target class in the stratum. */
  anticipated: number;
  /** n_h · p_h. */
  expectedCount: number;
  /** W_h p_h / Σ W p: the stratum's anticipated share of the class's area. */
  shareOfClass: number;
  /** Units the stratum needs to expect MIN_EXPECTED_COUNT of the class: ⌈5 / p_h⌉, at most its size. */
  needed: number;
}

export interface CountCheck {
  /** Strata holding 10% or more of the class whose sample expects fewer than 5 units of it. */
  low: ExpectedCount[];
  /** An allocation that avoids them: the same rule with those strata raised to `needed` (n grows when it must). */
  suggestion?: { n: number; sampleSizes: number[] };
}

/**
 * Check an allocation against the anticipated proportions of the target class: a
 * stratum that holds a material share (10% or more) of the class but expects
 * fewer than 5 of its units in the sample gets a variance estimate that is 0 or
 * too small in most samples, and the interval misses low (docs/area-estimation.md).
 * Suggest the same rule with those strata raised to ⌈5/p_h⌉ units.
 */
export function expectedCountCheck({
  n,
  sizes,
  rule,
  sd,
  ids,
  sampleSizes,
  anticipated,
}: AllocationInput & { sampleSizes: readonly number[]; anticipated: readonly number[] }): CountCheck {
  const total = sizes.reduce((a, b) => a + b, 0);
  const classTotal = sizes.reduce((a, s, h) => a + s * anticipated[h]!, 0);
  if (!(classTotal > 0)) return { low: [] };
  const rows: ExpectedCount[] = sizes.map((size, h) => {
    const p = anticipated[h]!;
    return {
      stratum: ids?.[h] ?? h,
      sampleSize: sampleSizes[h]!,
      anticipated: p,
      expectedCount: sampleSizes[h]! * p,
      shareOfClass: (size * p) / classTotal,
      needed: p > 0 ? Math.min(size, Math.ceil(MIN_EXPECTED_COUNT / p - 1e-9)) : 0,
    };
  });
  const low = rows.filter((r) => r.shareOfClass >= 0.1 && r.expectedCount < MIN_EXPECTED_COUNT && r.sampleSize < r.needed);
  if (low.length === 0) return { low };
  const minimums = rows.map((r) => (low.includes(r) ? r.needed : 0));
  const floor = sizes.reduce((a, s, h) => a + Math.min(s, Math.max(minimums[h]!, 2)), 0);
  const n2 = Math.min(total, Math.max(n, floor));
  const suggestion = allocateSample({ n: n2, sizes, rule, sd, ids, minimums });
  return { low, suggestion: { n: n2, sampleSizes: suggestion.sampleSizes } };
}

/** The check as words for a design's warnings. */
export function describeCountCheck(check: CountCheck, targetName = "the target class"): string[] {
  if (check.low.length === 0 || !check.suggestion) return [];
  const list = check.low
    .map(
      (r) =>
        `stratum ${r.stratum} (${r.sampleSize} units × anticipated ${r.anticipated} = ${r.expectedCount.toFixed(1)} expected; it holds ${(r.shareOfClass * 100).toFixed(0)}% of ${targetName})`,
    )
    .join(", ");
  return [
    `${list}: fewer than ${MIN_EXPECTED_COUNT} expected units of ${targetName}, so in most samples that stratum's variance is 0 or too small and a normal interval misses low ` +
      `(the default score interval allows for it, but wider); to expect ${MIN_EXPECTED_COUNT} in each: n = ${check.suggestion.n}, allocation ${check.suggestion.sampleSizes.join("/")}`,
  ];
}
