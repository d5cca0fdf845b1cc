/**
 * @module raster/mosaic
 * Many rasters (class maps, or multi-band scenes of one layout) onto one grid, nearest neighbour, streamed
 * tile by tile: memory is a few output tiles and the source windows under them, whatever the area.
 *
 * Where inputs overlap, each pixel takes the first input, in priority order, that has a valid value there.
 * The priority rule (`order: "least-cloudy"`, the default): the input with the smallest share of its own
 * grid without a valid value (clouds, shadows, outside the swath) first; ties broken by the later date
 * (`date`, when given), then by the order given. `order: "given"` keeps the order given. A pixel is valid
 * where band 1 is not nodata (class maps: code 0 is nodata, so clouds never win over a clear view).
 *
 * Besides the mosaic, an optional source raster records, per pixel, which input it came from
 * (code i = the i-th input as given, 0 = no input had a valid value: the unobserved area).
 */
import { DataError } from "../domain/errors.ts";
import type { Crs, PixelWindow, RasterGrid } from "../domain/raster-grid.ts";
import { withAtomicOutput } from "../io/atomic-write.ts";
import { cellAreaHaByRow } from "./cell-area.ts";
import { openRaster, type RasterSource } from "./read/raster-source.ts";
import { allocRaster, type RasterArray } from "./read/sample-type.ts";
import { alignedGrid, footprintIn, nearestPixelMap, planNearest, resampleNearest, sameCrs, type PixelMap, type PixelMapScratch } from "./warp.ts";
import { createGeoTiffWriter, type GeoTiffWriter } from "./write/geotiff-writer.ts";
import { writeCategoryNamesAux } from "./write/write-raster.ts";

export interface MosaicInput {
  /** Path or URL of a GeoTIFF/COG/VRT. */
  ref: string;
  /** Acquisition date (ISO), used to break ties: later first. */
  date?: string;
  /** Share of the input without a valid value, if known (otherwise counted from the file when the order needs it). */
  invalidShare?: number;
  /** A label for the source raster and the report (default: the ref). */
  label?: string;
}

/** The survey grid: CRS, square cell size in map units, and optional bounds (default: all inputs). */
export interface TargetGridSpec {
  crs?: Crs;
  resolution?: number;
  bounds?: readonly [number, number, number, number];
  /** Snap bounds to multiples of the resolution (default true). */
  align?: boolean;
}

export interface MosaicOptions {
  inputs: readonly MosaicInput[];
  out: string;
  /** Where to write the per-pixel source raster (optional). */
  sourceOut?: string;
  /** The output grid: a full grid, or a spec from which one is made. */
  grid?: RasterGrid | TargetGridSpec;
  order?: "least-cloudy" | "given";
  tileSizePx?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export interface MosaicInputReport {
  ref: string;
  label: string;
  /** 1-based priority (1 = tried first). */
  priority: number;
  /** Share of the input's own grid without a valid value; null when the order given made it unnecessary. */
  invalidShare: number | null;
  date: string | null;
  /** Output pixels taken from this input, and their area. */
  pixels: number;
  areaHa: number;
  /** Share of the mosaic's observed area. */
  shareOfObserved: number;
}

export interface MosaicResult {
  grid: RasterGrid;
  rule: string;
  inputs: MosaicInputReport[];
  totalHa: number;
  observedHa: number;
  /** Area no input observed (nodata in every input), ha. */
  unobservedHa: number;
  unobservedPixels: number;
}

const RULE_LEAST_CLOUDY =
  "each pixel from the first input with a valid value, inputs ordered by least invalid (cloud, shadow, outside-swath) share of their own grid, then latest date, then the order given";
const RULE_GIVEN = "each pixel from the first input with a valid value, in the order given";

function isGrid(g: RasterGrid | TargetGridSpec | undefined): g is RasterGrid {
  return g !== undefined && "geoTransform" in g;
}

/** Share of a raster's pixels where band 1 is nodata (0 when it has no nodata value). */
export async function invalidShareOf(source: RasterSource, signal?: AbortSignal): Promise<number> {
  const nd = source.nodata;
  if (nd === null) return 0;
  let invalid = 0;
  for await (const { data } of source.tiles({ bands: [0], signal })) {
    const band = data[0]!;
    if (Number.isNaN(nd)) for (let i = 0; i < band.length; i++) invalid += Number.isNaN(band[i]!) ? 1 : 0;
    else for (let i = 0; i < band.length; i++) invalid += band[i] === nd ? 1 : 0;
  }
  return invalid / (source.grid.width * source.grid.height);
}

function checkCompatible(sources: RasterSource[]): void {
  const first = sources[0]!;
  const names = first.metadata.dataset.CLASS_NAMES;
  for (const s of sources.slice(1)) {
    if (s.bandCount !== first.bandCount)
      throw new DataError(`${s.ref}: ${s.bandCount} bands, but ${first.ref} has ${first.bandCount}; mosaic inputs must share a band layout`);
    if (s.sampleType !== first.sampleType) throw new DataError(`${s.ref}: ${s.sampleType} samples, but ${first.ref} has ${first.sampleType}`);
    const other = s.metadata.dataset.CLASS_NAMES;
    if ((names !== undefined || other !== undefined) && names !== other) {
      throw new DataError(`${s.ref}: its class legend (${other ?? "none"}) differs from ${first.ref}'s (${names ?? "none"}); mosaic class maps of one legend`);
    }
  }
}

/** The output grid from the options and the inputs. */
export function mosaicGrid(sources: readonly RasterSource[], spec: RasterGrid | TargetGridSpec | undefined): RasterGrid {
  if (isGrid(spec)) return spec;
  const first = sources[0]!;
  const crs = spec?.crs ?? first.grid.crs;
  let resolution = spec?.resolution;
  if (resolution === undefined) {
    if (!sameCrs(crs, first.grid.crs)) throw new DataError(`give the resolution of the ${crs.name} grid (the inputs are in ${first.grid.crs.name})`);
    const gt = first.grid.geoTransform;
    if (gt[2] !== 0 || gt[4] !== 0 || Math.abs(gt[1]) !== Math.abs(gt[5]))
      throw new DataError(`${first.ref}: rotated or non-square cells; give the resolution`);
    resolution = Math.abs(gt[1]);
  }
  let bounds = spec?.bounds;
  if (!bounds) {
    const boxes = sources.map((s) => footprintIn(s.grid, crs));
    bounds = [
      Math.min(...boxes.map((b) => b[0])),
      Math.min(...boxes.map((b) => b[1])),
      Math.max(...boxes.map((b) => b[2])),
      Math.max(...boxes.map((b) => b[3])),
    ];
  }
  return alignedGrid(crs, resolution, bounds, spec?.align ?? true);
}

/**
 * Copy the mapped source pixels with a valid value into `out` (a hot loop, kept apart so that it stays
 * monomorphic): returns how many target pixels it filled.
 */
function gather(
  map: PixelMap,
  sw: PixelWindow,
  data: RasterArray[],
  out: RasterArray[],
  nd: number | null,
  from: Uint8Array | Uint16Array,
  filled: Uint8Array,
  code: number,
): number {
  const { target, col, row, inside } = map;
  const swWidth = sw.x1 - sw.x0;
  const band0 = data[0]!;
  const nanNodata = nd !== null && Number.isNaN(nd);
  const single = out.length === 1;
  const out0 = out[0]!;
  let count = 0;
  for (let k = 0; k < inside; k++) {
    const q = (row[k]! - sw.y0) * swWidth + (col[k]! - sw.x0);
    const v = band0[q]!;
    if (nd !== null && (v === nd || (nanNodata && Number.isNaN(v)))) continue;
    const p = target[k]!;
    if (single) out0[p] = v;
    else for (let b = 0; b < out.length; b++) out[b]![p] = data[b]![q]!;
    from[p] = code;
    filled[p] = 1;
    count++;
  }
  return count;
}

/** Bytes of decoded source blocks kept between output tiles (a few block rows of every input). */
const BLOCK_CACHE_BYTES = 64 * 1024 * 1024;

/**
 * Windows of tiled sources read through a least-recently-used cache of their decoded blocks. Output tiles are not
 * aligned with the source tiles (another grid, another CRS): without it every source tile would be inflated once
 * for each of the (about four) output tiles over it. Strip sources go straight to the reader, which keeps its strips.
 * The window returned by a tiled source is a view of a buffer reused by the next read of the same source.
 */
export function blockCachedReader(sources: readonly RasterSource[], maxBytes = BLOCK_CACHE_BYTES) {
  const cache = new Map<number, RasterArray[]>();
  const scratch: RasterArray[][] = [];
  let bytes = 0;
  const offsets: number[] = [];
  let total = 0;
  for (const s of sources) {
    offsets.push(total);
    total += Math.ceil(s.grid.width / s.blockWidth) * Math.ceil(s.grid.height / s.blockHeight);
  }
  const block = async (i: number, bc: number, br: number, signal?: AbortSignal): Promise<RasterArray[]> => {
    const s = sources[i]!;
    const across = Math.ceil(s.grid.width / s.blockWidth);
    const key = offsets[i]! + br * across + bc;
    const hit = cache.get(key);
    if (hit) {
      cache.delete(key);
      cache.set(key, hit);
      return hit;
    }
    const x0 = bc * s.blockWidth;
    const y0 = br * s.blockHeight;
    const data = await s.readWindow({ x0, y0, x1: Math.min(x0 + s.blockWidth, s.grid.width), y1: Math.min(y0 + s.blockHeight, s.grid.height) }, { signal });
    cache.set(key, data);
    bytes += data.reduce((a, d) => a + d.byteLength, 0);
    while (bytes > maxBytes && cache.size > 1) {
      const [oldKey, old] = cache.entries().next().value!;
      cache.delete(oldKey);
      bytes -= old.reduce((a, d) => a + d.byteLength, 0);
    }
    return data;
  };
  return async (i: number, window: PixelWindow, signal?: AbortSignal): Promise<RasterArray[]> => {
    const s = sources[i]!;
    if (!s.tiled) return s.readWindow(window, { signal });
    const { x0, y0, x1, y1 } = window;
    const ww = x1 - x0;
    const len = ww * (y1 - y0);
    // The window is assembled in a scratch buffer per source and band (every pixel of it is copied from a block),
    // valid until the next read of that source.
    let buf = scratch[i];
    if (!buf || buf[0]!.length < len) {
      buf = Array.from({ length: s.bandCount }, () => allocRaster(s.sampleType, Math.max(len, 1 << 18)));
      scratch[i] = buf;
    }
    const out = buf.map((b) => b.subarray(0, len) as RasterArray);
    const bw = s.blockWidth;
    const bh = s.blockHeight;
    for (let br = Math.floor(y0 / bh); br <= Math.floor((y1 - 1) / bh); br++) {
      for (let bc = Math.floor(x0 / bw); bc <= Math.floor((x1 - 1) / bw); bc++) {
        const data = await block(i, bc, br, signal);
        const bx0 = bc * bw;
        const by0 = br * bh;
        const bww = Math.min(bw, s.grid.width - bx0);
        const cx0 = Math.max(x0, bx0);
        const cx1 = Math.min(x1, bx0 + bww);
        const cy0 = Math.max(y0, by0);
        const cy1 = Math.min(y1, by0 + bh);
        for (let b = 0; b < out.length; b++) {
          const src = data[b]!;
          const dst = out[b]!;
          for (let y = cy0; y < cy1; y++) {
            const at = (y - by0) * bww + (cx0 - bx0);
            dst.set(src.subarray(at, at + cx1 - cx0) as never, (y - y0) * ww + (cx0 - x0));
          }
        }
      }
    }
    return out;
  };
}

/** Mosaic `inputs` onto one grid; see the module doc for the rule. Both outputs are written atomically. */
export async function mosaicRasters(options: MosaicOptions): Promise<MosaicResult> {
  if (options.inputs.length === 0) throw new DataError("no inputs to mosaic");
  if (options.inputs.length > 65535) throw new DataError(`${options.inputs.length} inputs; at most 65535 can be told apart in the source raster`);
  const sources: RasterSource[] = [];
  try {
    for (const input of options.inputs) sources.push(await openRaster(input.ref, { signal: options.signal }));
    checkCompatible(sources);
    const grid = mosaicGrid(sources, options.grid);
    // The invalid shares order the inputs (least cloudy first); in the given order they are not needed (null).
    const leastCloudy = (options.order ?? "least-cloudy") === "least-cloudy";
    const shares: (number | null)[] = [];
    for (const [i, s] of sources.entries()) shares.push(options.inputs[i]!.invalidShare ?? (leastCloudy ? await invalidShareOf(s, options.signal) : null));
    const order = sources.map((_, i) => i);
    if (leastCloudy) {
      order.sort((a, b) => shares[a]! - shares[b]! || (options.inputs[b]!.date ?? "").localeCompare(options.inputs[a]!.date ?? "") || a - b);
    }
    const readCached = blockCachedReader(sources);
    const scratch: PixelMapScratch = { target: new Int32Array(0), col: new Int32Array(0), row: new Int32Array(0) };
    const rowCounts = new Int32Array(sources.length + 1);
    const tileCounts = new Float64Array(sources.length + 1);
    // Footprints in the output grid's pixels, to skip tiles an input does not touch.
    const gt = grid.geoTransform;
    const boxes = sources.map((s) => {
      const [xmin, ymin, xmax, ymax] = footprintIn(s.grid, grid.crs);
      return {
        c0: Math.floor((xmin - gt[0]) / gt[1]) - 1,
        c1: Math.ceil((xmax - gt[0]) / gt[1]) + 1,
        r0: Math.floor((ymax - gt[3]) / gt[5]) - 1,
        r1: Math.ceil((ymin - gt[3]) / gt[5]) + 1,
      };
    });
    const first = sources[0]!;
    const nodata = first.nodata ?? 0;
    const counts = new Float64Array(sources.length);
    const areas = new Float64Array(sources.length);
    let unobservedPixels = 0;
    let unobservedHa = 0;
    const rowHa = cellAreaHaByRow(grid);
    const constantCellHa = rowHa.every((a) => a === rowHa[0]) ? rowHa[0]! : null;
    const sourceType = sources.length < 256 ? "uint8" : "uint16";
    const tileBuffers = new Map<number, { out: RasterArray[]; from: Uint8Array | Uint16Array; filled: Uint8Array }>();
    const produce = async (mosaicWriter: GeoTiffWriter, sourceWriter: GeoTiffWriter | null): Promise<void> => {
      const t = mosaicWriter.tileSizePx;
      const total = mosaicWriter.tilesAcross * mosaicWriter.tilesDown;
      let done = 0;
      for (let tr = 0; tr < mosaicWriter.tilesDown; tr++) {
        for (let tc = 0; tc < mosaicWriter.tilesAcross; tc++) {
          options.signal?.throwIfAborted();
          const window: PixelWindow = { x0: tc * t, y0: tr * t, x1: Math.min((tc + 1) * t, grid.width), y1: Math.min((tr + 1) * t, grid.height) };
          const ww = window.x1 - window.x0;
          const n = ww * (window.y1 - window.y0);
          // One set of tile buffers per tile size, reused: the writers are done with a tile when writeTile resolves.
          let bufs = tileBuffers.get(n);
          if (!bufs) {
            bufs = {
              out: Array.from({ length: first.bandCount }, () => allocRaster(first.sampleType, n)),
              from: sourceType === "uint8" ? new Uint8Array(n) : new Uint16Array(n),
              filled: new Uint8Array(n),
            };
            tileBuffers.set(n, bufs);
          }
          const { out, from, filled } = bufs;
          for (const o of out) o.fill(nodata);
          from.fill(0);
          filled.fill(0);
          tileCounts.fill(0);
          let left = n;
          for (const i of order) {
            if (left === 0) break;
            const b = boxes[i]!;
            if (b.c1 < window.x0 || b.c0 > window.x1 || b.r1 < window.y0 || b.r0 > window.y1) continue;
            const s = sources[i]!;
            let got = 0;
            // The lattice plan fills straight into the tile; a transform that bends too much (or a source cell
            // outside the window planned) goes through the per-pixel map instead, for the pixels left.
            const plan = planNearest(grid, s.grid, window, filled);
            let exhaustive = plan === null;
            if (plan?.sourceWindow) {
              const data = await readCached(i, plan.sourceWindow, options.signal);
              const res = resampleNearest(plan, data, s.nodata, { out, filled, from, code: i + 1 });
              got += res.filled;
              exhaustive = res.missed > 0;
            }
            if (exhaustive) {
              const map = nearestPixelMap(grid, s.grid, window, { skip: filled, scratch });
              if (map.sourceWindow) {
                const data = await readCached(i, map.sourceWindow, options.signal);
                got += gather(map, map.sourceWindow, data, out, s.nodata, from, filled, i + 1);
              }
            }
            left -= got;
            tileCounts[i + 1]! += got;
          }
          // Hectares per source: on a projected grid every cell has one area (counts times it); on a
          // geographic one, pixels per source in each row times the row's cell area.
          if (constantCellHa !== null) {
            tileCounts[0] = n - (tileCounts.reduce((a, b) => a + b, 0) - tileCounts[0]!);
            unobservedPixels += tileCounts[0]!;
            unobservedHa += tileCounts[0]! * constantCellHa;
            for (let k = 1; k <= sources.length; k++) {
              counts[k - 1]! += tileCounts[k]!;
              areas[k - 1]! += tileCounts[k]! * constantCellHa;
            }
          } else
            for (let y = window.y0, p = 0; y < window.y1; y++) {
              rowCounts.fill(0);
              for (let e = p + ww; p < e; p++) rowCounts[from[p]!]!++;
              const ha = rowHa[y]!;
              unobservedPixels += rowCounts[0]!;
              unobservedHa += rowCounts[0]! * ha;
              for (let k = 1; k <= sources.length; k++) {
                const c = rowCounts[k]!;
                if (c === 0) continue;
                counts[k - 1]! += c;
                areas[k - 1]! += c * ha;
              }
            }
          await mosaicWriter.writeTile(tc, tr, out);
          if (sourceWriter) await sourceWriter.writeTile(tc, tr, [from]);
          options.onProgress?.(++done, total);
        }
      }
    };
    const classNames = first.metadata.dataset.CLASS_NAMES ? (JSON.parse(first.metadata.dataset.CLASS_NAMES) as string[]) : undefined;
    const rule = (options.order ?? "least-cloudy") === "least-cloudy" ? RULE_LEAST_CLOUDY : RULE_GIVEN;
    const writeAll = async (mosaicTmp: string, sourceTmp: string | null): Promise<void> => {
      const mosaicWriter = await createGeoTiffWriter(mosaicTmp, {
        grid,
        sampleType: first.sampleType,
        bandCount: first.bandCount,
        tileSizePx: options.tileSizePx,
        nodata: first.nodata,
        bandNames: first.bandNames,
        colorTable: first.bandCount === 1 && first.sampleType === "uint8" ? first.colorTable : undefined,
        classNames,
        metadata: { MOSAIC_RULE: rule, MOSAIC_INPUTS: JSON.stringify(options.inputs.map((x) => x.label ?? x.ref)) },
      });
      const sourceWriter = sourceTmp
        ? await createGeoTiffWriter(sourceTmp, {
            grid,
            sampleType: sourceType,
            bandCount: 1,
            tileSizePx: options.tileSizePx,
            nodata: 0,
            bandNames: ["source"],
            classNames: options.inputs.map((x) => x.label ?? x.ref),
            metadata: { MOSAIC_RULE: rule },
          })
        : null;
      try {
        await produce(mosaicWriter, sourceWriter);
        await mosaicWriter.finish();
        await sourceWriter?.finish();
      } catch (error) {
        await mosaicWriter.abort();
        await sourceWriter?.abort();
        throw error;
      }
    };
    await withAtomicOutput(options.out, async (mosaicTmp) => {
      if (options.sourceOut) await withAtomicOutput(options.sourceOut, (sourceTmp) => writeAll(mosaicTmp, sourceTmp));
      else await writeAll(mosaicTmp, null);
    });
    // The categories travel beside each file as GDAL's .aux.xml, which gdalinfo and QGIS read (the metadata alone they do not).
    if (classNames) writeCategoryNamesAux(options.out, classNames);
    if (options.sourceOut)
      writeCategoryNamesAux(
        options.sourceOut,
        options.inputs.map((x) => x.label ?? x.ref),
        "source scene",
      );
    // Hectares to 1 m² (0.0001 ha): sums of per-row cell areas carry float noise below that.
    const r4 = (x: number): number => Math.round(x * 1e4) / 1e4;
    const observedHa = areas.reduce((a, b) => a + b, 0);
    return {
      grid,
      rule,
      inputs: options.inputs.map((input, i) => ({
        ref: input.ref,
        label: input.label ?? input.ref,
        priority: order.indexOf(i) + 1,
        invalidShare: shares[i]!,
        date: input.date ?? null,
        pixels: counts[i]!,
        areaHa: r4(areas[i]!),
        shareOfObserved: observedHa > 0 ? areas[i]! / observedHa : 0,
      })),
      totalHa: r4(observedHa + unobservedHa),
      observedHa: r4(observedHa),
      unobservedHa: r4(unobservedHa),
      unobservedPixels,
    };
  } finally {
    await Promise.all(sources.map((s) => s.close()));
  }
}
