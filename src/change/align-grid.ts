/**
 * @module change/align-grid
 * Bringing a second class map onto the first map's grid by nearest neighbour, a row strip at a time: each
 * cell of the target grid takes the code of the source cell under its centre. Three cases: the same grid
 * (no resampling), the same CRS without rotation (column and row lookups computed once, so a strip costs one
 * read per cell), and anything else (per-cell affine or proj4 transform of the cell centre).
 */
import proj4 from "proj4";
import { DataError } from "../domain/errors.ts";
import type { PixelWindow, RasterGrid } from "../domain/raster-grid.ts";

export type AlignmentKind = "same-grid" | "nearest-same-crs" | "nearest-reprojected";

export interface GridResampler {
  kind: AlignmentKind;
  /** The source window that target rows [y0, y1) need, or null when the strip falls outside the source. */
  windowFor(y0: number, y1: number): PixelWindow | null;
  /**
   * Write the source codes under target rows [y0, y1) into `out` (width x (y1 - y0)), `fill` where the
   * target cell's centre is outside the source. `data` holds the source window `window`.
   */
  resample(y0: number, y1: number, window: PixelWindow | null, data: Uint8Array | null, out: Uint8Array, fill: number): void;
}

const sameCrs = (a: RasterGrid, b: RasterGrid): boolean =>
  a.crs.epsg !== undefined && b.crs.epsg !== undefined ? a.crs.epsg === b.crs.epsg : a.crs.proj4.trim() === b.crs.proj4.trim();

/** True when the two grids are the same cells (same CRS, size and geotransform to 1e-9 of a cell). */
export function sameGrid(a: RasterGrid, b: RasterGrid): boolean {
  if (!sameCrs(a, b) || a.width !== b.width || a.height !== b.height) return false;
  const cell = Math.max(Math.abs(a.geoTransform[1]), Math.abs(a.geoTransform[5]));
  return a.geoTransform.every((v, i) => Math.abs(v - b.geoTransform[i]!) <= (i === 0 || i === 3 ? 1e-6 : 1e-9) * cell);
}

function inverse(gt: RasterGrid["geoTransform"], ref: string): (x: number, y: number) => [number, number] {
  const det = gt[1] * gt[5] - gt[2] * gt[4];
  if (det === 0) throw new DataError(`${ref}: the geotransform is singular`);
  return (x, y) => {
    const dx = x - gt[0];
    const dy = y - gt[3];
    return [(gt[5] * dx - gt[2] * dy) / det, (-gt[4] * dx + gt[1] * dy) / det];
  };
}

/**
 * A resampler of `source` onto `target`. Throws DataError naming both files when the source's extent does not
 * overlap the target's, or when the CRSs cannot be converted.
 */
export function createResampler(target: RasterGrid, source: RasterGrid, refs: { target: string; source: string }): GridResampler {
  if (sameGrid(target, source)) {
    return {
      kind: "same-grid",
      windowFor: (y0, y1) => ({ x0: 0, y0, x1: target.width, y1 }),
      resample: (_y0, _y1, _w, data, out) => out.set(data!),
    };
  }
  const gt = target.geoTransform;
  const sg = source.geoTransform;
  const toSourcePx = inverse(sg, refs.source);
  let toSourceCrs: (x: number, y: number) => [number, number];
  const same = sameCrs(target, source);
  if (same) toSourceCrs = (x, y) => [x, y];
  else {
    let conv: proj4.Converter;
    try {
      conv = proj4(target.crs.proj4, source.crs.proj4);
    } catch (error) {
      throw new DataError(`${refs.source}: cannot reproject from ${target.crs.name} (${refs.target}) to ${source.crs.name}`, { cause: error });
    }
    toSourceCrs = (x, y) => conv.forward([x, y]) as [number, number];
  }
  checkOverlap(target, source, refs, same);

  const separable = same && gt[2] === 0 && gt[4] === 0 && sg[2] === 0 && sg[4] === 0;
  if (separable) {
    const colOf = new Int32Array(target.width);
    for (let c = 0; c < target.width; c++) {
      const s = Math.floor((gt[0] + (c + 0.5) * gt[1] - sg[0]) / sg[1]);
      colOf[c] = s >= 0 && s < source.width ? s : -1;
    }
    const rowOf = (r: number): number => {
      const s = Math.floor((gt[3] + (r + 0.5) * gt[5] - sg[3]) / sg[5]);
      return s >= 0 && s < source.height ? s : -1;
    };
    let cMin = Infinity;
    let cMax = -Infinity;
    for (const s of colOf)
      if (s >= 0) {
        cMin = Math.min(cMin, s);
        cMax = Math.max(cMax, s);
      }
    return {
      kind: "nearest-same-crs",
      windowFor(y0, y1) {
        let rMin = Infinity;
        let rMax = -Infinity;
        for (let r = y0; r < y1; r++) {
          const s = rowOf(r);
          if (s >= 0) {
            rMin = Math.min(rMin, s);
            rMax = Math.max(rMax, s);
          }
        }
        if (rMin > rMax || cMin > cMax) return null;
        return { x0: cMin, y0: rMin, x1: cMax + 1, y1: rMax + 1 };
      },
      resample(y0, y1, window, data, out, fill) {
        const w = target.width;
        for (let r = y0; r < y1; r++) {
          const base = (r - y0) * w;
          const s = window ? rowOf(r) : -1;
          if (s < 0) {
            out.fill(fill, base, base + w);
            continue;
          }
          const ww = window!.x1 - window!.x0;
          const sBase = (s - window!.y0) * ww - window!.x0;
          for (let c = 0; c < w; c++) {
            const sc = colOf[c]!;
            out[base + c] = sc < 0 ? fill : data![sBase + sc]!;
          }
        }
      },
    };
  }

  // General case: transform every cell centre.
  const sourceCell = (c: number, r: number): [number, number] => {
    const x = gt[0] + (c + 0.5) * gt[1] + (r + 0.5) * gt[2];
    const y = gt[3] + (c + 0.5) * gt[4] + (r + 0.5) * gt[5];
    const [sx, sy] = toSourceCrs(x, y);
    if (!Number.isFinite(sx) || !Number.isFinite(sy)) return [-1, -1];
    const [u, v] = toSourcePx(sx, sy);
    const col = Math.floor(u);
    const row = Math.floor(v);
    return col >= 0 && col < source.width && row >= 0 && row < source.height ? [col, row] : [-1, -1];
  };
  return {
    kind: same ? "nearest-same-crs" : "nearest-reprojected",
    windowFor(y0, y1) {
      let cMin = Infinity;
      let cMax = -Infinity;
      let rMin = Infinity;
      let rMax = -Infinity;
      for (let r = y0; r < y1; r++)
        for (let c = 0; c < target.width; c++) {
          const [sc, sr] = sourceCell(c, r);
          if (sc < 0) continue;
          if (sc < cMin) cMin = sc;
          if (sc > cMax) cMax = sc;
          if (sr < rMin) rMin = sr;
          if (sr > rMax) rMax = sr;
        }
      return cMin > cMax ? null : { x0: cMin, y0: rMin, x1: cMax + 1, y1: rMax + 1 };
    },
    resample(y0, y1, window, data, out, fill) {
      const w = target.width;
      for (let r = y0; r < y1; r++)
        for (let c = 0; c < w; c++) {
          const i = (r - y0) * w + c;
          if (!window) {
            out[i] = fill;
            continue;
          }
          const [sc, sr] = sourceCell(c, r);
          out[i] = sc < 0 ? fill : data![(sr - window.y0) * (window.x1 - window.x0) + (sc - window.x0)]!;
        }
    },
  };
}

/** The source's outline (densified, 64 points a side) in target pixels must meet the target's extent. */
function checkOverlap(target: RasterGrid, source: RasterGrid, refs: { target: string; source: string }, same: boolean): void {
  const sg = source.geoTransform;
  const toTargetPx = inverse(target.geoTransform, refs.target);
  let toTargetCrs: (x: number, y: number) => [number, number] = (x, y) => [x, y];
  if (!same) {
    const conv = proj4(source.crs.proj4, target.crs.proj4);
    toTargetCrs = (x, y) => conv.forward([x, y]) as [number, number];
  }
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  const N = 64;
  for (let k = 0; k <= N; k++) {
    const t = k / N;
    for (const [u, v] of [
      [t * source.width, 0],
      [t * source.width, source.height],
      [0, t * source.height],
      [source.width, t * source.height],
    ] as const) {
      const [x, y] = toTargetCrs(sg[0] + u * sg[1] + v * sg[2], sg[3] + u * sg[4] + v * sg[5]);
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      const [px, py] = toTargetPx(x, y);
      minX = Math.min(minX, px);
      maxX = Math.max(maxX, px);
      minY = Math.min(minY, py);
      maxY = Math.max(maxY, py);
    }
  }
  if (!(maxX > 0 && minX < target.width && maxY > 0 && minY < target.height)) {
    const ext = (g: RasterGrid): string => {
      const q = g.geoTransform;
      return `x ${q[0]}..${q[0] + g.width * q[1]}, y ${q[3] + g.height * q[5]}..${q[3]} (${g.crs.name})`;
    };
    throw new DataError(`${refs.source} does not overlap ${refs.target}: extents ${ext(source)} and ${ext(target)}`);
  }
}
