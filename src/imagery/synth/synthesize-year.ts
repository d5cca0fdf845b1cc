/**
 * @module imagery/synth/synthesize-year
 * `synthesizeYearScene`: a SIMULATED cloud-free scene of the synthetic landscape in a given year, rendered from a
 * class raster for that year (imagery/synth legend codes, the landscape's grid) instead of the landscape's own
 * classes: the same parcels and spectra as synthesize-scene, with the pixel noise of each year drawn from its own
 * salt. The change demo renders year 1 from the landscape and year 2 from the landscape with its changes
 * (eradicated and abandoned fields, new fields), then trains on year 1 and classifies both.
 */
import type { RasterGrid } from "../../domain/raster-grid.ts";
import { withAtomicOutput } from "../../io/atomic-write.ts";
import { createGeoTiffWriter } from "../../raster/write/geotiff-writer.ts";
import { createLandscape, renderWindow } from "./landscape.ts";
import { sclFor, SYNTH_BANDS, synthesizePixels } from "./spectra.ts";
import { synthGrid, synthSceneWriterOptions } from "./synthesize-scene.ts";

export interface YearSceneOptions {
  seed: number;
  sizePx: number;
  /** The year's class of every pixel (sizePx x sizePx, row-major, synth legend codes). */
  classes: Uint8Array;
  /** Varies the pixel noise between years (0 for the landscape's own year). */
  yearSalt: number;
  out: string;
  tileSizePx?: number;
}

/** Write the year's scene (11 bands as synthesize-scene's, no clouds); returns its grid. */
export async function synthesizeYearScene(options: YearSceneOptions): Promise<RasterGrid> {
  const { seed, sizePx, classes: yearClasses } = options;
  if (yearClasses.length !== sizePx * sizePx) throw new RangeError(`classes must hold ${sizePx} x ${sizePx} pixels, got ${yearClasses.length}`);
  const grid = synthGrid(sizePx);
  const land = createLandscape(seed, sizePx);
  const tile = options.tileSizePx ?? 512;
  const salt = (land.salt ^ Math.imul(options.yearSalt, 0x9e3779b1)) >>> 0;
  await withAtomicOutput(options.out, async (tmp) => {
    const w = await createGeoTiffWriter(tmp, synthSceneWriterOptions(grid, seed, tile, { YEAR_SALT: String(options.yearSalt) }));
    try {
      for (let tr = 0; tr < w.tilesDown; tr++)
        for (let tc = 0; tc < w.tilesAcross; tc++) {
          const x0 = tc * tile;
          const y0 = tr * tile;
          const x1 = Math.min(x0 + tile, sizePx);
          const y1 = Math.min(y0 + tile, sizePx);
          const width = x1 - x0;
          const n = width * (y1 - y0);
          const { parcels } = renderWindow(land, x0, y0, x1, y1);
          const classes = new Uint8Array(n);
          for (let y = y0; y < y1; y++) classes.set(yearClasses.subarray(y * sizePx + x0, y * sizePx + x1), (y - y0) * width);
          const sky = new Uint8Array(n);
          const bands = Array.from({ length: SYNTH_BANDS.length + 1 }, () => new Uint16Array(n));
          synthesizePixels(classes, sky, parcels, x0, y0, width, salt, bands);
          const scl = bands[SYNTH_BANDS.length]!;
          for (let k = 0; k < n; k++) scl[k] = sclFor(classes[k]!, 0);
          await w.writeTile(tc, tr, bands);
        }
      await w.finish();
    } catch (error) {
      await w.abort();
      throw error;
    }
  });
  return grid;
}
