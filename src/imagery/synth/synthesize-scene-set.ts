/**
 * @module imagery/synth/synthesize-scene-set
 * `synthesizeSceneSet`: a SIMULATED survey area seen by several overlapping scenes, as a national survey is:
 * one landscape (the engine of synthesize-scene) straddling the boundary of UTM zones 18 and 19 at 72 W,
 * seen by four Sentinel-2 L2A-like scenes on different dates with different clouds. The two western scenes
 * are written on the UTM 18S grid, the two eastern ones on UTM 19S (each scene on its own grid, as the
 * catalogues deliver them), each covering 60% of the area's width and height so that they overlap.
 *
 * Written: `scene-1.tif` ... `scene-4.tif` (11 bands as synthesize-scene's), `scenes.json` (a STAC
 * ItemCollection listing them with dates, cloud cover and one multi-band asset each), `truth.tif` (the true
 * class of every pixel on the survey grid, UTM 18S, no clouds), `training.geojson` (clear polygons inside the
 * first scene), `regions.geojson`, `README.txt`. The same seed and size give the same bytes.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import proj4 from "proj4";
import type { PixelWindow, RasterGrid } from "../../domain/raster-grid.ts";
import { withAtomicOutput, writeFileAtomic } from "../../io/atomic-write.ts";
import { cellAreaHaByRow } from "../../raster/cell-area.ts";
import { crsFromEpsg } from "../../raster/read/epsg.ts";
import { alignedGrid, footprintIn, nearestPixelMap } from "../../raster/warp.ts";
import { writeCategoryNamesAux } from "../../raster/write/write-raster.ts";
import { createGeoTiffWriter } from "../../raster/write/geotiff-writer.ts";
import { createLandscape, hash3, renderWindow, type Landscape } from "./landscape.ts";
import { SYNTH_CLASS_NAMES, SYNTH_LEGEND } from "./legend.ts";
import { sclFor, SYNTH_BANDS, synthesizePixels } from "./spectra.ts";
import { regionPolygons, SYNTH_PIXEL_SIZE_M, synthGrid, synthSceneWriterOptions, synthTruthWriterOptions, trainingPolygons } from "./synthesize-scene.ts";

/** Easting of 72 W at 12.4 S in UTM 18S: the zone boundary the survey area straddles. */
const ZONE_BOUNDARY_X_18S = 826220;
const TOP_Y = 8633000;

export interface SceneSetOptions {
  seed: number;
  sizePx: number;
  outDir: string;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export interface SimulatedSceneItem {
  id: string;
  path: string;
  epsg: number;
  datetime: string;
  /** Share of the scene's valid pixels under cloud or shadow, percent. */
  cloudCoverPct: number;
  /** The part of the survey area it covers, in landscape pixels. */
  window: PixelWindow;
}

export interface SceneSetResult {
  /** The survey grid (UTM 18S, 10 m), on which truth.tif lies. */
  grid: RasterGrid;
  scenes: SimulatedSceneItem[];
  itemCollectionPath: string;
  truthPath: string;
  trainingPath: string;
  regionsPath: string;
  readmePath: string;
  trueAreaHa: Record<string, number>;
  seed: number;
  sizePx: number;
  simulated: true;
}

const DATES = ["2024-07-05", "2024-07-20", "2024-08-04", "2024-08-19"];

/** The four scene windows over an s x s landscape: NW, NE, SW, SE, each 60% of a side. */
function sceneWindows(s: number): PixelWindow[] {
  const a = Math.round(s * 0.6);
  const b = s - a;
  return [
    { x0: 0, y0: 0, x1: a, y1: a },
    { x0: b, y0: 0, x1: s, y1: a },
    { x0: 0, y0: b, x1: a, y1: s },
    { x0: b, y0: b, x1: s, y1: s },
  ];
}

/** Render the scene window of the landscape `land` onto `sceneGrid` (any CRS), tile by tile. */
async function writeScene(
  path: string,
  sceneGrid: RasterGrid,
  landGrid: RasterGrid,
  land: Landscape,
  window: PixelWindow,
  seed: number,
  meta: Record<string, string>,
  signal?: AbortSignal,
): Promise<{ valid: number; cloudy: number }> {
  const tile = 512;
  let valid = 0;
  let cloudy = 0;
  await withAtomicOutput(path, async (tmp) => {
    const w = await createGeoTiffWriter(tmp, synthSceneWriterOptions(sceneGrid, seed, tile, meta));
    try {
      for (let tr = 0; tr < w.tilesDown; tr++) {
        for (let tc = 0; tc < w.tilesAcross; tc++) {
          signal?.throwIfAborted();
          const tw: PixelWindow = {
            x0: tc * tile,
            y0: tr * tile,
            x1: Math.min((tc + 1) * tile, sceneGrid.width),
            y1: Math.min((tr + 1) * tile, sceneGrid.height),
          };
          const n = (tw.x1 - tw.x0) * (tw.y1 - tw.y0);
          const bands = Array.from({ length: SYNTH_BANDS.length + 1 }, () => new Uint16Array(n));
          const map = nearestPixelMap(sceneGrid, landGrid, tw);
          const sw = map.sourceWindow;
          if (sw) {
            // The landscape under this tile, clipped to the scene's footprint.
            const x0 = Math.max(sw.x0, window.x0);
            const y0 = Math.max(sw.y0, window.y0);
            const x1 = Math.min(sw.x1, window.x1);
            const y1 = Math.min(sw.y1, window.y1);
            if (x1 > x0 && y1 > y0) {
              const lw = x1 - x0;
              const { classes, sky, parcels } = renderWindow(land, x0, y0, x1, y1);
              const lb = Array.from({ length: SYNTH_BANDS.length + 1 }, () => new Uint16Array(classes.length));
              synthesizePixels(classes, sky, parcels, x0, y0, lw, land.salt, lb);
              for (let k = 0; k < map.inside; k++) {
                const p = map.target[k]!;
                const c = map.col[k]!;
                const r = map.row[k]!;
                if (c < x0 || c >= x1 || r < y0 || r >= y1) continue;
                const q = (r - y0) * lw + (c - x0);
                for (let b = 0; b < SYNTH_BANDS.length; b++) bands[b]![p] = lb[b]![q]!;
                bands[SYNTH_BANDS.length]![p] = sclFor(classes[q]!, sky[q]!);
                valid++;
                if (sky[q] !== 0) cloudy++;
              }
            }
          }
          await w.writeTile(tc, tr, bands);
        }
      }
      await w.finish();
    } catch (error) {
      await w.abort();
      throw error;
    }
  });
  return { valid, cloudy };
}

function lonLatBbox(grid: RasterGrid): [number, number, number, number] {
  const b = footprintIn(grid, crsFromEpsg(4326)!);
  return b.map((v) => Math.round(v * 1e6) / 1e6) as [number, number, number, number];
}

/** Write the scene set (see module doc). */
export async function synthesizeSceneSet(options: SceneSetOptions): Promise<SceneSetResult> {
  const { seed, sizePx, outDir, signal } = options;
  if (!Number.isInteger(sizePx) || sizePx < 128 || sizePx > 20000) throw new RangeError(`size must be an integer from 128 to 20000 pixels, got ${sizePx}`);
  mkdirSync(outDir, { recursive: true });
  const origin = { x: ZONE_BOUNDARY_X_18S - Math.round((sizePx * SYNTH_PIXEL_SIZE_M) / 2 / 10) * 10, y: TOP_Y };
  const grid = synthGrid(sizePx, origin);
  const land = createLandscape(seed, sizePx);
  const windows = sceneWindows(sizePx);
  const scenes: SimulatedSceneItem[] = [];
  const features: object[] = [];
  for (const [k, window] of windows.entries()) {
    const epsg = window.x0 === 0 ? 32718 : 32719;
    const crs = crsFromEpsg(epsg)!;
    // Each scene on its own 10 m grid: the landscape window's footprint in the scene's CRS.
    const gt = grid.geoTransform;
    const windowGrid: RasterGrid = {
      ...grid,
      width: window.x1 - window.x0,
      height: window.y1 - window.y0,
      geoTransform: [gt[0] + window.x0 * gt[1], gt[1], 0, gt[3] + window.y0 * gt[5], 0, gt[5]],
    };
    const sceneGrid = epsg === 32718 ? windowGrid : alignedGrid(crs, SYNTH_PIXEL_SIZE_M, footprintIn(windowGrid, crs));
    const cloudSalt = hash3(seed, k + 1, 7, 0xc10d);
    const variant: Landscape = { ...land, cloudSalt };
    const id = `SIM_S2_${epsg === 32718 ? "18LZM" : "19LAG"}_${DATES[k]!.replaceAll("-", "")}_${k + 1}_L2A`;
    const path = join(outDir, `scene-${k + 1}.tif`);
    const { valid, cloudy } = await writeScene(path, sceneGrid, grid, variant, window, seed, { SIMULATED_SCENE: id, ACQUISITION_DATE: DATES[k]! }, signal);
    const cloudCoverPct = Math.round((cloudy / Math.max(1, valid)) * 1000) / 10;
    scenes.push({ id, path, epsg, datetime: `${DATES[k]}T15:10:00Z`, cloudCoverPct, window });
    const bbox = lonLatBbox(sceneGrid);
    features.push({
      type: "Feature",
      stac_version: "1.0.0",
      stac_extensions: ["https://stac-extensions.github.io/eo/v1.1.0/schema.json", "https://stac-extensions.github.io/raster/v1.1.0/schema.json"],
      id,
      bbox,
      geometry: {
        type: "Polygon",
        coordinates: [
          [
            [bbox[0], bbox[1]],
            [bbox[2], bbox[1]],
            [bbox[2], bbox[3]],
            [bbox[0], bbox[3]],
            [bbox[0], bbox[1]],
          ],
        ],
      },
      properties: {
        datetime: `${DATES[k]}T15:10:00Z`,
        platform: "simulated sentinel-2",
        "eo:cloud_cover": cloudCoverPct,
        "proj:epsg": epsg,
        "s2:processing_baseline": "05.10",
        simulated: true,
      },
      assets: {
        data: {
          href: `./scene-${k + 1}.tif`,
          type: "image/tiff; application=geotiff; profile=cloud-optimized",
          roles: ["data"],
          title: "SIMULATED Sentinel-2 L2A-like bands and SCL",
          "eo:bands": [...SYNTH_BANDS, "SCL"].map((name) => ({ name })),
          "raster:bands": [...SYNTH_BANDS.map(() => ({ nodata: 0, data_type: "uint16", scale: 0.0001, offset: -0.1 })), { nodata: 0, data_type: "uint16" }],
        },
      },
      links: [],
    });
    options.onProgress?.(k + 1, windows.length + 1);
  }
  const itemCollectionPath = join(outDir, "scenes.json");
  writeFileAtomic(itemCollectionPath, `${JSON.stringify({ type: "FeatureCollection", features }, null, 1)}\n`);

  // Truth on the survey grid, and the true area of each class.
  const truthPath = join(outDir, "truth.tif");
  const counts = new Float64Array(SYNTH_LEGEND.classes.length + 1);
  const rowHa = cellAreaHaByRow(grid);
  await withAtomicOutput(truthPath, async (tmp) => {
    const w = await createGeoTiffWriter(tmp, synthTruthWriterOptions(grid, seed, 512));
    try {
      for (let tr = 0; tr < w.tilesDown; tr++) {
        for (let tc = 0; tc < w.tilesAcross; tc++) {
          signal?.throwIfAborted();
          const x0 = tc * 512;
          const y0 = tr * 512;
          const x1 = Math.min(x0 + 512, sizePx);
          const y1 = Math.min(y0 + 512, sizePx);
          const { classes } = renderWindow(land, x0, y0, x1, y1);
          for (let k = 0; k < classes.length; k++) counts[classes[k]!]! += rowHa[y0 + Math.floor(k / (x1 - x0))]!;
          await w.writeTile(tc, tr, [classes]);
        }
      }
      await w.finish();
    } catch (error) {
      await w.abort();
      throw error;
    }
  });
  const trueAreaHa = Object.fromEntries(SYNTH_LEGEND.classes.map((c) => [c.name, Math.round(counts[c.code]! * 1e4) / 1e4]));
  // Training polygons inside the first scene, clear under its clouds (the model is trained on it).
  const first = windows[0]!;
  const training = trainingPolygons({ ...land, cloudSalt: hash3(seed, 1, 7, 0xc10d) }, grid, seed, first);
  const trainingPath = join(outDir, "training.geojson");
  writeFileAtomic(trainingPath, JSON.stringify(training));
  const regionsPath = join(outDir, "regions.geojson");
  writeFileAtomic(regionsPath, JSON.stringify(regionPolygons(land, grid)));
  writeCategoryNamesAux(truthPath, SYNTH_CLASS_NAMES);
  const readmePath = join(outDir, "README.txt");
  const [lon, lat] = proj4(grid.crs.proj4, "WGS84", [ZONE_BOUNDARY_X_18S, TOP_Y]) as [number, number];
  writeFileAtomic(
    readmePath,
    `SIMULATED DATA - not satellite imagery.

Made by Coca Monitor's multi-scene demo (seed ${seed}, ${sizePx} px): one simulated landscape of the Andes-Amazon
transition straddling the UTM zone 18/19 boundary (about ${lon.toFixed(2)}, ${lat.toFixed(2)}), seen by four
overlapping simulated Sentinel-2 L2A scenes on different dates with different clouds. The western scenes are
on the UTM 18S grid (EPSG:32718), the eastern ones on UTM 19S (EPSG:32719).

${scenes.map((s) => `${s.path.split("/").pop()}  ${s.id}  EPSG:${s.epsg}  ${s.datetime}  cloud ${s.cloudCoverPct}%`).join("\n")}
scenes.json       the four scenes as a STAC ItemCollection (one multi-band asset each)
truth.tif         true class per pixel on the survey grid (UTM 18S, 10 m), no clouds
training.geojson  labelled polygons inside scene 1, EPSG:4326
regions.geojson   three simulated districts, EPSG:4326

True area per class on the survey grid:
${Object.entries(trueAreaHa)
  .map(([k, v]) => `  ${k.padEnd(22)} ${v.toFixed(2)} ha`)
  .join("\n")}
`,
  );
  options.onProgress?.(windows.length + 1, windows.length + 1);
  return { grid, scenes, itemCollectionPath, truthPath, trainingPath, regionsPath, readmePath, trueAreaHa, seed, sizePx, simulated: true };
}
