/**
 * @module test/support/fuzz/targets
 * The readers under fuzz, each a function of one file path that either returns or throws. A run is "refused"
 * when it throws one of the project's error classes whose message names the file, and a "crash" otherwise.
 */
import { readFileSync } from "node:fs";
import { ConflictError, DataError, InputError, NotFoundError } from "../../../src/domain/errors.ts";

export type FuzzTarget = (path: string) => Promise<void>;

export const TARGETS: Record<string, () => Promise<FuzzTarget>> = {
  /** openRaster, then every pixel of every band through tiles(). */
  async tiff() {
    const { openRaster } = await import("../../../src/raster/read/raster-source.ts");
    return async (path) => {
      const r = await openRaster(path);
      try {
        for await (const tile of r.tiles()) void tile;
      } finally {
        await r.close();
      }
    };
  },
  /** openRaster, then every pixel through readWindow in 256-px windows (as classify and zonal read). */
  async "tiff-windows"() {
    const { openRaster, windowsOf } = await import("../../../src/raster/read/raster-source.ts");
    return async (path) => {
      const r = await openRaster(path);
      try {
        for (const w of windowsOf(r.grid.width, r.grid.height, 256)) await r.readWindow(w);
      } finally {
        await r.close();
      }
    };
  },
  /** Training labels (class field "class"), rasterised onto a small UTM grid where the seeds lie. */
  async labels() {
    const { rasterizeLabels, readLabels } = await import("../../../src/imagery/classify/labels.ts");
    const { crsFromEpsg } = await import("../../../src/raster/read/epsg.ts");
    const grid = {
      width: 300,
      height: 300,
      geoTransform: [499000, 10, 0, 9448000, 0, -10] as [number, number, number, number, number, number],
      crs: crsFromEpsg(32718)!,
    };
    return async (path) => void rasterizeLabels(readLabels(path, "class"), grid);
  },
  /** Regions for zonal statistics, rasterised onto a small UTM grid (the densification runs here). */
  async regions() {
    const { readRegions, regionRingsInPixels } = await import("../../../src/imagery/zonal/regions.ts");
    const { crsFromEpsg } = await import("../../../src/raster/read/epsg.ts");
    const grid = {
      width: 100,
      height: 100,
      geoTransform: [500000, 30, 0, 9000000, 0, -30] as [number, number, number, number, number, number],
      crs: crsFromEpsg(32718)!,
    };
    return async (path) => {
      const set = readRegions(path);
      for (const region of set.regions) regionRingsInPixels(set, region, grid);
    };
  },
  /** Interpreters' labelled sample units (GeoJSON points), and the same file read as a design. */
  async units() {
    const { parseDesignGeoJson, readLabelRows } = await import("../../../src/area/read-units.ts");
    return async (path) => {
      await readLabelRows(path);
      try {
        parseDesignGeoJson(readFileSync(path, "utf8"), path);
      } catch (error) {
        if (!isCleanRefusal(error, path)) throw error;
      }
    };
  },
  /** A figure file (CSV or JSON, by extension). */
  async figures() {
    const { parseFigureFile } = await import("../../../src/figures/figure-file.ts");
    return async (path) => void parseFigureFile(readBytes(path), { file: path, maxYear: 2030 });
  },
  /** A STAC Item or ItemCollection (JSON), every item opened as a scene and a corner of its bands read. */
  async stac() {
    const { listStacItems } = await import("../../../src/imagery/read/stac-file.ts");
    const { openScene } = await import("../../../src/imagery/read/scene.ts");
    return async (path) => {
      for (const item of (await listStacItems(path)).slice(0, 4)) {
        const scene = await openScene(item.ref);
        try {
          await scene.readBands({ x0: 0, y0: 0, x1: Math.min(8, scene.grid.width), y1: Math.min(8, scene.grid.height) }, scene.bandNames.slice(0, 3));
        } finally {
          await scene.close();
        }
      }
    };
  },
  /** A GDAL VRT (XML), opened and read whole by tiles. */
  async vrt() {
    const { openRaster } = await import("../../../src/raster/read/raster-source.ts");
    return async (path) => {
      const r = await openRaster(path);
      try {
        for await (const tile of r.tiles()) void tile;
      } finally {
        await r.close();
      }
    };
  },
  /** The survey config. */
  async "survey-config"() {
    const { loadSurveyConfig } = await import("../../../src/survey/config.ts");
    return async (path) => void (await loadSurveyConfig(path));
  },
};

/** True when `error` is a clean refusal: a project error class whose message names `path` (or its base name). */
export function isCleanRefusal(error: unknown, path: string): boolean {
  const ours = error instanceof DataError || error instanceof InputError || error instanceof NotFoundError || error instanceof ConflictError;
  if (!ours) return false;
  const base = path.split("/").pop()!;
  return (error as Error).message.includes(path) || (error as Error).message.includes(base);
}

/** For tests that read a regression file themselves. */
export function readBytes(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path));
}
