/**
 * @module raster/write/write-raster
 * Whole-raster helpers over the streaming writer: write in-memory bands as a COG atomically, and the GDAL `.aux.xml` sidecar that carries category (class) names.
 */
import type { RasterGrid } from "../../domain/raster-grid.ts";
import { withAtomicOutput, writeFileAtomic } from "../../io/atomic-write.ts";
import { escapeXml } from "../read/gdal-metadata.ts";
import type { RasterArray } from "../read/sample-type.ts";
import { createGeoTiffWriter, type GeoTiffWriterOptions } from "./geotiff-writer.ts";

/** Copy a window of a full-size band into a new array. */
export function cropBand(band: RasterArray, width: number, x0: number, y0: number, x1: number, y1: number): RasterArray {
  const w = x1 - x0;
  const out = new (band.constructor as new (n: number) => RasterArray)(w * (y1 - y0));
  for (let y = y0; y < y1; y++) out.set(band.subarray(y * width + x0, y * width + x1) as never, (y - y0) * w);
  return out;
}

/**
 * Write full in-memory bands (each grid.width x grid.height) to `path` as a COG, atomically; with class
 * names, also the `.aux.xml` naming the categories (GDAL and QGIS read categories only from there).
 */
export async function writeRaster(path: string, bands: readonly RasterArray[], options: Omit<GeoTiffWriterOptions, "bandCount">): Promise<void> {
  const { grid } = options;
  await withAtomicOutput(path, async (tmp) => {
    const w = await createGeoTiffWriter(tmp, { ...options, bandCount: bands.length });
    try {
      const t = w.tileSizePx;
      for (let tr = 0; tr < w.tilesDown; tr++) {
        for (let tc = 0; tc < w.tilesAcross; tc++) {
          const x0 = tc * t;
          const y0 = tr * t;
          const x1 = Math.min(x0 + t, grid.width);
          const y1 = Math.min(y0 + t, grid.height);
          await w.writeTile(
            tc,
            tr,
            bands.map((b) => cropBand(b, grid.width, x0, y0, x1, y1)),
          );
        }
      }
      await w.finish();
    } catch (error) {
      await w.abort();
      throw error;
    }
  });
  if (options.classNames) writeCategoryNamesAux(path, options.classNames, options.bandNames?.[0]);
}

/** GDAL's PAM `.aux.xml` naming the categories of band 1 (code 0 = "nodata", code k = classNames[k - 1]). */
export function categoryNamesAuxXml(classNames: readonly string[], description = "class"): string {
  const cats = ["nodata", ...classNames].map((n) => `      <Category>${escapeXml(n)}</Category>`).join("\n");
  return `<PAMDataset>\n  <PAMRasterBand band="1">\n    <Description>${escapeXml(description)}</Description>\n    <CategoryNames>\n${cats}\n    </CategoryNames>\n  </PAMRasterBand>\n</PAMDataset>\n`;
}

/** Write `<tif>.aux.xml` naming the categories of band 1, which GDAL and QGIS show as the raster's categories. */
export function writeCategoryNamesAux(tifPath: string, classNames: readonly string[], description = "class"): void {
  writeFileAtomic(`${tifPath}.aux.xml`, categoryNamesAuxXml(classNames, description));
}

/** Grid of a window of `grid`. */
export function subGrid(grid: RasterGrid, x0: number, y0: number, width: number, height: number): RasterGrid {
  const [ox, px, rx, oy, ry, py] = grid.geoTransform;
  return { ...grid, width, height, geoTransform: [ox + x0 * px + y0 * rx, px, rx, oy + x0 * ry + y0 * py, ry, py] };
}
