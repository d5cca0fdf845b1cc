/**
 * @module stats/random
 * Seeded pseudo-random numbers. Everything whose result must reproduce takes a
 * `Random` as an argument; nothing calls Math.random.
 *
 * Generator: xoshiro128** (Blackman & Vigna 2018), 32-bit state words so it runs
 * on plain JS integers; seeded through SplitMix32 so that nearby seeds diverge.
 */

export interface Random {
  /** Uniform on [0, 1), 32 bits of resolution. */
  next(): number;
  /** Uniform integer on [0, n). */
  int(n: number): number;
  /** Standard normal N(0, 1). */
  normal(): number;
  /** The seed the generator was created with. */
  readonly seed: number;
}

function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** A seeded generator. The same seed gives the same sequence on every machine. */
export function createRandom(seed: number): Random {
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  const sm = { s: Math.floor(seed) | 0 };
  let a = splitmix32(sm);
  let b = splitmix32(sm);
  let c = splitmix32(sm);
  let d = splitmix32(sm);
  if ((a | b | c | d) === 0) a = 1;
  let spare = NaN;
  const nextU32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };
  const next = (): number => nextU32() / 4294967296;
  return {
    seed,
    next,
    int(n: number): number {
      if (!(n > 0) || !Number.isInteger(n)) throw new RangeError(`int(n) needs a positive integer, got ${n}`);
      // Lemire-style rejection to avoid modulo bias for large n.
      const limit = 4294967296 - (4294967296 % n);
      let x = nextU32();
      while (x >= limit) x = nextU32();
      return x % n;
    },
    normal(): number {
      // Marsaglia polar method; caches the second variate.
      if (!Number.isNaN(spare)) {
        const s = spare;
        spare = NaN;
        return s;
      }
      let u: number, v: number, s: number;
      do {
        u = next() * 2 - 1;
        v = next() * 2 - 1;
        s = u * u + v * v;
      } while (s >= 1 || s === 0);
      const m = Math.sqrt((-2 * Math.log(s)) / s);
      spare = v * m;
      return u * m;
    },
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
