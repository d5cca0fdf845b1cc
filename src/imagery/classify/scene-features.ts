/**
 * @module imagery/classify/scene-features
 * Features of a scene window for training: the spec's bands and indices, NaN where the scene's quality
 * band (SCL or QA_PIXEL) marks cloud, shadow, snow or nodata.
 */
import type { PixelWindow, RasterGrid } from "../../domain/raster-grid.ts";
import { DataError } from "../../domain/errors.ts";
import { computeFeatures, DEFAULT_FEATURE_SPEC, requiredBands, type FeatureSpec } from "../compute/features.ts";
import { INDEX_BANDS } from "../compute/indices.ts";
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
