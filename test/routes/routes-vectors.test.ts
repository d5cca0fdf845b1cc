/**
 * Every least-cost and walking-speed case of routes-vectors.json (copied to test/fixtures with its citations).
 * The Circuitscape cases are in circuit.test.ts.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { accumulateCost, tracePath, type CostGrid } from "../../src/routes/accumulated-cost.ts";
import { R_WALK_DEFAULTS, rWalkSeconds, TOBLER_OFF_PATH_FACTOR, toblerSpeedKmH } from "../../src/routes/walking-speed.ts";
import { projectRoot } from "../support/cli.ts";

interface Vector {
  name: string;
  inputs?: Record<string, unknown>;
  expected: Record<string, unknown>;
  measured?: { path_rc: number[][]; cost: number };
}
const vectors = (JSON.parse(readFileSync(join(projectRoot, "test/fixtures/routes-vectors.json"), "utf8")) as { vectors: Vector[] }).vectors;
const byName = (name: string): Vector => vectors.find((v) => v.name === name)!;

function gridOf(rows: number[][]): CostGrid {
  return { costs: Float64Array.from(rows.flat()), width: rows[0]!.length, height: rows.length, cellWidthM: 1, cellHeightM: 1 };
}

function route(rows: number[][], start: number[], end: number[], connectivity: number, geometric: boolean): { path: number[][]; cost: number } {
  const g = gridOf(rows);
  const s = start[0]! * g.width + start[1]!;
  const t = end[0]! * g.width + end[1]!;
  const acc = accumulateCost(g, [s], { neighbours: connectivity === 4 ? 4 : 8, geometric });
  const path = [...tracePath(acc.backlinks, g.width, t)].map((i) => [Math.floor(i / g.width), i % g.width]);
  return { path, cost: acc.costs[t]! };
}

describe("scikit-image route_through_array cases", () => {
  for (const name of [
    "skimage_route_through_array_4conn_geometric",
    "skimage_route_through_array_8conn_geometric",
    "skimage_route_through_array_4conn_summed",
  ]) {
    it(name, () => {
      const v = byName(name);
      const inp = v.inputs as { cost: number[][]; start_rc: number[]; end_rc: number[]; connectivity: number; geometric: boolean };
      const r = route(inp.cost, inp.start_rc, inp.end_rc, inp.connectivity, inp.geometric);
      expect(r.path).toEqual(v.expected.path_rc);
      expect(r.cost).toBeCloseTo(v.expected.cost as number, 12);
    });
  }

  it("skimage_arange_6x6: along the first row, then down the last column (as scikit-image 0.19.3 ran it)", () => {
    const v = byName("skimage_arange_6x6");
    const rows = Array.from({ length: 6 }, (_, r) => Array.from({ length: 6 }, (_, c) => r * 6 + c));
    const r = route(rows, [0, 0], [5, 5], 8, true);
    expect(r.path).toEqual(v.measured!.path_rc);
    expect(r.cost).toBeCloseTo(v.measured!.cost, 10);
    expect(r.path.slice(0, 5).every(([row]) => row === 0)).toBe(true);
    expect(r.path.slice(5).every(([, col]) => col === 5)).toBe(true);
  });
});

describe("walking speed", () => {
  it("tobler_hiking_function (reference values are rounded to about 4e-4)", () => {
    const e = byName("tobler_hiking_function").expected as Record<string, number>;
    const tan10 = Math.tan((10 * Math.PI) / 180);
    expect(toblerSpeedKmH(0)).toBeCloseTo(e.W_at_S_0!, 4);
    expect(toblerSpeedKmH(-0.05)).toBe(e["W_at_S_-0.05"]);
    expect(toblerSpeedKmH(tan10)).toBeCloseTo(e.W_at_S_tan10deg!, 3);
    expect(toblerSpeedKmH(-tan10)).toBeCloseTo(e["W_at_S_-tan10deg"]!, 3);
    expect(toblerSpeedKmH(0.1)).toBeCloseTo(e["W_at_S_0.1"]!, 3);
    expect(TOBLER_OFF_PATH_FACTOR).toBe(e.off_path_factor);
    expect(toblerSpeedKmH(0, { offPath: true })).toBeCloseTo(0.6 * toblerSpeedKmH(0), 12);
  });

  it("grass_r_walk_defaults", () => {
    const e = byName("grass_r_walk_defaults").expected as Record<string, number>;
    expect(rWalkSeconds(100, 0)).toBeCloseTo(e.flat_100m_s!, 10);
    expect(rWalkSeconds(100, 10)).toBeCloseTo(e["100m_with_10m_climb_s"]!, 10);
    // moderate downhill (dh/dS = -0.1 > -0.2125) is faster than flat; steep (-0.3) slower
    expect(rWalkSeconds(100, -10)).toBeCloseTo(72 - 1.9998 * 10, 10);
    expect(rWalkSeconds(100, -30)).toBeCloseTo(72 + 1.9998 * 30, 10);
    expect(R_WALK_DEFAULTS.slopeFactor).toBe(-0.2125);
  });
});
