/**
 * The memory verdict of the API soak (bench/api-soak.bench.ts), apart from the measuring so that it can be tested:
 * the server's memory is flat after the warm-up when neither what it retains right after a full garbage collection
 * (V8 heap used plus ArrayBuffer bytes, where the response cache keeps its answers: a leak shows there) nor the RSS floor (the lowest RSS sample, what the process keeps
 * between collections) of the last third of the samples after warm-up is more than 16 MB or 10% above the first
 * third's. Samples without the heap after GC (a soak of before --expose-gc) cannot be judged flat.
 */

export interface SoakSample {
  atS: number;
  rssMb: number;
  /** V8 heap used, live (between collections). */
  heapMb: number;
  externalMb: number;
  /** V8 heap used right after a full garbage collection (the server runs with --expose-gc). */
  heapAfterGcMb?: number;
  /** ArrayBuffer bytes right after that collection (the response cache's answers). */
  arrayBuffersAfterGcMb?: number;
  /** RSS right after that collection. */
  rssAfterGcMb?: number;
  /** Bytes the response caches count, KiB. */
  cacheKb?: number;
}

export interface Growth {
  firstMb: number;
  lastMb: number;
  growthMb: number;
  /** Within 16 MB or 10% of the first third's value. */
  flat: boolean;
}

export interface SoakVerdict {
  /** Lowest RSS sample of the first and last third after warm-up. */
  rssFloor: Growth;
  /** Median heap used + ArrayBuffers after GC of the first and last third after warm-up; undefined when the samples have none. */
  retainedAfterGc?: Growth;
  flat: boolean;
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

function growth(firstMb: number, lastMb: number): Growth {
  const growthMb = round1(lastMb - firstMb);
  return { firstMb, lastMb, growthMb, flat: growthMb <= Math.max(16, 0.1 * firstMb) };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : round1((s[m - 1]! + s[m]!) / 2);
}

/** The verdict on the samples taken at or after `warmupS`; throws when there are none. */
export function soakVerdict(samples: readonly SoakSample[], warmupS: number): SoakVerdict {
  const after = samples.filter((x) => x.atS >= warmupS);
  if (after.length === 0) throw new Error(`no memory sample at or after the ${warmupS} s warm-up`);
  const third = Math.max(1, Math.floor(after.length / 3));
  const head = after.slice(0, third);
  const tail = after.slice(-third);
  const rssFloor = growth(Math.min(...head.map((x) => x.rssMb)), Math.min(...tail.map((x) => x.rssMb)));
  const retained = (x: SoakSample): number[] => (x.heapAfterGcMb === undefined ? [] : [round1(x.heapAfterGcMb + (x.arrayBuffersAfterGcMb ?? 0))]);
  const gcHead = head.flatMap(retained);
  const gcTail = tail.flatMap(retained);
  const retainedAfterGc = gcHead.length > 0 && gcTail.length > 0 ? growth(median(gcHead), median(gcTail)) : undefined;
  return { rssFloor, retainedAfterGc, flat: rssFloor.flat && retainedAfterGc !== undefined && retainedAfterGc.flat };
}
