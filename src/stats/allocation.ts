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
export function allocateSample({ n, sizes, rule, sd, minimumPerStratum = 2, ids }: AllocationInput): Allocation {
  const q = sizes.length;
  if (!(Number.isInteger(n) && n > 0)) throw new InputError(`the sample size must be a whole number > 0, got ${n}`, { field: "n" });
  if (q === 0) throw new InputError("no strata to allocate to", { field: "strata" });
  sizes.forEach((s, h) => {
    if (!(Number.isInteger(s) && s >= 0)) throw new InputError(`stratum ${ids?.[h] ?? h} has an invalid size ${s} (expected a whole number of units)`, { field: "strata" });
  });
  const total = sizes.reduce((a, b) => a + b, 0);
  if (n > total) throw new InputError(`the sample size ${n} exceeds the ${total} units of the frame`, { field: "n" });
  if (rule === "neyman" && (!sd || sd.length !== q)) {
    throw new InputError("Neyman allocation needs an anticipated standard deviation for every stratum", { field: "allocation" });
  }
  const base = sizes.map((s, h) => (s === 0 ? 0 : rule === "equal" ? 1 : rule === "neyman" ? s * sd![h]! : s));
  if (base.every((b) => b === 0)) throw new InputError("Neyman allocation: every stratum has an anticipated SD of 0", { field: "allocation" });
  const minimum = typeof rule === "object" ? rule.minimum : 0;
  if (minimum > 0) {
    const needed = sizes.reduce((a, s) => a + Math.min(minimum, s), 0);
    if (needed > n) throw new InputError(`min:${minimum} needs at least ${needed} units for ${q} strata, but n is ${n}`, { field: "n" });
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
      } else if (minimum > 0 && targets[h]! < Math.min(minimum, sizes[h]!)) {
        fixed.set(h, Math.min(minimum, sizes[h]!));
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
