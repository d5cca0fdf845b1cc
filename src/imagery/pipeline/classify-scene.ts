/**
 * @module imagery/pipeline/classify-scene
 * Classify a scene tile by tile through the worker pool into a class-map GeoTIFF (COG layout, uint8,
 * 0 = nodata/masked, class names and colour table). Tiles are written in order as they finish, so memory
 * is bounded by the pool size and tile size, not the scene. The output appears only when complete:
 * a failure or an abort (Ctrl-C) leaves the target path as it was.
 */
import { withAtomicOutput } from "../../io/atomic-write.ts";
import { legendColorTable, legendNames } from "../../domain/class-legend.ts";
import { DataError } from "../../domain/errors.ts";
import type { RasterGrid } from "../../domain/raster-grid.ts";
import { featureNames, requiredBands } from "../compute/features.ts";
import { assertFeaturesMatch, loadModelFile, modelLegend, type Model } from "../classify/model.ts";
import { featureSpecForScene } from "../classify/scene-features.ts";
import { isUrl } from "../../raster/read/byte-source.ts";
import type { Sensor } from "../read/band-names.ts";
import { openScene } from "../read/scene.ts";
import { createGeoTiffWriter, DEFAULT_TILE_SIZE_PX } from "../../raster/write/geotiff-writer.ts";
import { writeCategoryNamesAux } from "../../raster/write/write-raster.ts";
import { assembleBlocks } from "../../raster/write/block-assembler.ts";
import { tileJobs, type TileResult } from "../workers/tile-job.ts";
import { createTilePool, type TilePool } from "../workers/tile-pool.ts";

export interface ClassifySceneOptions {
  scene: string;
  model: string;
  out: string;
  sensor?: Sensor;
  /** The pool that runs the tiles, created (and closed) by the caller: the shells make one with `createTilePool`/`withTilePool`. */
  pool?: TilePool;
  /**
   * Convenience for callers without a pool: classifyScene then creates a pool of this many workers
   * (default: all cores; 0 = inline) and closes it at the end. Ignored when `pool` is given.
   */
  poolSize?: number;
  /**
   * Tile size of the work and of the output blocks (default: 512-px blocks; the work tiles are halved down
   * to 128 until every worker has about 4, and reassembled into 512-px blocks).
   */
  tileSizePx?: number;
  signal?: AbortSignal;
  onProgress?: (tilesDone: number, tilesTotal: number) => void;
}

export interface ClassifySceneResult {
  out: string;
  scene: string;
  sceneFiles: string[];
  model: string;
  modelSha256: string;
  grid: RasterGrid;
  classNames: string[];
  /** Pixels per class name, plus "nodata" (masked or outside the data). */
  pixels: Record<string, number>;
  /** Area per class in hectares from the grid's cell area; only for projected grids (metres). */
  areaHa: Record<string, number> | undefined;
  tiles: number;
  poolSize: number;
  seconds: number;
}

/**
 * Open `sceneRef` and check that `model` can classify it (every band it needs, the same feature
 * scaling), naming the scene and the model when not; the scene's grid and files when it can.
 */
export async function checkSceneForModel(
  sceneRef: string,
  model: Model,
  modelPath: string,
  options: { sensor?: Sensor; signal?: AbortSignal } = {},
): Promise<{ grid: RasterGrid; sceneFiles: string[] }> {
  const scene = await openScene(sceneRef, { sensor: options.sensor, signal: options.signal });
  try {
    const missing = requiredBands(model.spec).filter((b) => !scene.bandNames.includes(b));
    if (missing.length > 0) {
      throw new DataError(
        `${sceneRef}: band(s) ${missing.join(", ")} missing, but model ${modelPath} needs [${featureNames(model.spec).join(", ")}] (the scene has ${scene.bandNames.join(", ")})`,
      );
    }
    assertFeaturesMatch(model, featureSpecForScene(scene, model.spec), `scene ${sceneRef}`);
    return { grid: scene.grid, sceneFiles: [...scene.files] };
  } finally {
    await scene.close();
  }
}

/** Classify `scene` with `model` into the class map `out` (see module doc), on `options.pool` (see ClassifySceneOptions). */
export async function classifyScene(options: ClassifySceneOptions): Promise<ClassifySceneResult> {
  const started = performance.now();
  const { model, sha256: modelSha256 } = loadModelFile(options.model);
  const legend = modelLegend(model);
  const classNames = legendNames(legend);
  const { grid, sceneFiles } = await checkSceneForModel(options.scene, model, options.model, options);
  if (grid.crs.epsg === undefined) throw new DataError(`${options.scene}: the scene CRS has no EPSG code to write`);
  const pool = options.pool ?? createTilePool({ size: options.poolSize });
  // Small scenes get smaller tiles, so that every worker has several tiles to run.
  let tile = options.tileSizePx ?? DEFAULT_TILE_SIZE_PX;
  if (options.tileSizePx === undefined) {
    while (tile > 128 && Math.ceil(grid.width / tile) * Math.ceil(grid.height / tile) < 4 * Math.max(1, pool.size)) tile /= 2;
  }
  const jobs = tileJobs(grid.width, grid.height, tile, {
    kind: "classify",
    scene: { ref: options.scene, sensor: options.sensor },
    bands: requiredBands(model.spec),
    spec: model.spec,
    model: { path: options.model, sha256: modelSha256 },
    outputRef: options.out,
  });
  const counts = new Float64Array(legend.classes.length + 1);
  try {
    await withAtomicOutput(options.out, async (tmp) => {
      const writer = await createGeoTiffWriter(tmp, {
        grid,
        sampleType: "uint8",
        bandCount: 1,
        tileSizePx: options.tileSizePx ?? DEFAULT_TILE_SIZE_PX,
        nodata: 0,
        bandNames: ["class"],
        colorTable: legendColorTable(legend),
        classNames,
        metadata: {
          MODEL: options.model,
          SCENE: options.scene,
          FEATURES: featureNames(model.spec).join(","),
        },
      });
      const blocks = assembleBlocks(writer, grid.width, grid.height, tile, "uint8");
      try {
        // Keep a bounded number of tiles in flight and write them in row-major order.
        const inFlight = Math.max(2, pool.size * 3);
        const pending = new Map<number, Promise<TileResult>>();
        let next = 0;
        const launch = (): void => {
          while (next < jobs.length && pending.size < inFlight) {
            const p = pool.run(jobs[next]!, options.signal);
            p.catch(() => undefined); // observed below, in order
            pending.set(next, p);
            next++;
          }
        };
        launch();
        for (let k = 0; k < jobs.length; k++) {
          options.signal?.throwIfAborted();
          const result = await pending.get(k)!;
          pending.delete(k);
          launch();
          await blocks.writeTile(result.tileCol, result.tileRow, [result.classes]);
          result.counts.forEach((c, code) => (counts[code]! += c));
          options.onProgress?.(k + 1, jobs.length);
        }
        await writer.finish();
      } catch (error) {
        await writer.abort();
        throw error;
      }
    });
  } finally {
    if (!options.pool) await pool.close();
  }
  if (!isUrl(options.out)) writeCategoryNamesAux(options.out, classNames);
  const pixels: Record<string, number> = { nodata: counts[0]! };
  for (const c of legend.classes) pixels[c.name] = counts[c.code]!;
  const [, px, , , , py] = grid.geoTransform;
  const cellHa = grid.crs.geographic ? undefined : Math.abs(px * py) / 10000;
  const areaHa = cellHa === undefined ? undefined : Object.fromEntries(legend.classes.map((c) => [c.name, counts[c.code]! * cellHa]));
  return {
    out: options.out,
    scene: options.scene,
    sceneFiles,
    model: options.model,
    modelSha256,
    grid,
    classNames,
    pixels,
    areaHa,
    tiles: jobs.length,
    poolSize: pool.size,
    seconds: (performance.now() - started) / 1000,
  };
}
