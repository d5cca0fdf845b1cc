/**
 * @module survey/simulate-labels
 * Simulated photo-interpreters for the demo: each sample unit's reference label
 * is the simulated ground truth at its pixel, except that with probability
 * `errorRate` the interpreter picks another class of the legend at random.
 * Real surveys read the interpreters' labels from a file instead.
 */
import type { Random } from "../stats/random.ts";

export function simulateReferenceLabels({
  indices,
  truth,
  classNames,
  errorRate,
  random,
}: {
  /** Row-major pixel index of each sample unit. */
  indices: readonly number[];
  /** Ground-truth class code per pixel (code k is classNames[k - 1]; 0 = nodata), or the code at a pixel index. */
  truth: Uint8Array | ((index: number) => number);
  classNames: readonly string[];
  errorRate: number;
  random: Random;
}): string[] {
  if (!(errorRate >= 0 && errorRate < 1)) throw new RangeError(`errorRate must be in [0, 1), got ${errorRate}`);
  const k = classNames.length;
  const at = typeof truth === "function" ? truth : (i: number): number => truth[i]!;
  return indices.map((i) => {
    const code = at(i);
    if (code < 1 || code > k) throw new RangeError(`truth pixel ${i} has code ${code}, outside the legend 1..${k}`);
    if (random.next() < errorRate) {
      const other = random.int(k - 1);
      return classNames[other >= code - 1 ? other + 1 : other]!;
    }
    return classNames[code - 1]!;
  });
}
