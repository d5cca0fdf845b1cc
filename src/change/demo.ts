/**
 * @module change/demo
 * A SIMULATED change survey with known truth: two years of the synthetic Andes-Amazon landscape
 * (imagery/synth). Year 1 is the landscape's coca; year 2 grows from it by rules given as data: an
 * eradication campaign on known fields (forced and voluntary, each with its own replanting probability),
 * abandonment of fields not eradicated, and new fields displaced toward remote cells (far from rivers and
 * roads). Both years are "classified" by a seeded error model (omission at field edges, commission next to
 * fields, rare random flips; the real classifier needs a scene per year, which the scene engine does not yet
 * grow), stratified on the transition map of the two maps plus a buffer stratum, sampled with
 * area/design-sample, interpreted from the truth at both dates, and estimated with stats/change-estimator.
 * Everything in memory and deterministic in the seed; the CLI writes the files.
 */
import type { RasterGrid } from "../domain/raster-grid.ts";
import { designSample } from "../area/design-sample.ts";
import type { AreaFrame } from "../area/read-frame.ts";
import { accessDistance, classAt, createLandscape } from "../imagery/synth/landscape.ts";
import { CLASS } from "../imagery/synth/legend.ts";
import { synthGrid } from "../imagery/synth/synthesize-scene.ts";
import { labelComponents } from "../imagery/vectorize/label-components.ts";
import { cellAreaHaByRow } from "../raster/cell-area.ts";
import { estimateChange, type ChangeEstimate, type ChangeUnit } from "../stats/change-estimator.ts";
import { createRandom } from "../stats/random.ts";
import type { EradicationKind } from "./eradication-kind.ts";

/** The rules of the simulated second year and of the survey. */
export interface ChangeDemoParams {
  seed: number;
  sizePx: number;
  /** Share of year-1 fields eradicated by each kind, and the probability an eradicated field is replanted. */
  eradication: Record<"forced" | "voluntary", { share: number; replantProbability: number }>;
  /** Probability that a field not eradicated is abandoned by year 2. */
  abandonProbability: number;
  /** New fields as a share of the year-1 field count, placed in the most remote `remoteShare` of eligible cells. */
  newFieldsShare: number;
  remoteShare: number;
  /** Classification error model, per pixel. */
  mapErrors: { omissionAtEdge: number; commissionNextToCoca: number; randomFlip: number };
  /** Buffer stratum: stable non-coca pixels within this many pixels of mapped coca at either date. */
  bufferPx: number;
  sampleSize: number;
  minimumPerStratum: number;
  z?: number;
}

export const DEFAULT_DEMO_PARAMS: Omit<ChangeDemoParams, "seed"> = {
  sizePx: 600,
  // As reported (change.md): forced eradication 50-67% replanted; voluntary substitution (PNIS) 0.6%.
  eradication: { forced: { share: 0.25, replantProbability: 0.6 }, voluntary: { share: 0.15, replantProbability: 0.05 } },
  abandonProbability: 0.15,
  newFieldsShare: 0.3,
  remoteShare: 0.3,
  mapErrors: { omissionAtEdge: 0.25, commissionNextToCoca: 0.08, randomFlip: 0.0005 },
  bufferPx: 1,
  sampleSize: 600,
  minimumPerStratum: 100,
};

export interface DemoRecord {
  id: string;
  kind: EradicationKind;
  /** Site: the field's pixel nearest its centroid, map coordinates and pixel. */
  row: number;
  col: number;
  date: string;
  areaHa: number;
  replanted: boolean;
}

export interface DemoTruth {
  firstDateHa: number;
  secondDateHa: number;
  newHa: number;
  persistentHa: number;
  lostHa: number;
  netChangeHa: number;
  abandonedShare: number;
  eradicatedHa: number;
  replantedShare: number | null;
  replantedShareByKind: Record<string, number | null>;
  fieldsYear1: number;
  fieldsEradicated: Record<string, number>;
  fieldsAbandoned: number;
  fieldsNew: number;
  /** Mean distance (px) to the nearest river or road of year-1 coca pixels and of new-field pixels. */
  meanAccessPxYear1: number;
  meanAccessPxNew: number;
}

/** One simulated field: year-1 fields with their fate, and the new fields of year 2 (truth, not mapped). */
export interface DemoField {
  id: string;
  /** Truth area at each date, ha (0 = no coca). */
  areaHaByDate: [number, number];
  fate: "persistent" | "abandoned" | "new" | "eradicated-forced" | "eradicated-forced-replanted" | "eradicated-voluntary" | "eradicated-voluntary-replanted";
  region: string;
}

/** The demo's zones: the four quadrants of the simulated area (units and fields carry their zone). */
export const DEMO_ZONES = ["SIMULATED zone NW", "SIMULATED zone NE", "SIMULATED zone SW", "SIMULATED zone SE"] as const;
export const demoZoneOf = (row: number, col: number, n: number): string => DEMO_ZONES[(row >= n / 2 ? 2 : 0) + (col >= n / 2 ? 1 : 0)]!;

export interface ChangeDemo {
  simulated: true;
  params: ChangeDemoParams;
  grid: RasterGrid;
  /** Codes 1 = coca, 2 = other. */
  classNames: ["coca", "other"];
  truth1: Uint8Array;
  truth2: Uint8Array;
  map1: Uint8Array;
  map2: Uint8Array;
  /** Strata: 1..4 transitions of the maps (coca->coca, coca->other, other->coca, other->other), 5 the buffer. */
  strata: Uint8Array;
  strataNames: string[];
  records: DemoRecord[];
  fields: DemoField[];
  /** Mapped coca per zone at each date, ha. */
  mappedByZone: { region: string; mappedHa: [number, number] }[];
  units: (ChangeUnit & { unitId: string; row: number; col: number; lon: number; lat: number; mapClass: string })[];
  strataSizes: { id: string; sizeHa: number; sizeUnits: number }[];
  estimate: ChangeEstimate;
  truth: DemoTruth;
}

const COCA = 1;
const OTHER = 2;

/** Run the simulated change survey. */
/** The simulated two years before classification: the truth, the campaign, and what the survey needs of them. */
export interface ChangeSimulation {
  params: ChangeDemoParams;
  n: number;
  grid: RasterGrid;
  cellHa: number;
  land: ReturnType<typeof createLandscape>;
  random: ReturnType<typeof createRandom>;
  N: number;
  /** Year-1 landscape classes (imagery/synth legend codes). */
  land1: Uint8Array;
  truth1: Uint8Array;
  truth2: Uint8Array;
  access: Float32Array;
  labels: ReturnType<typeof labelComponents>["labels"];
  count: number;
  size: Float64Array;
  sumX: Float64Array;
  sumY: Float64Array;
  fate: Uint8Array;
  kindOf: Uint8Array;
  eradicatedKind: Uint8Array;
  newFields: DemoField[];
  placed: number;
  newPixels: number;
  newAccess: number;
  records: DemoRecord[];
}

/** Run the simulated change survey, the two years classified by the seeded error model. */
export function runChangeDemo(params: ChangeDemoParams): ChangeDemo {
  const sim = simulateChange(params);
  const map1 = classify(sim.truth1, sim.n, params, sim.random);
  const map2 = classify(sim.truth2, sim.n, params, sim.random);
  return surveyChange(sim, map1, map2);
}

/** Simulate the two years (truth, campaign, displacement), deterministic in the seed. */
export function simulateChange(params: ChangeDemoParams): ChangeSimulation {
  const { seed, sizePx: n } = params;
  const grid = synthGrid(n);
  const cellHa = cellAreaHaByRow(grid)[0]!;
  const land = createLandscape(seed, n);
  const random = createRandom(seed ^ 0x6368);
  const N = n * n;
  const land1 = new Uint8Array(N);
  const truth1 = new Uint8Array(N);
  for (let y = 0; y < n; y++)
    for (let x = 0; x < n; x++) {
      const c = classAt(land, x, y);
      land1[y * n + x] = c;
      truth1[y * n + x] = c === CLASS.coca ? COCA : OTHER;
    }
  const access = new Float32Array(N);
  for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) access[y * n + x] = accessDistance(land, x, y);

  // Year-1 fields and what happens to each.
  const { labels, count } = labelComponents(truth1, n, n, COCA, 4);
  const sumX = new Float64Array(count + 1);
  const sumY = new Float64Array(count + 1);
  const size = new Float64Array(count + 1);
  for (let i = 0; i < N; i++) {
    const k = labels[i]!;
    if (k === 0) continue;
    sumX[k]! += i % n;
    sumY[k]! += Math.floor(i / n);
    size[k]!++;
  }
  const fate = new Uint8Array(count + 1); // 0 kept, 1 forced kept (replanted), 2 forced removed, 3 voluntary replanted, 4 voluntary removed, 5 abandoned
  const kindOf = new Uint8Array(count + 1); // 0 none, 1 forced, 2 voluntary
  const { forced, voluntary } = params.eradication;
  for (let k = 1; k <= count; k++) {
    const u = random.next();
    if (u < forced.share) {
      kindOf[k] = 1;
      fate[k] = random.next() < forced.replantProbability ? 1 : 2;
    } else if (u < forced.share + voluntary.share) {
      kindOf[k] = 2;
      fate[k] = random.next() < voluntary.replantProbability ? 3 : 4;
    } else fate[k] = random.next() < params.abandonProbability ? 5 : 0;
  }
  const truth2 = truth1.slice();
  const eradicatedKind = new Uint8Array(N);
  for (let i = 0; i < N; i++) {
    const k = labels[i]!;
    if (k === 0) continue;
    eradicatedKind[i] = kindOf[k]!;
    const f = fate[k]!;
    if (f === 2 || f === 4 || f === 5) truth2[i] = OTHER;
  }

  // New fields in remote cells: forest, regrowth or pasture, in the most remote share of those cells.
  const eligible: number[] = [];
  for (let i = 0; i < N; i++) {
    const c = land1[i]!;
    if (c === CLASS.forest || c === CLASS.regrowth || c === CLASS.pasture) eligible.push(i);
  }
  const sortedAccess = eligible.map((i) => access[i]!).sort((a, b) => a - b);
  const remoteFrom = sortedAccess[Math.floor(sortedAccess.length * (1 - params.remoteShare))] ?? Infinity;
  const remote = eligible.filter((i) => access[i]! >= remoteFrom);
  const nNew = Math.round(params.newFieldsShare * count);
  let placed = 0;
  const newFields: DemoField[] = [];
  let newPixels = 0;
  let newAccess = 0;
  for (let tries = 0; placed < nNew && tries < nNew * 20 && remote.length > 0; tries++) {
    const i0 = remote[random.int(remote.length)]!;
    const w = 5 + random.int(9);
    const h = 5 + random.int(9);
    const x0 = i0 % n;
    const y0 = Math.floor(i0 / n);
    if (x0 + w >= n || y0 + h >= n) continue;
    let clash = false;
    for (let y = y0 - 1; y <= y0 + h && !clash; y++)
      for (let x = x0 - 1; x <= x0 + w; x++) {
        const i = y * n + x;
        if (y < 0 || x < 0 || truth1[i] === COCA || truth2[i] === COCA) {
          clash = true;
          break;
        }
      }
    if (clash) continue;
    const before = newPixels;
    for (let y = y0; y < y0 + h; y++)
      for (let x = x0; x < x0 + w; x++) {
        const c = land1[y * n + x]!;
        if (c !== CLASS.forest && c !== CLASS.regrowth && c !== CLASS.pasture) continue;
        truth2[y * n + x] = COCA;
        newPixels++;
        newAccess += access[y * n + x]!;
      }
    placed++;
    newFields.push({ id: `N${placed}`, areaHaByDate: [0, (newPixels - before) * cellHa], fate: "new", region: demoZoneOf(y0 + h / 2, x0 + w / 2, n) });
  }

  // Eradication records: one per eradicated field, at its pixel nearest the centroid.
  const records: DemoRecord[] = [];
  const nearest = new Float64Array(count + 1).fill(Infinity);
  const site = new Int32Array(count + 1).fill(-1);
  for (let i = 0; i < N; i++) {
    const k = labels[i]!;
    if (k === 0 || kindOf[k] === 0) continue;
    const d = ((i % n) - sumX[k]! / size[k]!) ** 2 + (Math.floor(i / n) - sumY[k]! / size[k]!) ** 2;
    if (d < nearest[k]!) {
      nearest[k] = d;
      site[k] = i;
    }
  }
  for (let k = 1; k <= count; k++) {
    if (kindOf[k] === 0) continue;
    const month = 1 + random.int(12);
    records.push({
      id: `E${k}`,
      kind: kindOf[k] === 1 ? "forced" : "voluntary",
      row: Math.floor(site[k]! / n),
      col: site[k]! % n,
      date: `2023-${String(month).padStart(2, "0")}-${String(1 + random.int(28)).padStart(2, "0")}`,
      areaHa: size[k]! * cellHa,
      replanted: fate[k] === 1 || fate[k] === 3,
    });
  }

  return {
    params,
    n,
    grid,
    cellHa,
    land,
    random,
    N,
    land1,
    truth1,
    truth2,
    access,
    labels,
    count,
    size,
    sumX,
    sumY,
    fate,
    kindOf,
    eradicatedKind,
    newFields,
    placed,
    newPixels,
    newAccess,
    records,
  };
}

/**
 * The change survey on two classified maps (1 = coca, 2 = other) of the simulation: strata on the map transitions
 * plus the buffer, the sample, interpretation from the truth at both dates, the estimate, the truth.
 */
export function surveyChange(sim: ChangeSimulation, map1: Uint8Array, map2: Uint8Array): ChangeDemo {
  const {
    params,
    n,
    grid,
    cellHa,
    N,
    truth1,
    truth2,
    access,
    count,
    size,
    sumX,
    sumY,
    fate,
    eradicatedKind,
    newFields,
    placed,
    newPixels,
    newAccess,
    records,
  } = sim;
  const seed = params.seed;
  // Strata: map transitions, and the buffer around mapped coca.
  const strata = new Uint8Array(N);
  for (let i = 0; i < N; i++) strata[i] = 1 + (map1[i]! - 1) * 2 + (map2[i]! - 1);
  const near = dilate(
    Uint8Array.from(strata, (s) => (s !== 4 ? 1 : 0)),
    n,
    params.bufferPx,
  );
  for (let i = 0; i < N; i++) if (strata[i] === 4 && near[i]) strata[i] = 5;
  const strataNames = ["coca -> coca", "coca -> other", "other -> coca", "other -> other", "other -> other, near coca"];
  const frame: AreaFrame = {
    mapPath: "SIMULATED transition map",
    grid,
    map: strata,
    mapNodata: 0,
    strata,
    strataNodata: 0,
    className: (code) => strataNames[code - 1] ?? String(code),
    pixelAreaHa: cellAreaHaByRow(grid),
  };
  const drawn = designSample({
    frame,
    design: "stratified",
    seed,
    random: createRandom(seed + 1),
    n: params.sampleSize,
    allocation: { minimum: params.minimumPerStratum },
  });
  const name = (c: number): string => (c === COCA ? "coca" : "other");
  const units = drawn.points.map((p) => {
    const i = p.row * n + p.col;
    const kind = eradicatedKind[i]!;
    return {
      unitId: p.unitId,
      stratum: p.stratum,
      mapClass: p.mapClass,
      row: p.row,
      col: p.col,
      lon: p.lon,
      lat: p.lat,
      region: demoZoneOf(p.row, p.col, n),
      fromClass: name(truth1[i]!),
      toClass: name(truth2[i]!),
      eradicationKind: kind === 1 ? ("forced" as const) : kind === 2 ? ("voluntary" as const) : undefined,
    };
  });
  const strataSizes = drawn.strata.map((s) => ({ id: s.stratum, sizeHa: s.sizeHa, sizeUnits: s.sizePx }));
  const estimate = estimateChange({ strata: strataSizes, units, targetClass: "coca", z: params.z });

  // The truth.
  let first = 0;
  let second = 0;
  let persistent = 0;
  let lost = 0;
  let gained = 0;
  let access1 = 0;
  const erad = [0, 0, 0];
  const replantedPx = [0, 0, 0];
  for (let i = 0; i < N; i++) {
    const a = truth1[i] === COCA;
    const b = truth2[i] === COCA;
    if (a) {
      first++;
      access1 += access[i]!;
    }
    if (b) second++;
    if (a && b) persistent++;
    if (a && !b) lost++;
    if (!a && b) gained++;
    const k = eradicatedKind[i]!;
    if (k) {
      erad[k]!++;
      if (b) replantedPx[k]!++;
    }
  }
  const eradTotal = erad[1]! + erad[2]!;
  const truth: DemoTruth = {
    firstDateHa: first * cellHa,
    secondDateHa: second * cellHa,
    newHa: gained * cellHa,
    persistentHa: persistent * cellHa,
    lostHa: lost * cellHa,
    netChangeHa: (gained - lost) * cellHa,
    abandonedShare: first ? lost / first : 0,
    eradicatedHa: eradTotal * cellHa,
    replantedShare: eradTotal ? (replantedPx[1]! + replantedPx[2]!) / eradTotal : null,
    replantedShareByKind: { forced: erad[1] ? replantedPx[1]! / erad[1]! : null, voluntary: erad[2] ? replantedPx[2]! / erad[2]! : null },
    fieldsYear1: count,
    fieldsEradicated: { forced: records.filter((r) => r.kind === "forced").length, voluntary: records.filter((r) => r.kind === "voluntary").length },
    fieldsAbandoned: [...fate].filter((f, k) => k > 0 && f === 5).length,
    fieldsNew: placed,
    meanAccessPxYear1: first ? access1 / first : 0,
    meanAccessPxNew: newPixels ? newAccess / newPixels : 0,
  };
  const FATE: DemoField["fate"][] = [
    "persistent",
    "eradicated-forced-replanted",
    "eradicated-forced",
    "eradicated-voluntary-replanted",
    "eradicated-voluntary",
    "abandoned",
  ];
  const fields: DemoField[] = [];
  for (let k = 1; k <= count; k++) {
    const f = fate[k]!;
    const ha = size[k]! * cellHa;
    fields.push({
      id: `F${k}`,
      areaHaByDate: [ha, f === 0 || f === 1 || f === 3 ? ha : 0],
      fate: FATE[f]!,
      region: demoZoneOf(sumY[k]! / size[k]!, sumX[k]! / size[k]!, n),
    });
  }
  fields.push(...newFields);
  const mapped = DEMO_ZONES.map(() => [0, 0]);
  for (let y = 0; y < n; y++)
    for (let x = 0; x < n; x++) {
      const z = DEMO_ZONES.indexOf(demoZoneOf(y, x, n) as (typeof DEMO_ZONES)[number]);
      if (map1[y * n + x] === COCA) mapped[z]![0]! += cellHa;
      if (map2[y * n + x] === COCA) mapped[z]![1]! += cellHa;
    }
  const mappedByZone = DEMO_ZONES.map((region, z) => ({ region, mappedHa: [mapped[z]![0]!, mapped[z]![1]!] as [number, number] }));
  return {
    simulated: true,
    params,
    grid,
    classNames: ["coca", "other"],
    truth1,
    truth2,
    map1,
    map2,
    strata,
    strataNames,
    records,
    fields,
    mappedByZone,
    units,
    strataSizes,
    estimate,
    truth,
  };
}

/** The error model: omission at coca field edges, commission next to coca, rare random flips. */
function classify(truth: Uint8Array, n: number, params: ChangeDemoParams, random: ReturnType<typeof createRandom>): Uint8Array {
  const { omissionAtEdge, commissionNextToCoca, randomFlip } = params.mapErrors;
  const out = truth.slice();
  for (let y = 0; y < n; y++)
    for (let x = 0; x < n; x++) {
      const i = y * n + x;
      const t = truth[i]!;
      let diff = 0;
      if (x > 0 && truth[i - 1] !== t) diff++;
      if (x + 1 < n && truth[i + 1] !== t) diff++;
      if (y > 0 && truth[i - n] !== t) diff++;
      if (y + 1 < n && truth[i + n] !== t) diff++;
      const u = random.next();
      if (diff > 0 && u < (t === COCA ? omissionAtEdge : commissionNextToCoca)) out[i] = t === COCA ? OTHER : COCA;
      else if (random.next() < randomFlip) out[i] = t === COCA ? OTHER : COCA;
    }
  return out;
}

/** Square dilation of a 0/1 mask by r pixels (separable running maximum). */
function dilate(mask: Uint8Array, n: number, r: number): Uint8Array {
  const tmp = new Uint8Array(mask.length);
  const out = new Uint8Array(mask.length);
  for (let y = 0; y < n; y++) {
    let next = Infinity;
    const nextAt = new Float64Array(n);
    for (let x = n - 1; x >= 0; x--) {
      if (mask[y * n + x]) next = x;
      nextAt[x] = next;
    }
    let last = -Infinity;
    for (let x = 0; x < n; x++) {
      if (mask[y * n + x]) last = x;
      tmp[y * n + x] = x - last <= r || nextAt[x]! - x <= r ? 1 : 0;
    }
  }
  for (let x = 0; x < n; x++) {
    let last = -Infinity;
    const nextAt = new Float64Array(n);
    let next = Infinity;
    for (let y = n - 1; y >= 0; y--) {
      if (tmp[y * n + x]) next = y;
      nextAt[y] = next;
    }
    for (let y = 0; y < n; y++) {
      if (tmp[y * n + x]) last = y;
      out[y * n + x] = y - last <= r || nextAt[y]! - y <= r ? 1 : 0;
    }
  }
  return out;
}

const fmtHa = (v: number): string => Math.round(v).toLocaleString("en-US");
const pct = (v: number | null): string => (v === null ? "—" : `${(v * 100).toFixed(1)}%`);

/** The demo's headline, marked [SIMULATED]. */
export function demoHeadline(d: ChangeDemo): string {
  const e = d.estimate;
  const a = e.areas;
  const t = d.truth;
  const ci = (lo: number, hi: number): string => `${fmtHa(lo)} to ${fmtHa(hi)}`;
  const rp = e.replanted?.overall;
  const level = `${+(e.confidence * 100).toFixed(1)}%`;
  return (
    `[SIMULATED] Coca ${a.netChangeHa.estimateHa >= 0 ? "rose" : "fell"} from ${fmtHa(a.firstDateHa.estimateHa)} to ${fmtHa(a.secondDateHa.estimateHa)} ha ` +
    `(net ${a.netChangeHa.estimateHa >= 0 ? "+" : ""}${fmtHa(a.netChangeHa.estimateHa)} ha, ${level} CI ${ci(a.netChangeHa.ciHa[0], a.netChangeHa.ciHa[1])})` +
    `; of ${fmtHa(t.eradicatedHa)} ha eradicated, ${pct(rp?.ratio ?? null)} was replanted` +
    (rp?.ci ? ` (${level} CI ${pct(rp.ci[0])} to ${pct(rp.ci[1])})` : "") +
    `; the simulated truth is ${fmtHa(t.firstDateHa)} to ${fmtHa(t.secondDateHa)} ha (net ${t.netChangeHa >= 0 ? "+" : ""}${fmtHa(t.netChangeHa)} ha), ${pct(t.replantedShare)} replanted.`
  );
}
