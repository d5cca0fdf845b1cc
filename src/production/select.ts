/**
 * @module production/select
 * Order statistics without a full sort: Floyd & Rivest's SELECT (CACM 18(3), 1975, Algorithm 489),
 * which rearranges an array so that a[k] is the k-th smallest, everything left of it is <= a[k] and
 * everything right of it >= a[k]. Several quantiles of Monte Carlo draws then cost O(n) each instead
 * of one O(n log n) sort.
 */

/** Rearrange a[left..right] so that a[k] holds its k-th smallest value (0-based). */
export function selectInPlace(a: Float64Array, k: number, left = 0, right = a.length - 1): void {
  while (right > left) {
    if (right - left > 600) {
      // Sample-based narrowing of the range around k (the "Floyd-Rivest" step).
      const n = right - left + 1;
      const m = k - left + 1;
      const z = Math.log(n);
      const s = 0.5 * Math.exp((2 * z) / 3);
      const sd = 0.5 * Math.sqrt((z * s * (n - s)) / n) * (m - n / 2 < 0 ? -1 : 1);
      const newLeft = Math.max(left, Math.floor(k - (m * s) / n + sd));
      const newRight = Math.min(right, Math.floor(k + ((n - m) * s) / n + sd));
      selectInPlace(a, k, newLeft, newRight);
    }
    const t = a[k]!;
    let i = left;
    let j = right;
    swap(a, left, k);
    if (a[right]! > t) swap(a, left, right);
    while (i < j) {
      swap(a, i, j);
      i++;
      j--;
      while (a[i]! < t) i++;
      while (a[j]! > t) j--;
    }
    if (a[left] === t) swap(a, left, j);
    else {
      j++;
      swap(a, j, right);
    }
    if (j <= k) left = j + 1;
    if (k <= j) right = j - 1;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

/**
 * Place every order statistic in `ks` (sorted ascending, within [left, right]) at its index: select
 * the middle one, then recurse on each side with the ranges it splits off, so k order statistics
 * cost about n log2(k) element visits instead of k full passes.
 */
export function selectManyInPlace(a: Float64Array, ks: readonly number[], left = 0, right = a.length - 1, from = 0, to = ks.length): void {
  if (from >= to || left > right) return;
  const mid = (from + to) >>> 1;
  const k = ks[mid]!;
  selectInPlace(a, k, left, right);
  selectManyInPlace(a, ks, left, k - 1, from, mid);
  selectManyInPlace(a, ks, k + 1, right, mid + 1, to);
}

/**
 * Quantiles of `values` (not modified) with linear interpolation between order statistics
 * (Hyndman & Fan type 7, numpy's default), for probabilities in any order.
 * `scratch` (at least as long as `values`) saves the copy's allocation.
 */
export function quantiles(values: Float64Array, probabilities: readonly number[], scratch?: Float64Array): number[] {
  const n = values.length;
  if (n === 0) return probabilities.map(() => NaN);
  for (const p of probabilities) if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile probability must be in [0, 1], got ${p}`);
  const a = scratch && scratch.length >= n ? scratch.subarray(0, n) : new Float64Array(n);
  a.set(values);
  // Both order statistics each quantile interpolates between.
  const wanted = new Set<number>();
  for (const p of probabilities) {
    const lo = Math.floor((n - 1) * p);
    wanted.add(lo);
    if (lo + 1 < n) wanted.add(lo + 1);
  }
  const ks = [...wanted].sort((x, y) => x - y);
  selectManyInPlace(a, ks);
  return probabilities.map((p) => {
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    const frac = h - lo;
    return frac > 0 && lo + 1 < n ? a[lo]! + frac * (a[lo + 1]! - a[lo]!) : a[lo]!;
  });
}

/** Buckets of the counting pass of quantilesInRange. */
const BUCKETS = 4096;
let bucketCounts = new Int32Array(BUCKETS);

/**
 * The same quantiles as `quantiles`, for values known to lie in [min, max] (finite), by one counting
 * pass over fine buckets of the range: the bucket of a value is monotone in the value, so each wanted
 * order statistic lies in the bucket where the running count passes its rank; only the values of
 * those few buckets are gathered (into `scratch`) and selected. About three passes over the data
 * instead of a copy and a selection over the whole of it. Falls back to `quantiles` when the values
 * are few or not all inside [min, max].
 */
export function quantilesInRange(values: Float64Array, probabilities: readonly number[], min: number, max: number, scratch?: Float64Array): number[] {
  const n = values.length;
  if (n < 8 * BUCKETS || !(Number.isFinite(min) && Number.isFinite(max) && max > min)) return quantiles(values, probabilities, scratch);
  for (const p of probabilities) if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile probability must be in [0, 1], got ${p}`);
  if (bucketCounts.length !== BUCKETS) bucketCounts = new Int32Array(BUCKETS);
  const counts = bucketCounts.fill(0);
  const scale = BUCKETS / (max - min);
  const last = BUCKETS - 1;
  let inside = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    let b = ((v - min) * scale) | 0;
    if (b > last) b = last;
    if (b >= 0 && v <= max) {
      counts[b]!++;
      inside++;
    }
  }
  if (inside !== n) return quantiles(values, probabilities, scratch);
  // Ranks wanted (both ends of each interpolation), and the bucket holding each.
  const wanted = new Set<number>();
  for (const p of probabilities) {
    const lo = Math.floor((n - 1) * p);
    wanted.add(lo);
    if (lo + 1 < n) wanted.add(lo + 1);
  }
  const ks = [...wanted].sort((x, y) => x - y);
  const needed = new Int32Array(BUCKETS).fill(-1); // bucket -> start of its values in the gathered array
  const before = new Float64Array(BUCKETS); // values in lower buckets, for the needed ones
  const order: number[] = [];
  let gathered = 0;
  {
    let cum = 0;
    let j = 0;
    for (let b = 0; b < BUCKETS && j < ks.length; b++) {
      const c = counts[b]!;
      if (ks[j]! < cum + c) {
        needed[b] = gathered;
        before[b] = cum;
        order.push(b);
        gathered += c;
        while (j < ks.length && ks[j]! < cum + c) j++;
      }
      cum += c;
    }
  }
  const g = scratch && scratch.length >= gathered ? scratch.subarray(0, gathered) : new Float64Array(gathered);
  const fillAt = new Int32Array(BUCKETS);
  for (const b of order) fillAt[b] = needed[b]!;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    let b = ((v - min) * scale) | 0;
    if (b > last) b = last;
    if (needed[b]! >= 0) g[fillAt[b]!++] = v;
  }
  // Rank k in the whole = rank k - before[b] inside bucket b's segment of g.
  const at = new Map<number, number>();
  for (const b of order) {
    const start = needed[b]!;
    const end = start + counts[b]! - 1;
    const local = ks.filter((k) => k >= before[b]! && k < before[b]! + counts[b]!).map((k) => start + (k - before[b]!));
    selectManyInPlace(g, local, start, end);
    for (const k of ks) if (k >= before[b]! && k < before[b]! + counts[b]!) at.set(k, g[start + (k - before[b]!)]!);
  }
  return probabilities.map((p) => {
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    const frac = h - lo;
    return frac > 0 && lo + 1 < n ? at.get(lo)! + frac * (at.get(lo + 1)! - at.get(lo)!) : at.get(lo)!;
  });
}
