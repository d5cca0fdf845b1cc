/**
 * @module imagery/classify/train
 * Training a classifier from labelled polygons over a scene: rasterise the labels on the scene grid,
 * split training and validation by polygon (seeded), read features only in the tiles that hold labelled
 * pixels, grow the forest, and assess it on the held-out polygons.
 */
import { createHash } from "node:crypto";
import { DataError } from "../../domain/errors.ts";
import { readBytesFileSync } from "../../io/read-file.ts";
import type { PixelWindow } from "../../domain/raster-grid.ts";
import { createRandom, type Random } from "../../stats/random.ts";
import { featureNames, type FeatureSpec } from "../compute/features.ts";
import { openScene, type Scene } from "../read/scene.ts";
import { accuracyReport, type AccuracyReport } from "./accuracy.ts";
import { rasterizeLabels, readLabels, type LabelSet } from "./labels.ts";
import type { Model, ModelProvenance } from "./model.ts";
import { DEFAULT_FOREST_PARAMS, predictForest, trainForest, type ForestParams } from "./random-forest.ts";
import { featureSpecForScene, featureSpecFromNames, sceneFeatureSource, type FeatureSource } from "./scene-features.ts";
import { splitByPolygon } from "./split.ts";

/** Labelled pixels and polygons of one class in the training and validation sets. */
export interface ClassSamples {
  className: string;
  trainingPolygons: number;
  validationPolygons: number;
  trainingPixels: number;
  validationPixels: number;
}

export interface TrainResult {
  model: Model;
  /** Accuracy on the held-out polygons (pixel counts), or null when nothing was held out. */
  accuracy: AccuracyReport | null;
  samples: ClassSamples[];
  /** Labelled pixels dropped because the scene masks them (cloud, shadow, nodata). */
  maskedPixels: number;
}

export interface TrainFromLabelsOptions {
  source: FeatureSource;
  labels: LabelSet;
  params?: Partial<ForestParams>;
  /** Share of each class's polygons held out for validation (default 0.3). */
  validationFraction?: number;
  /** Seed of the split and the forest (default 0). */
  seed?: number;
  /** Window size for reading features (default 512 px). */
  tileSizePx?: number;
  provenance?: Partial<ModelProvenance>;
}

/** Labelled pixels read from a feature source, split by polygon into training and validation sets. */
export interface SampleSets {
  classes: string[];
  nFeatures: number;
  /** Band-major features (feature f of sample i at f * nTrain + i) and class indices of the training pixels. */
  xTrain: Float32Array;
  yTrain: Uint8Array;
  nTrain: number;
  xValid: Float32Array;
  yValid: Uint8Array;
  nValid: number;
  /** Label polygon (index into the label set) of each training and validation pixel. */
  polygonTrain: Int32Array;
  polygonValid: Int32Array;
  samples: ClassSamples[];
  maskedPixels: number;
}

/**
 * Rasterise the labels on the source's grid, split them by polygon (class by class, drawing from `random`),
 * and read the features of every labelled pixel, tile by tile (only tiles holding labelled pixels are read).
 */
export async function collectSamples(
  source: FeatureSource,
  labels: LabelSet,
  { validationFraction = 0.3, tileSizePx = 512, random }: { validationFraction?: number; tileSizePx?: number; random: Random },
): Promise<SampleSets> {
  const { grid, spec } = source;
  const { width, height } = grid;
  const nFeatures = featureNames(spec).length;
  const lr = rasterizeLabels(labels, grid);
  const isValidation = splitByPolygon(lr.classOfPolygon, validationFraction, random);
  // Bounding box of labelled pixels and the capacity of each set.
  const cap = [0, 0];
  let bx0 = width;
  let by0 = height;
  let bx1 = 0;
  let by1 = 0;
  for (let r = 0; r < height; r++)
    for (let c = 0; c < width; c++) {
      const p = lr.polygonOf[r * width + c]!;
      if (p < 0) continue;
      cap[isValidation[p]!]!++;
      bx0 = Math.min(bx0, c);
      by0 = Math.min(by0, r);
      bx1 = Math.max(bx1, c + 1);
      by1 = Math.max(by1, r + 1);
    }
  const sets = cap.map((n) => ({ x: new Float32Array(n * nFeatures), y: new Uint8Array(n), polygon: new Int32Array(n), n: 0, cap: n }));
  let maskedPixels = 0;
  for (let y0 = by0; y0 < by1; y0 += tileSizePx) {
    for (let x0 = bx0; x0 < bx1; x0 += tileSizePx) {
      const w: PixelWindow = { x0, y0, x1: Math.min(x0 + tileSizePx, bx1), y1: Math.min(y0 + tileSizePx, by1) };
      const ww = w.x1 - w.x0;
      const n = ww * (w.y1 - w.y0);
      let any = false;
      for (let r = w.y0; r < w.y1 && !any; r++)
        for (let c = w.x0; c < w.x1; c++)
          if (lr.polygonOf[r * width + c]! >= 0) {
            any = true;
            break;
          }
      if (!any) continue;
      const f = await source.readFeatures(w);
      for (let i = 0; i < n; i++) {
        const p = lr.polygonOf[(w.y0 + Math.floor(i / ww)) * width + w.x0 + (i % ww)]!;
        if (p < 0) continue;
        let masked = false;
        for (let k = 0; k < nFeatures; k++) if (Number.isNaN(f[k * n + i]!)) masked = true;
        if (masked) {
          maskedPixels++;
          continue;
        }
        const s = sets[isValidation[p]!]!;
        for (let k = 0; k < nFeatures; k++) s.x[k * s.cap + s.n] = f[k * n + i]!;
        s.y[s.n] = lr.classOfPolygon[p]!;
        s.polygon[s.n] = p;
        s.n++;
      }
    }
  }
  // Compact each set to band-major with stride = its sample count.
  const compact = (s: (typeof sets)[number]): Float32Array => {
    const out = new Float32Array(s.n * nFeatures);
    for (let k = 0; k < nFeatures; k++) out.set(s.x.subarray(k * s.cap, k * s.cap + s.n), k * s.n);
    return out;
  };
  const train = sets[0]!;
  const valid = sets[1]!;
  if (train.n === 0) throw new DataError(`${labels.source}: no unmasked labelled pixels to train on`);
  const samples: ClassSamples[] = lr.classes.map((className) => ({
    className,
    trainingPolygons: 0,
    validationPolygons: 0,
    trainingPixels: 0,
    validationPixels: 0,
  }));
  lr.classOfPolygon.forEach((k, p) => (isValidation[p] ? samples[k]!.validationPolygons++ : samples[k]!.trainingPolygons++));
  for (let i = 0; i < train.n; i++) samples[train.y[i]!]!.trainingPixels++;
  for (let i = 0; i < valid.n; i++) samples[valid.y[i]!]!.validationPixels++;
  return {
    classes: lr.classes,
    nFeatures,
    xTrain: compact(train),
    yTrain: train.y.subarray(0, train.n),
    nTrain: train.n,
    xValid: compact(valid),
    yValid: valid.y.subarray(0, valid.n),
    nValid: valid.n,
    polygonTrain: train.polygon.subarray(0, train.n),
    polygonValid: valid.polygon.subarray(0, valid.n),
    samples,
    maskedPixels,
  };
}

/** Train and assess a forest from labels already read, over any feature source. */
export async function trainFromLabels(options: TrainFromLabelsOptions): Promise<TrainResult> {
  const { source, labels, validationFraction = 0.3, seed = 0, tileSizePx = 512 } = options;
  const params: ForestParams = { ...DEFAULT_FOREST_PARAMS, ...options.params };
  const random = createRandom(seed);
  const sets = await collectSamples(source, labels, { validationFraction, tileSizePx, random });
  const { xTrain, yTrain, nTrain, xValid, yValid, nValid, nFeatures, samples, maskedPixels } = sets;
  const forest = trainForest(xTrain, yTrain, nTrain, nFeatures, sets.classes.length, params, random);

  const predTrain = new Uint8Array(nTrain);
  predictForest(forest, xTrain, nTrain, predTrain);
  let correct = 0;
  for (let i = 0; i < nTrain; i++) if (predTrain[i] === yTrain[i]) correct++;
  let accuracy: AccuracyReport | null = null;
  if (nValid > 0) {
    const predValid = new Uint8Array(nValid);
    predictForest(forest, xValid, nValid, predValid);
    accuracy = accuracyReport(yValid, predValid, sets.classes);
  }
  const model: Model = {
    classes: sets.classes,
    featureNames: featureNames(source.spec),
    spec: source.spec,
    params,
    seed,
    trainingAccuracy: correct / nTrain,
    ...(accuracy ? { validationAccuracy: accuracy.overallAccuracy } : {}),
    provenance: {
      ...options.provenance,
      trainingPixels: nTrain,
      validationPixels: nValid,
      trainingPolygons: samples.reduce((s, c) => s + c.trainingPolygons, 0),
      validationPolygons: samples.reduce((s, c) => s + c.validationPolygons, 0),
    },
    forest,
  };
  return { model, accuracy, samples, maskedPixels };
}

export interface TrainModelOptions {
  /** Scene path or URL (see openScene), or an open scene. */
  scenePath?: string;
  scene?: Scene;
  labelsPath: string;
  classField: string;
  seed?: number;
  trees?: number;
  maxDepth?: number;
  mtry?: number;
  minSamplesLeaf?: number;
  validationFraction?: number;
  /** Features to use (default: the default spec's bands and indices the scene has, in its radiometry). */
  spec?: FeatureSpec;
  /** Features by name (bands, Sentinel-2 band names, indices, `default`, `all-bands`); overrides `spec`. */
  features?: readonly string[];
}

/**
 * Train a model from files: `trainModel({scenePath, labelsPath, classField, seed, trees, maxDepth})` returns
 * the model (not yet saved: see saveModel) and the accuracy report on held-out polygons.
 */
export async function trainModel(options: TrainModelOptions): Promise<TrainResult> {
  const labels = readLabels(options.labelsPath, options.classField);
  const labelsSha256 = createHash("sha256")
    .update(readBytesFileSync(options.labelsPath, { what: "labels file", unreadable: "data" }))
    .digest("hex");
  const scene = options.scene ?? (await openScene(options.scenePath ?? ""));
  try {
    const spec = options.features ? featureSpecFromNames(scene, options.features) : (options.spec ?? featureSpecForScene(scene));
    return await trainFromLabels({
      source: sceneFeatureSource(scene, spec),
      labels,
      seed: options.seed,
      validationFraction: options.validationFraction,
      params: {
        ...(options.trees !== undefined ? { trees: options.trees } : {}),
        ...(options.maxDepth !== undefined ? { maxDepth: options.maxDepth } : {}),
        ...(options.mtry !== undefined ? { mtry: options.mtry } : {}),
        ...(options.minSamplesLeaf !== undefined ? { minSamplesLeaf: options.minSamplesLeaf } : {}),
      },
      provenance: { sceneFile: scene.ref, labelsFile: options.labelsPath, labelsSha256, classField: options.classField },
    });
  } finally {
    if (!options.scene) await scene.close();
  }
}
