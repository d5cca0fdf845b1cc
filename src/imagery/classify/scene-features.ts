/**
 * @module imagery/classify/scene-features
 * Features of a scene window for training: the spec's bands and indices, NaN where the scene's quality
 * band (SCL or QA_PIXEL) marks cloud, shadow, snow or nodata.
 */
import type { PixelWindow, RasterGrid } from "../../domain/raster-grid.ts";
import { DataError, InputError } from "../../domain/errors.ts";
import { CANONICAL_BANDS, computeFeatures, DEFAULT_FEATURE_SPEC, requiredBands, type FeatureSpec } from "../compute/features.ts";
import { INDEX_BANDS, INDEX_NAMES, type IndexName } from "../compute/indices.ts";
import { canonicalBandName } from "../read/band-names.ts";
import { maskFromQaPixel, maskFromScl, validFromMask } from "../compute/masks.ts";
import type { Scene } from "../read/scene.ts";

/** Where training pixels' features come from: any source of band-major feature windows on a grid. */
export interface FeatureSource {
  readonly grid: RasterGrid;
  readonly spec: FeatureSpec;
  /** Features of a window: band-major (feature f of pixel i at f * n + i), NaN where masked. */
  readFeatures(window: PixelWindow): Promise<Float32Array>;
}

/**
 * The feature spec a scene supports: the bands of `base` the scene has, the indices whose bands it has,
 * and the scene's radiometry.
 */
export function featureSpecForScene(scene: Scene, base: FeatureSpec = DEFAULT_FEATURE_SPEC): FeatureSpec {
  const have = new Set(scene.bandNames);
  const spec: FeatureSpec = {
    version: 1,
    bands: base.bands.filter((b) => have.has(b)),
    indices: base.indices.filter((i) => INDEX_BANDS[i].every((b) => have.has(b))),
    scaling: scene.radiometry,
  };
  if (spec.bands.length + spec.indices.length === 0)
    throw new DataError(`${scene.ref}: none of the feature bands (${base.bands.join(", ")}) is in the scene (${scene.bandNames.join(", ")})`);
  return spec;
}

/**
 * A feature spec from names, in the order given: canonical band names (`coastal`, `blue`, …, `rededge1`, `nir08`,
 * `nir09`, `swir16`), Sentinel-2 band names (`B5`, `B8A`), index names (`ndvi`, …), `default` (the default set
 * the scene has) and `all-bands` (every reflective band the scene has). Every named band and every index's
 * bands must be in the scene.
 * @example featureSpecFromNames(scene, ["rededge1", "rededge2", "nir", "ndvi"])
 */
export function featureSpecFromNames(scene: Scene, names: readonly string[], what = "--features"): FeatureSpec {
  const have = new Set(scene.bandNames);
  const bands: string[] = [];
  const indices: IndexName[] = [];
  const addBand = (b: string): void => {
    if (!bands.includes(b)) bands.push(b);
  };
  for (const raw of names) {
    const name = raw.trim();
    if (name === "") continue;
    const lower = name.toLowerCase();
    if (lower === "default") {
      const d = featureSpecForScene(scene);
      d.bands.forEach(addBand);
      for (const i of d.indices) if (!indices.includes(i)) indices.push(i);
      continue;
    }
    if (lower === "all-bands") {
      for (const b of CANONICAL_BANDS) if (have.has(b) && b !== "lwir") addBand(b);
      continue;
    }
    if ((INDEX_NAMES as readonly string[]).includes(lower)) {
      const idx = lower as IndexName;
      const missing = INDEX_BANDS[idx].filter((b) => !have.has(b));
      if (missing.length > 0)
        throw new DataError(
          `${what}: index ${idx} needs band(s) ${missing.join(", ")}, which ${scene.ref} does not have (it has ${scene.bandNames.join(", ")})`,
        );
      if (!indices.includes(idx)) indices.push(idx);
      continue;
    }
    const band = (CANONICAL_BANDS as readonly string[]).includes(lower) ? lower : canonicalBandName(name, "sentinel-2");
    if (band === undefined || !(CANONICAL_BANDS as readonly string[]).includes(band)) {
      throw new InputError(
        `${what}: unknown feature "${name}" (expected a band: ${CANONICAL_BANDS.join(", ")} or a Sentinel-2 name such as B5, B8A; an index: ${INDEX_NAMES.join(", ")}; or default, all-bands)`,
        { field: "features" },
      );
    }
    if (!have.has(band))
      throw new DataError(`${what}: band ${band}${band !== lower ? ` (${name})` : ""} is not in ${scene.ref} (it has ${scene.bandNames.join(", ")})`);
    addBand(band);
  }
  if (bands.length + indices.length === 0) throw new InputError(`${what}: no features named`, { field: "features" });
  return { version: 1, bands, indices, scaling: scene.radiometry };
}

/** A FeatureSource over an open scene (bands read per window, quality band applied when present). */
export function sceneFeatureSource(scene: Scene, spec: FeatureSpec = featureSpecForScene(scene)): FeatureSource {
  const bands = requiredBands(spec);
  const missing = bands.filter((b) => !scene.bandNames.includes(b));
  if (missing.length > 0) throw new DataError(`${scene.ref}: band(s) ${missing.join(", ")} missing (the scene has ${scene.bandNames.join(", ")})`);
  return {
    grid: scene.grid,
    spec,
    async readFeatures(window) {
      const n = (window.x1 - window.x0) * (window.y1 - window.y0);
      const data = await scene.readBands(window, bands);
      const quality = await scene.readQuality(window);
      let valid: Uint8Array | undefined;
      if (quality) valid = validFromMask(scene.qualityBand === "scl" ? maskFromScl(quality, n) : maskFromQaPixel(quality, n), n);
      return computeFeatures(data, n, spec, { valid });
    },
  };
}
