/**
 * @module imagery/read
 * Reading scenes and rasters: `openRaster` (one GeoTIFF/COG, path or URL), `openScene` (bands by canonical
 * name, scaled to reflectance, one grid), `readClassMap` (class codes and names).
 */
export { openRaster, windowsOf, type RasterSource, type RasterTile, type ReadOptions, type Rgba } from "../../raster/read/raster-source.ts";
export { openScene, type Scene, type SceneBand, type OpenSceneOptions } from "./scene.ts";
export { readClassMap, type ClassMap } from "../../raster/read/class-map.ts";
export { parseMtl, readMtl, type LandsatMtl } from "./mtl.ts";
export { canonicalBandName, guessSensor, type Sensor } from "./band-names.ts";
export type { RasterArray, SampleType } from "../../raster/read/sample-type.ts";
