/**
 * @module survey/stages/classifier
 * Stage "classifier": load the config's model, or train one on the scene from the training
 * labels (seeded by the survey seed's "classifier" stream) and save it in the survey's folder.
 */
import { join } from "node:path";
import { InputError } from "../../domain/errors.ts";
import type { SurveyConfig } from "../../domain/survey-config.ts";
import { loadModel, saveModel } from "../../imagery/classify/model.ts";
import { trainModel } from "../../imagery/classify/train.ts";
import { streamSeed } from "../../stats/random-streams.ts";

export interface ClassifierContext {
  config: Pick<SurveyConfig, "model" | "training" | "seed" | "outDir">;
  /** The scene to train on (a path or URL). */
  scene: string;
}

export interface ClassifierResult {
  /** The model file the scene is classified with. */
  path: string;
  trained: boolean;
  classes: string[];
  /** Overall accuracy on the held-out training polygons, when trained. */
  heldOutAccuracy: number | undefined;
}

export async function classifierStage({ config, scene }: ClassifierContext): Promise<ClassifierResult> {
  if (config.model) {
    const model = loadModel(config.model);
    return { path: config.model, trained: false, classes: model.classes, heldOutAccuracy: undefined };
  }
  const t = config.training!;
  const trained = await trainModel({
    scenePath: scene,
    labelsPath: t.labels,
    classField: t.classField,
    seed: streamSeed(config.seed, "classifier"),
    trees: t.trees,
    maxDepth: t.maxDepth,
  });
  const path = join(config.outDir, "model.json");
  saveModel(trained.model, path);
  return { path, trained: true, classes: trained.model.classes, heldOutAccuracy: trained.accuracy?.overallAccuracy };
}

/** The target class must be a class of the model (InputError naming the config and the field). */
export function checkTargetClass(targetClass: string, classes: readonly string[], configPath?: string): void {
  if (!classes.includes(targetClass)) {
    throw new InputError(`${configPath ?? "config"}: targetClass: "${targetClass}" is not a class of the model (${classes.join(", ")})`, {
      field: "targetClass",
    });
  }
}
