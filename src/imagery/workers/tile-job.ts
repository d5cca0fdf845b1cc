/**
 * @module imagery/workers/tile-job
 * The job description of one tile: plain data only (no handles, no closures), so that the same job can
 * run inline, in a local worker thread, or later on another machine through a queue.
 */
import type { PixelWindow } from "../../domain/raster-grid.ts";
import type { FeatureSpec } from "../compute/features.ts";
import type { Sensor } from "../read/band-names.ts";

export interface TileJob {
  kind: "classify";
  /** The scene: a path or URL that `openScene` accepts, and an optional forced sensor. */
  scene: { ref: string; sensor?: Sensor };
  /** Pixel window of the scene grid. */
  window: PixelWindow;
  /** Canonical bands to read, and the features to compute from them. */
  bands: string[];
  spec: FeatureSpec;
  /**
   * The model file and the SHA-256 of its bytes. The worker loads it once (cached by path and hash)
   * and refuses a file whose hash differs: changed since the job was made, or another machine's copy.
   */
  model: { path: string; sha256: string };
  /** Where the result goes: the output raster and this tile's position in its tile grid. */
  output: { ref: string; tileCol: number; tileRow: number };
}

export interface TileResult {
  tileCol: number;
  tileRow: number;
  /** Class codes of the window (row-major), 0 = nodata or masked. */
  classes: Uint8Array;
  /** Pixels per code 0..K. */
  counts: number[];
}

/** Jobs for every tile of a width x height grid, row-major. */
export function tileJobs(width: number, height: number, tileSizePx: number, base: Omit<TileJob, "window" | "output"> & { outputRef: string }): TileJob[] {
  const jobs: TileJob[] = [];
  const { outputRef, ...rest } = base;
  for (let tr = 0; tr * tileSizePx < height; tr++) {
    for (let tc = 0; tc * tileSizePx < width; tc++) {
      const x0 = tc * tileSizePx;
      const y0 = tr * tileSizePx;
      jobs.push({
        ...rest,
        window: { x0, y0, x1: Math.min(x0 + tileSizePx, width), y1: Math.min(y0 + tileSizePx, height) },
        output: { ref: outputRef, tileCol: tc, tileRow: tr },
      });
    }
  }
  return jobs;
}
