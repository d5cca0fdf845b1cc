import { describe, expect, it } from "vitest";
import type { CostGrid } from "./accumulated-cost.ts";
import { distinctRoutes } from "./corridors.ts";
import { corridorNetwork, minCutSegments, mostVitalSegments, yenKShortest, type CorridorNetwork } from "./network-interdiction.ts";

/** A network given directly: edges [a, b, cost]. */
function manual(edges: [number, number, number][], sources: number[], targets: number[]): CorridorNetwork {
  const n = Math.max(...edges.flatMap(([a, b]) => [a, b])) + 1;
  return {
    nodeCells: Array.from({ length: n }, (_, i) => i),
    segments: edges.map(([a, b, cost], id) => ({ id, a, b, cost, cells: Int32Array.from([a, b]) })),
    sourceNodes: sources,
    targetNodes: targets,
  };
}

describe("network interdiction", () => {
  // Yen's example graph (as in the Wikipedia article on Yen's algorithm, C=0 ... H=5, undirected here)
  const net = manual(
    [
      [0, 1, 3], // C-D
      [0, 2, 2], // C-E
      [1, 3, 4], // D-F
      [2, 1, 1], // E-D
      [2, 3, 2], // E-F
      [2, 4, 3], // E-G
      [3, 4, 2], // F-G
      [3, 5, 1], // F-H
      [4, 5, 2], // G-H
    ],
    [0],
    [5],
  );

  it("Yen: the three shortest loopless paths C->H cost 5, 7, 7 (undirected: C-D-E-F-H costs 7 too)", () => {
    const paths = yenKShortest(net, 3);
    expect(paths.map((p) => p.cost)).toEqual([5, 7, 7]);
    expect(paths[0]!.nodes).toEqual([0, 2, 3, 5]);
  });

  it("most vital segment: closing E-F or F-H raises the cheapest cost most", () => {
    const vital = mostVitalSegments(net);
    expect(vital[0]!.addedCost).toBe(2);
    expect(vital.map((v) => v.segment).sort()).toEqual([1, 4, 7]);
  });

  it("min cut: two segments separate C from H (C-D and C-E)", () => {
    const { maxFlow, cut } = minCutSegments(net);
    expect(maxFlow).toBe(2);
    expect(cut.sort()).toEqual([0, 1]);
  });

  it("from raster corridors: two parallel tracks give two segments, a cut of 2, no single vital one", () => {
    const w = 40;
    const h = 15;
    const costs = new Float64Array(w * h).fill(NaN);
    for (const r of [3, 11]) for (let c = 0; c < w; c++) costs[r * w + c] = 1;
    for (let r = 3; r <= 11; r++) {
      costs[r * w] = 1;
      costs[r * w + w - 1] = 1;
    }
    const grid: CostGrid = { costs, width: w, height: h, cellWidthM: 10, cellHeightM: 10 };
    const s = 7 * w;
    const t = 7 * w + w - 1;
    const routes = distinctRoutes(grid, [{ cell: s, label: "s" }], [{ cell: t, label: "t" }], { k: 2, separationM: 30 });
    const cn = corridorNetwork(
      grid,
      routes.map((r) => r.cells),
      [s],
      [t],
    );
    expect(cn.segments.length).toBe(2);
    expect(minCutSegments(cn).maxFlow).toBe(2);
    const vital = mostVitalSegments(cn);
    expect(vital[0]!.addedCost).toBeCloseTo(0, 9);
    expect(yenKShortest(cn, 3)).toHaveLength(2);
  });
});
