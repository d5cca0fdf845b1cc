/**
 * @module imagery/classify/model
 * The classifier model: a random forest with its classes, its feature specification and how it was
 * trained, saved as a versioned JSON file (typed arrays as little-endian base64, guarded by a SHA-256).
 */
import { createHash } from "node:crypto";
import { createClassLegend, type ClassLegend } from "../../domain/class-legend.ts";
import { DataError } from "../../domain/errors.ts";
import { sha256 } from "../../io/checksum.ts";
import { readBytesFileSync } from "../../io/read-file.ts";
import { writeFileAtomic } from "../../io/atomic-write.ts";
import { featureNames as featureNamesOf, parseFeatureSpec, type FeatureSpec } from "../compute/features.ts";
import { predictForest, type Forest, type ForestParams } from "./random-forest.ts";

/** The `format` string of a model file. */
export const MODEL_FORMAT = "coca-monitor-random-forest";
/** The model file version this code writes and reads. */
export const MODEL_VERSION = 1;

/** Where a model came from: what it was trained on. */
export interface ModelProvenance {
  sceneFile?: string;
  labelsFile?: string;
  labelsSha256?: string;
  classField?: string;
  trainingPixels: number;
  trainingPolygons: number;
  validationPixels: number;
  validationPolygons: number;
}

export interface Model {
  /** Class names; the class map code of `classes[k]` is k + 1 (0 = nodata / masked). */
  classes: string[];
  /** Feature names in layout order (from the spec). */
  featureNames: string[];
  spec: FeatureSpec;
  params: ForestParams;
  seed: number;
  /** Share of training pixels the forest classifies correctly (resubstitution, 0..1). */
  trainingAccuracy: number;
  /** Overall accuracy on the held-out polygons (0..1), when there were any. */
  validationAccuracy?: number;
  provenance: ModelProvenance;
  forest: Forest;
}

type ForestArrayName = "roots" | "feature" | "threshold" | "left" | "right" | "value";
const ARRAY_NAMES: readonly ForestArrayName[] = ["roots", "feature", "threshold", "left", "right", "value"];

function toBase64(a: Int32Array | Float32Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("base64");
}

function fromBase64<T extends Int32Array | Float32Array>(s: string, Ctor: { new (n: number): T; BYTES_PER_ELEMENT: number }): T {
  const bytes = Buffer.from(s, "base64");
  if (bytes.byteLength % Ctor.BYTES_PER_ELEMENT !== 0) throw new Error("array length is not a whole number of elements");
  const out = new Ctor(bytes.byteLength / Ctor.BYTES_PER_ELEMENT);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

function forestDigest(arrays: Record<ForestArrayName, string>): string {
  const h = createHash("sha256");
  for (const name of ARRAY_NAMES) h.update(name).update(arrays[name]);
  return h.digest("hex");
}

/** The model as the JSON text of a model file. */
export function serializeModel(model: Model): string {
  const { forest, ...rest } = model;
  const arrays = Object.fromEntries(ARRAY_NAMES.map((n) => [n, toBase64(forest[n])])) as Record<ForestArrayName, string>;
  const file = {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    ...rest,
    forest: { nFeatures: forest.nFeatures, nClasses: forest.nClasses, nNodes: forest.feature.length, sha256: forestDigest(arrays), ...arrays },
  };
  return `${JSON.stringify(file)}\n`;
}

/** Save a model atomically (temporary file, then rename). */
export function saveModel(model: Model, path: string): void {
  writeFileAtomic(path, serializeModel(model));
}

/**
 * Parse and check a model file's text. Throws DataError naming `source` for an unknown format or version,
 * a corrupt file (bad JSON, a checksum mismatch, arrays of the wrong size, node links out of range).
 */
export function parseModel(text: string, source: string): Model {
  const bad = (why: string, cause?: unknown): DataError => new DataError(`model file ${source} is corrupt: ${why}`, { cause });
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw bad(`not valid JSON (${(error as Error).message})`, error);
  }
  if (!raw || typeof raw !== "object" || raw.format !== MODEL_FORMAT)
    throw new DataError(`${source} is not a Coca Monitor model file (format "${String(raw?.format)}", expected "${MODEL_FORMAT}")`);
  if (raw.version !== MODEL_VERSION)
    throw new DataError(`model file ${source} has format version ${String(raw.version)}; this Coca Monitor reads version ${MODEL_VERSION} only`);
  const f = raw.forest as Record<string, unknown> | undefined;
  if (!f || typeof f !== "object") throw bad("no forest");
  const arrays = {} as Record<ForestArrayName, string>;
  for (const n of ARRAY_NAMES) {
    if (typeof f[n] !== "string") throw bad(`forest.${n} is missing`);
    arrays[n] = f[n] as string;
  }
  if (f.sha256 !== forestDigest(arrays)) throw bad("forest checksum does not match its arrays");
  const nFeatures = f.nFeatures as number;
  const nClasses = f.nClasses as number;
  const nNodes = f.nNodes as number;
  let forest: Forest;
  try {
    forest = {
      nFeatures,
      nClasses,
      roots: fromBase64(arrays.roots, Int32Array),
      feature: fromBase64(arrays.feature, Int32Array),
      threshold: fromBase64(arrays.threshold, Float32Array),
      left: fromBase64(arrays.left, Int32Array),
      right: fromBase64(arrays.right, Int32Array),
      value: fromBase64(arrays.value, Float32Array),
    };
  } catch (error) {
    throw bad((error as Error).message, error);
  }
  checkForest(forest, nNodes, bad);
  const classes = raw.classes;
  if (!Array.isArray(classes) || classes.length !== nClasses || !classes.every((c) => typeof c === "string")) throw bad(`classes must be ${nClasses} names`);
  let spec: FeatureSpec;
  try {
    spec = parseFeatureSpec(raw.spec, `model file ${source}`);
  } catch (error) {
    throw bad((error as Error).message, error);
  }
  const names = featureNamesOf(spec);
  if (names.length !== nFeatures || JSON.stringify(names) !== JSON.stringify(raw.featureNames))
    throw bad(`feature names ${JSON.stringify(raw.featureNames)} do not match its feature spec (${names.join(", ")})`);
  return {
    classes: classes as string[],
    featureNames: names,
    spec,
    params: raw.params as ForestParams,
    seed: raw.seed as number,
    trainingAccuracy: raw.trainingAccuracy as number,
    ...(typeof raw.validationAccuracy === "number" ? { validationAccuracy: raw.validationAccuracy } : {}),
    provenance: raw.provenance as ModelProvenance,
    forest,
  };
}

/** Structural checks that make a corrupt forest fail here rather than loop or read out of bounds later. */
function checkForest(forest: Forest, nNodes: number, bad: (why: string) => DataError): void {
  const { nFeatures, nClasses, roots, feature, threshold, left, right, value } = forest;
  if (!(Number.isInteger(nFeatures) && nFeatures > 0 && Number.isInteger(nClasses) && nClasses > 0 && nClasses < 255))
    throw bad(`nFeatures ${nFeatures} / nClasses ${nClasses} out of range`);
  if (feature.length !== nNodes || threshold.length !== nNodes || left.length !== nNodes || right.length !== nNodes)
    throw bad(`node arrays do not all have ${nNodes} entries`);
  if (value.length !== nNodes * nClasses) throw bad(`value array has ${value.length} entries, expected ${nNodes * nClasses}`);
  if (roots.length === 0) throw bad("no trees");
  for (const r of roots) if (!(r >= 0 && r < nNodes)) throw bad(`tree root ${r} out of range`);
  for (let n = 0; n < nNodes; n++) {
    const f = feature[n]!;
    if (f === -1) continue;
    // Children always follow their parent, so a walk from any root ends at a leaf.
    if (f < 0 || f >= nFeatures || !(left[n]! > n && left[n]! < nNodes && right[n]! > n && right[n]! < nNodes))
      throw bad(`node ${n} has an invalid feature or child link`);
  }
}

/** Load a model file; NotFoundError when it does not exist, DataError when it is not a usable model. */
export function loadModel(path: string): Model {
  return loadModelFile(path).model;
}

/** Load a model file with the SHA-256 of its bytes (what a tile job refers to it by). */
export function loadModelFile(path: string): { model: Model; sha256: string } {
  const bytes = readBytesFileSync(path, { what: "model file", unreadable: "data" });
  return { model: parseModel(Buffer.from(bytes).toString("utf8"), path), sha256: sha256(bytes) };
}

/** Throw DataError unless the model was trained on exactly the features `spec` gives (same names, order and scaling). */
/**
 * The legend of the class maps the model writes: `classes[k]` has code k + 1 (0 = nodata / masked), with the
 * default colours of domain/class-legend (the land-cover colours by name, else distinct palette colours).
 */
export function modelLegend(model: Pick<Model, "classes">): ClassLegend {
  return createClassLegend(model.classes);
}

export function assertFeaturesMatch(model: Model, spec: FeatureSpec, what = "the scene"): void {
  const have = featureNamesOf(spec);
  if (model.spec.scaling !== spec.scaling) throw new DataError(`the model was trained on ${model.spec.scaling} values but ${what} gives ${spec.scaling}`);
  if (have.join(",") !== model.featureNames.join(","))
    throw new DataError(`the model needs features [${model.featureNames.join(", ")}] but ${what} gives [${have.join(", ")}]`);
}

/**
 * Classify pixels: writes class codes 1..K (`model.classes[code - 1]`) into `out`, and 0 where any feature is NaN (masked).
 * @param features band-major, feature f of pixel i at `features[f * nPixels + i]`
 */
export function predictInto(model: Model, features: Float32Array, nPixels: number, out: Uint8Array): void {
  predictForest(model.forest, features, nPixels, out);
  for (let i = 0; i < nPixels; i++) out[i] = out[i] === 255 ? 0 : out[i]! + 1;
}
