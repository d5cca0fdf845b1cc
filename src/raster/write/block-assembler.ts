/**
 * @module raster/write/block-assembler
 * Feed a GeoTIFF writer with tiles smaller than its blocks: processing can run on small tiles (so that
 * every worker of a pool has several) while the output keeps its 512-px blocks. Sub-tiles are copied into
 * one row of blocks at a time; a row is handed to the writer when complete, so memory is one row of blocks
 * per band (a few MB for a 10,980-px-wide class map) when sub-tiles come in row-major order.
 */
import { allocRaster, type RasterArray, type SampleType } from "../read/sample-type.ts";
import type { GeoTiffWriter } from "./geotiff-writer.ts";
import { cropBand } from "./write-raster.ts";

export interface BlockAssembler {
  /** Sub-tile size in pixels (divides the writer's block size). */
  readonly subTilePx: number;
  /** Write sub-tile (col, row): `bands[b]` holds its clipped window, row-major. */
  writeTile(subCol: number, subRow: number, bands: readonly RasterArray[]): Promise<void>;
}

/** Wrap `writer` (image `width` x `height`) to take `subTilePx` tiles. */
export function assembleBlocks(writer: GeoTiffWriter, width: number, height: number, subTilePx: number, sampleType: SampleType): BlockAssembler {
  const block = writer.tileSizePx;
  if (subTilePx === block) return { subTilePx, writeTile: (c, r, bands) => writer.writeTile(c, r, bands) };
  if (subTilePx <= 0 || block % subTilePx !== 0) throw new RangeError(`sub-tile size ${subTilePx} does not divide the block size ${block}`);
  const strips = new Map<number, { bands: RasterArray[]; rows: number; filled: number }>();
  return {
    subTilePx,
    async writeTile(subCol, subRow, bands) {
      const x0 = subCol * subTilePx;
      const y0 = subRow * subTilePx;
      const w = Math.min(subTilePx, width - x0);
      const h = Math.min(subTilePx, height - y0);
      if (!(w > 0 && h > 0)) throw new RangeError(`sub-tile (${subCol}, ${subRow}) outside ${width} x ${height}`);
      const r = Math.floor(y0 / block);
      let strip = strips.get(r);
      if (strip === undefined) {
        const rows = Math.min(block, height - r * block);
        strip = { bands: bands.map(() => allocRaster(sampleType, width * rows)), rows, filled: 0 };
        strips.set(r, strip);
      }
      const dy = y0 - r * block;
      bands.forEach((band, b) => {
        if (band.length !== w * h) throw new RangeError(`sub-tile (${subCol}, ${subRow}) band has ${band.length} pixels, expected ${w} x ${h}`);
        const dst = strip.bands[b]!;
        for (let y = 0; y < h; y++) dst.set(band.subarray(y * w, (y + 1) * w) as never, (dy + y) * width + x0);
      });
      strip.filled += w * h;
      if (strip.filled < width * strip.rows) return;
      strips.delete(r);
      const done = strip;
      await Promise.all(
        Array.from({ length: writer.tilesAcross }, (_, c) => {
          const bx0 = c * block;
          const bx1 = Math.min(bx0 + block, width);
          return writer.writeTile(
            c,
            r,
            done.bands.map((band) => cropBand(band, width, bx0, 0, bx1, done.rows)),
          );
        }),
      );
    },
  };
}
