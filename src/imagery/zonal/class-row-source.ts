/**
 * @module imagery/zonal/class-row-source
 * A class map file opened for reading by row strips (for zonalTotalsByStrips).
 */
import { readClassMap } from "../../raster/read/class-map.ts";
import type { ClassRowSource } from "./zonal-totals.ts";

/**
 * Open a class map (path or URL); close it when done. Code k's name is `classNames[k]`. Strips of the same height are
 * read into one buffer (valid until the next `readRows`), so reading a map does not leave a strip of garbage per strip.
 */
export async function openClassRows(ref: string): Promise<ClassRowSource & { ref: string; close(): Promise<void> }> {
  const map = await readClassMap(ref);
  const { width } = map.grid;
  let buffer: Uint8Array | undefined;
  return {
    ref,
    grid: map.grid,
    nodata: map.nodata ?? 0,
    classNames: [undefined, ...map.classNames],
    readRows: async (y0, y1) => {
      const into = buffer?.length === (y1 - y0) * width ? buffer : undefined;
      buffer = await map.readWindow({ x0: 0, y0, x1: width, y1 }, { into });
      return buffer;
    },
    close: () => map.close(),
  };
}
