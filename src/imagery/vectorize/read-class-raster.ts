/**
 * @module imagery/vectorize/read-class-raster
 * A whole class map read into memory as a ClassRaster (for fields and zonal totals).
 */
import { readClassMap } from "../../raster/read/class-map.ts";
import type { ClassRaster } from "./fields.ts";

/** Read a class map (path or URL) whole. Code k's name is `classNames[k]`; the file's nodata value (default 0) is nodata. */
export async function readClassRaster(ref: string): Promise<ClassRaster & { ref: string }> {
  const map = await readClassMap(ref);
  try {
    const { width, height } = map.grid;
    const values = await map.readWindow({ x0: 0, y0: 0, x1: width, y1: height });
    return { ref, grid: map.grid, values, nodata: map.nodata ?? 0, classNames: [undefined, ...map.classNames] };
  } finally {
    await map.close();
  }
}
