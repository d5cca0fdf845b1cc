/**
 * @module imagery/classify/split
 * Training/validation split by polygon, not by pixel: neighbouring pixels of one polygon are strongly
 * correlated, so a pixel split would score the classifier on near-copies of its training data.
 */
import type { Random } from "../../stats/random.ts";

/**
 * Choose validation polygons class by class: of a class's n polygons, round(fraction * n) go to validation,
 * but at least one when n >= 2 and fraction > 0, and never all of them (one stays for training).
 * @param classOfPolygon class index of each polygon
 * @returns 1 for each validation polygon, 0 for each training polygon
 */
export function splitByPolygon(classOfPolygon: Uint8Array, fraction: number, random: Random): Uint8Array {
  if (!(fraction >= 0 && fraction < 1)) throw new RangeError(`validation fraction must be in [0, 1), got ${fraction}`);
  const isValidation = new Uint8Array(classOfPolygon.length);
  const nClasses = classOfPolygon.reduce((m, c) => Math.max(m, c + 1), 0);
  for (let k = 0; k < nClasses; k++) {
    const members: number[] = [];
    classOfPolygon.forEach((c, p) => c === k && members.push(p));
    const n = members.length;
    if (n < 2 || fraction === 0) continue;
    const nVal = Math.min(n - 1, Math.max(1, Math.round(fraction * n)));
    // Partial Fisher-Yates shuffle: the first nVal members become validation polygons.
    for (let i = 0; i < nVal; i++) {
      const j = i + random.int(n - i);
      const t = members[i]!;
      members[i] = members[j]!;
      members[j] = t;
      isValidation[members[i]!] = 1;
    }
  }
  return isValidation;
}
