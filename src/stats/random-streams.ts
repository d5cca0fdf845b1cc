/**
 * @module stats/random-streams
 * Named random streams: one seed for a whole run, and for each part of it that draws random
 * numbers (the survey's "classifier", "design", "labels", "production" stages, say) a stream
 * of its own, `streamFor(seed, "labels")`. A stream's seed is a hash of the run's seed and the
 * stream's name, so streams do not overlap as `seed + 1`, `seed + 2` can (run 2024's second
 * stream is not run 2025's first), adding a stream changes no other, and a stage run alone
 * draws exactly what it drew inside the run.
 */
import { createRandom, type Random } from "./random.ts";

/**
 * The seed of stream `name` of the run seeded `seed`: FNV-1a (32 bit) over the UTF-8 of
 * `${seed}\u0000${name}`, then the MurmurHash3 finaliser so that every input bit reaches every
 * output bit. An unsigned 32-bit integer; `createRandom(streamSeed(s, n))` is `streamFor(s, n)`.
 */
export function streamSeed(seed: number, name: string): number {
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  if (name.length === 0) throw new RangeError("a random stream needs a name");
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(`${seed}\u0000${name}`)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The random stream `name` of the run seeded `seed` (its `seed` property is the stream's seed). */
export function streamFor(seed: number, name: string): Random {
  return createRandom(streamSeed(seed, name));
}
