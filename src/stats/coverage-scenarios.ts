/**
 * @module stats/coverage-scenarios
 * Simulated populations and designs on which the interval procedures are
 * compared (bench/interval-coverage.ts, the seeded coverage test): a map with
 * clustered coca fields and omission in isolated fields far from mapped coca
 * (the design coca surveys use, where a large stratum expects only one or two
 * coca units), and a comfortable one where every stratum expects many.
 * Everything is seeded; nothing here reads or writes files.
 */
import type { AreaEstimate } from "./area-estimate.ts";
import { allocateSample } from "./allocation.ts";
import { bufferStrata } from "./buffer-stratum.ts";
import type { IntervalMethod } from "./interval-method.ts";
import { estimateFromErrorMatrix } from "./olofsson-estimator.ts";
import { estimateSimpleRandom } from "./post-stratified.ts";
import { createRandom, type Random } from "./random.ts";
import { sampleRanks } from "./sampling-frame.ts";
import { estimateStratified, type LabelledUnit } from "./stratified-estimator.ts";

export const COCA = 1;
export const OTHER = 2;
const CLASSES = ["coca", "other"];
const label = (v: number): string => (v === COCA ? "coca" : "other");

/** A simulated population: truth and map (codes COCA / OTHER), row-major. */
export interface Landscape {
  sizePx: number;
  truth: Uint8Array;
  map: Uint8Array;
  trueCocaPx: number;
  mappedCocaPx: number;
}

function rect(truthOrMap: Uint8Array, size: number, r0: number, c0: number, h: number, w: number, value: number, keep?: (i: number) => boolean): number {
  let set = 0;
  for (let r = Math.max(0, r0); r < Math.min(size, r0 + h); r++) {
    for (let c = Math.max(0, c0); c < Math.min(size, c0 + w); c++) {
      const i = r * size + c;
      if (keep && !keep(i)) continue;
      if (truthOrMap[i] !== value) set++;
      truthOrMap[i] = value;
    }
  }
  return set;
}

/**
 * Clustered coca fields (about 1% of the area at the default densities):
 * clusters of fields, 92% of them mapped (with a ragged edge of missed pixels),
 * false patches of other crops mapped as coca next to them, and isolated fields
 * at least 80 px from every cluster that the map misses altogether.
 */
export function rareOmissionLandscape({ sizePx = 2000, seed = 2026 }: { sizePx?: number; seed?: number } = {}): Landscape {
  const g = createRandom(seed);
  const n = sizePx * sizePx;
  const truth = new Uint8Array(n).fill(OTHER);
  const map = new Uint8Array(n).fill(OTHER);
  const scale = (sizePx / 2000) ** 2;
  const clusters: [number, number][] = [];
  const nClusters = Math.max(2, Math.round(60 * scale));
  for (let k = 0; k < nClusters; k++) clusters.push([40 + g.int(sizePx - 80), 40 + g.int(sizePx - 80)]);
  const side = (): number => 5 + g.int(8);
  for (const [cr, cc] of clusters) {
    for (let f = 0; f < 7; f++) {
      const r0 = cr - 40 + g.int(80);
      const c0 = cc - 40 + g.int(80);
      const h = side();
      const w = side();
      rect(truth, sizePx, r0, c0, h, w, COCA);
      if (g.next() < 0.92) {
        for (let r = Math.max(0, r0); r < Math.min(sizePx, r0 + h); r++) {
          for (let c = Math.max(0, c0); c < Math.min(sizePx, c0 + w); c++) {
            const edge = r === r0 || c === c0 || r === r0 + h - 1 || c === c0 + w - 1;
            if (!edge || g.next() > 0.3) map[r * sizePx + c] = COCA;
          }
        }
      }
    }
    // Other crops and pasture next to the fields, mapped as coca.
    for (let f = 0; f < 2; f++) rect(map, sizePx, cr - 40 + g.int(80), cc - 40 + g.int(80), 6 + g.int(5), 6 + g.int(5), COCA, (i) => truth[i] === OTHER);
  }
  const nIsolated = Math.round(220 * scale);
  for (let placed = 0, tries = 0; placed < nIsolated && tries < 100 * nIsolated; tries++) {
    const r0 = g.int(sizePx - 12);
    const c0 = g.int(sizePx - 12);
    if (clusters.some(([cr, cc]) => Math.max(Math.abs(cr - r0), Math.abs(cc - c0)) < 80 + 40)) continue;
    rect(truth, sizePx, r0, c0, side(), side(), COCA);
    placed++;
  }
  return summarise(sizePx, truth, map);
}

/**
 * A friendlier population: coca zones (checkerboard blocks) with 30% coca and
 * 5% elsewhere; the map finds 75% of coca in the zones and 50% elsewhere, and
 * marks 5% (zones) or 0.5% (elsewhere) of the rest as coca. Strata: mapped coca, unmapped zone, the rest;
 * every stratum's sample expects many coca units.
 */
export function comfortableLandscape({ sizePx = 2000, seed = 2026 }: { sizePx?: number; seed?: number } = {}): Landscape & { strata: Uint8Array } {
  const g = createRandom(seed);
  const n = sizePx * sizePx;
  const truth = new Uint8Array(n);
  const map = new Uint8Array(n);
  const strata = new Uint8Array(n);
  const block = Math.max(1, Math.round(sizePx / 5));
  for (let r = 0; r < sizePx; r++) {
    for (let c = 0; c < sizePx; c++) {
      const i = r * sizePx + c;
      const zone = (Math.floor(r / block) + Math.floor(c / (2 * block))) % 3 === 0;
      const isCoca = g.next() < (zone ? 0.3 : 0.05);
      const mapped = isCoca ? g.next() < (zone ? 0.75 : 0.5) : g.next() < (zone ? 0.05 : 0.005);
      truth[i] = isCoca ? COCA : OTHER;
      map[i] = mapped ? COCA : OTHER;
      strata[i] = mapped ? 1 : zone ? 2 : 3;
    }
  }
  return { ...summarise(sizePx, truth, map), strata };
}

function summarise(sizePx: number, truth: Uint8Array, map: Uint8Array): Landscape {
  let trueCocaPx = 0;
  let mappedCocaPx = 0;
  for (let i = 0; i < truth.length; i++) {
    if (truth[i] === COCA) trueCocaPx++;
    if (map[i] === COCA) mappedCocaPx++;
  }
  return { sizePx, truth, map, trueCocaPx, mappedCocaPx };
}

/** A design on a landscape: a strata raster, the sample size per stratum, and the estimator. */
export interface Scenario {
  name: string;
  description: string;
  landscape: Landscape;
  /** Stratum code per pixel. */
  strata: Uint8Array | Uint16Array;
  /** Sample size per stratum code. */
  sampleSizes: Map<number, number>;
  estimator: "olofsson" | "stehman" | "simple-random";
}

/** Pixels per stratum code, as index lists (for fast repeated selection). */
function strataIndex(strata: Uint8Array | Uint16Array): Map<number, Int32Array> {
  const counts = new Map<number, number>();
  for (const v of strata) counts.set(v, (counts.get(v) ?? 0) + 1);
  const lists = new Map<number, Int32Array>();
  const fill = new Map<number, number>();
  for (const [v, c] of counts) {
    lists.set(v, new Int32Array(c));
    fill.set(v, 0);
  }
  for (let i = 0; i < strata.length; i++) {
    const v = strata[i]!;
    const k = fill.get(v)!;
    lists.get(v)![k] = i;
    fill.set(v, k + 1);
  }
  return lists;
}

/** The four scenarios of the benchmark on a population of `sizePx`² pixels. */
export function coverageScenarios({ sizePx = 2000, seed = 2026, n = 600 }: { sizePx?: number; seed?: number; n?: number } = {}): Scenario[] {
  const rare = rareOmissionLandscape({ sizePx, seed });
  const third = Math.round(n / 3);
  const buffer = bufferStrata({ map: rare.map, width: sizePx, height: sizePx, targetCode: COCA, radiusPx: 3, bufferCode: 3 });
  const bufferIds = [1, 2, 3];
  const bufferSizes = bufferIds.map((id) => buffer.reduce((a, v) => a + (v === id ? 1 : 0), 0));
  // Anticipated coca shares for Neyman: mapped coca 0.8, the buffer 0.15, the rest 0.004.
  const neyman = allocateSample({ n, sizes: bufferSizes, rule: "neyman", sd: [0.8, 0.004, 0.15].map((p) => Math.sqrt(p * (1 - p))), ids: bufferIds });
  const comfortable = comfortableLandscape({ sizePx, seed });
  return [
    {
      name: "map-classes",
      description: `strata = map classes, ${third} units in mapped coca and ${n - third} elsewhere (rare omission in isolated fields)`,
      landscape: rare,
      strata: rare.map,
      sampleSizes: new Map([
        [COCA, third],
        [OTHER, n - third],
      ]),
      estimator: "olofsson",
    },
    {
      name: "buffer-neyman",
      description: `strata = map classes + a 3 px buffer around mapped coca, Neyman allocation of ${n} (${neyman.sampleSizes.join("/")} in coca/other/buffer)`,
      landscape: rare,
      strata: buffer,
      sampleSizes: new Map(bufferIds.map((id, h) => [id, neyman.sampleSizes[h]!])),
      estimator: "stehman",
    },
    {
      name: "simple-random",
      description: `simple random sample of ${n} (rare-omission population)`,
      landscape: rare,
      strata: new Uint8Array(sizePx * sizePx).fill(1),
      sampleSizes: new Map([[1, n]]),
      estimator: "simple-random",
    },
    {
      name: "comfortable",
      description: `coca zones (30% coca) and 5% elsewhere; strata mapped coca / zone / rest, ${Math.round(n / 10)}/${Math.round((n * 7) / 30)}/${n - Math.round(n / 10) - Math.round((n * 7) / 30)}`,
      landscape: comfortable,
      strata: comfortable.strata,
      sampleSizes: new Map([
        [1, Math.round(n / 10)],
        [2, Math.round((n * 7) / 30)],
        [3, n - Math.round(n / 10) - Math.round((n * 7) / 30)],
      ]),
      estimator: "stehman",
    },
  ];
}

export interface CoverageResult {
  scenario: string;
  method: IntervalMethod;
  samples: number;
  /** Share of samples whose interval held the true coca area. */
  coverage: number;
  /** Misses with the interval entirely below the truth. */
  missesLow: number;
  missesHigh: number;
  /** Mean interval width as a share of the true coca area. */
  meanRelativeWidth: number;
  /** Mean of the estimates over the true area (unbiasedness check). */
  meanEstimateOverTruth: number;
  /** Samples with at least one small-count warning for coca. */
  flagged: number;
}

/** Draw `samples` seeded samples of a scenario and measure each method's coverage of the true coca area. */
export function measureCoverage(
  scenario: Scenario,
  methods: readonly IntervalMethod[],
  { samples, seed }: { samples: number; seed: number },
): CoverageResult[] {
  const { landscape } = scenario;
  const index = strataIndex(scenario.strata);
  const pixelHa = 0.01;
  const trueHa = landscape.trueCocaPx * pixelHa;
  const random: Random = createRandom(seed);
  const acc = methods.map(() => ({ covered: 0, low: 0, high: 0, width: 0 }));
  let sumEstimate = 0;
  let flagged = 0;
  const ids = [...scenario.sampleSizes.keys()];
  const strata = ids.map((id) => ({ id: String(id), sizeHa: index.get(id)!.length * pixelHa, sizeUnits: index.get(id)!.length }));
  for (let s = 0; s < samples; s++) {
    const units: LabelledUnit[] = [];
    const counts = [
      [0, 0],
      [0, 0],
    ];
    for (const id of ids) {
      const list = index.get(id)!;
      for (const rank of sampleRanks(list.length, scenario.sampleSizes.get(id)!, random)) {
        const px = list[rank]!;
        units.push({ stratum: String(id), mapClass: label(landscape.map[px]!), referenceClass: label(landscape.truth[px]!) });
        if (scenario.estimator === "olofsson") counts[id - 1]![landscape.truth[px]! - 1]! += 1;
      }
    }
    methods.forEach((method, m) => {
      const e = estimateOne(scenario, method, strata, units, counts);
      if (m === 0) {
        sumEstimate += e.areaHa[0]!;
        if (e.smallCounts.some((c) => c.class === "coca")) flagged++;
      }
      const [lo, hi] = e.areaCiHa[0]!;
      const a = acc[m]!;
      if (lo <= trueHa && trueHa <= hi) a.covered++;
      else if (hi < trueHa) a.low++;
      else a.high++;
      a.width += (hi - lo) / trueHa;
    });
  }
  return methods.map((method, m) => ({
    scenario: scenario.name,
    method,
    samples,
    coverage: acc[m]!.covered / samples,
    missesLow: acc[m]!.low,
    missesHigh: acc[m]!.high,
    meanRelativeWidth: acc[m]!.width / samples,
    meanEstimateOverTruth: sumEstimate / samples / trueHa,
    flagged,
  }));
}

function estimateOne(
  scenario: Scenario,
  interval: IntervalMethod,
  strata: { id: string; sizeHa: number; sizeUnits: number }[],
  units: LabelledUnit[],
  counts: number[][],
): AreaEstimate {
  if (scenario.estimator === "olofsson") {
    return estimateFromErrorMatrix({
      classes: CLASSES,
      mappedAreaHa: strata.map((s) => s.sizeHa),
      mappedAreaUnits: strata.map((s) => s.sizeUnits),
      sampleCounts: counts,
      fpc: true,
      interval,
      targetClasses: ["coca"],
    });
  }
  if (scenario.estimator === "simple-random") {
    return estimateSimpleRandom({ units, totalAreaHa: strata[0]!.sizeHa, totalUnits: strata[0]!.sizeUnits, classes: CLASSES, fpc: true, interval });
  }
  return estimateStratified({ strata, units, classes: CLASSES, fpc: true, interval, targetClasses: ["coca"] });
}
