/**
 * @module production/ziggurat
 * Standard normal variates by the ziggurat method (Marsaglia & Tsang 2000, "The Ziggurat Method for
 * Generating Random Variables", J. Stat. Software 5(8), RNOR with 128 strips), drawing from a seeded
 * `Random`: about one 32-bit uniform per variate, against ~1.3 uniforms, a log and a square root for
 * the polar method. Used to fill Monte Carlo columns.
 */
import type { Random } from "../stats/random.ts";

const STRIPS = 128;
const R = 3.442619855899;
const KN = new Int32Array(STRIPS);
const WN = new Float64Array(STRIPS);
const FN = new Float64Array(STRIPS);

// zigset() of Marsaglia & Tsang (2000), normal part.
{
  const m1 = 2147483648;
  const vn = 9.91256303526217e-3;
  let dn = R;
  let tn = dn;
  const q = vn / Math.exp(-0.5 * dn * dn);
  KN[0] = Math.floor((dn / q) * m1);
  KN[1] = 0;
  WN[0] = q / m1;
  WN[STRIPS - 1] = dn / m1;
  FN[0] = 1;
  FN[STRIPS - 1] = Math.exp(-0.5 * dn * dn);
  for (let i = STRIPS - 2; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(vn / dn + Math.exp(-0.5 * dn * dn)));
    KN[i + 1] = Math.floor((dn / tn) * m1);
    tn = dn;
    FN[i] = Math.exp(-0.5 * dn * dn);
    WN[i] = dn / m1;
  }
}

/** A signed 32-bit integer from the generator (next() is an exact multiple of 2^-32). */
function int32(random: Random): number {
  return (random.next() * 4294967296) | 0;
}

/** The slow path: the base strip's tail or a wedge. */
function nfix(random: Random, hz: number, iz: number): number {
  for (;;) {
    const x = hz * WN[iz]!;
    if (iz === 0) {
      let t: number;
      let y: number;
      do {
        t = -Math.log(1 - random.next()) / R;
        y = -Math.log(1 - random.next());
      } while (y + y < t * t);
      return hz > 0 ? R + t : -R - t;
    }
    if (FN[iz]! + (1 - random.next()) * (FN[iz - 1]! - FN[iz]!) < Math.exp(-0.5 * x * x)) return x;
    hz = int32(random);
    iz = hz & (STRIPS - 1);
    if (Math.abs(hz) < KN[iz]!) return hz * WN[iz]!;
  }
}

/** One standard normal variate. */
export function zigguratNormal(random: Random): number {
  const hz = int32(random);
  const iz = hz & (STRIPS - 1);
  return Math.abs(hz) < KN[iz]! ? hz * WN[iz]! : nfix(random, hz, iz);
}

/** Fill `out` with standard normal variates. */
export function fillStandardNormal(random: Random, out: Float64Array): Float64Array {
  const n = out.length;
  for (let i = 0; i < n; i++) {
    const hz = (random.next() * 4294967296) | 0;
    const iz = hz & (STRIPS - 1);
    out[i] = Math.abs(hz) < KN[iz]! ? hz * WN[iz]! : nfix(random, hz, iz);
  }
  return out;
}
