/**
 * Closing routes: the cheapest cost never falls when routes are closed (seeded random landscapes), a closure of one
 * of two identical corridors (flow share 1/2, resistance doubles, one corridor left, entropy falls), k distinct
 * routes, and the interdiction game (seeded, reproducible; the cheapest cost never falls over rounds).
 */
import { describe, expect, it } from "vitest";
import type { CostGrid } from "../../src/routes/accumulated-cost.ts";
import { applyClosure, closeAndCompare, interdictionGame, riskOf, updateRisk, type RiskLearning } from "../../src/routes/closures.ts";
import { distinctRoutes, markWithin } from "../../src/routes/corridors.ts";
import { leastCostRoutes, type Endpoint } from "../../src/routes/least-cost.ts";
import { createRandom } from "../../src/stats/random.ts";

const ep = (cell: number, label = `cell ${cell}`): Endpoint => ({ cell, label });

function randomLandscape(seed: number, w = 24, h = 18): CostGrid {
  const rnd = createRandom(seed);
  const costs = new Float64Array(w * h);
  for (let i = 0; i < costs.length; i++) costs[i] = rnd.next() < 0.08 ? NaN : 1 + 9 * rnd.next();
  return { costs, width: w, height: h, cellWidthM: 10, cellHeightM: 10 };
}

/** Two identical cheap lanes (rows 3 and 11) across an expensive field, source and target columns joined at the ends. */
function twoLanes(w = 40, h = 15): { grid: CostGrid; sources: Endpoint[]; targets: Endpoint[] } {
  const costs = new Float64Array(w * h).fill(NaN);
  for (const r of [3, 11]) for (let c = 0; c < w; c++) costs[r * w + c] = 1;
  for (let r = 3; r <= 11; r++) {
    costs[r * w] = 1;
    costs[r * w + w - 1] = 1;
  }
  return { grid: { costs, width: w, height: h, cellWidthM: 10, cellHeightM: 10 }, sources: [ep(7 * w, "west")], targets: [ep(7 * w + w - 1, "east")] };
}

describe("closing routes", () => {
  it("closing (all or part of) the best route never lowers the cheapest cost: 40 seeded landscapes x 3 closures", () => {
    let checked = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const grid = randomLandscape(seed);
      const rnd = createRandom(1000 + seed);
      const s = ep(grid.width * 2 + 1);
      const t = ep(grid.width * (grid.height - 3) + grid.width - 2);
      grid.costs[s.cell] = 1;
      grid.costs[t.cell] = 1;
      let before;
      try {
        before = leastCostRoutes(grid, [s], [t]).routes[0]!;
      } catch {
        continue;
      }
      const inner = Array.from(before.cells).slice(1, -1);
      const whole = new Uint8Array(grid.costs.length);
      for (const c of inner) whole[c] = 1;
      const part = new Uint8Array(grid.costs.length);
      markWithin(
        part,
        grid,
        inner.filter(() => rnd.next() < 0.3),
        10 * rnd.next() * 2,
      );
      part[s.cell] = 0;
      part[t.cell] = 0;
      for (const [mask, rule] of [
        [whole, { mode: "block" }],
        [whole, { mode: "multiply", factor: 1 + 4 * rnd.next() }],
        [part, { mode: "block" }],
      ] as const) {
        let after = Infinity;
        try {
          after = leastCostRoutes({ ...grid, costs: applyClosure(grid.costs, mask, rule) }, [s], [t]).routes[0]!.cost;
        } catch {
          // no route left: the cost is infinite, which is not lower
        }
        expect(after).toBeGreaterThanOrEqual(before.cost - 1e-9);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(90);
  });

  it("closing one of two identical corridors: half the flow passed there, resistance doubles, one corridor left", () => {
    const { grid, sources, targets } = twoLanes();
    const mask = new Uint8Array(grid.costs.length);
    for (let c = 15; c <= 20; c++) mask[3 * grid.width + c] = 1;
    const cmp = closeAndCompare(grid, sources, targets, mask, { mode: "block" }, { thresholdA: 0.2 });
    expect(cmp.flowShareClosedBefore).toBeCloseTo(0.5, 6);
    expect(cmp.after.resistance / cmp.before.resistance).toBeCloseTo(2, 6);
    expect(cmp.before.corridors).toBe(2);
    expect(cmp.after.corridors).toBe(1);
    expect(cmp.after.entropyNats).toBeLessThan(cmp.before.entropyNats);
    expect(cmp.addedCost).toBeCloseTo(0, 9); // the other lane is just as cheap
    expect(cmp.closedCells).toBe(6);
  });

  it("k distinct routes find both lanes and then stop", () => {
    const { grid, sources, targets } = twoLanes();
    const routes = distinctRoutes(grid, sources, targets, { k: 3, separationM: 30 });
    expect(routes).toHaveLength(2);
    expect(routes[1]!.relativeCost).toBeCloseTo(1, 9);
    const rows = routes.map((r) => new Set(Array.from(r.cells.slice(10, -10), (c) => Math.floor(c / grid.width))));
    expect([...rows[0]!].length).toBe(1);
    expect([...rows[0]!][0]).not.toBe([...rows[1]!][0]);
  });

  it("penalty mode keeps returning routes, each no cheaper than the best", () => {
    const grid = randomLandscape(7, 30, 20);
    const s = ep(31);
    const t = ep(30 * 18 + 28);
    grid.costs[s.cell] = 1;
    grid.costs[t.cell] = 1;
    const routes = distinctRoutes(grid, [s], [t], { k: 4, separationM: 20, mode: "penalty", penaltyFactor: 4 });
    expect(routes).toHaveLength(4);
    for (const r of routes) expect(r.relativeCost).toBeGreaterThanOrEqual(1 - 1e-12);
  });
});

describe("interdiction game", () => {
  const setup = () => {
    const grid = randomLandscape(3, 36, 24);
    const sources = [ep(24 + 2 * 36 * 1, "field A"), ep(36 * 12 + 1, "field B")];
    const targets = [ep(36 * 5 + 35, "crossing 1"), ep(36 * 20 + 35, "crossing 2")];
    for (const e of [...sources, ...targets]) grid.costs[e.cell] = 1;
    return { grid, sources, targets };
  };

  it("greedy checkpoints: the cheapest cost never falls from round to round", () => {
    const { grid, sources, targets } = setup();
    const rounds = interdictionGame(grid, sources, targets, { rounds: 3, checkpointsPerRound: 2, checkpointRadiusM: 10, thresholdA: 0.05 });
    expect(rounds.length).toBe(4);
    for (let i = 1; i < rounds.length; i++) {
      expect(rounds[i]!.state.bestCost).toBeGreaterThanOrEqual(rounds[i - 1]!.state.bestCost - 1e-9);
      expect(rounds[i]!.checkpoints.length).toBeGreaterThan(0);
      expect(rounds[i]!.flowShareIntercepted).toBeGreaterThan(0);
    }
  });

  it("sampled checkpoints are reproducible with the same seed and differ with another", () => {
    const { grid, sources, targets } = setup();
    const run = (seed: number) =>
      interdictionGame(grid, sources, targets, { rounds: 3, checkpointsPerRound: 2, checkpointRadiusM: 10, placement: "sampled", random: createRandom(seed) });
    const a = run(11);
    const b = run(11);
    const c = run(12);
    expect(a.map((r) => r.checkpoints)).toEqual(b.map((r) => r.checkpoints));
    expect(a.map((r) => r.state.footprintHa)).toEqual(b.map((r) => r.state.footprintHa));
    expect(c.map((r) => r.checkpoints)).not.toEqual(a.map((r) => r.checkpoints));
  });
});

describe("NarcoLogic-style risk learning", () => {
  const l: RiskLearning = { discount: 0.7, alpha: 1, beta: 9, aversion: 4 };

  it("risk starts at the prior, rises with events, stays in [0, 1] and falls back without them", () => {
    const num = new Float64Array(1);
    let den = 0;
    expect(riskOf(num[0]!, den, l)).toBeCloseTo(0.1, 12);
    const risks: number[] = [];
    for (let t = 0; t < 20; t++) {
      den = updateRisk(num, Uint8Array.of(1), den, l);
      risks.push(riskOf(num[0]!, den, l));
    }
    for (let t = 1; t < risks.length; t++) expect(risks[t]!).toBeGreaterThan(risks[t - 1]!);
    expect(risks[risks.length - 1]!).toBeLessThan(1);
    // steady state with an event every round: (1/(1-w) + α) / (1/(1-w) + α + β)
    const steady = (1 / 0.3 + 1) / (1 / 0.3 + 10);
    expect(risks[risks.length - 1]!).toBeCloseTo(steady, 2);
    for (let t = 0; t < 60; t++) den = updateRisk(num, Uint8Array.of(0), den, l);
    // without events it falls to α / (1/(1-w) + α + β): the Beta posterior after many quiet rounds (0.075 here),
    // a little below the prior α / (α + β) = 0.1 of a cell never observed
    const back = riskOf(num[0]!, den, l);
    expect(back).toBeCloseTo(1 / (1 / 0.3 + 10), 6);
  });

  it("in the game, traffickers avoid where checkpoints were; runs are reproducible", () => {
    const grid = randomLandscape(3, 36, 24);
    const sources = [ep(24 + 2 * 36, "field A"), ep(36 * 12 + 1, "field B")];
    const targets = [ep(36 * 5 + 35, "crossing 1"), ep(36 * 20 + 35, "crossing 2")];
    for (const e of [...sources, ...targets]) grid.costs[e.cell] = 1;
    const run = () => interdictionGame(grid, sources, targets, { rounds: 3, checkpointsPerRound: 2, checkpointRadiusM: 10, learning: l });
    const a = run();
    expect(a).toHaveLength(4);
    expect(a.map((r) => r.state.footprintHa)).toEqual(run().map((r) => r.state.footprintHa));
    // round 1's checkpoints are lifted in round 2, but the route cost perceived there is higher than at the start
    expect(a[1]!.state.bestCost).toBeGreaterThan(a[0]!.state.bestCost);
  });
});
