/**
 * @module area/design-by-strips
 * A stratified design drawn over a class map read by row strips, so that memory is set by a strip, not the map:
 * one pass counts the pixels (and hectares) of each stratum and notes the counts at the start of every strip;
 * the sample sizes and the ranks within each stratum are drawn from those counts alone; a second pass reads only
 * the strips that hold a drawn rank and turns ranks into pixels. The strata are the map classes, a strata raster on
 * the map's grid (read strip by strip beside the map), or the map classes with a buffer stratum (a dilation of the
 * target class by k pixels, computed strip by strip with a halo of k rows).
 *
 * With the same seed the sample is the one `readAreaFrame` + `withBufferStratum` + `designSample` draw on the whole
 * map: the same counts, the same draws in the same order, the same pixels, and the stratum areas summed in the same
 * order (pixel by pixel in row-major order), so every number matches to the last digit.
 */
import { DataError, InputError } from "../domain/errors.ts";
import type { RasterGrid } from "../domain/raster-grid.ts";
import { openRaster, type RasterSource } from "../imagery/read/index.ts";
import { cellAreaHaByRow } from "../raster/cell-area.ts";
import { parseClassNames } from "../raster/read/class-map.ts";
import { BYTES_PER_SAMPLE, type RasterArray } from "../raster/read/sample-type.ts";
import { stripRowsFor } from "../raster/read/strip-rows.ts";
import type { Random } from "../stats/random.ts";
import { MAX_STRATUM_VALUE, type FrameCounts } from "../stats/sampling-frame.ts";
import { planStratifiedSample, stratifiedDesignOf, type SampleSizeTarget } from "../stats/stratified-design.ts";
import type { AllocationRule } from "../stats/allocation.ts";
import { drawnSampleOf, type DesignTarget, type DrawnSample } from "./design-sample.ts";
import { FRAME_NODATA, INTEGER_TYPES, sameGrid } from "./read-frame.ts";

export interface StripDesignInput {
  mapPath: string;
  /** A strata raster on the map's grid (else strata = map classes, or the buffer strata). */
  strataPath?: string;
  /** Strata = map classes plus a buffer stratum: pixels not mapped as `targetCode` within `radiusPx` of it (Chebyshev). */
  buffer?: { targetCode: number; radiusPx: number; bufferCode?: number };
  /** Recorded in the design; `random` must be created from it. */
  seed: number;
  random: Random;
  n?: number;
  targetSe?: DesignTarget;
  allocation?: AllocationRule;
  anticipated?: (stratum: number) => number;
  /**
   * Record how the buffer strata were made, as `withBufferStratum` words it (`coca area design --buffer-px`); by default
   * the record names no strata raster for a buffer, as the survey's design stage stores it.
   */
  describeBuffer?: boolean;
  /** Overrides the class map's nodata (as `readAreaFrame`'s `nodata`). */
  nodata?: number;
  /** Names by map code, overriding the file's (as `readAreaFrame`'s `classNames`). */
  classNames?: ReadonlyMap<number, string>;
  /**
   * Rows read at a time (default: `stripRowsFor(width, bytes per pixel)`, 8 MiB per strip counting the map, the strata
   * raster and the strata codes built from them, `raster/read/strip-rows.ts`).
   */
  stripRows?: number;
}

/** Where pass 1 counts buffer pixels while the buffer's code is not yet known (one past the largest stratum value). */
const PENDING_BUFFER = MAX_STRATUM_VALUE + 1;

interface Opened {
  source: RasterSource;
  nodata: number | null;
  names?: string[];
}

async function openIntegerRaster(path: string, what: string): Promise<Opened> {
  const source = await openRaster(path);
  if (source.bandCount !== 1) {
    await source.close();
    throw new DataError(`${path}: a ${what} must have 1 band, found ${source.bandCount}`);
  }
  if (!INTEGER_TYPES.has(source.sampleType)) {
    await source.close();
    throw new DataError(`${path}: a ${what} must hold integer codes, found ${source.sampleType} samples`);
  }
  const names = parseClassNames(source.metadata.dataset.CLASS_NAMES ?? source.metadata.bands[0]?.CLASS_NAMES);
  return { source, nodata: source.nodata, names };
}

type Rows = ArrayLike<number>;

/** Bytes a strip costs per pixel: the map's samples, plus the strata raster's and their Uint16 codes, or the buffer's Int32 strata. */
function defaultStripRows(width: number, map: Opened, strata: Opened | undefined, buffered: boolean): number {
  let bytes = BYTES_PER_SAMPLE[map.source.sampleType];
  if (strata) bytes += BYTES_PER_SAMPLE[strata.source.sampleType] + 2;
  else if (buffered) bytes += 4;
  return stripRowsFor(width, bytes);
}

/** A stratified design over a class map read by row strips; the same sample as the whole-map design (module doc). */
export async function designStratifiedByStrips(input: StripDesignInput): Promise<DrawnSample> {
  if (input.buffer && input.strataPath) throw new InputError("a buffer stratum replaces the strata raster: give one or the other", { field: "buffer-px" });
  const map = await openIntegerRaster(input.mapPath, "class map");
  if (input.nodata !== undefined) map.nodata = input.nodata;
  let strata: Opened | undefined;
  try {
    const grid = map.source.grid;
    if (input.strataPath) {
      strata = await openIntegerRaster(input.strataPath, "strata raster");
      if (!sameGrid(grid, strata.source.grid)) {
        const s = strata.source.grid;
        throw new DataError(
          `${input.strataPath}: the strata raster is not on the class map's grid (${s.width} × ${s.height} vs ${grid.width} × ${grid.height}, ` +
            `or a different origin, pixel size or CRS); resample it onto ${input.mapPath} first (gdalwarp -tr/-te)`,
        );
      }
    }
    if (input.buffer) checkBuffer(input.buffer);
    if (grid.crs.proj4 === "") throw new InputError(`${input.mapPath}: the class map has no CRS; coordinates cannot be written`);
    return await draw(input, grid, map, strata, input.stripRows ?? defaultStripRows(grid.width, map, strata, input.buffer !== undefined));
  } finally {
    await strata?.source.close();
    await map.source.close();
  }
}

function checkBuffer({ radiusPx, bufferCode }: { radiusPx: number; bufferCode?: number }): void {
  if (!(Number.isInteger(radiusPx) && radiusPx >= 1))
    throw new InputError(`the buffer width must be a whole number of pixels >= 1, got ${radiusPx}`, { field: "bufferPx" });
  if (bufferCode !== undefined && !(Number.isInteger(bufferCode) && bufferCode >= 0 && bufferCode <= 65535))
    throw new InputError(`the buffer stratum code must be 0-65535, got ${bufferCode}`, { field: "bufferCode" });
}

async function draw(input: StripDesignInput, grid: RasterGrid, map: Opened, strata: Opened | undefined, stripRows: number): Promise<DrawnSample> {
  const { width, height } = grid;
  const mapNodata = map.nodata;
  const strataNodata = strata ? FRAME_NODATA : mapNodata;
  const pixelAreaHa = cellAreaHaByRow(grid);
  // Each raster's strips of one height are read into one buffer (a strip is used before the next is read).
  const buffers = new Map<RasterSource, RasterArray>();
  const read = async (src: RasterSource, y0: number, y1: number): Promise<Rows> => {
    const held = buffers.get(src);
    const into = held?.length === (y1 - y0) * width ? [held] : undefined;
    const rows = (await src.readWindow({ x0: 0, y0, x1: width, y1 }, { into }))[0]!;
    buffers.set(src, rows);
    return rows;
  };
  const buffer = input.buffer;

  /** Map codes and strata of rows [y0, y1); buffer pixels get `bufferCode`. */
  const readStrip = async (y0: number, y1: number, bufferCode: number): Promise<{ map: Rows; strata: Rows }> => {
    if (buffer) {
      const ya = Math.max(0, y0 - buffer.radiusPx);
      const yb = Math.min(height, y1 + buffer.radiusPx);
      const halo = await read(map.source, ya, yb);
      const m = (halo as Uint8Array).subarray((y0 - ya) * width, (y1 - ya) * width);
      return { map: m, strata: bufferRows(halo, ya, yb, y0, y1, width, height, mapNodata, buffer.targetCode, buffer.radiusPx, bufferCode) };
    }
    const m = await read(map.source, y0, y1);
    if (!strata) return { map: m, strata: m };
    return { map: m, strata: combine(m, await read(strata.source, y0, y1), mapNodata, strata.nodata, input.strataPath!, y0 * width) };
  };

  // Pass 1: pixels and hectares per stratum, map codes (the legend, the buffer's code), and the counts at each strip's start.
  const counts = new Float64Array(PENDING_BUFFER + 1);
  const areas = new Float64Array(PENDING_BUFFER + 1);
  const mapCounts = new Float64Array(MAX_STRATUM_VALUE + 1);
  const skip = strataNodata ?? NaN;
  const mapSkip = mapNodata ?? NaN;
  const snapshots: Map<number, number>[] = [];
  const seenValues: number[] = [];
  for (let y0 = 0; y0 < height; y0 += stripRows) {
    const y1 = Math.min(height, y0 + stripRows);
    snapshots.push(new Map(seenValues.map((v) => [v, counts[v]!])));
    const strip = await readStrip(y0, y1, PENDING_BUFFER);
    const m = strip.map;
    const s = strip.strata;
    for (let r = y0, i = 0; r < y1; r++) {
      const a = pixelAreaHa[r]!;
      for (let c = 0; c < width; c++, i++) {
        const code = m[i]!;
        if (code !== mapSkip && code >= 0 && code <= MAX_STRATUM_VALUE) mapCounts[code]!++;
        const v = s[i]!;
        if (v === skip) continue;
        if (!(v >= 0 && v <= PENDING_BUFFER))
          throw new DataError(`stratum raster value ${v} at pixel ${y0 * width + i} is not a whole number in 0-${MAX_STRATUM_VALUE}`);
        if (counts[v] === 0) seenValues.push(v);
        counts[v]!++;
        areas[v]! += a;
      }
    }
  }
  snapshots.push(new Map(seenValues.map((v) => [v, counts[v]!])));
  const mapIds: number[] = [];
  mapCounts.forEach((n, code) => n > 0 && mapIds.push(code));

  let bufferCode = PENDING_BUFFER;
  if (buffer) {
    if (!(mapCounts[buffer.targetCode]! > 0))
      throw new InputError(`the class map has no pixel of class ${buffer.targetCode} to buffer`, { field: "bufferClass" });
    bufferCode = buffer.bufferCode ?? Math.max(...mapIds) + 1;
    if (mapCounts[bufferCode]! > 0 && bufferCode !== mapNodata)
      throw new InputError(`the buffer stratum code ${bufferCode} is already a map code`, { field: "bufferCode" });
    // The buffer's pixels were counted apart; give them their code.
    const move = (c: Float64Array): void => {
      c[bufferCode] = c[bufferCode]! + c[PENDING_BUFFER]!;
      c[PENDING_BUFFER] = 0;
    };
    move(counts);
    move(areas);
    for (const snap of snapshots) {
      const pending = snap.get(PENDING_BUFFER);
      if (pending !== undefined) {
        snap.delete(PENDING_BUFFER);
        snap.set(bufferCode, (snap.get(bufferCode) ?? 0) + pending);
      }
    }
  }
  const ids: number[] = [];
  const sizes: number[] = [];
  for (let v = 0; v <= MAX_STRATUM_VALUE; v++) {
    if (counts[v]! > 0 && v !== skip) {
      ids.push(v);
      sizes.push(counts[v]!);
    }
  }
  const frame: FrameCounts = { ids, sizes, validPixels: sizes.reduce((a, b) => a + b, 0) };
  const stratumAreas = new Map<number, number>();
  for (const v of ids) if (areas[v]! > 0) stratumAreas.set(v, areas[v]!);

  let target: SampleSizeTarget | undefined;
  const t = input.targetSe;
  if (input.n === undefined && t === undefined) throw new InputError("give a sample size n or a target standard error", { field: "n" });
  if (input.n !== undefined && t !== undefined) throw new InputError("give a sample size n or a target standard error, not both", { field: "n" });
  if (t) {
    if (t.kind === "oa") {
      if (input.strataPath || buffer) throw new InputError("a target SE of overall accuracy needs strata = map classes", { field: "target" });
      target = { kind: "overall-accuracy", se: t.se, anticipated: t.anticipated };
    } else {
      const totalHa = [...stratumAreas.values()].reduce((a, b) => a + b, 0);
      target = { kind: "class-area", seHa: t.se, pixelAreaHa: totalHa / frame.validPixels, anticipated: t.anticipated };
    }
  }
  const planInput = { n: input.n, target, allocation: input.allocation, anticipated: target ? undefined : input.anticipated, random: input.random };
  const plan = planStratifiedSample(frame, planInput);

  // Pass 2: the strips that hold a drawn rank, each read once; ranks become pixels in ascending order.
  const wanted = new Map<number, Map<number, number[]>>();
  for (const [v, ranks] of plan.ranks) {
    let s = 0;
    for (const rank of ranks) {
      while (s + 1 < snapshots.length - 1 && (snapshots[s + 1]!.get(v) ?? 0) <= rank) s++;
      let byStratum = wanted.get(s);
      if (!byStratum) wanted.set(s, (byStratum = new Map()));
      let list = byStratum.get(v);
      if (!list) byStratum.set(v, (list = []));
      list.push(rank);
    }
  }
  const indices: number[] = [];
  const stratumOf = new Map<number, number>();
  const mapCodeOf = new Map<number, number>();
  for (const s of [...wanted.keys()].sort((a, b) => a - b)) {
    const y0 = s * stripRows;
    const strip = await readStrip(y0, Math.min(height, y0 + stripRows), bufferCode);
    const byStratum = wanted.get(s)!;
    const seen = new Map<number, number>();
    const next = new Map<number, number>();
    let left = 0;
    for (const [v, list] of byStratum) {
      seen.set(v, snapshots[s]!.get(v) ?? 0);
      next.set(v, 0);
      left += list.length;
    }
    for (let i = 0; i < strip.strata.length && left > 0; i++) {
      const v = strip.strata[i]!;
      const list = byStratum.get(v);
      if (!list || v === skip) continue;
      const k = next.get(v)!;
      const at = seen.get(v)!;
      if (k < list.length && list[k] === at) {
        const index = y0 * width + i;
        indices.push(index);
        stratumOf.set(index, v);
        mapCodeOf.set(index, strip.map[i]!);
        next.set(v, k + 1);
        left--;
      }
      seen.set(v, at + 1);
    }
  }
  const design = stratifiedDesignOf(frame, plan, planInput, { width, height, indices, stratumAt: (i) => stratumOf.get(i)! });
  const className = (code: number): string => input.classNames?.get(code) ?? (map.names && code >= 1 ? map.names[code - 1] : undefined) ?? String(code);
  return drawnSampleOf(design, {
    grid,
    seed: input.seed,
    mapPath: input.mapPath,
    strataRaster:
      buffer && input.describeBuffer
        ? `buffer: map classes, with non-${className(buffer.targetCode)} pixels within ${buffer.radiusPx} px of ${className(buffer.targetCode)} as stratum ${bufferCode}`
        : input.strataPath,
    stratumAreasHa: stratumAreas,
    pixelAreaHa,
    legend: [...new Set(mapIds.filter((c) => c !== mapNodata).map(className))],
    mapCode: (i) => mapCodeOf.get(i)!,
    className,
  });
}

/** Map and strata rasters combined as readAreaFrame does: outside the frame where either is nodata (FRAME_NODATA). */
function combine(map: Rows, strata: Rows, mapNodata: number | null, strataNodata: number | null, strataPath: string, offset: number): Uint16Array {
  const out = new Uint16Array(strata.length);
  const mn = mapNodata ?? NaN;
  const sn = strataNodata ?? NaN;
  for (let i = 0; i < out.length; i++) {
    const m = map[i]!;
    const v = strata[i]!;
    if (m === mn || v === sn) out[i] = FRAME_NODATA;
    else if (v >= 0 && v < FRAME_NODATA && v === Math.floor(v)) out[i] = v;
    else throw new DataError(`${strataPath}: stratum value ${v} at pixel ${offset + i} is not a whole number in 0-${FRAME_NODATA - 1}`);
  }
  return out;
}

/**
 * Buffer strata of rows [y0, y1) from the map's rows [ya, yb) (the strip and a halo of up to `radiusPx` rows each side):
 * bufferStrata's separable running-window dilation (stats/buffer-stratum.ts), restricted to the strip.
 */
function bufferRows(
  map: Rows,
  ya: number,
  yb: number,
  y0: number,
  y1: number,
  width: number,
  height: number,
  nodata: number | null,
  targetCode: number,
  radiusPx: number,
  bufferCode: number,
): Int32Array {
  const skip = nodata ?? NaN;
  // Horizontal pass over the strip and its halo: a target pixel in [c − r, c + r] of the same row.
  const rowHits = new Uint8Array(width * (yb - ya));
  for (let r = 0; r < yb - ya; r++) {
    const base = r * width;
    let count = 0;
    for (let c = 0; c < Math.min(radiusPx, width); c++) if (map[base + c] === targetCode) count++;
    for (let c = 0; c < width; c++) {
      const add = c + radiusPx;
      if (add < width && map[base + add] === targetCode) count++;
      const drop = c - radiusPx - 1;
      if (drop >= 0 && map[base + drop] === targetCode) count--;
      if (count > 0) rowHits[base + c] = 1;
    }
  }
  // Vertical pass: row hits in [r − k, r + k] (within the map), a running count per column.
  const count = new Int32Array(width);
  for (let r = Math.max(0, y0 - radiusPx); r <= Math.min(height - 1, y0 + radiusPx); r++) {
    const base = (r - ya) * width;
    for (let c = 0; c < width; c++) count[c]! += rowHits[base + c]!;
  }
  const out = new Int32Array(width * (y1 - y0));
  for (let r = y0; r < y1; r++) {
    if (r > y0) {
      const add = r + radiusPx;
      if (add < height) {
        const base = (add - ya) * width;
        for (let c = 0; c < width; c++) count[c]! += rowHits[base + c]!;
      }
      const drop = r - radiusPx - 1;
      if (drop >= 0) {
        const base = (drop - ya) * width;
        for (let c = 0; c < width; c++) count[c]! -= rowHits[base + c]!;
      }
    }
    const mBase = (r - ya) * width;
    const oBase = (r - y0) * width;
    for (let c = 0; c < width; c++) {
      const v = map[mBase + c]!;
      out[oBase + c] = v !== skip && v !== targetCode && count[c]! > 0 ? bufferCode : v;
    }
  }
  return out;
}
