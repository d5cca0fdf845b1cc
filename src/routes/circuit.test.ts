import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { CostGrid } from "./accumulated-cost.ts";
import { effectiveResistance, networkFromEdges, nodeCurrentA, rasterNetwork, solveRasterVoltages, solveVoltages } from "./circuit.ts";
import { createRandom } from "../stats/random.ts";

interface Vector {
  name: string;
  inputs: { edges: [number, number, number][]; focal_nodes?: number[]; current_source?: { node: number; amps: number }; ground?: { node: number } };
  expected: { resistance?: number[][]; voltage?: Record<string, number> };
}
const vectors = (JSON.parse(readFileSync(join(resolve(import.meta.dirname, "../.."), "test/fixtures/routes-vectors.json"), "utf8")) as { vectors: Vector[] })
  .vectors;
const byName = (name: string): Vector => vectors.find((v) => v.name === name)!;

function net(edges: [number, number, number][], asResistance: boolean) {
  const n = Math.max(...edges.flatMap(([a, b]) => [a, b])) + 1;
  return networkFromEdges(
    n,
    edges.map((e) => e[0]),
    edges.map((e) => e[1]),
    edges.map((e) => (asResistance ? 1 / e[2] : e[2])),
  );
}

describe("Circuitscape network cases (routes-vectors.json)", () => {
  it("circuitscape_sgNetworkVerify2: pairwise effective resistances", () => {
    const v = byName("circuitscape_sgNetworkVerify2");
    const g = net(v.inputs.edges, false);
    const focal = v.inputs.focal_nodes!;
    focal.forEach((a, i) =>
      focal.forEach((b, j) => {
        if (i === j) return;
        expect(effectiveResistance(g, [a], [b]).resistanceOhm).toBeCloseTo(v.expected.resistance![i]![j]!, 10);
      }),
    );
  });

  it("circuitscape_mgNetworkVerify1: voltages for 1 A into node 0, node 2 grounded", () => {
    const v = byName("circuitscape_mgNetworkVerify1");
    const g = net(v.inputs.edges, true);
    const injectionA = new Float64Array(g.nodeCount);
    injectionA[v.inputs.current_source!.node] = v.inputs.current_source!.amps;
    const sol = solveVoltages(g, { fixedNodes: [v.inputs.ground!.node], fixedVoltagesV: [0], injectionA, tolerance: 1e-14 });
    for (const [node, volts] of Object.entries(v.expected.voltage!)) expect(sol.voltagesV[Number(node)]).toBeCloseTo(volts, 9);
    // 1 A splits 0.75 / 0.25 between the direct edge and the three-edge path
    const cur = nodeCurrentA(g, sol.voltagesV);
    expect(cur[0]).toBeCloseTo(1, 9);
    expect(cur[1]).toBeCloseTo(0.25, 9);
  });
});

/** A raster of impassable cells with straight one-cell-wide corridors along the given rows. */
function corridors(rows: number[], width = 40, height = 9): CostGrid {
  const costs = new Float64Array(width * height).fill(NaN);
  for (const r of rows) for (let c = 0; c < width; c++) costs[r * width + c] = 1 + (c % 3);
  return { costs, width, height, cellWidthM: 10, cellHeightM: 10 };
}

describe("circuit theory on a cost raster", () => {
  it("effective resistance halves when an identical parallel corridor is added", () => {
    const w = 40;
    const leftRight = (grid: CostGrid) => ({
      sources: Array.from({ length: grid.height }, (_, r) => r * w).filter((i) => !Number.isNaN(grid.costs[i]!)),
      targets: Array.from({ length: grid.height }, (_, r) => r * w + w - 1).filter((i) => !Number.isNaN(grid.costs[i]!)),
    });
    const one = corridors([2]);
    const two = corridors([2, 6]);
    const a = leftRight(one);
    const b = leftRight(two);
    const r1 = effectiveResistance(rasterNetwork(one), a.sources, a.targets).resistanceOhm;
    const r2 = effectiveResistance(rasterNetwork(two), b.sources, b.targets).resistanceOhm;
    // one corridor: a chain of 39 resistors (c_a + c_b)/2 x 10 m
    let chain = 0;
    for (let c = 1; c < w; c++) chain += ((1 + ((c - 1) % 3) + 1 + (c % 3)) / 2) * 10;
    expect(r1).toBeCloseTo(chain, 8);
    expect(r2 / r1).toBeCloseTo(0.5, 10);
  });

  it("current concentrates in a pinch point and is 1 A there", () => {
    // open 9x21 field with a one-cell gap in a wall at column 10
    const w = 21;
    const h = 9;
    const costs = new Float64Array(w * h).fill(1);
    for (let r = 0; r < h; r++) if (r !== 4) costs[r * w + 10] = NaN;
    const grid: CostGrid = { costs, width: w, height: h, cellWidthM: 1, cellHeightM: 1 };
    const sources = Array.from({ length: h }, (_, r) => r * w);
    const targets = Array.from({ length: h }, (_, r) => r * w + w - 1);
    const res = effectiveResistance(rasterNetwork(grid, 8), sources, targets);
    expect(res.currentA[4 * w + 10]).toBeCloseTo(1, 9);
    expect(res.currentA[4 * w + 10]).toBeGreaterThan(3 * res.currentA[0 * w + 5]!);
  });
});

describe("the stencil solver", () => {
  it("gives the voltages of the CSR solver on a random landscape with holes and per-row widths (4 and 8 neighbours)", () => {
    const rnd = createRandom(9);
    const w = 23;
    const h = 17;
    const costs = new Float64Array(w * h);
    for (let i = 0; i < costs.length; i++) costs[i] = rnd.next() < 0.1 ? NaN : 0.5 + 5 * rnd.next();
    costs[3 * w] = 1;
    costs[10 * w + w - 1] = 1;
    const grid: CostGrid = { costs, width: w, height: h, cellWidthM: Float64Array.from({ length: h }, (_, r) => 30 - 0.1 * r), cellHeightM: 30.5 };
    for (const nb of [4, 8] as const) {
      const fixed = { fixedNodes: [3 * w, 10 * w + w - 1], fixedVoltagesV: [1, 0], tolerance: 1e-13 };
      const a = solveVoltages(rasterNetwork(grid, nb), fixed).voltagesV;
      const b = solveRasterVoltages(grid, nb, fixed).voltagesV;
      for (let i = 0; i < a.length; i++) {
        if (Number.isNaN(a[i]!)) expect(Number.isNaN(b[i]!), `cell ${i}`).toBe(true);
        else expect(b[i]).toBeCloseTo(a[i]!, 10);
      }
      const net = rasterNetwork(grid, nb);
      expect(effectiveResistance(net, [3 * w], [10 * w + w - 1], { raster: { grid, neighbours: nb } }).resistanceOhm).toBeCloseTo(
        effectiveResistance(net, [3 * w], [10 * w + w - 1]).resistanceOhm,
        8,
      );
    }
  });
});
