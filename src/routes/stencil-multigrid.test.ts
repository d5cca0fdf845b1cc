import { describe, expect, it } from "vitest";
import type { CostGrid } from "./accumulated-cost.ts";
import { rasterNetwork, solveRasterVoltages, solveVoltages } from "./circuit.ts";
import { createRandom } from "../stats/random.ts";

/** A w x h landscape with ~15 % impassable cells (holes and cut-off pockets), per-row cell widths. */
function landscape(w: number, h: number, seed: number): CostGrid {
  const rnd = createRandom(seed);
  const costs = new Float64Array(w * h);
  for (let i = 0; i < costs.length; i++) costs[i] = rnd.next() < 0.15 ? NaN : 0.5 + 20 * rnd.next();
  for (let r = 0; r < h; r++) costs[r * w] = costs[r * w + w - 1] = 1;
  return { costs, width: w, height: h, cellWidthM: Float64Array.from({ length: h }, (_, r) => 30 - 0.05 * r), cellHeightM: 30.5 };
}

describe("the multigrid preconditioner of the stencil solver", () => {
  it("solves the same system as the CSR solver, in a few iterations where Jacobi needs hundreds (odd and even sizes, 4 and 8 neighbours)", () => {
    for (const [w, h] of [
      [121, 90],
      [64, 257],
    ] as const) {
      const grid = landscape(w, h, w + h);
      const left = Array.from({ length: h }, (_, r) => r * w);
      const right = Array.from({ length: h }, (_, r) => r * w + w - 1);
      const fixed = { fixedNodes: [...left, ...right], fixedVoltagesV: [...left.map(() => 1), ...right.map(() => 0)], tolerance: 1e-12 };
      for (const nb of [4, 8] as const) {
        const csr = solveVoltages(rasterNetwork(grid, nb), fixed);
        const mg = solveRasterVoltages(grid, nb, fixed);
        const jacobi = solveRasterVoltages(grid, nb, { ...fixed, preconditioner: "jacobi" });
        expect(mg.preconditioner).toBe("multigrid");
        expect(mg.levels).toBeGreaterThan(2);
        expect(mg.unknowns).toBe(csr.unknowns);
        for (let i = 0; i < csr.voltagesV.length; i++) {
          const a = csr.voltagesV[i]!;
          if (Number.isNaN(a)) expect(Number.isNaN(mg.voltagesV[i]!), `cell ${i}`).toBe(true);
          else expect(Math.abs(mg.voltagesV[i]! - a), `cell ${i}`).toBeLessThan(1e-9);
        }
        expect(mg.relativeResidual).toBeLessThanOrEqual(1e-12);
        expect(mg.iterations).toBeLessThan(40);
        expect(jacobi.iterations).toBeGreaterThan(5 * mg.iterations);
      }
    }
  });

  it("handles a raster smaller than the coarsest level and a single corridor", () => {
    const w = 40;
    const h = 9;
    const costs = new Float64Array(w * h).fill(NaN);
    for (let c = 0; c < w; c++) costs[4 * w + c] = 2;
    const grid: CostGrid = { costs, width: w, height: h, cellWidthM: 10, cellHeightM: 10 };
    const s = solveRasterVoltages(grid, 8, { fixedNodes: [4 * w, 4 * w + w - 1], fixedVoltagesV: [1, 0], tolerance: 1e-12 });
    // A uniform corridor: the voltage falls linearly.
    for (let c = 0; c < w; c++) expect(s.voltagesV[4 * w + c]).toBeCloseTo(1 - c / (w - 1), 10);
    expect(Number.isNaN(s.voltagesV[0]!)).toBe(true);
  });
});
