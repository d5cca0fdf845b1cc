/**
 * @module cli/commands/imagery/info
 * `coca imagery info SCENE`: what a scene or raster is: grid, CRS, bands (canonical names, scaling),
 * quality band, files; for a single raster also its type, tiling, compression, nodata and class names.
 */
import type { Command } from "commander";
import { openRaster, type RasterSource } from "../../../raster/read/raster-source.ts";
import { openScene, type Scene } from "../../../imagery/read/scene.ts";
import { isUrl } from "../../../raster/read/byte-source.ts";
import { readClassMap } from "../../../raster/read/class-map.ts";
import type { CliContext } from "../../context.ts";
import { fmt, printJson, renderTable } from "../../output.ts";

interface InfoOpts {
  json?: boolean;
}

function describeRaster(r: RasterSource): Record<string, unknown> {
  return {
    ref: r.ref,
    widthPx: r.grid.width,
    heightPx: r.grid.height,
    crs: { name: r.grid.crs.name, epsg: r.grid.crs.epsg ?? null, proj4: r.grid.crs.proj4 },
    geoTransform: r.grid.geoTransform,
    bandCount: r.bandCount,
    bandNames: r.bandNames,
    sampleType: r.sampleType,
    nodata: r.nodata === null ? null : Number.isNaN(r.nodata) ? "nan" : r.nodata,
    layout: r.tiled ? `tiles ${r.blockWidth}x${r.blockHeight}` : `strips of ${r.blockHeight} rows`,
    compression: r.compression,
    hasColorTable: r.colorTable !== undefined,
    metadata: r.metadata.dataset,
  };
}

function describeScene(s: Scene): Record<string, unknown> {
  return {
    ref: s.ref,
    sensor: s.sensor,
    radiometry: s.radiometry,
    widthPx: s.grid.width,
    heightPx: s.grid.height,
    pixelSize: [s.grid.geoTransform[1], -s.grid.geoTransform[5]],
    pixelSizeUnit: s.grid.crs.geographic ? "degree" : "metre",
    crs: { name: s.grid.crs.name, epsg: s.grid.crs.epsg ?? null },
    geoTransform: s.grid.geoTransform,
    qualityBand: s.qualityBand ?? null,
    bands: [...s.bands.values()].map((b) => ({
      name: b.name,
      file: b.source.ref,
      bandIndex: b.bandIndex + 1,
      scale: b.mult / b.divisor,
      offset: b.add / b.divisor,
      nodata: b.nodata === null ? null : Number.isNaN(b.nodata) ? "nan" : b.nodata,
      resamplingFactor: b.factor,
    })),
    files: s.files,
  };
}

export function register(imagery: Command, _ctx: CliContext): void {
  imagery
    .command("info")
    .description("describe a scene (bands, scaling, grid, CRS) or a class map")
    .argument("<scene>", "GeoTIFF/COG path or URL, band-file folder, Landsat MTL, or STAC item JSON")
    .option("--json", "print as JSON")
    .action(async (ref: string, opts: InfoOpts) => {
      const single = /\.tiff?$/i.test(ref) || (isUrl(ref) && !/\.json$/i.test(ref));
      let raster: Record<string, unknown> | undefined;
      let classNames: readonly string[] | undefined;
      if (single) {
        const r = await openRaster(ref);
        try {
          raster = describeRaster(r);
          if (r.sampleType === "uint8" && r.bandCount === 1 && (r.colorTable || r.metadata.dataset.CLASS_NAMES)) {
            const cm = await readClassMap(ref);
            classNames = cm.classNames;
            await cm.close();
          }
        } finally {
          await r.close();
        }
      }
      let scene: Record<string, unknown> | undefined;
      let sceneError: string | undefined;
      if (!classNames) {
        try {
          const s = await openScene(ref);
          try {
            scene = describeScene(s);
          } finally {
            await s.close();
          }
        } catch (error) {
          // A raster that is not a multispectral scene (a DEM, a class map) is still described.
          if (!raster) throw error;
          sceneError = (error as Error).message;
        }
      }
      if (opts.json) {
        printJson({ raster: raster ?? null, scene: scene ?? null, classNames: classNames ?? null, ...(sceneError ? { notAScene: sceneError } : {}) });
        return;
      }
      const out: string[] = [];
      if (raster) {
        out.push(
          `${ref}\n  ${raster.widthPx} x ${raster.heightPx} px, ${raster.bandCount} band(s) of ${raster.sampleType}, ${raster.layout}, ${raster.compression}, nodata ${raster.nodata ?? "none"}`,
          `  CRS ${(raster.crs as { name: string }).name}; geotransform ${(raster.geoTransform as number[]).join(", ")}`,
        );
      }
      if (classNames) {
        out.push(`  class map: 0 = nodata; ${classNames.map((n, i) => `${i + 1} = ${n}`).join(", ")}`);
      }
      if (scene) {
        const bands = scene.bands as {
          name: string;
          file: string;
          bandIndex: number;
          scale: number;
          offset: number;
          nodata: unknown;
          resamplingFactor: number;
        }[];
        const ps = scene.pixelSize as number[];
        out.push(
          `scene: ${scene.sensor}, ${scene.radiometry}, ${scene.widthPx} x ${scene.heightPx} px of ${fmt(ps[0], 8)} ${scene.pixelSizeUnit}, ${(scene.crs as { name: string }).name}, quality band ${scene.qualityBand ?? "none"}`,
          renderTable(bands, [
            { header: "band", value: (b) => b.name },
            { header: "file", value: (b) => b.file.split("/").pop() },
            { header: "#", value: (b) => b.bandIndex, align: "right" },
            { header: "scale", value: (b) => b.scale, align: "right" },
            { header: "offset", value: (b) => b.offset, align: "right" },
            { header: "nodata", value: (b) => (b.nodata === null ? "—" : String(b.nodata)), align: "right" },
            { header: "x res", value: (b) => b.resamplingFactor, align: "right" },
          ]).trimEnd(),
        );
      } else if (sceneError) {
        out.push(`  (not a multispectral scene: ${sceneError})`);
      }
      process.stdout.write(`${out.join("\n")}\n`);
    });
}
