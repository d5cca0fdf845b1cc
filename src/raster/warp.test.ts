import proj4 from "proj4";
import { describe, expect, it } from "vitest";
import type { RasterGrid } from "../domain/raster-grid.ts";
import { crsFromEpsg } from "./read/epsg.ts";
import { alignedGrid, footprintIn, nearestPixelMap, pixelTransformer, planNearest, resampleNearest } from "./warp.ts";

const utm18 = crsFromEpsg(32718)!;
const utm19 = crsFromEpsg(32719)!;
// A UTM 19S source just east of the 72 W zone boundary, seen from a UTM 18S grid of 10 m cells.
const [bx, by] = proj4("EPSG:4326", utm19.proj4, [-72.05, -10.0]) as [number, number];
const source: RasterGrid = { width: 700, height: 650, geoTransform: [Math.round(bx), 10, 0, Math.round(by), 0, -10], crs: utm19 };
const target = alignedGrid(utm18, 10, footprintIn(source, utm18));

/** The source cell of every target pixel of the window by the exact transform (GDAL's -et 0 rule), -1 outside. */
function exactCells(window: { x0: number; y0: number; x1: number; y1: number }): Int32Array {
  const t = pixelTransformer(target, source);
  const ww = window.x1 - window.x0;
  const out = new Int32Array(ww * (window.y1 - window.y0)).fill(-1);
  for (let y = window.y0; y < window.y1; y++) {
    for (let x = window.x0; x < window.x1; x++) {
      const [fx, fy] = t(x + 0.5, y + 0.5);
      const c = Math.floor(fx + 1e-10);
      const r = Math.floor(fy + 1e-10);
      if (c >= 0 && r >= 0 && c < source.width && r < source.height) out[(y - window.y0) * ww + (x - window.x0)] = r * source.width + c;
    }
  }
  return out;
}

// Windows of whole and partial lattice cells (not square: the last cell is wider than it is tall, or the reverse).
const windows = [
  { x0: 0, y0: 0, x1: 512, y1: 512 },
  { x0: 37, y0: 101, x1: 337, y1: 274 },
  { x0: 200, y0: 150, x1: 251, y1: 470 },
];

describe("nearest-neighbour correspondence across two UTM zones", () => {
  it("resampleNearest gives every pixel the source cell of its exact position", () => {
    let compared = 0;
    for (const window of windows) {
      const exact = exactCells(window);
      const n = exact.length;
      const plan = planNearest(target, source, window)!;
      expect(plan).not.toBeNull();
      const sw = plan.sourceWindow!;
      const sww = sw.x1 - sw.x0;
      // Each source cell's value is its own index + 1 (0 = nothing), so the output names the cell chosen.
      const data = new Int32Array(sww * (sw.y1 - sw.y0));
      for (let r = sw.y0; r < sw.y1; r++) for (let c = sw.x0; c < sw.x1; c++) data[(r - sw.y0) * sww + (c - sw.x0)] = r * source.width + c + 1;
      const out = new Int32Array(n);
      const res = resampleNearest(plan, [data], 0, { out: [out], filled: new Uint8Array(n), from: new Uint8Array(n), code: 1 });
      expect(res.missed).toBe(0);
      const wrong: number[] = [];
      for (let p = 0; p < n; p++) if (out[p]! - 1 !== exact[p]) wrong.push(p);
      expect(wrong, `pixels of window ${JSON.stringify(window)} off their exact source cell`).toEqual([]);
      expect(res.filled).toBe(exact.filter((v) => v >= 0).length);
      compared += n;
    }
    expect(compared).toBeGreaterThan(300_000);
  });

  it("skips pixels already filled, and plans no read when every pixel is", () => {
    const window = windows[1]!;
    const n = (window.x1 - window.x0) * (window.y1 - window.y0);
    const filled = new Uint8Array(n).fill(1);
    expect(planNearest(target, source, window, filled)!.sourceWindow).toBeNull();
    filled[n - 1] = 0;
    const plan = planNearest(target, source, window, filled)!;
    expect(plan.sourceWindow).not.toBeNull();
  });

  it("nearestPixelMap stays within its 0.001 px tolerance in partial lattice cells", () => {
    for (const window of windows) {
      const exact = exactCells(window);
      const map = nearestPixelMap(target, source, window);
      const got = new Int32Array(exact.length).fill(-1);
      for (let k = 0; k < map.inside; k++) got[map.target[k]!] = map.row[k]! * source.width + map.col[k]!;
      let differ = 0;
      for (let p = 0; p < exact.length; p++) if (got[p] !== exact[p]) differ++;
      // Only pixels whose centre falls within 0.001 px of a source cell edge may differ.
      expect(differ).toBeLessThan(exact.length * 0.005);
    }
  });
});
