/**
 * @module survey/labels/agreement
 * Agreement between two interpreters on the units both labelled: the observed agreement, Cohen's
 * kappa (Cohen 1960) with its large-sample standard error (Fleiss, Cohen & Everitt 1969, the one
 * for a confidence interval around kappa), and per class the specific agreement
 * 2·n_ii / (n_i· + n_·i) (how often the two agree on the class when either says it).
 */

export interface ClassAgreement {
  className: string;
  /** Units the first interpreter gave this class, and the second. */
  countA: number;
  countB: number;
  /** Units both gave this class. */
  both: number;
  /** 2·both / (countA + countB); null when neither used the class. */
  specificAgreement: number | null;
}

export interface AgreementResult {
  /** Units labelled by both. */
  n: number;
  observedAgreement: number;
  /** Agreement expected by chance from the two interpreters' class shares. */
  expectedAgreement: number;
  kappa: number;
  /** Large-sample SE of kappa (Fleiss, Cohen & Everitt 1969). */
  kappaSe: number;
  /** counts[i][j]: units the first interpreter labelled classes[i] and the second classes[j]. */
  counts: number[][];
  classes: string[];
  perClass: ClassAgreement[];
}

/** Agreement of pairs (label of interpreter A, label of interpreter B) over `classes`. */
export function agreement(pairs: readonly (readonly [string, string])[], classes: readonly string[]): AgreementResult {
  const k = classes.length;
  const index = new Map(classes.map((c, i) => [c, i]));
  const counts = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (const [a, b] of pairs) {
    const i = index.get(a);
    const j = index.get(b);
    if (i === undefined || j === undefined) throw new RangeError(`label "${i === undefined ? a : b}" is not one of the classes ${classes.join(", ")}`);
    counts[i]![j]!++;
  }
  const n = pairs.length;
  const perClass: ClassAgreement[] = classes.map((className, i) => {
    const countA = counts[i]!.reduce((s, v) => s + v, 0);
    const countB = counts.reduce((s, r) => s + r[i]!, 0);
    const both = counts[i]![i]!;
    return { className, countA, countB, both, specificAgreement: countA + countB === 0 ? null : (2 * both) / (countA + countB) };
  });
  if (n === 0) return { n, observedAgreement: NaN, expectedAgreement: NaN, kappa: NaN, kappaSe: NaN, counts, classes: [...classes], perClass };
  const p = counts.map((r) => r.map((v) => v / n));
  const row = p.map((r) => r.reduce((s, v) => s + v, 0));
  const col = classes.map((_, j) => p.reduce((s, r) => s + r[j]!, 0));
  let po = 0;
  let pe = 0;
  for (let i = 0; i < k; i++) {
    po += p[i]![i]!;
    pe += row[i]! * col[i]!;
  }
  const kappa = pe === 1 ? (po === 1 ? 1 : NaN) : (po - pe) / (1 - pe);
  // Fleiss, Cohen & Everitt (1969), eq. 13: the variance of kappa-hat when kappa is not zero.
  let a = 0;
  let b = 0;
  for (let i = 0; i < k; i++) {
    a += p[i]![i]! * (1 - pe - (row[i]! + col[i]!) * (1 - po)) ** 2;
    for (let j = 0; j < k; j++) if (i !== j) b += p[i]![j]! * (col[i]! + row[j]!) ** 2;
  }
  b *= (1 - po) ** 2;
  const c = (po * pe - 2 * pe + po) ** 2;
  const variance = pe === 1 ? NaN : (a + b - c) / (n * (1 - pe) ** 4);
  return { n, observedAgreement: po, expectedAgreement: pe, kappa, kappaSe: Math.sqrt(Math.max(0, variance)), counts, classes: [...classes], perClass };
}
