/**
 * @module raster/warp
 * Nearest-neighbour correspondence between two grids: for each pixel of a window of the target grid,
 * the source pixel whose cell holds the target pixel's centre (GDAL's nearest-neighbour rule, with its
 * 1e-10 tolerance at cell edges). Between CRSs, exact transforms (proj4) are taken on a lattice of nodes
 * and interpolated where the interpolation is within `maxErrorPx` of the exact position, as GDAL's
 * approximating transformer does (ours defaults to 0.001 px instead of 0.125, so the result matches
 * `gdalwarp -et 0` except where a centre falls within 0.001 px of a cell edge).
 * Written by hand: the kernel runs per output pixel over country-sized mosaics, on typed arrays.
 */
import proj4 from "proj4";
import { DataError } from "../domain/errors.ts";
import type { Crs, PixelWindow, RasterGrid } from "../domain/raster-grid.ts";
import type { RasterArray } from "./read/sample-type.ts";

export interface PixelMap {
  /**
   * The target pixels of the window that fall inside the source grid, as a compact list: for k < inside,
   * target pixel `target[k]` (row-major index in the window) takes source cell (`col[k]`, `row[k]`).
   */
  target: Int32Array;
  col: Int32Array;
  row: Int32Array;
  /** Number of target pixels that fall inside the source grid (the used length of the lists). */
  inside: number;
  /** Bounding window of the source pixels used, or null when none. */
  sourceWindow: PixelWindow | null;
}

/** Same CRS (by EPSG code or identical proj4 definition). */
export function sameCrs(a: Crs, b: Crs): boolean {
  return (a.epsg !== undefined && a.epsg === b.epsg) || a.proj4 === b.proj4;
}

function inverseAffine(gt: RasterGrid["geoTransform"]): (x: number, y: number) => [number, number] {
  const det = gt[1] * gt[5] - gt[2] * gt[4];
  if (det === 0) throw new DataError("a geotransform with zero determinant cannot be inverted");
  return (x, y) => {
    const dx = x - gt[0];
    const dy = y - gt[3];
    return [(gt[5] * dx - gt[2] * dy) / det, (-gt[4] * dx + gt[1] * dy) / det];
  };
}

/** A function from target fractional pixel (col, row) to source fractional pixel, exact. */
export function pixelTransformer(target: RasterGrid, source: RasterGrid): (col: number, row: number) => [number, number] {
  const t = target.geoTransform;
  const toSourcePx = inverseAffine(source.geoTransform);
  if (sameCrs(target.crs, source.crs)) {
    return (c, r) => toSourcePx(t[0] + c * t[1] + r * t[2], t[3] + c * t[4] + r * t[5]);
  }
  let converter: proj4.Converter;
  try {
    converter = proj4(target.crs.proj4, source.crs.proj4);
  } catch (error) {
    throw new DataError(`cannot transform from ${target.crs.name} to ${source.crs.name}: ${(error as Error).message}`, { cause: error });
  }
  return (c, r) => {
    const p = converter.forward([t[0] + c * t[1] + r * t[2], t[3] + c * t[4] + r * t[5]]);
    return Number.isFinite(p[0]) && Number.isFinite(p[1]) ? toSourcePx(p[0]!, p[1]!) : [NaN, NaN];
  };
}

/** Reusable buffers for nearestPixelMap (one per caller: a mosaic reuses them tile after tile). */
export interface PixelMapScratch {
  target: Int32Array;
  col: Int32Array;
  row: Int32Array;
}

/** Node spacing of the coarse transform lattice, in target pixels. */
const LATTICE_PX = 32;

/**
 * The source pixel of every target pixel in `window` that falls inside the source grid. `skip` (optional,
 * window-sized) marks target pixels already decided, which are left out.
 *
 * Between CRSs the exact transform (proj4) is taken on a lattice of nodes every 32 target pixels; inside each
 * lattice cell the position is interpolated bilinearly when the interpolation at the cell's centre and edge
 * midpoints is within `maxErrorPx` of the exact position, and otherwise each row of the cell is refined by
 * bisection. Within one CRS the map is affine, and interpolation is exact.
 */
export function nearestPixelMap(
  target: RasterGrid,
  source: RasterGrid,
  window: PixelWindow,
  options: { maxErrorPx?: number; skip?: Uint8Array; scratch?: PixelMapScratch } = {},
): PixelMap {
  const tol = options.maxErrorPx ?? 0.001;
  const skip = options.skip;
  const transform = pixelTransformer(target, source);
  const ww = window.x1 - window.x0;
  const wh = window.y1 - window.y0;
  const n = ww * wh;
  let list: Int32Array;
  let col: Int32Array;
  let row: Int32Array;
  if (options.scratch && options.scratch.col.length >= n) {
    ({ target: list, col, row } = options.scratch);
  } else {
    list = new Int32Array(n);
    col = new Int32Array(n);
    row = new Int32Array(n);
    if (options.scratch) Object.assign(options.scratch, { target: list, col, row });
  }
  const sw = source.width;
  const sh = source.height;
  const affine = sameCrs(target.crs, source.crs);
  // Lattice nodes at target pixel offsets 0, 32, 64, ..., and the last pixel of the window.
  const xs: number[] = [];
  for (let x = 0; x < ww - 1; x += LATTICE_PX) xs.push(x);
  xs.push(ww - 1);
  const ys: number[] = [];
  for (let y = 0; y < wh - 1; y += LATTICE_PX) ys.push(y);
  ys.push(wh - 1);
  const nx = xs.length;
  const ny = ys.length;
  const nodeX = new Float64Array(nx * ny);
  const nodeY = new Float64Array(nx * ny);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const [fx, fy] = transform(window.x0 + xs[i]! + 0.5, window.y0 + ys[j]! + 0.5);
      nodeX[j * nx + i] = fx;
      nodeY[j * nx + i] = fy;
    }
  }
  let inside = 0;
  let minC = Infinity;
  let minR = Infinity;
  let maxC = -Infinity;
  let maxR = -Infinity;
  const put = (o: number, fx: number, fy: number): void => {
    if (skip && skip[o]) return;
    const c = Math.floor(fx + 1e-10);
    const r = Math.floor(fy + 1e-10);
    if (!(c >= 0 && r >= 0 && c < sw && r < sh)) return;
    list[inside] = o;
    col[inside] = c;
    row[inside] = r;
    inside++;
    if (c < minC) minC = c;
    if (c > maxC) maxC = c;
    if (r < minR) minR = r;
    if (r > maxR) maxR = r;
  };
  const rowX = new Float64Array(ww);
  const rowY = new Float64Array(ww);
  // Fill rowX/rowY[i0..i1] (ends exact) by bisection until interpolation is within tol (cells that bend).
  const refine = (r: number, i0: number, i1: number): void => {
    if (i1 - i0 <= 1) return;
    const mid = (i0 + i1) >> 1;
    const [mx, my] = transform(window.x0 + mid + 0.5, r);
    const a = (mid - i0) / (i1 - i0);
    const lx = rowX[i0]! + (rowX[i1]! - rowX[i0]!) * a;
    const ly = rowY[i0]! + (rowY[i1]! - rowY[i0]!) * a;
    if (Math.abs(lx - mx) <= tol && Math.abs(ly - my) <= tol && Number.isFinite(mx)) {
      const dx = (rowX[i1]! - rowX[i0]!) / (i1 - i0);
      const dy = (rowY[i1]! - rowY[i0]!) / (i1 - i0);
      for (let i = i0 + 1; i < i1; i++) {
        rowX[i] = rowX[i0]! + dx * (i - i0);
        rowY[i] = rowY[i0]! + dy * (i - i0);
      }
      return;
    }
    rowX[mid] = mx;
    rowY[mid] = my;
    refine(r, i0, mid);
    refine(r, mid, i1);
  };
  // Cells of the lattice: [xs[i], xs[i + 1]) x [ys[j], ys[j + 1]), the last ones including the last column / row.
  const bandsX = Math.max(1, nx - 1);
  const bandsY = Math.max(1, ny - 1);
  for (let j = 0; j < bandsY; j++) {
    const j1 = Math.min(j + 1, ny - 1);
    const y0 = ys[j]!;
    const yEnd = j === bandsY - 1 ? wh : ys[j + 1]!;
    const spanY = Math.max(1, ys[j1]! - y0);
    for (let i = 0; i < bandsX; i++) {
      const i1 = Math.min(i + 1, nx - 1);
      const xa = xs[i]!;
      const xEnd = i === bandsX - 1 ? ww : xs[i + 1]!;
      const spanX = Math.max(1, xs[i1]! - xa);
      const k00 = j * nx + i;
      const k10 = j * nx + i1;
      const k01 = j1 * nx + i;
      const k11 = j1 * nx + i1;
      const bilinear = (dx: number, dy: number, which: Float64Array): number => {
        const u = dx / spanX;
        const v = dy / spanY;
        return (which[k00]! * (1 - u) + which[k10]! * u) * (1 - v) + (which[k01]! * (1 - u) + which[k11]! * u) * v;
      };
      let ok = affine;
      if (!ok) {
        ok = [nodeX[k00]!, nodeX[k10]!, nodeX[k01]!, nodeX[k11]!, nodeY[k00]!, nodeY[k10]!, nodeY[k01]!, nodeY[k11]!].every(Number.isFinite);
        // Check the interpolation at the centre and the edge midpoints of the cell.
        for (const [dx, dy] of [
          [spanX / 2, spanY / 2],
          [spanX / 2, 0],
          [0, spanY / 2],
        ] as const) {
          if (!ok) break;
          const [ex, ey] = transform(window.x0 + xa + dx + 0.5, window.y0 + y0 + dy + 0.5);
          ok = Math.abs(bilinear(dx, dy, nodeX) - ex) <= tol && Math.abs(bilinear(dx, dy, nodeY) - ey) <= tol;
        }
      }
      for (let y = y0; y < yEnd; y++) {
        const o = y * ww;
        if (ok) {
          const v = (y - y0) / spanY;
          const ax = nodeX[k00]! * (1 - v) + nodeX[k01]! * v;
          const bx = nodeX[k10]! * (1 - v) + nodeX[k11]! * v;
          const ay = nodeY[k00]! * (1 - v) + nodeY[k01]! * v;
          const by = nodeY[k10]! * (1 - v) + nodeY[k11]! * v;
          const sx = (bx - ax) / spanX;
          const sy = (by - ay) / spanX;
          // The hot loop of put(), inlined: one source cell per target pixel of the row.
          for (let x = xa; x < xEnd; x++) {
            const t = o + x;
            if (skip !== undefined && skip[t]) continue;
            const c = Math.floor(ax + sx * (x - xa) + 1e-10);
            const r = Math.floor(ay + sy * (x - xa) + 1e-10);
            if (!(c >= 0 && r >= 0 && c < sw && r < sh)) continue;
            list[inside] = t;
            col[inside] = c;
            row[inside] = r;
            inside++;
            if (c < minC) minC = c;
            if (c > maxC) maxC = c;
            if (r < minR) minR = r;
            if (r > maxR) maxR = r;
          }
        } else {
          const r = window.y0 + y + 0.5;
          const last = xEnd - 1;
          [rowX[xa], rowY[xa]] = transform(window.x0 + xa + 0.5, r);
          if (last > xa) [rowX[last], rowY[last]] = transform(window.x0 + last + 0.5, r);
          refine(r, xa, last);
          for (let x = xa; x < xEnd; x++) if (Number.isFinite(rowX[x]!)) put(o + x, rowX[x]!, rowY[x]!);
        }
      }
    }
  }
  return { target: list, col, row, inside, sourceWindow: inside === 0 ? null : { x0: minC, y0: minR, x1: maxC + 1, y1: maxR + 1 } };
}

/** Node spacing of the lattice of `planNearest`, in target pixels (10 m UTM across zones: error bound ~3e-4 px). */
const PLAN_LATTICE_PX = 64;
/** Beyond this interpolation error (px) a window is left to `nearestPixelMap` (the transform bends too much). */
const PLAN_MAX_ERROR_PX = 0.25;

/**
 * How to resample one target window from one source by nearest neighbour without a list per pixel: the exact
 * transform on a lattice of nodes every 64 target pixels, a bound on the error of interpolating it inside each
 * lattice cell, and the source window the pixels still to fill need. Made by `planNearest`, used by
 * `resampleNearest`.
 */
export interface NearestPlan {
  window: PixelWindow;
  xs: Int32Array;
  ys: Int32Array;
  nodeX: Float64Array;
  nodeY: Float64Array;
  /** Per lattice cell: bound on |interpolated - exact| source position (px); 0 within one CRS (affine). */
  errorPx: Float64Array;
  /** Source pixels needed (clipped to the source grid), or null when no pixel to fill falls in the source. */
  sourceWindow: PixelWindow | null;
  sourceWidth: number;
  sourceHeight: number;
  transform: (col: number, row: number) => [number, number];
}

/**
 * The plan of `resampleNearest` for `window` (pixels marked in `skip` are left out), or null when the transform
 * bends too much or is undefined somewhere in the window (then use `nearestPixelMap`).
 *
 * The error bound of a cell is twice the bilinear interpolation error of a quadratic transform with the second
 * derivatives of the nodes' divided differences around the cell (windows with fewer than three nodes a side:
 * twice the largest error measured at the cell's centre and edge midpoints); the factor 2 covers the change of
 * the curvature across the cell. `resampleNearest` interpolates only where the interpolated position is
 * farther than the bound from every source cell edge, and transforms exactly elsewhere, so every pixel gets the
 * source cell of its exact position: the result is GDAL's with `-et 0`.
 */
export function planNearest(target: RasterGrid, source: RasterGrid, window: PixelWindow, skip?: Uint8Array): NearestPlan | null {
  const transform = pixelTransformer(target, source);
  const affine = sameCrs(target.crs, source.crs);
  const ww = window.x1 - window.x0;
  const wh = window.y1 - window.y0;
  const xsList: number[] = [];
  for (let x = 0; x < ww - 1; x += PLAN_LATTICE_PX) xsList.push(x);
  xsList.push(ww - 1);
  const ysList: number[] = [];
  for (let y = 0; y < wh - 1; y += PLAN_LATTICE_PX) ysList.push(y);
  ysList.push(wh - 1);
  const xs = Int32Array.from(xsList);
  const ys = Int32Array.from(ysList);
  const nx = xs.length;
  const ny = ys.length;
  const nodeX = new Float64Array(nx * ny);
  const nodeY = new Float64Array(nx * ny);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const [fx, fy] = transform(window.x0 + xs[i]! + 0.5, window.y0 + ys[j]! + 0.5);
      if (!Number.isFinite(fx) || !Number.isFinite(fy)) return null;
      nodeX[j * nx + i] = fx;
      nodeY[j * nx + i] = fy;
    }
  }
  const bandsX = Math.max(1, nx - 1);
  const bandsY = Math.max(1, ny - 1);
  const errorPx = new Float64Array(bandsX * bandsY);
  // With three nodes or more each way, the second derivatives come from the nodes' divided differences (no more
  // transforms); the error of bilinear interpolation in a cell is then at most (|f_xx| hx² + |f_yy| hy²) / 8 for a
  // quadratic transform, which is doubled as the bound. Smaller windows measure the error at check points instead.
  let curvX: Float64Array | null = null;
  let curvY: Float64Array | null = null;
  if (!affine && nx >= 3 && ny >= 3) {
    curvX = new Float64Array(nx * ny);
    curvY = new Float64Array(nx * ny);
    const second = (f: Float64Array, a: number, b: number, c: number, ta: number, tb: number, tc: number): number =>
      Math.abs((2 * ((f[c]! - f[b]!) / (tc - tb) - (f[b]! - f[a]!) / (tb - ta))) / (tc - ta));
    for (let j = 0; j < ny; j++) {
      for (let i = 1; i < nx - 1; i++) {
        const q = j * nx + i;
        curvX[q] = Math.max(second(nodeX, q - 1, q, q + 1, xs[i - 1]!, xs[i]!, xs[i + 1]!), second(nodeY, q - 1, q, q + 1, xs[i - 1]!, xs[i]!, xs[i + 1]!));
      }
    }
    for (let j = 1; j < ny - 1; j++) {
      for (let i = 0; i < nx; i++) {
        const q = j * nx + i;
        curvY[q] = Math.max(second(nodeX, q - nx, q, q + nx, ys[j - 1]!, ys[j]!, ys[j + 1]!), second(nodeY, q - nx, q, q + nx, ys[j - 1]!, ys[j]!, ys[j + 1]!));
      }
    }
  }
  let minC = Infinity;
  let minR = Infinity;
  let maxC = -Infinity;
  let maxR = -Infinity;
  for (let j = 0; j < bandsY; j++) {
    const j1 = Math.min(j + 1, ny - 1);
    const y0 = ys[j]!;
    const yEnd = j === bandsY - 1 ? wh : ys[j + 1]!;
    const spanY = Math.max(1, ys[j1]! - y0);
    for (let i = 0; i < bandsX; i++) {
      const i1 = Math.min(i + 1, nx - 1);
      const xa = xs[i]!;
      const xEnd = i === bandsX - 1 ? ww : xs[i + 1]!;
      const spanX = Math.max(1, xs[i1]! - xa);
      // Does the cell hold a pixel still to fill?
      let open = skip === undefined;
      for (let y = y0; y < yEnd && !open; y++) {
        for (let x = xa, o = y * ww; x < xEnd; x++) {
          if (skip![o + x] === 0) {
            open = true;
            break;
          }
        }
      }
      const k = [j * nx + i, j * nx + i1, j1 * nx + i, j1 * nx + i1];
      let err = 0;
      if (curvX !== null && curvY !== null) {
        // f'' along x from the node rows of the cell, at the node columns next to it; f'' along y likewise.
        let fxx = 0;
        for (let c = Math.max(1, i - 1); c <= Math.min(nx - 2, i + 2); c++) fxx = Math.max(fxx, curvX[j * nx + c]!, curvX[j1 * nx + c]!);
        let fyy = 0;
        for (let r = Math.max(1, j - 1); r <= Math.min(ny - 2, j + 2); r++) fyy = Math.max(fyy, curvY[r * nx + i]!, curvY[r * nx + i1]!);
        err = 2 * ((fxx * spanX * spanX) / 8 + (fyy * spanY * spanY) / 8) + 1e-9;
        if (!(err <= PLAN_MAX_ERROR_PX)) return null;
      } else if (!affine) {
        const dev = (dx: number, dy: number): number => {
          const [ex, ey] = transform(window.x0 + xa + dx + 0.5, window.y0 + y0 + dy + 0.5);
          if (!Number.isFinite(ex) || !Number.isFinite(ey)) return Infinity;
          const u = dx / spanX;
          const v = dy / spanY;
          const bx = (nodeX[k[0]!]! * (1 - u) + nodeX[k[1]!]! * u) * (1 - v) + (nodeX[k[2]!]! * (1 - u) + nodeX[k[3]!]! * u) * v;
          const by = (nodeY[k[0]!]! * (1 - u) + nodeY[k[1]!]! * u) * (1 - v) + (nodeY[k[2]!]! * (1 - u) + nodeY[k[3]!]! * u) * v;
          return Math.max(Math.abs(bx - ex), Math.abs(by - ey));
        };
        const centre = dev(spanX / 2, spanY / 2);
        const top = dev(spanX / 2, 0);
        const bottom = dev(spanX / 2, spanY);
        const left = dev(0, spanY / 2);
        const right = dev(spanX, spanY / 2);
        err = 2 * Math.max(centre, top + left, bottom + right, top + right, bottom + left) + 1e-9;
        if (!(err <= PLAN_MAX_ERROR_PX)) return null;
      }
      errorPx[j * bandsX + i] = err;
      if (!open) continue;
      for (const q of k) {
        minC = Math.min(minC, nodeX[q]!);
        maxC = Math.max(maxC, nodeX[q]!);
        minR = Math.min(minR, nodeY[q]!);
        maxR = Math.max(maxR, nodeY[q]!);
      }
    }
  }
  let sourceWindow: PixelWindow | null = null;
  if (minC <= maxC) {
    // Interpolated positions lie within the nodes' box; exact ones within the error bound (< 0.25 px) of them.
    const x0 = Math.max(0, Math.floor(minC) - 1);
    const y0 = Math.max(0, Math.floor(minR) - 1);
    const x1 = Math.min(source.width, Math.floor(maxC) + 2);
    const y1 = Math.min(source.height, Math.floor(maxR) + 2);
    if (x1 > x0 && y1 > y0) sourceWindow = { x0, y0, x1, y1 };
  }
  return { window, xs, ys, nodeX, nodeY, errorPx, sourceWindow, sourceWidth: source.width, sourceHeight: source.height, transform };
}

/** What `resampleNearest` writes: the target bands, and per target pixel whether it is filled and from where. */
export interface ResampleTarget {
  out: RasterArray[];
  /** Target pixels already filled (skipped; set to 1 when filled here). */
  filled: Uint8Array;
  /** Source code per target pixel (set to `code` when filled here). */
  from: Uint8Array | Uint16Array;
  code: number;
}

/**
 * Fills the target pixels of `plan.window` not yet filled whose source cell (GDAL's nearest-neighbour rule, exact
 * positions as explained at `planNearest`) holds a valid value in `data` (the bands of `plan.sourceWindow`).
 * Returns how many it filled, and how many pixels it left because their source cell fell outside the window read
 * (never expected; the caller then runs `nearestPixelMap`, which picks up the pixels left).
 */
export function resampleNearest(plan: NearestPlan, data: readonly RasterArray[], nodata: number | null, t: ResampleTarget): { filled: number; missed: number } {
  const sw = plan.sourceWindow;
  if (!sw) return { filled: 0, missed: 0 };
  const { window, xs, ys, nodeX, nodeY, errorPx, transform } = plan;
  const { out, filled, from, code } = t;
  const ww = window.x1 - window.x0;
  const wh = window.y1 - window.y0;
  const nx = xs.length;
  const ny = ys.length;
  const bandsX = Math.max(1, nx - 1);
  const bandsY = Math.max(1, ny - 1);
  const srcW = plan.sourceWidth;
  const srcH = plan.sourceHeight;
  const swWidth = sw.x1 - sw.x0;
  const swHeight = sw.y1 - sw.y0;
  const sx0 = sw.x0;
  const sy0 = sw.y0;
  const band0 = data[0]!;
  const out0 = out[0]!;
  const single = out.length === 1;
  const hasNodata = nodata !== null;
  const nd = nodata ?? 0;
  const nanNodata = hasNodata && Number.isNaN(nd);
  let count = 0;
  let missed = 0;
  for (let j = 0; j < bandsY; j++) {
    const j1 = Math.min(j + 1, ny - 1);
    const y0 = ys[j]!;
    const yEnd = j === bandsY - 1 ? wh : ys[j + 1]!;
    const spanY = Math.max(1, ys[j1]! - y0);
    for (let i = 0; i < bandsX; i++) {
      const i1 = Math.min(i + 1, nx - 1);
      const xa = xs[i]!;
      const xEnd = i === bandsX - 1 ? ww : xs[i + 1]!;
      const spanX = Math.max(1, xs[i1]! - xa);
      const k00 = j * nx + i;
      const k10 = j * nx + i1;
      const k01 = j1 * nx + i;
      const k11 = j1 * nx + i1;
      const h = 0.5 - errorPx[j * bandsX + i]!;
      for (let y = y0; y < yEnd; y++) {
        const o = y * ww;
        const v = (y - y0) / spanY;
        const ax = nodeX[k00]! * (1 - v) + nodeX[k01]! * v + 1e-10;
        const bx = nodeX[k10]! * (1 - v) + nodeX[k11]! * v + 1e-10;
        const ay = nodeY[k00]! * (1 - v) + nodeY[k01]! * v + 1e-10;
        const by = nodeY[k10]! * (1 - v) + nodeY[k11]! * v + 1e-10;
        const stepX = (bx - ax) / spanX;
        const stepY = (by - ay) / spanX;
        for (let x = xa, d = 0; x < xEnd; x++, d++) {
          const p = o + x;
          if (filled[p] !== 0) continue;
          const fx = ax + stepX * d;
          const fy = ay + stepY * d;
          let c = Math.floor(fx);
          let r = Math.floor(fy);
          // Within the bound of a source cell edge (never within one CRS, where h = 0.5): transform exactly.
          if (Math.abs(fx - c - 0.5) > h || Math.abs(fy - r - 0.5) > h) {
            const [ex, ey] = transform(window.x0 + x + 0.5, window.y0 + y + 0.5);
            if (!Number.isFinite(ex) || !Number.isFinite(ey)) continue;
            c = Math.floor(ex + 1e-10);
            r = Math.floor(ey + 1e-10);
          }
          const cc = c - sx0;
          const rr = r - sy0;
          if (cc >>> 0 >= swWidth || rr >>> 0 >= swHeight) {
            if (c >= 0 && r >= 0 && c < srcW && r < srcH) missed++;
            continue;
          }
          const q = rr * swWidth + cc;
          const val = band0[q]!;
          if (hasNodata && (val === nd || (nanNodata && Number.isNaN(val)))) continue;
          if (single) out0[p] = val;
          else for (let b = 0; b < out.length; b++) out[b]![p] = data[b]![q]!;
          from[p] = code;
          filled[p] = 1;
          count++;
        }
      }
    }
  }
  return { filled: count, missed };
}

/** Bounding box of a grid's footprint in another CRS (edges densified), [xmin, ymin, xmax, ymax]. */
export function footprintIn(grid: RasterGrid, crs: Crs, pointsPerEdge = 21): [number, number, number, number] {
  const gt = grid.geoTransform;
  const convert = sameCrs(grid.crs, crs) ? (p: [number, number]) => p : (p: [number, number]) => proj4(grid.crs.proj4, crs.proj4, p) as [number, number];
  let xmin = Infinity;
  let ymin = Infinity;
  let xmax = -Infinity;
  let ymax = -Infinity;
  const add = (c: number, r: number): void => {
    const [x, y] = convert([gt[0] + c * gt[1] + r * gt[2], gt[3] + c * gt[4] + r * gt[5]]);
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    xmin = Math.min(xmin, x);
    xmax = Math.max(xmax, x);
    ymin = Math.min(ymin, y);
    ymax = Math.max(ymax, y);
  };
  for (let i = 0; i < pointsPerEdge; i++) {
    const f = i / (pointsPerEdge - 1);
    add(f * grid.width, 0);
    add(f * grid.width, grid.height);
    add(0, f * grid.height);
    add(grid.width, f * grid.height);
  }
  if (!Number.isFinite(xmin)) throw new DataError(`the footprint of a ${grid.crs.name} grid cannot be expressed in ${crs.name}`);
  return [xmin, ymin, xmax, ymax];
}

/** A north-up grid in `crs` covering `bounds`, with square cells of `resolution` map units, aligned to multiples of it (gdalwarp -tap). */
export function alignedGrid(crs: Crs, resolution: number, bounds: readonly [number, number, number, number], align = true): RasterGrid {
  if (!(resolution > 0) || !Number.isFinite(resolution)) throw new DataError(`resolution must be a positive number of map units, got ${resolution}`);
  let [xmin, ymin, xmax, ymax] = bounds;
  if (align) {
    xmin = Math.floor(xmin / resolution + 1e-9) * resolution;
    ymin = Math.floor(ymin / resolution + 1e-9) * resolution;
    xmax = Math.ceil(xmax / resolution - 1e-9) * resolution;
    ymax = Math.ceil(ymax / resolution - 1e-9) * resolution;
  }
  const width = Math.round((xmax - xmin) / resolution);
  const height = Math.round((ymax - ymin) / resolution);
  if (width <= 0 || height <= 0) throw new DataError(`the bounds ${bounds.join(", ")} give an empty grid at ${resolution} map units`);
  if (width * height > 2 ** 36) throw new DataError(`the grid would be ${width} x ${height} pixels; choose a coarser resolution or smaller bounds`);
  return { width, height, geoTransform: [xmin, resolution, 0, ymax, 0, -resolution], crs };
}
