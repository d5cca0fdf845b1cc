/**
 * @module change/transitions
 * Transitions between two class maps: `mapTransitions({from, to, out})` streams both maps in row strips
 * (one tile row of the output at a time, so memory is set by the strip, not the map), brings the second
 * map onto the first map's grid by nearest neighbour when the grids differ, writes the transition raster
 * (a tiled COG-layout GeoTIFF with a code and a name for every from -> to pair and a colour table) and
 * adds up the hectares of every transition (ellipsoidal cell areas on geographic grids, as GRASS
 * `r.stats -a`). With regions, the hectares per region come from the zonal totals of the written
 * transition raster, cells cut by a region edge counted by the share inside (imagery/zonal).
 */
import { DataError, InputError } from "../domain/errors.ts";
import type { RasterGrid } from "../domain/raster-grid.ts";
import { openClassRows } from "../imagery/zonal/class-row-source.ts";
import type { RegionSet } from "../imagery/zonal/regions.ts";
import { zonalTotalsByStrips } from "../imagery/zonal/zonal-totals.ts";
import { withAtomicOutput } from "../io/atomic-write.ts";
import { cellAreaHaByRow } from "../raster/cell-area.ts";
import { readClassMap, type ClassMap } from "../raster/read/class-map.ts";
import { createGeoTiffWriter, DEFAULT_TILE_SIZE_PX } from "../raster/write/geotiff-writer.ts";
import { cropBand, writeCategoryNamesAux } from "../raster/write/write-raster.ts";
import { createResampler, type AlignmentKind } from "./align-grid.ts";
import { buildTransitionLegend, UNKNOWN_CODE, type TransitionLegend } from "./transition-legend.ts";

export interface TransitionRow {
  code: number;
  fromClass: string;
  toClass: string;
  name: string;
  changed: boolean;
  /** Hectares of the transition over the whole first map. */
  areaHa: number;
  cells: number;
}

export interface TransitionRegionRow {
  region: string;
  code: number;
  fromClass: string;
  toClass: string;
  name: string;
  changed: boolean;
  areaHa: number;
}

/** Mapped area of each class at both dates and its net change, ha. */
export interface ClassChangeRow {
  className: string;
  fromHa: number;
  toHa: number;
  netChangeHa: number;
}

export interface MapSummary {
  ref: string;
  width: number;
  height: number;
  crs: string;
  geographic: boolean;
  classes: readonly string[];
}

/** A region's mapped change of one class and its share of the whole map's net change of that class. */
export interface RegionClassChangeRow extends ClassChangeRow {
  region: string;
  /** netChangeHa / the map's net change of the class (null when that is 0). */
  shareOfNetChange: number | null;
}

export interface TransitionResult {
  from: MapSummary;
  to: MapSummary;
  /** How the second map was brought onto the first map's grid. */
  alignment: AlignmentKind;
  /** True when the second map was resampled (nearest neighbour) onto the first map's grid. */
  resampled: boolean;
  classes: string[];
  transitions: TransitionRow[];
  classChange: ClassChangeRow[];
  byRegion?: TransitionRegionRow[];
  /** Per region and class: mapped area at both dates, net change, share of the whole map's net change. */
  byRegionClassChange?: RegionClassChangeRow[];
  /** Hectares with a valid code at both dates. */
  totalAreaHa: number;
  /** Cells of the first map with a code on neither legend (left as nodata in the output). */
  unknownCells: number;
  /** Rows per strip (the output's tile size). */
  stripRows: number;
  /** The transition raster written, if any. */
  out?: string;
  warnings: string[];
}

export interface TransitionMapOptions {
  from: string;
  to: string;
  /** Where to write the transition raster; without it only the hectares are computed (no regions then). */
  out?: string;
  regions?: RegionSet;
  /** Class renames applied to both maps' names before matching legends. */
  renames?: ReadonlyMap<string, string>;
  /** Output tile size = strip height (multiple of 16, default 512). */
  tileSizePx?: number;
}

/**
 * The hot loop: transition codes of one strip, and cells and hectares per code (rowAreaHa[y0 + r] per row).
 * `out` gets the codes with UNKNOWN_CODE turned into 0 (nodata).
 *
 * Per row, the pixels are counted by their raw pair `(from << 4) | to` in four interleaved 256-bin integer
 * histograms (no table read per pixel; consecutive equal pairs do not wait on each other's increment), and each
 * row's counts are turned into transition codes and multiplied by the row's cell area once. Class maps have few
 * codes; a row holding a raw code of 16 or more (which that pair index cannot hold) is counted again through the
 * full 64 Ki-entry table `lut`.
 */
export function codeTransitions(
  fromCodes: Uint8Array,
  toCodes: Uint8Array,
  lut: Uint8Array,
  width: number,
  y0: number,
  rowAreaHa: Float64Array,
  out: Uint8Array | null,
  cells: Float64Array,
  areaHa: Float64Array,
): void {
  const rows = fromCodes.length / width;
  const small = new Uint8Array(256);
  for (let k = 0; k < 256; k++) small[k] = lut[((k >> 4) << 8) | (k & 15)]!;
  const h = new Int32Array(1024);
  // Four pixels per 32-bit read when rows start on 4-byte boundaries: byte j of (from << 4) | to is pixel j's pair.
  const words = width % 4 === 0 && fromCodes.byteOffset % 4 === 0 && toCodes.byteOffset % 4 === 0 && (out === null || out.byteOffset % 4 === 0);
  const q = width >> 2;
  const f32 = words ? new Uint32Array(fromCodes.buffer, fromCodes.byteOffset, fromCodes.length >> 2) : null;
  const t32 = words ? new Uint32Array(toCodes.buffer, toCodes.byteOffset, toCodes.length >> 2) : null;
  const o32 = words && out ? new Uint32Array(out.buffer, out.byteOffset, out.length >> 2) : null;
  for (let r = 0; r < rows; r++) {
    const base = r * width;
    const end = base + width;
    let seen = 0;
    if (f32 && t32) {
      const wb = r * q;
      const we = wb + q;
      for (let w = wb; w < we; w++) {
        const x = f32[w]!;
        const y = t32[w]!;
        seen |= x | y;
        const z = (x << 4) | y;
        const k0 = z & 255;
        const k1 = (z >>> 8) & 255;
        const k2 = (z >>> 16) & 255;
        const k3 = z >>> 24;
        h[k0]!++;
        h[256 + k1]!++;
        h[512 + k2]!++;
        h[768 + k3]!++;
        if (o32) o32[w] = (small[k0]! | (small[k1]! << 8) | (small[k2]! << 16) | (small[k3]! << 24)) >>> 0;
      }
      seen = (seen & 0xf0f0f0f0) !== 0 ? 16 : 0;
    } else if (out) {
      for (let i = base; i < end; i++) {
        const f = fromCodes[i]!;
        const t = toCodes[i]!;
        seen |= f | t;
        const k = (f << 4) | t;
        h[k]!++;
        out[i] = small[k]!;
      }
    } else {
      let i = base;
      for (; i + 3 < end; i += 4) {
        const f0 = fromCodes[i]!;
        const f1 = fromCodes[i + 1]!;
        const f2 = fromCodes[i + 2]!;
        const f3 = fromCodes[i + 3]!;
        const t0 = toCodes[i]!;
        const t1 = toCodes[i + 1]!;
        const t2 = toCodes[i + 2]!;
        const t3 = toCodes[i + 3]!;
        seen |= f0 | f1 | f2 | f3 | t0 | t1 | t2 | t3;
        h[(f0 << 4) | t0]!++;
        h[256 + ((f1 << 4) | t1)]!++;
        h[512 + ((f2 << 4) | t2)]!++;
        h[768 + ((f3 << 4) | t3)]!++;
      }
      for (; i < end; i++) {
        const f = fromCodes[i]!;
        const t = toCodes[i]!;
        seen |= f | t;
        h[(f << 4) | t]!++;
      }
    }
    const a = rowAreaHa[y0 + r]!;
    if (seen > 15) {
      h.fill(0);
      codeRowByTable(fromCodes, toCodes, lut, base, end, a, out, cells, areaHa);
      continue;
    }
    let unknown = false;
    for (let k = 0; k < 256; k++) {
      const n = h[k]! + h[k + 256]! + h[k + 512]! + h[k + 768]!;
      if (n === 0) continue;
      h[k] = 0;
      h[k + 256] = 0;
      h[k + 512] = 0;
      h[k + 768] = 0;
      const c = small[k]!;
      if (c === 0) continue;
      if (c === UNKNOWN_CODE) unknown = true;
      cells[c]! += n;
      areaHa[c]! += n * a;
    }
    if (out && unknown) for (let j = base; j < end; j++) if (out[j] === UNKNOWN_CODE) out[j] = 0;
  }
}

/** One row through the full table (rows with a raw code >= 16). */
function codeRowByTable(
  fromCodes: Uint8Array,
  toCodes: Uint8Array,
  lut: Uint8Array,
  base: number,
  end: number,
  a: number,
  out: Uint8Array | null,
  cells: Float64Array,
  areaHa: Float64Array,
): void {
  const counts = new Uint32Array(256);
  for (let i = base; i < end; i++) {
    const t = lut[(fromCodes[i]! << 8) | toCodes[i]!]!;
    counts[t]!++;
    if (out) out[i] = t === UNKNOWN_CODE ? 0 : t;
  }
  for (let k = 1; k < 256; k++) {
    const n = counts[k]!;
    if (n === 0) continue;
    cells[k]! += n;
    areaHa[k]! += n * a;
  }
}

const describe = (m: ClassMap): MapSummary => ({
  ref: m.ref,
  width: m.grid.width,
  height: m.grid.height,
  crs: m.grid.crs.name,
  geographic: m.grid.crs.geographic,
  classes: m.classNames,
});

/** Compute the transition map and its hectares. Errors name the file at fault. */
export async function mapTransitions(options: TransitionMapOptions): Promise<TransitionResult> {
  const from = await readClassMap(options.from);
  let to: ClassMap | undefined;
  try {
    to = await readClassMap(options.to);
    const legend = buildTransitionLegend(
      { ref: options.from, classNames: from.classNames, nodata: from.nodata },
      { ref: options.to, classNames: to.classNames, nodata: to.nodata },
      options.renames,
    );
    const resampler = createResampler(from.grid, to.grid, { target: options.from, source: options.to });
    const result = await writeTransitions(from, to, legend, resampler, options);
    if (options.regions) {
      if (!options.out) throw new InputError("hectares per region need the transition raster: give an output path", { field: "out" });
      const source = await openClassRows(options.out);
      try {
        const rows = await zonalTotalsByStrips(source, options.regions, { stripRows: result.stripRows });
        result.byRegion = rows.map((r) => {
          const t = legend.transitions[r.classCode - 1]!;
          return { region: r.region, code: t.code, fromClass: t.fromClass, toClass: t.toClass, name: t.name, changed: t.changed, areaHa: r.areaHa };
        });
        const byRegion = result.byRegion;
        result.byRegionClassChange = options.regions.regions.flatMap((region) =>
          legend.classes.map((c) => {
            const rows = byRegion.filter((t) => t.region === region.name);
            const fromHa = rows.filter((t) => t.fromClass === c).reduce((s, t) => s + t.areaHa, 0);
            const toHa = rows.filter((t) => t.toClass === c).reduce((s, t) => s + t.areaHa, 0);
            const total = result.classChange.find((x) => x.className === c)!.netChangeHa;
            return {
              region: region.name,
              className: c,
              fromHa,
              toHa,
              netChangeHa: toHa - fromHa,
              shareOfNetChange: total === 0 ? null : (toHa - fromHa) / total,
            };
          }),
        );
      } finally {
        await source.close();
      }
    }
    return result;
  } finally {
    await from.close();
    await to?.close();
  }
}

async function writeTransitions(
  from: ClassMap,
  to: ClassMap,
  legend: TransitionLegend,
  resampler: ReturnType<typeof createResampler>,
  options: TransitionMapOptions,
): Promise<TransitionResult> {
  const grid: RasterGrid = from.grid;
  const { width, height } = grid;
  const tile = options.tileSizePx ?? DEFAULT_TILE_SIZE_PX;
  const rowAreaHa = cellAreaHaByRow(grid);
  const cells = new Float64Array(256);
  const areaHa = new Float64Array(256);
  const toFill = to.nodata !== null && Number.isInteger(to.nodata) && to.nodata >= 0 && to.nodata < 256 ? to.nodata : 0;
  let outsideCells = 0;
  const transitionNames = legend.transitions.map((t) => t.name);
  // One strip (a tile row of the output) at a time, read into the same two arrays; `sink` writes its tiles.
  const fromStrip = new Uint8Array(width * Math.min(tile, height));
  const toStrip = new Uint8Array(width * Math.min(tile, height));
  const strips = async (sink?: (tr: number, codes: Uint8Array, rows: number) => Promise<void>): Promise<void> => {
    for (let tr = 0, y0 = 0; y0 < height; tr++, y0 += tile) {
      const y1 = Math.min(height, y0 + tile);
      const n = width * (y1 - y0);
      const window = resampler.windowFor(y0, y1);
      const same = resampler.kind === "same-grid";
      const [fromCodes, data] = await Promise.all([
        from.readWindow({ x0: 0, y0, x1: width, y1 }, { into: fromStrip.subarray(0, n) }),
        window ? to.readWindow(window, same ? { into: toStrip.subarray(0, n) } : {}) : null,
      ]);
      let toCodes: Uint8Array;
      if (same) toCodes = data!;
      else {
        toCodes = toStrip.subarray(0, n);
        resampler.resample(y0, y1, window, data, toCodes, toFill);
        for (let i = 0; i < toCodes.length; i++) if (toCodes[i] === toFill && fromCodes[i] !== 0) outsideCells++;
      }
      const out = sink ? new Uint8Array(width * (y1 - y0)) : null;
      codeTransitions(fromCodes, toCodes, legend.lut, width, y0, rowAreaHa, out, cells, areaHa);
      if (sink) await sink(tr, out!, y1 - y0);
    }
  };
  const outPath = options.out;
  if (outPath === undefined) await strips();
  else {
    await withAtomicOutput(outPath, async (tmp) => {
      const writer = await createGeoTiffWriter(tmp, {
        grid,
        sampleType: "uint8",
        bandCount: 1,
        tileSizePx: tile,
        nodata: 0,
        colorTable: legend.colorTable,
        classNames: transitionNames,
        bandNames: ["transition"],
        metadata: {
          TRANSITION_FROM: options.from,
          TRANSITION_TO: options.to,
          TRANSITION_CLASSES: JSON.stringify(legend.classes),
          TRANSITION_RESAMPLING: resampler.kind === "same-grid" ? "none" : "nearest",
        },
      });
      try {
        // The tiles of a strip compress concurrently (the writer keeps their order).
        await strips(async (tr, out, rows) => {
          const pending: Promise<void>[] = [];
          for (let tc = 0; tc < writer.tilesAcross; tc++) {
            const x0 = tc * tile;
            pending.push(writer.writeTile(tc, tr, [cropBand(out, width, x0, 0, Math.min(width, x0 + tile), rows)]));
          }
          await Promise.all(pending);
        });
        await writer.finish();
      } catch (error) {
        await writer.abort();
        throw error;
      }
    });
    writeCategoryNamesAux(outPath, transitionNames, "transition");
  }
  const transitions: TransitionRow[] = legend.transitions.map((t) => ({ ...t, areaHa: areaHa[t.code]!, cells: cells[t.code]! }));
  const totalAreaHa = transitions.reduce((s, t) => s + t.areaHa, 0);
  if (totalAreaHa === 0) {
    throw new DataError(`${options.from} and ${options.to} share no cell with a class at both dates (check nodata values and extents)`);
  }
  const classChange = legend.classes.map((c) => {
    const fromHa = transitions.filter((t) => t.fromClass === c).reduce((s, t) => s + t.areaHa, 0);
    const toHa = transitions.filter((t) => t.toClass === c).reduce((s, t) => s + t.areaHa, 0);
    return { className: c, fromHa, toHa, netChangeHa: toHa - fromHa };
  });
  const warnings: string[] = [];
  if (resampler.kind !== "same-grid") {
    warnings.push(
      `${options.to} is on a different grid from ${options.from}: it was resampled onto ${options.from}'s grid by nearest neighbour ` +
        `(${resampler.kind === "nearest-reprojected" ? `reprojected from ${to.grid.crs.name} to ${from.grid.crs.name}` : "same CRS"}); ` +
        `hectares are on ${options.from}'s cells`,
    );
    if (outsideCells > 0)
      warnings.push(`${outsideCells} cells of ${options.from} have no value in ${options.to} (outside its extent or nodata there) and are left out`);
  }
  const unknownCells = cells[UNKNOWN_CODE]!;
  if (unknownCells > 0)
    warnings.push(
      `${unknownCells} cells carry a code outside the class legend of one of the maps and are left out${options.out ? ` (nodata in ${options.out})` : ""}`,
    );
  return {
    from: describe(from),
    to: describe(to),
    alignment: resampler.kind,
    resampled: resampler.kind !== "same-grid",
    classes: legend.classes,
    transitions,
    classChange,
    totalAreaHa,
    unknownCells,
    stripRows: tile,
    out: options.out,
    warnings,
  };
}
