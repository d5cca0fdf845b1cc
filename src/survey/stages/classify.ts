/**
 * @module survey/stages/classify
 * Stage "classify": the scene through the classifier, tile by tile, into the survey's
 * class map (classes.tif, a COG).
 */
import { join } from "node:path";
import { classifyScene, type ClassifySceneResult } from "../../imagery/pipeline/classify-scene.ts";

export interface ClassifyContext {
  scene: string;
  modelPath: string;
  /** The survey's folder; the class map is written to classes.tif in it. */
  outDir: string;
  poolSize?: number;
  signal?: AbortSignal;
  onTiles?: (done: number, total: number) => void;
}

export interface ClassifyResult extends ClassifySceneResult {
  classesPath: string;
}

export function classesPathIn(outDir: string): string {
  return join(outDir, "classes.tif");
}

export async function classifyStage(ctx: ClassifyContext): Promise<ClassifyResult> {
  const classesPath = classesPathIn(ctx.outDir);
  const result = await classifyScene({ scene: ctx.scene, model: ctx.modelPath, out: classesPath, poolSize: ctx.poolSize, signal: ctx.signal, onProgress: ctx.onTiles });
  return { ...result, classesPath };
}
