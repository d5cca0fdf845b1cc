/**
 * @module imagery/compute/features
 * The feature vector a classifier sees: chosen reflectance bands plus spectral indices,
 * described by a plain-JSON `FeatureSpec` that a model file records, and computed per tile
 * on flat typed arrays, band-major (feature f of pixel i at f * nPixels + i).
 */
import { InputError } from "../../domain/errors.ts";
import { computeIndex, INDEX_BANDS, INDEX_NAMES, type IndexName } from "./indices.ts";
import { bandsOfIndices, SIMD_AVAILABLE, SimdArena } from "./simd-kernels.ts";

/** Canonical band names (STAC eo common names, red-edge numbered). */
export const CANONICAL_BANDS = [
  "coastal",
  "blue",
  "green",
  "red",
  "rededge1",
  "rededge2",
  "rededge3",
  "nir",
  "nir08",
  "nir09",
  "swir16",
  "swir22",
  "lwir",
] as const;
export type CanonicalBand = (typeof CANONICAL_BANDS)[number];

/** The radiometry of band values. */
export type Radiometry = "surface-reflectance" | "toa-reflectance" | "dn";
export const RADIOMETRIES: readonly Radiometry[] = ["surface-reflectance", "toa-reflectance", "dn"];

/** What a model was trained on. Plain JSON: stored in model files, compared before classifying. */
export interface FeatureSpec {
  version: 1;
  /** Canonical band names used as features, in order. */
  bands: string[];
  /** Spectral indices appended after the bands, in order. */
  indices: IndexName[];
  /**
   * What the band values are: surface reflectance (0..1 after each sensor's scale and offset, e.g. Sentinel-2 L2A,
   * Landsat Collection 2 L2), top-of-atmosphere reflectance, or raw digital numbers (Level-1 products without
   * reflectance calibration). A model only applies to scenes with the same scaling.
   */
  scaling: Radiometry;
}

/**
 * The default spec: every reflective band a scene may have (Sentinel-2's coastal, red edges, B8A and B9 where
 * present, the six broad bands common to Sentinel-2 and Landsat), plus NDVI, EVI, NDMI, NDWI, SAVI, NBR.
 * `featureSpecForScene` keeps the bands the scene has, so a Landsat TM scene still gets its six.
 */
export const DEFAULT_FEATURE_SPEC: FeatureSpec = {
  version: 1,
  bands: ["coastal", "blue", "green", "red", "rededge1", "rededge2", "rededge3", "nir", "nir08", "nir09", "swir16", "swir22"],
  indices: ["ndvi", "evi", "ndmi", "ndwi", "savi", "nbr"],
  scaling: "surface-reflectance",
};

/** Feature names in layout order, e.g. ["blue", ..., "ndvi", ...]. */
export function featureNames(spec: FeatureSpec): string[] {
  return [...spec.bands, ...spec.indices];
}

/** Every band the spec reads (its bands plus those its indices need), deduplicated, in a stable order. */
export function requiredBands(spec: FeatureSpec): string[] {
  const set = new Set<string>(spec.bands);
  for (const idx of spec.indices) for (const b of INDEX_BANDS[idx]) set.add(b);
  return [...set];
}

/** Validate an untrusted spec (from a model file or flags); throws InputError naming the problem. */
export function parseFeatureSpec(value: unknown, source = "feature spec"): FeatureSpec {
  const v = value as Partial<FeatureSpec> | null;
  if (!v || typeof v !== "object") throw new InputError(`${source}: not an object`);
  if (v.version !== 1) throw new InputError(`${source}: unsupported feature spec version ${String(v.version)} (expected 1)`);
  if (!Array.isArray(v.bands) || !v.bands.every((b) => typeof b === "string")) throw new InputError(`${source}: bands must be a list of band names`);
  if (!Array.isArray(v.indices) || !v.indices.every((i) => (INDEX_NAMES as readonly string[]).includes(i))) {
    throw new InputError(`${source}: indices must be a list from ${INDEX_NAMES.join(", ")}`);
  }
  if (!RADIOMETRIES.includes(v.scaling as Radiometry)) throw new InputError(`${source}: scaling must be one of ${RADIOMETRIES.join(", ")}`);
  if (v.bands.length + v.indices.length === 0) throw new InputError(`${source}: no features`);
  return { version: 1, bands: [...v.bands], indices: [...v.indices], scaling: v.scaling as Radiometry };
}

/** True when two specs give the same features in the same order. */
export function sameFeatureSpec(a: FeatureSpec, b: FeatureSpec): boolean {
  return a.scaling === b.scaling && featureNames(a).join(",") === featureNames(b).join(",");
}

export interface ComputeFeaturesOptions {
  /** 1 = usable pixel, 0 = masked (cloud, shadow, nodata): all its features become NaN. */
  valid?: Uint8Array;
  /** Reuse an output buffer of at least nFeatures * nPixels. */
  out?: Float32Array;
  /** Compute the indices with the WebAssembly SIMD kernel when available (default true; the same values either way). */
  simd?: boolean;
}

/** One arena per thread (each worker has its own module instance): the kernel's memory, reused tile after tile. */
let arena: SimdArena | undefined;

/**
 * The indices through the SIMD kernel, in one pass that reads each band once: the bands are copied into the kernel's
 * memory, the indices computed there, and copied out to feature f0, f0 + 1, ... of `result`.
 */
function computeIndicesSimd(
  bands: Readonly<Record<string, Float32Array>>,
  nPixels: number,
  indices: readonly IndexName[],
  result: Float32Array,
  f0: number,
): void {
  const names = bandsOfIndices(indices);
  arena ??= new SimdArena();
  arena.reset();
  arena.reserve((names.length + indices.length) * (Math.ceil((nPixels * 4) / 16) * 16));
  const ins: Record<string, Float32Array> = {};
  for (const b of names) {
    const a = arena.alloc(nPixels);
    a.set(bands[b]!.subarray(0, nPixels));
    ins[b] = a;
  }
  const outs = indices.map(() => arena!.alloc(nPixels));
  arena.indices(indices, ins, outs, nPixels, (from) => {
    const tail: Record<string, Float32Array> = {};
    for (const b of names) tail[b] = ins[b]!.subarray(from);
    indices.forEach((idx, k) => computeIndex(idx, tail, nPixels - from, outs[k]!, from));
  });
  outs.forEach((o, k) => result.set(o, (f0 + k) * nPixels));
}

/**
 * Features of `nPixels` pixels, band-major: feature f of pixel i at `f * nPixels + i`.
 * `bands` maps canonical band names to arrays in the spec's scaling (NaN where masked or nodata).
 */
export function computeFeatures(
  bands: Readonly<Record<string, Float32Array>>,
  nPixels: number,
  spec: FeatureSpec,
  { valid, out, simd = true }: ComputeFeaturesOptions = {},
): Float32Array {
  const nFeatures = spec.bands.length + spec.indices.length;
  const result = out ?? new Float32Array(nFeatures * nPixels);
  if (result.length < nFeatures * nPixels) throw new RangeError(`output buffer holds ${result.length} values, need ${nFeatures * nPixels}`);
  for (const b of requiredBands(spec)) {
    const a = bands[b];
    if (!a) throw new RangeError(`feature band "${b}" is missing (have: ${Object.keys(bands).join(", ") || "none"})`);
    if (a.length < nPixels) throw new RangeError(`band "${b}" has ${a.length} pixels, expected ${nPixels}`);
  }
  let f = 0;
  for (const b of spec.bands) {
    result.set(bands[b]!.subarray(0, nPixels), f * nPixels);
    f++;
  }
  if (simd && SIMD_AVAILABLE && spec.indices.length > 0 && nPixels >= 16) {
    computeIndicesSimd(bands, nPixels, spec.indices, result, f);
  } else {
    for (const idx of spec.indices) {
      computeIndex(idx, bands, nPixels, result, f * nPixels);
      f++;
    }
  }
  if (valid) {
    for (let i = 0; i < nPixels; i++) {
      if (valid[i] === 0) for (let k = 0; k < nFeatures; k++) result[k * nPixels + i] = NaN;
    }
  }
  return result;
}
