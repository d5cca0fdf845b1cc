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
 * Quantiles of `values` (not modified) with linear interpolation between order statistics
 * (Hyndman & Fan type 7, numpy's default), for probabilities in any order.
 */
export function quantiles(values: Float64Array, probabilities: readonly number[], scratch?: Float64Array): number[] {
  const n = values.length;
  if (n === 0) return probabilities.map(() => NaN);
  // Work on a copy: `scratch` (at least as long as values) saves an allocation per call.
  const a = scratch && scratch.length >= n ? scratch.subarray(0, n) : new Float64Array(n);
  a.set(values);
  const order = probabilities.map((p, i) => ({ p, i })).sort((x, y) => x.p - y.p);
  const out = new Array<number>(probabilities.length);
  let left = 0;
  for (const { p, i } of order) {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile probability must be in [0, 1], got ${p}`);
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    if (lo >= left) {
      selectInPlace(a, lo, left, n - 1);
      left = lo;
    }
    let v = a[lo]!;
    const frac = h - lo;
    if (frac > 0 && lo + 1 < n) {
      // The next order statistic is the smallest value right of lo.
      let next = Infinity;
      for (let j = lo + 1; j < n; j++) if (a[j]! < next) next = a[j]!;
      v += frac * (next - v);
    }
    out[i] = v;
  }
  return out;
}
