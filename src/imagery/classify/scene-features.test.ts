import { describe, expect, it } from "vitest";
import { hasShared, sharedPath } from "../../../test/support/shared.ts";
import { DataError, InputError } from "../../domain/errors.ts";
import { openScene } from "../read/scene.ts";
import { featureSpecForScene, featureSpecFromNames } from "./scene-features.ts";

const S2 = sharedPath("data/rstoolbox-amazon/sen2_l2a_12band_reflectance.tif");
const LSAT = sharedPath("data/rstoolbox-amazon/lsat_tm5_7band_dn.tif");
const haveScenes = hasShared("the feature-selection tests on the real Sentinel-2 and Landsat scenes", S2, LSAT);

describe.skipIf(!haveScenes)("feature selection on real scenes", () => {
  it("uses every reflective Sentinel-2 band by default: coastal, the red edges, B8A and B9 included", async () => {
    const scene = await openScene(S2);
    try {
      const spec = featureSpecForScene(scene);
      expect(spec.bands).toEqual(["coastal", "blue", "green", "red", "rededge1", "rededge2", "rededge3", "nir", "nir08", "nir09", "swir16", "swir22"]);
      expect(spec.indices).toEqual(["ndvi", "evi", "ndmi", "ndwi", "savi", "nbr"]);
    } finally {
      await scene.close();
    }
  });

  it("keeps Landsat TM's six broad bands by default", async () => {
    const scene = await openScene(LSAT);
    try {
      expect(featureSpecForScene(scene).bands).toEqual(["blue", "green", "red", "nir", "swir16", "swir22"]);
    } finally {
      await scene.close();
    }
  });

  it("takes bands and indices by name, in the order given, and refuses unknown or absent ones", async () => {
    const scene = await openScene(S2);
    try {
      const spec = featureSpecFromNames(scene, ["B5", "rededge2", "B8A", "nir", "ndvi", "ndmi", "rededge1"]);
      expect(spec.bands).toEqual(["rededge1", "rededge2", "nir08", "nir"]);
      expect(spec.indices).toEqual(["ndvi", "ndmi"]);
      expect(spec.scaling).toBe(scene.radiometry);
      expect(featureSpecFromNames(scene, ["all-bands"]).bands).toHaveLength(12);
      expect(featureSpecFromNames(scene, ["default"])).toEqual(featureSpecForScene(scene));
      expect(() => featureSpecFromNames(scene, ["nir", "magic"])).toThrow(InputError);
      expect(() => featureSpecFromNames(scene, ["nir", "magic"])).toThrow(/unknown feature "magic"/);
      expect(() => featureSpecFromNames(scene, [" ", ""])).toThrow(/no features named/);
    } finally {
      await scene.close();
    }
    const tm = await openScene(LSAT);
    try {
      expect(() => featureSpecFromNames(tm, ["rededge1"])).toThrow(DataError);
      expect(() => featureSpecFromNames(tm, ["rededge1"])).toThrow(/band rededge1 is not in/);
    } finally {
      await tm.close();
    }
  });
});
