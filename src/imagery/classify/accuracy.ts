/**
 * @module imagery/classify/accuracy
 * Accuracy of a classification against reference labels: the confusion matrix, user's and producer's
 * accuracy per class and overall accuracy (Congalton 1991, "A review of assessing the accuracy of
 * classifications of remotely sensed data", Remote Sensing of Environment 37:35-46). Counts are pixels.
 */

export interface AccuracyReport {
  classes: string[];
  /** `matrix[r][m]`: pixels of reference class r that the map labels m (rows reference, columns map). */
  matrix: number[][];
  /** Pixels assessed. */
  n: number;
  /** Share of pixels on the diagonal (0..1). */
  overallAccuracy: number;
  /** Per map class: share of pixels mapped as the class that are the class (1 - commission error); NaN when none is mapped as it. */
  usersAccuracy: number[];
  /** Per reference class: share of the class's pixels mapped as it (1 - omission error); NaN when the class has no reference pixels. */
  producersAccuracy: number[];
}

/**
 * @param reference class index 0..K-1 of each assessed pixel
 * @param mapped the classifier's class index 0..K-1 for the same pixels
 */
export function accuracyReport(reference: Uint8Array, mapped: Uint8Array, classes: readonly string[]): AccuracyReport {
  const k = classes.length;
  if (reference.length !== mapped.length) throw new RangeError(`reference (${reference.length}) and map (${mapped.length}) lengths differ`);
  const matrix = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < reference.length; i++) {
    const r = reference[i]!;
    const m = mapped[i]!;
    if (r >= k || m >= k) throw new RangeError(`class index out of range at pixel ${i}: reference ${r}, map ${m} (K = ${k})`);
    matrix[r]![m]!++;
  }
  let diag = 0;
  const usersAccuracy: number[] = [];
  const producersAccuracy: number[] = [];
  for (let c = 0; c < k; c++) {
    diag += matrix[c]![c]!;
    let row = 0;
    let col = 0;
    for (let j = 0; j < k; j++) {
      row += matrix[c]![j]!;
      col += matrix[j]![c]!;
    }
    producersAccuracy.push(row > 0 ? matrix[c]![c]! / row : NaN);
    usersAccuracy.push(col > 0 ? matrix[c]![c]! / col : NaN);
  }
  const n = reference.length;
  return { classes: [...classes], matrix, n, overallAccuracy: n > 0 ? diag / n : NaN, usersAccuracy, producersAccuracy };
}
