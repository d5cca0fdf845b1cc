/**
 * @module raster/read/strip-rows
 * How many rows of a raster to read at a time: set by a byte budget, not a row count, so that the strip a stage
 * holds stays the same size whatever the map's width (a map three times wider is read in strips a third as tall).
 *
 * Every stage that reads a class map by row strips (map totals, the design, the simulated labels, the fields, and
 * the commands `coca imagery fields` and `coca area design`) takes its strip height from here.
 */

/** Default bytes of pixels a strip holds: 8 MiB (e.g. 932 rows of a 9,000-px-wide 8-bit class map). */
export const DEFAULT_STRIP_BUDGET_BYTES = 8 * 1024 * 1024;

/**
 * Rows per strip: max(1, floor(budget / (width × bytes per pixel))). `bytesPerPixel` is what one pixel costs the
 * reader across every raster it reads for that strip (e.g. 2 for a class map and a truth map of 8-bit codes).
 */
export function stripRowsFor(width: number, bytesPerPixel = 1, budgetBytes = DEFAULT_STRIP_BUDGET_BYTES): number {
  if (!(Number.isInteger(width) && width >= 1)) throw new RangeError(`strip rows: the width must be a whole number of pixels >= 1, got ${width}`);
  if (!(bytesPerPixel > 0 && Number.isFinite(bytesPerPixel))) throw new RangeError(`strip rows: bytes per pixel must be > 0, got ${bytesPerPixel}`);
  if (!(budgetBytes > 0 && Number.isFinite(budgetBytes))) throw new RangeError(`strip rows: the budget must be > 0 bytes, got ${budgetBytes}`);
  return Math.max(1, Math.floor(budgetBytes / (width * bytesPerPixel)));
}
