/**
 * @module routes/grid-colours
 * A stored coarse grid as RGBA pixels for a map image (the API serves them as PNG): cost on a log scale,
 * current on a square-root scale so that pinch points stand out; nodata and zero current transparent.
 */
import type { CoarseGrid } from "./coarse-grid.ts";

/** Light to dark: yellow-orange-red-purple for current, green-brown for cost. */
export const CURRENT_RAMP: readonly [number, number, number][] = [
  [255, 255, 204],
  [254, 178, 76],
  [240, 59, 32],
  [128, 0, 38],
];
export const COST_RAMP: readonly [number, number, number][] = [
  [237, 248, 233],
  [161, 217, 155],
  [49, 163, 84],
  [120, 72, 32],
];

function ramp(colours: readonly [number, number, number][], u: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, u)) * (colours.length - 1);
  const i = Math.min(colours.length - 2, Math.floor(x));
  const f = x - i;
  const a = colours[i]!;
  const b = colours[i + 1]!;
  return [Math.round(a[0] + f * (b[0] - a[0])), Math.round(a[1] + f * (b[1] - a[1])), Math.round(a[2] + f * (b[2] - a[2]))];
}

/** RGBA bytes of the grid (row-major, top row first); null cells and zero current are transparent. */
export function gridRgba(grid: CoarseGrid, kind: "cost" | "current"): Uint8Array {
  const out = new Uint8Array(grid.width * grid.height * 4);
  const lo = grid.min ?? 0;
  const hi = grid.max ?? 1;
  const scale =
    kind === "cost"
      ? (v: number) => (hi > lo && lo > 0 ? Math.log(v / lo) / Math.log(hi / lo) : 0)
      : (v: number) => (hi > 0 ? Math.sqrt(Math.max(0, v) / hi) : 0);
  grid.values.forEach((v, k) => {
    if (v === null || (kind === "current" && v <= 0)) return;
    const [r, g, b] = ramp(kind === "cost" ? COST_RAMP : CURRENT_RAMP, scale(v));
    out.set([r, g, b, kind === "current" ? Math.round(60 + 195 * Math.min(1, scale(v) * 2)) : 220], k * 4);
  });
  return out;
}
