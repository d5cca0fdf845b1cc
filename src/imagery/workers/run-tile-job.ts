/**
 * @module imagery/workers/run-tile-job
 * Run one classify tile job: read the scene window, mask clouds/shadows/nodata, compute features, predict.
 * Open scenes and loaded models are cached per thread (by reference), since a worker runs many tiles.
 */
import { DataError } from "../../domain/errors.ts";
import { computeFeatures, sameFeatureSpec } from "../compute/features.ts";
import { maskFromQaPixel, maskFromScl, maskNaN, MASK_CLEAR } from "../compute/masks.ts";
import { loadModelFile, predictInto, type Model } from "../classify/model.ts";
import { newSceneScratch, openScene, type Scene, type SceneScratch } from "../read/scene.ts";
import type { TileJob, TileResult } from "./tile-job.ts";

const scenes = new Map<string, Promise<Scene>>();
const models = new Map<string, Model>();

function sceneFor(job: TileJob): Promise<Scene> {
  const key = `${job.scene.ref}\u0000${job.scene.sensor ?? ""}`;
  let s = scenes.get(key);
  if (!s) {
    s = openScene(job.scene.ref, { sensor: job.scene.sensor });
    scenes.set(key, s);
    s.catch(() => scenes.delete(key));
  }
  return s;
}

/** The job's model, verified against its SHA-256 when first loaded by this thread. */
function modelFor(ref: TileJob["model"]): Model {
  const key = `${ref.path}\u0000${ref.sha256}`;
  let m = models.get(key);
  if (!m) {
    const loaded = loadModelFile(ref.path);
    if (loaded.sha256 !== ref.sha256) {
      throw new DataError(`model file ${ref.path}: SHA-256 ${loaded.sha256} is not the job's ${ref.sha256} (the file changed after the job was made)`);
    }
    m = loaded.model;
    models.set(key, m);
  }
  return m;
}

/** Close cached scenes and forget cached models (tests, and the end of an inline run). */
export async function clearTileCaches(): Promise<void> {
  const open = [...scenes.values()];
  scenes.clear();
  models.clear();
  await Promise.all(open.map((p) => p.then((s) => s.close()).catch(() => undefined)));
}

/**
 * Buffers a tile reuses (the bands read, the mask, the features), one set per tile in flight (a worker runs two at
 * once, one reading while the other computes): tile after tile allocates almost nothing, which cut garbage-collection
 * time that had been a fifth of a classification's CPU.
 */
interface TileScratch {
  scene: SceneScratch;
  mask?: Uint8Array;
  valid?: Uint8Array;
  features?: Float32Array;
}
const idleScratch: TileScratch[] = [];

const bytes = (held: Uint8Array | undefined, n: number): Uint8Array => (held && held.length === n ? held : new Uint8Array(n));
const floats = (held: Float32Array | undefined, n: number): Float32Array => (held && held.length === n ? held : new Float32Array(n));

/** Classify one tile. */
export async function runTileJob(job: TileJob): Promise<TileResult> {
  const model = modelFor(job.model);
  if (!sameFeatureSpec(model.spec, job.spec)) {
    throw new DataError(`model ${job.model.path} was trained on features [${model.featureNames.join(", ")}] (${model.spec.scaling}), not the job's`);
  }
  const scene = await sceneFor(job);
  const { window } = job;
  const n = (window.x1 - window.x0) * (window.y1 - window.y0);
  const scratch = idleScratch.pop() ?? { scene: newSceneScratch() };
  try {
    const bands = await scene.readBands(window, job.bands, { scratch: scratch.scene });
    const quality = await scene.readQuality(window, { scratch: scratch.scene });
    const mask = (scratch.mask = bytes(scratch.mask, n));
    if (quality) {
      if (scene.qualityBand === "scl") maskFromScl(quality, n, mask);
      else maskFromQaPixel(quality, n, mask);
    } else mask.fill(MASK_CLEAR);
    maskNaN(Object.values(bands), n, mask);
    const valid = (scratch.valid = bytes(scratch.valid, n));
    for (let i = 0; i < n; i++) valid[i] = mask[i] === MASK_CLEAR ? 1 : 0;
    const nFeatures = job.spec.bands.length + job.spec.indices.length;
    const out = (scratch.features = floats(scratch.features, nFeatures * n));
    const features = computeFeatures(bands, n, job.spec, { valid, out });
    // The classes leave the worker (transferred to the writer): a new array per tile.
    const classes = new Uint8Array(n);
    predictInto(model, features, n, classes);
    const counts = new Array<number>(model.classes.length + 1).fill(0);
    for (let i = 0; i < n; i++) {
      if (valid[i] === 0) classes[i] = 0;
      counts[classes[i]!]!++;
    }
    return { tileCol: job.output.tileCol, tileRow: job.output.tileRow, classes, counts };
  } finally {
    idleScratch.push(scratch);
  }
}
