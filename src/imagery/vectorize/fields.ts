/**
 * @module imagery/vectorize/fields
 * Fields: the connected regions of one class in a class map, as polygons with holes and areas in hectares.
 */
import { InputError } from "../../domain/errors.ts";
import type { RasterGrid } from "../../domain/raster-grid.ts";
import { cellAreaHaByRow } from "../../raster/cell-area.ts";
import { labelRegions, type Connectivity } from "./label-components.ts";
import { simplifyRing } from "./simplify.ts";
import { traceRings } from "./trace-rings.ts";

/** A class raster in memory: one code per pixel, and the class names by code. */
export interface ClassRaster {
  grid: RasterGrid;
  /** Class code per pixel, row-major, `grid.width * grid.height`. */
  values: Uint8Array;
  /** The code meaning nodata (0 for Coca Monitor class maps; e.g. 255 for PRODES). Default 0. */
  nodata?: number | null;
  /** Name of each class code (`classNames[code]`); codes without a name print as "class N". */
  classNames: readonly (string | undefined)[];
}

export interface FieldOptions {
  /** The class to vectorise: its code, or its name in `classNames`. */
  classCode: number | string;
  /** Minimum mapping unit: fields smaller than this are dropped (ha, default 0). */
  minAreaHa?: number;
  /** Douglas-Peucker tolerance in metres (0 = none, the default): pixel staircases are kept. */
  simplifyToleranceM?: number;
  /** 4 (GDAL's default, edge neighbours) or 8 (diagonal neighbours also join a field). Default 4. */
  connectivity?: Connectivity;
}

/** One field in the class map's own CRS. */
export interface Field {
  /** 1-based id in scan order of the field's first pixel. */
  fieldId: number;
  className: string;
  /** Area of the field's pixels in hectares: planar on projected grids, ellipsoidal on geographic ones. */
  areaHa: number;
  pixelCount: number;
  /** Exterior ring then holes, closed, as flat [x0, y0, x1, y1, ..., x0, y0] in the class map's CRS (exterior counter-clockwise). */
  rings: Float64Array[];
  /** The same rings as GeoJSON-style positions (built on first access). */
  readonly coordinates: [number, number][][];
}

/** A field record; `coordinates` is derived from `rings` when first read. */
export function makeField(fieldId: number, className: string, areaHa: number, pixelCount: number, rings: Float64Array[]): Field {
  let nested: [number, number][][] | undefined;
  return {
    fieldId,
    className,
    areaHa,
    pixelCount,
    rings,
    get coordinates() {
      nested ??= rings.map((ring) => {
        const pts: [number, number][] = [];
        for (let i = 0; i < ring.length; i += 2) pts.push([ring[i]!, ring[i + 1]!]);
        return pts;
      });
      return nested;
    },
  };
}

/** Resolve a class given by code or name to its code. */
export function resolveClassCode(raster: ClassRaster, cls: number | string): number {
  return resolveClassCodeIn(raster, cls, () => {
    const present = new Uint8Array(256);
    for (let i = 0; i < raster.values.length; i++) present[raster.values[i]!] = 1;
    return present;
  });
}

/**
 * Resolve a class given by code or name to its code, in a map known by its names and nodata; `present()`
 * (codes that occur, 1 at each) is called only to name the map's classes when the name is unknown.
 */
export function resolveClassCodeIn(raster: Pick<ClassRaster, "classNames" | "nodata">, cls: number | string, present: () => Uint8Array): number {
  if (typeof cls === "number") {
    if (!Number.isInteger(cls) || cls < 0 || cls > 255) throw new InputError(`class code must be 0..255, got ${cls}`, { field: "class" });
    if (cls === (raster.nodata ?? 0)) throw new InputError(`class code ${cls} is the class map's nodata value`, { field: "class" });
    return cls;
  }
  const code = raster.classNames.findIndex((n) => n !== undefined && n.toLowerCase() === cls.toLowerCase());
  if (code >= 0) return code;
  if (/^\d+$/.test(cls)) return resolveClassCodeIn(raster, Number(cls), present);
  // Name the classes that occur in the map (not every name a 256-entry default list may hold).
  const seen = present();
  seen[raster.nodata ?? 0] = 0;
  const known: string[] = [];
  seen.forEach((p, code) => p && known.push(`${code} ${classNameOf(raster, code)}`));
  throw new InputError(`unknown class "${cls}"; the class map holds ${known.length ? known.join(", ") : "no classes"}`, { field: "class" });
}

export function classNameOf(raster: Pick<ClassRaster, "classNames">, code: number): string {
  return raster.classNames[code] ?? `class ${code}`;
}

export interface ClassesOptions extends Omit<FieldOptions, "classCode"> {
  /** Classes to vectorise, by code or name (default: every code but nodata). */
  classCodes?: readonly (number | string)[];
}

/**
 * The fields of one class: connected regions (4-connected unless told otherwise) as polygons with
 * holes, each with its area in hectares computed from its pixels (so simplification does not change it).
 */
export function vectorizeFields(raster: ClassRaster, options: FieldOptions): Field[] {
  return vectorizeClasses(raster, { ...options, classCodes: [options.classCode] });
}

/**
 * The fields of several classes (or all) in one pass: regions of equal class, ordered by their first pixel
 * in scan order. Regions of different classes share their common edges exactly (before simplification).
 */
export function vectorizeClasses(raster: ClassRaster, options: ClassesOptions = {}): Field[] {
  const { grid, values } = raster;
  const { width, height } = grid;
  if (values.length !== width * height) throw new RangeError(`class raster has ${values.length} values for a ${width} x ${height} grid`);
  const { minAreaHa, tolM, connectivity } = checkOptions(options);
  const selected = selectedCodes(raster, options.classCodes, (c) => resolveClassCode(raster, c));

  const { labels, count, runs } = labelRegions(values, width, height, selected, connectivity);
  const rowAreaHa = cellAreaHaByRow(grid);
  const areaHa = new Float64Array(count + 1);
  const pixels = new Int32Array(count + 1);
  const codeOf = new Uint8Array(count + 1);
  for (let r = 0; r < height; r++) {
    const a = rowAreaHa[r]!;
    for (let k = runs.rowStart[r]!; k < runs.rowStart[r + 1]!; k++) {
      const l = runs.label[k]!;
      const np = runs.end[k]! - runs.start[k]!;
      areaHa[l]! += np * a;
      pixels[l]! += np;
      codeOf[l] = values[r * width + runs.start[k]!]!;
    }
  }
  const keep = new Uint8Array(count + 1);
  for (let l = 1; l <= count; l++) keep[l] = areaHa[l]! >= minAreaHa ? 1 : 0;
  const polygons = traceRings(labels, width, height, keep, runs);

  const toMap = pixelRingsToMap(grid, tolM, rowAreaHa);
  const names = new Map<number, string>();
  const fields: Field[] = [];
  for (const p of polygons) {
    const code = codeOf[p.label]!;
    let className = names.get(code);
    if (className === undefined) names.set(code, (className = classNameOf(raster, code)));
    fields.push(makeField(fields.length + 1, className, areaHa[p.label]!, pixels[p.label]!, toMap(p.rings)));
  }
  return fields;
}

/** The options checked, with their defaults. */
export function checkOptions(options: Omit<FieldOptions, "classCode">): { minAreaHa: number; tolM: number; connectivity: Connectivity } {
  const minAreaHa = options.minAreaHa ?? 0;
  if (!(minAreaHa >= 0)) throw new InputError(`minimum area must be >= 0 ha, got ${minAreaHa}`, { field: "minAreaHa" });
  const tolM = options.simplifyToleranceM ?? 0;
  if (!(tolM >= 0)) throw new InputError(`simplification tolerance must be >= 0 m, got ${tolM}`, { field: "simplify" });
  return { minAreaHa, tolM, connectivity: options.connectivity ?? 4 };
}

/** 1 at each code to vectorise: the given classes, else every code but nodata. */
export function selectedCodes(
  raster: Pick<ClassRaster, "nodata">,
  classCodes: readonly (number | string)[] | undefined,
  resolve: (cls: number | string) => number,
): Uint8Array {
  const selected = new Uint8Array(256);
  if (classCodes) for (const c of classCodes) selected[resolve(c)] = 1;
  else {
    selected.fill(1);
    selected[raster.nodata ?? 0] = 0;
  }
  return selected;
}

/**
 * Rings in pixel-corner coordinates of the whole grid to rings in the map's CRS: simplified (Douglas-Peucker,
 * `tolM` metres, measured in pixels of the middle row) and then through the geotransform, exteriors kept counter-clockwise.
 */
export function pixelRingsToMap(grid: RasterGrid, tolM: number, rowAreaHa: Float64Array): (rings: readonly number[][]) => Float64Array[] {
  const gt = grid.geoTransform;
  // A south-up or mirrored geotransform flips the winding: reverse so exteriors stay counter-clockwise.
  const flip = gt[1] * gt[5] - gt[2] * gt[4] > 0;
  const tolPx = tolM > 0 ? tolM / Math.sqrt(rowAreaHa[Math.floor(grid.height / 2)]! * 10_000) : 0;
  return (rings) =>
    rings.map((ring) => {
      const simple = tolPx > 0 ? simplifyRing(ring, tolPx) : ring;
      const m = simple.length;
      const out = new Float64Array(m);
      for (let i = 0; i < m; i += 2) {
        const x = simple[i]!;
        const y = simple[i + 1]!;
        // Reversed vertex order where the geotransform mirrors the winding.
        const o = flip ? m - 2 - i : i;
        out[o] = gt[0] + x * gt[1] + y * gt[2];
        out[o + 1] = gt[3] + x * gt[4] + y * gt[5];
      }
      return out;
    });
}
