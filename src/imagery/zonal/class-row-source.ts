/**
 * @module imagery/zonal/class-row-source
 * A class map file opened for reading by row strips (for zonalTotalsByStrips).
 */
import { readClassMap } from "../../raster/read/class-map.ts";
import type { ClassRowSource } from "./zonal-totals.ts";

/** Open a class map (path or URL); close it when done. Code k's name is `classNames[k]`. */
export async function openClassRows(ref: string): Promise<ClassRowSource & { ref: string; close(): Promise<void> }> {
  const map = await readClassMap(ref);
  const { width } = map.grid;
  return {
    ref,
    grid: map.grid,
    nodata: map.nodata ?? 0,
    classNames: [undefined, ...map.classNames],
    readRows: (y0, y1) => map.readWindow({ x0: 0, y0, x1: width, y1 }),
    close: () => map.close(),
  };
}
