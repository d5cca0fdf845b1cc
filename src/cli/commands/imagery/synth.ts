/**
 * @module cli/commands/imagery/synth
 * `coca imagery synth --seed S --size PX --out DIR`: write the SIMULATED demo scene, its ground truth,
 * training polygons and region polygons (see imagery/synth/synthesize-scene.ts).
 */
import type { Command } from "commander";
import { DEFAULT_SYNTH_SIZE_PX, synthesizeScene } from "../../../imagery/synth/synthesize-scene.ts";
import type { CliContext } from "../../context.ts";
import { intFlag, parseFlags } from "../../flags.ts";
import { fmt, printJson, renderTable } from "../../output.ts";
import { runInterruptible } from "../../progress.ts";

interface SynthOpts {
  seed: string;
  size: string;
  out: string;
  json?: boolean;
}

export function register(imagery: Command, _ctx: CliContext): void {
  imagery
    .command("synth")
    .description("write a simulated Sentinel-2-like scene of a coca-growing landscape (UTM 18S) with its ground truth")
    .option("--seed <n>", "random seed (same seed and size give the same files)", "1")
    .option("--size <px>", "scene width and height in 10 m pixels", String(DEFAULT_SYNTH_SIZE_PX))
    .requiredOption("--out <dir>", "output folder")
    .option("--json", "print as JSON")
    .action(async (opts: SynthOpts) => {
      const { seed, size: sizePx } = parseFlags(opts, {
        seed: intFlag("--seed", { min: -(2 ** 31), max: 2 ** 31 - 1, default: 1 }),
        size: intFlag("--size", { min: 64, max: 20000, default: DEFAULT_SYNTH_SIZE_PX }),
      });
      const r = await runInterruptible({ label: "synth tiles", out: opts.out, quiet: Boolean(opts.json) }, (signal, onProgress) =>
        synthesizeScene({
          seed,
          sizePx,
          outDir: opts.out,
          signal,
          onProgress,
        }),
      );
      if (opts.json) {
        printJson({ ...r, areaUnit: "ha", source: "simulated (coca imagery synth), not satellite data" });
        return;
      }
      const rows = Object.entries(r.trueAreaHa).map(([name, ha]) => ({ name, ha }));
      process.stdout.write(
        `SIMULATED scene (seed ${seed}, ${sizePx} x ${sizePx} px of 10 m, EPSG:32718) in ${opts.out}\n` +
          `  scene ${r.scenePath}\n  truth ${r.truthPath}\n  training polygons ${r.trainingPath} (${r.trainingPolygons})\n  regions ${r.regionsPath}\n\n` +
          `true area per class (simulated ground truth, pixel count x 0.01 ha):\n` +
          renderTable(rows, [
            { header: "class", value: (x) => x.name },
            { header: "area (ha)", value: (x) => fmt(x.ha, 2), align: "right" },
          ]) +
          `under cloud or shadow: ${fmt(r.cloudAndShadowHa, 2)} ha\n`,
      );
    });
}
