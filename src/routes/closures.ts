/**
 * @module routes/closures
 * What closing routes does. A closure blocks cells (impassable) or multiplies their cost; the landscape is assessed
 * before and after: the cheapest route, its cost, the circuit-theory flow (entropy, corridors, footprint) and the
 * share of the flow that passed through the closed cells. The interdiction game repeats it over rounds: each round
 * the interdictor puts checkpoints where the current is highest (greedy, or drawn in proportion to current with a
 * seeded generator), traffickers reroute, and the footprint and entropy of the flow are recorded, so that "new
 * routes pop up" is measured. Optionally traffickers learn risk per cell instead (NarcoLogic-style, `learning`).
 */
import { DataError } from "../domain/errors.ts";
import type { Random } from "../stats/random.ts";
import { pathLengthM, type CostGrid, type Neighbourhood } from "./accumulated-cost.ts";
import { effectiveResistance, rasterNetwork } from "./circuit.ts";
import { markWithin } from "./corridors.ts";
import { countCorridors, currentThrough, flowEntropy, footprintHa } from "./flow-metrics.ts";
import { leastCostRoutes, type Endpoint } from "./least-cost.ts";

export type ClosureRule = { mode: "block" } | { mode: "multiply"; factor: number };

/** A copy of `costs` with the closure applied where `mask` is set. */
export function applyClosure(costs: ArrayLike<number>, mask: Uint8Array, rule: ClosureRule): Float64Array {
  const out = Float64Array.from(costs);
  for (let i = 0; i < out.length; i++) if (mask[i] === 1) out[i] = rule.mode === "block" ? NaN : out[i]! * rule.factor;
  return out;
}

export interface AssessOptions {
  neighbours?: Neighbourhood;
  /** Current (A, of 1 A) above which a cell counts as carrying flow. Default 0.05. */
  thresholdA?: number;
  /** Radius around sources and targets left out of the corridor count (m). Default 3 cells. */
  clearM?: number;
  tolerance?: number;
}

export interface LandscapeState {
  /** Cheapest route cost; Infinity when no route remains. */
  bestCost: number;
  bestRoute: Int32Array;
  bestLengthM: number;
  /** Effective resistance sources -> targets; Infinity when disconnected. */
  resistance: number;
  entropyNats: number;
  evenness: number;
  corridors: number;
  footprintHa: number;
}

export interface Assessment {
  state: LandscapeState;
  currentA: Float64Array;
  voltagesV: Float64Array;
  net: ReturnType<typeof rasterNetwork>;
}

function cellSide(grid: CostGrid): number {
  return Math.max(typeof grid.cellWidthM === "number" ? grid.cellWidthM : grid.cellWidthM[0]!, grid.cellHeightM);
}

/** Least-cost route and circuit flow of a landscape. */
export function assessLandscape(grid: CostGrid, sources: readonly Endpoint[], targets: readonly Endpoint[], o: AssessOptions = {}): Assessment {
  const threshold = o.thresholdA ?? 0.05;
  const clearM = o.clearM ?? 3 * cellSide(grid);
  let bestCost = Infinity;
  let bestRoute: Int32Array = new Int32Array(0);
  try {
    const best = leastCostRoutes(grid, sources, targets, { neighbours: o.neighbours }).routes[0];
    if (best) {
      bestCost = best.cost;
      bestRoute = best.cells;
    }
  } catch (error) {
    if (!(error instanceof DataError)) throw error;
  }
  const net = rasterNetwork(grid, o.neighbours === 4 ? 4 : 8);
  const n = grid.width * grid.height;
  if (bestCost === Infinity) {
    const zero = new Float64Array(n);
    return {
      state: { bestCost, bestRoute, bestLengthM: NaN, resistance: Infinity, entropyNats: 0, evenness: 0, corridors: 0, footprintHa: 0 },
      currentA: zero,
      voltagesV: new Float64Array(n).fill(NaN),
      net,
    };
  }
  const ends = [...sources.map((s) => s.cell), ...targets.map((t) => t.cell)];
  const res = effectiveResistance(
    net,
    sources.map((s) => s.cell).filter((c) => grid.costs[c]! >= 0),
    targets.map((t) => t.cell).filter((c) => grid.costs[c]! >= 0),
    { tolerance: o.tolerance ?? 1e-8, raster: { grid, neighbours: o.neighbours === 4 ? 4 : 8 } },
  );
  const ent = flowEntropy(net, res.voltagesV);
  return {
    state: {
      bestCost,
      bestRoute,
      bestLengthM: pathLengthM(bestRoute, grid),
      resistance: res.resistanceOhm,
      entropyNats: ent.entropyNats,
      evenness: ent.evenness,
      corridors: countCorridors(res.currentA, grid, threshold, ends, clearM).corridors,
      footprintHa: footprintHa(res.currentA, grid, threshold),
    },
    currentA: res.currentA,
    voltagesV: res.voltagesV,
    net,
  };
}

export interface ClosureComparison {
  closedCells: number;
  before: LandscapeState;
  after: LandscapeState;
  /** after.bestCost - before.bestCost (Infinity when no route remains). */
  addedCost: number;
  /** Share of the 1 A flow that passed through the closed cells before the closure. */
  flowShareClosedBefore: number;
}

/** Close `mask` by `rule` and compare the landscape before and after. */
export function closeAndCompare(
  grid: CostGrid,
  sources: readonly Endpoint[],
  targets: readonly Endpoint[],
  mask: Uint8Array,
  rule: ClosureRule,
  o: AssessOptions = {},
): ClosureComparison {
  const before = assessLandscape(grid, sources, targets, o);
  const closed = { ...grid, costs: applyClosure(grid.costs, mask, rule) };
  const after = assessLandscape(closed, sources, targets, o);
  let closedCells = 0;
  for (const m of mask) closedCells += m;
  return {
    closedCells,
    before: before.state,
    after: after.state,
    addedCost: after.state.bestCost - before.state.bestCost,
    flowShareClosedBefore: before.state.bestCost === Infinity ? 0 : currentThrough(before.net, before.voltagesV, mask),
  };
}

export interface GameOptions extends AssessOptions {
  rounds: number;
  checkpointsPerRound: number;
  /** Radius of a checkpoint (m): the cells it closes. */
  checkpointRadiusM: number;
  rule?: ClosureRule;
  /** "greedy": the highest-current cells; "sampled": drawn with probability proportional to current. */
  placement?: "greedy" | "sampled";
  random?: Random;
  /**
   * NarcoLogic-style risk learning (Magliocca et al. 2019, PNAS 116:7784): checkpoints stand for one round only, and
   * traffickers price each cell by their perceived risk, a time-discounted update bounded in [0, 1]:
   * risk = (Σ w^age · events + α) / (Σ w^age + α + β), rising where checkpoints were and falling back without them
   * (to α / (1/(1-w) + α + β) after many quiet rounds, from the prior α / (α + β)); a cell costs
   * base × (1 + aversion × risk), so reported costs are the traffickers' perceived costs. Absent: checkpoints block
   * for good.
   */
  learning?: RiskLearning;
}

export interface RiskLearning {
  /** w in (0, 1]: weight of an event one round older. */
  discount: number;
  alpha: number;
  beta: number;
  /** Cost multiplier per unit of risk. */
  aversion: number;
}

/** One round of the risk update in place: num = w·num + event, den = w·den + 1 (returned); risk from them. */
export function updateRisk(num: Float64Array, events: Uint8Array, den: number, l: RiskLearning): number {
  for (let i = 0; i < num.length; i++) num[i] = l.discount * num[i]! + events[i]!;
  return l.discount * den + 1;
}

/** Perceived risk of a cell: (num + α) / (den + α + β), in [0, 1]. */
export function riskOf(num: number, den: number, l: RiskLearning): number {
  return (num + l.alpha) / (den + l.alpha + l.beta);
}

export interface GameRound {
  round: number;
  /** Checkpoint cells placed this round (none in round 0, the baseline). */
  checkpoints: number[];
  closedCells: number;
  state: LandscapeState;
  /** Share of the flow that passed through this round's checkpoints before they were placed. */
  flowShareIntercepted: number;
}

/** Rounds of interdiction and rerouting; round 0 is the landscape before any checkpoint. */
export function interdictionGame(grid: CostGrid, sources: readonly Endpoint[], targets: readonly Endpoint[], o: GameOptions): GameRound[] {
  const rule = o.rule ?? { mode: "block" };
  const placement = o.placement ?? "greedy";
  if (placement === "sampled" && !o.random) throw new RangeError("sampled placement needs a seeded random source");
  const clearM = o.clearM ?? 3 * cellSide(grid);
  const n = grid.width * grid.height;
  const protectedEnds = new Uint8Array(n);
  markWithin(protectedEnds, grid, [...sources.map((s) => s.cell), ...targets.map((t) => t.cell)], Math.max(clearM, o.checkpointRadiusM));
  let costs: Float64Array = Float64Array.from(grid.costs);
  const closedAll = new Uint8Array(n);
  const learning = o.learning;
  const riskNum = learning ? new Float64Array(n) : undefined;
  let riskDen = 0;
  let current = assessLandscape({ ...grid, costs }, sources, targets, o);
  const rounds: GameRound[] = [{ round: 0, checkpoints: [], closedCells: 0, state: current.state, flowShareIntercepted: 0 }];
  for (let round = 1; round <= o.rounds; round++) {
    if (current.state.bestCost === Infinity) break;
    const cur = current.currentA;
    const candidates: number[] = [];
    for (let i = 0; i < n; i++) if (cur[i]! > 0 && protectedEnds[i] === 0 && closedAll[i] === 0) candidates.push(i);
    if (candidates.length === 0) break;
    const picked: number[] = [];
    const blocked = new Uint8Array(n);
    if (placement === "greedy") {
      candidates.sort((a, b) => cur[b]! - cur[a]! || a - b);
      for (const c of candidates) {
        if (picked.length >= o.checkpointsPerRound) break;
        if (blocked[c] === 1) continue;
        picked.push(c);
        markWithin(blocked, grid, [c], 2 * o.checkpointRadiusM);
      }
    } else {
      let total = 0;
      for (const c of candidates) total += cur[c]!;
      for (let tries = 0; picked.length < o.checkpointsPerRound && tries < 50 * o.checkpointsPerRound; tries++) {
        let u = o.random!.next() * total;
        let c = candidates[candidates.length - 1]!;
        for (const k of candidates) {
          u -= cur[k]!;
          if (u <= 0) {
            c = k;
            break;
          }
        }
        if (blocked[c] === 1) continue;
        picked.push(c);
        markWithin(blocked, grid, [c], 2 * o.checkpointRadiusM);
      }
    }
    const mask = new Uint8Array(n);
    markWithin(mask, grid, picked, o.checkpointRadiusM);
    for (let i = 0; i < n; i++) if (protectedEnds[i] === 1) mask[i] = 0;
    const intercepted = currentThrough(current.net, current.voltagesV, mask);
    let closedCells = 0;
    for (let i = 0; i < n; i++) {
      if (mask[i] === 1 && (learning || closedAll[i] === 0)) {
        closedAll[i] = learning ? 0 : 1;
        closedCells++;
      }
    }
    if (learning) {
      // Traffickers learn from this round's checkpoints; the checkpoints are lifted, the perceived risk remains.
      riskDen = updateRisk(riskNum!, mask, riskDen, learning);
      costs = Float64Array.from(grid.costs);
      for (let i = 0; i < n; i++) costs[i] = costs[i]! * (1 + learning.aversion * riskOf(riskNum![i]!, riskDen, learning));
    } else costs = applyClosure(costs, mask, rule);
    current = assessLandscape({ ...grid, costs }, sources, targets, o);
    rounds.push({ round, checkpoints: picked, closedCells, state: current.state, flowShareIntercepted: intercepted });
  }
  return rounds;
}
