/**
 * @module survey/stages/classify
 * Stage "classify": each scene through the classifier, tile by tile, on its own grid and with its own
 * masks. One scene gives the survey's class map (classes.tif, a COG) directly. Several scenes give one
 * class map each (classes-scene-K.tif), mosaicked onto the survey grid (raster/mosaic: nearest
 * neighbour, least cloudy then latest first where they overlap) as classes.tif, with sources.tif
 * recording which scene each pixel came from (0 = no scene observed it).
 */
import { join } from "node:path";
import type { SceneRecord } from "../../domain/provenance.ts";
import type { RasterGrid } from "../../domain/raster-grid.ts";
import type { SurveyConfig } from "../../domain/survey-config.ts";
import { DataError } from "../../domain/errors.ts";
import { loadModelFile } from "../../imagery/classify/model.ts";
import { checkSceneForModel, classifyScene } from "../../imagery/pipeline/classify-scene.ts";
import type { TilePool } from "../../imagery/workers/tile-pool.ts";
import { mosaicRasters, type MosaicResult } from "../../raster/mosaic.ts";
import { crsFromEpsg } from "../../raster/read/epsg.ts";
import type { SurveyScene } from "../scenes.ts";

export interface ClassifyContext {
  scenes: readonly SurveyScene[];
  modelPath: string;
  /** The survey's folder; the class map is written to classes.tif in it. */
  outDir: string;
  pool?: TilePool;
  /** The survey grid and overlap rule for several scenes. */
  grid?: SurveyConfig["grid"];
  mosaic?: SurveyConfig["mosaic"];
  signal?: AbortSignal;
  onTiles?: (done: number, total: number) => void;
  /** The queue's planning pass: every scene's tiles sent through the pool, no mosaic (the results are placeholders). */
  planOnly?: boolean;
}

export interface ClassifyResult {
  classesPath: string;
  /** Per-pixel scene index raster (several scenes only). */
  sourcesPath: string | null;
  grid: RasterGrid;
  modelSha256: string;
  poolSize: number;
  /** Every file the scenes read. */
  sceneFiles: string[];
  scenes: SceneRecord[];
  /** Each scene's own grid (its class map's), in the order of `scenes`. */
  sceneGrids: RasterGrid[];
  mosaic: MosaicResult | null;
  /** Tiles classified, over every scene. */
  tiles: number;
}

export function classesPathIn(outDir: string): string {
  return join(outDir, "classes.tif");
}

export async function classifyStage(ctx: ClassifyContext): Promise<ClassifyResult> {
  const classesPath = classesPathIn(ctx.outDir);
  const one = ctx.scenes.length === 1;
  if (!one) {
    // Every scene checked against the model before any is classified (mixed sensors, missing bands).
    const { model } = loadModelFile(ctx.modelPath);
    for (const scene of ctx.scenes) await checkSceneForModel(scene.ref, model, ctx.modelPath, { signal: ctx.signal });
  }
  const perScene: { path: string; result: Awaited<ReturnType<typeof classifyScene>> }[] = [];
  for (const [k, scene] of ctx.scenes.entries()) {
    const out = one ? classesPath : join(ctx.outDir, `classes-scene-${k + 1}.tif`);
    const result = await classifyScene({ scene: scene.ref, model: ctx.modelPath, out, pool: ctx.pool, signal: ctx.signal, onProgress: ctx.onTiles });
    perScene.push({ path: out, result });
  }
  const first = perScene[0]!.result;
  const tiles = perScene.reduce((n, p) => n + p.result.tiles, 0);
  // Share of each class map without a class, from the classifier's own pixel counts (no second read of the maps).
  const shares = perScene.map(({ result }) => result.pixels.nodata! / (result.grid.width * result.grid.height));
  let mosaic: MosaicResult | null = null;
  let sourcesPath: string | null = null;
  let grid = first.grid;
  if (!one && !ctx.planOnly) {
    sourcesPath = join(ctx.outDir, "sources.tif");
    let gridSpec;
    if (ctx.grid) {
      const crs = crsFromEpsg(ctx.grid.epsg);
      if (!crs) throw new DataError(`grid.epsg: EPSG:${ctx.grid.epsg} is not a CRS this system knows`);
      gridSpec = { crs, resolution: ctx.grid.resolutionM, bounds: ctx.grid.bounds };
    }
    mosaic = await mosaicRasters({
      inputs: ctx.scenes.map((s, k) => ({ ref: perScene[k]!.path, date: s.datetime ?? undefined, invalidShare: shares[k], label: s.id })),
      out: classesPath,
      sourceOut: sourcesPath,
      grid: gridSpec,
      order: ctx.mosaic?.order ?? "least-cloudy",
      signal: ctx.signal,
    });
    grid = mosaic.grid;
  }
  const sceneFiles = perScene.flatMap((p) => p.result.sceneFiles);
  const scenes: SceneRecord[] = ctx.scenes.map((s, k) => ({
    ref: s.ref,
    id: s.id,
    datetime: s.datetime,
    cloudCoverPct: s.cloudCoverPct,
    invalidShare: shares[k]!,
    files: [...(s.metadataFile ? [s.metadataFile] : []), ...perScene[k]!.result.sceneFiles],
    mosaic: mosaic ? { priority: mosaic.inputs[k]!.priority, areaHa: mosaic.inputs[k]!.areaHa, shareOfObserved: mosaic.inputs[k]!.shareOfObserved } : null,
  }));
  const sceneGrids = perScene.map((p) => p.result.grid);
  return { classesPath, sourcesPath, grid, modelSha256: first.modelSha256, poolSize: first.poolSize, sceneFiles, scenes, sceneGrids, mosaic, tiles };
}
