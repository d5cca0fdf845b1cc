/**
 * @module raster/class-map-overview
 * A survey's class map (a stored GeoTIFF artifact) as a PNG overview for the web map: decimated to at
 * most `maxSizePx` on a side (nearest neighbour, so codes are never blended), coloured by the map's legend
 * (the file's colour table, else the legend's default colours: domain/class-legend), code 0 transparent,
 * with its four corners in WGS 84 for a MapLibre image source.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hexColor, legendFromColorTable } from "../domain/class-legend.ts";
import { gridCornersWgs84, type RasterGrid } from "../domain/raster-grid.ts";
import { readClassMap } from "./read/class-map.ts";
import { encodePngRgba } from "./write/png.ts";

export interface ClassMapOverview {
  png: Uint8Array;
  widthPx: number;
  heightPx: number;
  sourceWidthPx: number;
  sourceHeightPx: number;
  /** Top-left, top-right, bottom-right, bottom-left, [lon, lat] in WGS 84. */
  coordinates: [[number, number], [number, number], [number, number], [number, number]];
  classes: { value: number; name: string; color: string }[];
  crs: string;
}

/** Build the overview of a class-map GeoTIFF given as bytes. */
export async function classMapOverview(bytes: Uint8Array, options: { maxSizePx?: number } = {}): Promise<ClassMapOverview> {
  return (await classMapOverviewWithGrid(bytes, options)).overview;
}

/** The overview and the class map's own grid (to place points given in WGS 84 on the picture). */
export async function classMapOverviewWithGrid(
  bytes: Uint8Array,
  { maxSizePx = 1024 }: { maxSizePx?: number } = {},
): Promise<{ overview: ClassMapOverview; grid: RasterGrid }> {
  // The reader works on files: the artifact goes to a private temporary file for the time of the read.
  const dir = mkdtempSync(join(tmpdir(), "coca-classmap-"));
  const path = join(dir, "class-map.tif");
  try {
    writeFileSync(path, bytes);
    const map = await readClassMap(path);
    try {
      const { width, height } = map.grid;
      const step = Math.max(1, Math.ceil(Math.max(width, height) / maxSizePx));
      const outW = Math.ceil(width / step);
      const outH = Math.ceil(height / step);
      const codes = await map.readWindow({ x0: 0, y0: 0, x1: width, y1: height });
      const legend = legendFromColorTable(map.classNames, map.colorTable);
      const palette = new Uint8Array(256 * 4);
      const present = new Uint8Array(256);
      for (const c of legend.classes) palette.set([c.color[0], c.color[1], c.color[2], 255], c.code * 4);
      const rgba = new Uint8Array(outW * outH * 4);
      for (let y = 0; y < outH; y++) {
        const srcRow = Math.min(height - 1, y * step + (step >> 1)) * width;
        for (let x = 0; x < outW; x++) {
          const code = codes[srcRow + Math.min(width - 1, x * step + (step >> 1))]!;
          present[code] = 1;
          const o = (y * outW + x) * 4;
          rgba[o] = palette[code * 4]!;
          rgba[o + 1] = palette[code * 4 + 1]!;
          rgba[o + 2] = palette[code * 4 + 2]!;
          rgba[o + 3] = palette[code * 4 + 3]!;
        }
      }
      const overview: ClassMapOverview = {
        png: encodePngRgba(rgba, outW, outH),
        widthPx: outW,
        heightPx: outH,
        sourceWidthPx: width,
        sourceHeightPx: height,
        coordinates: gridCornersWgs84(map.grid),
        classes: legend.classes.filter((c) => present[c.code] === 1).map((c) => ({ value: c.code, name: c.name, color: hexColor(c.color) })),
        crs: map.grid.crs.name,
      };
      return { overview, grid: map.grid };
    } finally {
      await map.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
