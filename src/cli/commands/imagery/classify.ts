/**
 * @module cli/commands/imagery/classify
 * `coca imagery classify --scene S --model M --out classes.tif`: a class map, tile by tile on all cores,
 * with a progress bar; Ctrl-C or a failure leaves no partial output.
 */
import type { Command } from "commander";
import { classifyScene } from "../../../imagery/pipeline/classify-scene.ts";
import { withTilePool } from "../../../imagery/workers/tile-pool.ts";
import type { CliContext } from "../../context.ts";
import { intFlag, parseFlags } from "../../flags.ts";
import { fmt, printJson, renderTable } from "../../output.ts";
import { runInterruptible } from "../../progress.ts";

interface ClassifyOpts {
  scene: string;
  model: string;
  out: string;
  workers?: string;
  tileSize?: string;
  json?: boolean;
}

export function register(imagery: Command, _ctx: CliContext): void {
  imagery
    .command("classify")
    .description("classify a scene with a trained model into a class-map GeoTIFF (COG layout, class names, colours)")
    .requiredOption("--scene <ref>", "scene: GeoTIFF/COG path or URL, band-file folder, Landsat MTL or STAC item")
    .requiredOption("--model <model.json>", "model file from `coca imagery train`")
    .requiredOption("--out <classes.tif>", "class map to write")
    .option("--workers <n>", "worker threads (default: all cores; 0 = run on the main thread)")
    .option("--tile-size <px>", "tile size in pixels, a multiple of 16 (default 512, smaller for small scenes)")
    .option("--json", "print as JSON")
    .action(async (opts: ClassifyOpts) => {
      const { tileSize: tileSizePx, workers: poolSize } = parseFlags(opts, {
        tileSize: intFlag("--tile-size", { min: 16, max: 4096, multipleOf: 16 }),
        workers: intFlag("--workers", { min: 0, max: 256 }),
      });
      // The shell owns the worker pool: classifyScene runs its tiles on it.
      const r = await withTilePool({ size: poolSize }, (pool) =>
        runInterruptible({ label: "classify tiles", out: opts.out, quiet: Boolean(opts.json) }, (signal, onProgress) =>
          classifyScene({ scene: opts.scene, model: opts.model, out: opts.out, pool, tileSizePx, signal, onProgress }),
        ),
      );
      if (opts.json) {
        printJson({ ...r, areaUnit: "ha", areaSource: r.areaHa ? "class map pixel count x grid cell area (not an estimate of the true area)" : null });
        return;
      }
      const rows = r.classNames.map((name) => ({ name, px: r.pixels[name]!, ha: r.areaHa?.[name] }));
      process.stdout.write(
        `class map ${r.out} (${r.grid.width} x ${r.grid.height} px, ${r.grid.crs.name}, ${r.tiles} tiles, ${r.poolSize} workers, ${fmt(r.seconds, 1)} s)\n` +
          renderTable(rows, [
            { header: "class", value: (x) => x.name },
            { header: "pixels", value: (x) => fmt(x.px), align: "right" },
            { header: "mapped area (ha)", value: (x) => fmt(x.ha, 2), align: "right" },
          ]) +
          `nodata or masked (cloud, shadow): ${fmt(r.pixels.nodata)} px\n` +
          `mapped area = pixel count x cell area: a map total, not a sample-based area estimate\n`,
      );
    });
}
