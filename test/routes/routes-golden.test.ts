/**
 * Accumulated cost and least-cost paths on a real DEM (southern Ecuadorian Andes, 10 m) against scikit-image
 * MCP_Geometric and GRASS r.cost (8 neighbours, and 16 with -k): golden file test/golden/routes-ecuador.json,
 * made by bench/peers/routes-golden.sh.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { accumulateCost, tracePath, type CostGrid } from "../../src/routes/accumulated-cost.ts";
import { readFloatBand } from "../../src/routes/route-rasters.ts";
import { projectRoot } from "../support/cli.ts";
import { hasShared, sharedPath } from "../support/shared.ts";

const DEM = sharedPath("data/dem-andes/southern_ecuador_terrain_attributes.tif");
const haveDem = hasShared("the routes golden tests", DEM);

interface Golden {
  cellSizeM: [number, number];
  sourceRc: [number, number];
  sampleRows: number[];
  sampleCols: number[];
  skimage: { accumulated: (number | null)[][]; paths: { target_rc: [number, number]; cost: number; path_rc: [number, number][] }[] };
  grass: { accumulated8: (number | null)[][]; accumulated16: (number | null)[][] };
}
const golden = JSON.parse(readFileSync(join(projectRoot, "test/golden/routes-ecuador.json"), "utf8")) as Golden;

async function costGrid(): Promise<CostGrid> {
  const slope = await readFloatBand(DEM, 1, "DEM");
  const costs = new Float64Array(slope.values.length);
  for (let i = 0; i < costs.length; i++) costs[i] = 1 + slope.values[i]! / 10;
  return { costs, width: slope.grid.width, height: slope.grid.height, cellWidthM: golden.cellSizeM[0], cellHeightM: golden.cellSizeM[1] };
}

/** Largest relative difference between our accumulated cost at the sampled cells and a peer's (scaled by `scale`). */
function maxRelDiff(acc: Float64Array, width: number, peer: (number | null)[][], scale: number): { max: number; compared: number } {
  let max = 0;
  let compared = 0;
  golden.sampleRows.forEach((r, i) =>
    golden.sampleCols.forEach((c, j) => {
      const want = peer[i]![j];
      const got = acc[r * width + c]!;
      if (want === null || want === undefined) {
        expect(got).toBe(Infinity);
        return;
      }
      compared++;
      const w = want * scale;
      max = Math.max(max, Math.abs(got - w) / Math.max(w, 1e-12));
    }),
  );
  return { max, compared };
}

describe.skipIf(!haveDem)("least-cost on the southern Ecuador DEM vs scikit-image and GRASS", () => {
  it("8 neighbours: accumulated cost equals MCP_Geometric and r.cost (x cell size) at 2,496 sampled cells", async () => {
    const g = await costGrid();
    const [sr, sc] = golden.sourceRc;
    const acc = accumulateCost(g, [sr * g.width + sc], { neighbours: 8 });
    const sk = maxRelDiff(acc.costs, g.width, golden.skimage.accumulated, 1);
    expect(sk.compared).toBeGreaterThan(2400);
    expect(sk.max).toBeLessThan(1e-12);
    const gr = maxRelDiff(acc.costs, g.width, golden.grass.accumulated8, golden.cellSizeM[0]);
    expect(gr.max).toBeLessThan(1e-12);
  });

  it("8 neighbours: the path to each target is scikit-image's traceback, cell for cell", async () => {
    const g = await costGrid();
    const [sr, sc] = golden.sourceRc;
    const acc = accumulateCost(g, [sr * g.width + sc]);
    for (const p of golden.skimage.paths) {
      const t = p.target_rc[0] * g.width + p.target_rc[1];
      expect(acc.costs[t]).toBeCloseTo(p.cost, 8);
      const path = Array.from(tracePath(acc.backlinks, g.width, t), (i) => [Math.floor(i / g.width), i % g.width]);
      expect(path).toEqual(p.path_rc);
    }
  });

  it("16 neighbours (knight's moves): accumulated cost equals GRASS r.cost -k", async () => {
    const g = await costGrid();
    const [sr, sc] = golden.sourceRc;
    const acc = accumulateCost(g, [sr * g.width + sc], { neighbours: 16 });
    const gr = maxRelDiff(acc.costs, g.width, golden.grass.accumulated16, golden.cellSizeM[0]);
    expect(gr.max).toBeLessThan(1e-9);
  });
});
