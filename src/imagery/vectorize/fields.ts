/**
 * @module imagery/vectorize/fields
 * Fields: the connected regions of one class in a class map, as polygons with holes and areas in hectares.
 */
import { InputError } from "../../domain/errors.ts";
import type { RasterGrid } from "../../domain/raster-grid.ts";
import { cellAreaHaByRow } from "./cell-area.ts";
import { labelComponents, type Connectivity } from "./label-components.ts";
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
  /** Exterior ring then holes, closed, in the class map's CRS (RFC 7946 winding: exterior counter-clockwise). */
  coordinates: [number, number][][];
}

/** Resolve a class given by code or name to its code. */
export function resolveClassCode(raster: ClassRaster, cls: number | string): number {
  if (typeof cls === "number") {
    if (!Number.isInteger(cls) || cls < 0 || cls > 255) throw new InputError(`class code must be 0..255, got ${cls}`, { field: "class" });
    if (cls === (raster.nodata ?? 0)) throw new InputError(`class code ${cls} is the class map's nodata value`, { field: "class" });
    return cls;
  }
  const code = raster.classNames.findIndex((n) => n !== undefined && n.toLowerCase() === cls.toLowerCase());
  if (code >= 0) return code;
  if (/^\d+$/.test(cls)) return resolveClassCode(raster, Number(cls));
  const known = raster.classNames.flatMap((n, i) => (n && i > 0 ? [`${i} ${n}`] : []));
  throw new InputError(`unknown class "${cls}"; the class map has ${known.length ? known.join(", ") : "no class names"}`, { field: "class" });
}

export function classNameOf(raster: ClassRaster, code: number): string {
  return raster.classNames[code] ?? `class ${code}`;
}

/**
 * The fields of one class: connected regions (4-connected unless told otherwise) as polygons with
 * holes, each with its area in hectares computed from its pixels (so simplification does not change it).
 */
export function vectorizeFields(raster: ClassRaster, options: FieldOptions): Field[] {
  const { grid, values } = raster;
  const { width, height } = grid;
  if (values.length !== width * height)
    throw new RangeError(`class raster has ${values.length} values for a ${width} x ${height} grid`);
  const minAreaHa = options.minAreaHa ?? 0;
  if (!(minAreaHa >= 0)) throw new InputError(`minimum area must be >= 0 ha, got ${minAreaHa}`, { field: "minAreaHa" });
  const tolM = options.simplifyToleranceM ?? 0;
  if (!(tolM >= 0)) throw new InputError(`simplification tolerance must be >= 0 m, got ${tolM}`, { field: "simplify" });
  const connectivity = options.connectivity ?? 4;
  const code = resolveClassCode(raster, options.classCode);
  const className = classNameOf(raster, code);

  const { labels, count } = labelComponents(values, width, height, code, connectivity);
  const rowAreaHa = cellAreaHaByRow(grid);
  const areaHa = new Float64Array(count + 1);
  const pixels = new Int32Array(count + 1);
  for (let r = 0; r < height; r++) {
    const a = rowAreaHa[r]!;
    const row = r * width;
    for (let c = 0; c < width; c++) {
      const l = labels[row + c]!;
      if (l > 0) {
        areaHa[l]! += a;
        pixels[l]!++;
      }
    }
  }
  const keep = new Uint8Array(count + 1);
  for (let l = 1; l <= count; l++) keep[l] = areaHa[l]! >= minAreaHa ? 1 : 0;
  const polygons = traceRings(labels, width, height, keep);

  const gt = grid.geoTransform;
  // A south-up or mirrored geotransform flips the winding: reverse so exteriors stay counter-clockwise.
  const flip = gt[1] * gt[5] - gt[2] * gt[4] > 0;
  const tolPx = tolM > 0 ? tolM / Math.sqrt(rowAreaHa[Math.floor(height / 2)]! * 10_000) : 0;
  const fields: Field[] = [];
  for (const p of polygons) {
    const coordinates = p.rings.map((ring) => {
      const simple = tolPx > 0 ? simplifyRing(ring, tolPx) : ring;
      const pts: [number, number][] = [];
      for (let i = 0; i < simple.length; i += 2) {
        const x = simple[i]!;
        const y = simple[i + 1]!;
        pts.push([gt[0] + x * gt[1] + y * gt[2], gt[3] + x * gt[4] + y * gt[5]]);
      }
      if (flip) pts.reverse();
      return pts;
    });
    fields.push({
      fieldId: fields.length + 1,
      className,
      areaHa: areaHa[p.label]!,
      pixelCount: pixels[p.label]!,
      coordinates,
    });
  }
  return fields;
}
