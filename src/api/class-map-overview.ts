/**
 * @module api/class-map-overview
 * A survey's class map (a stored GeoTIFF artifact) as a PNG overview for the web map: decimated to at
 * most `maxSizePx` on a side (nearest neighbour, so codes are never blended), coloured from the file's
 * colour table (or a fixed palette), code 0 transparent, with its four corners in WGS 84 for a MapLibre
 * image source.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import proj4 from "proj4";
import type { RasterGrid } from "../domain/raster-grid.ts";
import { readClassMap } from "../raster/read/class-map.ts";
import { encodePngRgba } from "./png.ts";

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

/** Fallback colours by class name (coca stands out), then a fixed cycle. */
const NAMED_COLORS: Record<string, [number, number, number]> = {
  coca: [220, 38, 38],
  forest: [22, 101, 52],
  water: [37, 99, 235],
  bare: [180, 140, 100],
  cleared: [234, 179, 8],
  urban: [107, 114, 128],
  crop: [163, 230, 53],
  other: [156, 163, 175],
};
const CYCLE: [number, number, number][] = [
  [22, 101, 52],
  [234, 179, 8],
  [37, 99, 235],
  [168, 85, 247],
  [107, 114, 128],
  [20, 184, 166],
  [244, 114, 182],
];

function colorFor(name: string, code: number, table: readonly (readonly number[])[] | undefined): [number, number, number] {
  const fromTable = table?.[code];
  if (fromTable && (fromTable[0]! | fromTable[1]! | fromTable[2]!) !== 0) return [fromTable[0]!, fromTable[1]!, fromTable[2]!];
  const key = Object.keys(NAMED_COLORS).find((k) => name.toLowerCase().includes(k));
  return key ? NAMED_COLORS[key]! : CYCLE[(code - 1) % CYCLE.length]!;
}

const hex = (c: ArrayLike<number>): string => `#${Array.from(c, (v) => v.toString(16).padStart(2, "0")).join("")}`;

/** The four corners of a grid in WGS 84 (lon, lat). */
export function gridCornersWgs84(grid: RasterGrid): ClassMapOverview["coordinates"] {
  const gt = grid.geoTransform;
  const at = (col: number, row: number): [number, number] => [gt[0] + col * gt[1] + row * gt[2], gt[3] + col * gt[4] + row * gt[5]];
  const corners = [at(0, 0), at(grid.width, 0), at(grid.width, grid.height), at(0, grid.height)];
  const project = grid.crs.geographic ? (p: [number, number]) => p : (p: [number, number]) => proj4(grid.crs.proj4, "EPSG:4326", p) as [number, number];
  return corners.map(project) as ClassMapOverview["coordinates"];
}

/** Build the overview of a class-map GeoTIFF given as bytes. */
export async function classMapOverview(bytes: Uint8Array, { maxSizePx = 1024 }: { maxSizePx?: number } = {}): Promise<ClassMapOverview> {
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
      const palette = new Uint8Array(256 * 4);
      const present = new Uint8Array(256);
      for (let code = 1; code <= map.classNames.length && code < 256; code++) {
        const [r, g, b] = colorFor(map.classNames[code - 1]!, code, map.colorTable);
        palette.set([r, g, b, 255], code * 4);
      }
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
      return {
        png: encodePngRgba(rgba, outW, outH),
        widthPx: outW,
        heightPx: outH,
        sourceWidthPx: width,
        sourceHeightPx: height,
        coordinates: gridCornersWgs84(map.grid),
        classes: map.classNames
          .map((name, i) => ({ value: i + 1, name, color: hex(palette.subarray((i + 1) * 4, (i + 1) * 4 + 3)) }))
          .filter((c) => c.value < 256 && present[c.value] === 1),
        crs: map.grid.crs.name,
      };
    } finally {
      await map.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
