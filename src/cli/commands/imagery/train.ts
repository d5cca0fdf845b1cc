/**
 * @module cli/commands/imagery/train
 * `coca imagery train`: a random forest from labelled polygons over a scene, saved as a model file,
 * with its accuracy on held-out polygons.
 */
import type { Command } from "commander";
import { saveModel } from "../../../imagery/classify/model.ts";
import { trainModel, type TrainResult } from "../../../imagery/classify/train.ts";
import type { CliContext } from "../../context.ts";
import { intFlag, numberFlag, parseFlags } from "../../flags.ts";
import { fmt, printJson, renderTable } from "../../output.ts";

interface TrainOpts {
  scene: string;
  labels: string;
  classField: string;
  out: string;
  trees: string;
  maxDepth: string;
  mtry: string;
  minSamplesLeaf: string;
  validationFraction: string;
  seed: string;
  features?: string;
  json?: boolean;
}

const pct = (v: number | undefined): string => (v === undefined || Number.isNaN(v) ? "—" : `${fmt(v * 100, 1)}%`);

function renderTrain(r: TrainResult, out: string): string {
  const a = r.accuracy;
  const rows = r.samples.map((s, k) => ({ ...s, producers: a?.producersAccuracy[k], users: a?.usersAccuracy[k] }));
  let text = renderTable(rows, [
    { header: "class", value: (x) => x.className },
    { header: "train polygons", value: (x) => x.trainingPolygons, align: "right" },
    { header: "train px", value: (x) => fmt(x.trainingPixels), align: "right" },
    { header: "valid. polygons", value: (x) => x.validationPolygons, align: "right" },
    { header: "valid. px", value: (x) => fmt(x.validationPixels), align: "right" },
    { header: "producer's acc.", value: (x) => pct(x.producers), align: "right" },
    { header: "user's acc.", value: (x) => pct(x.users), align: "right" },
  ]);
  if (a) {
    text += `\nconfusion matrix (pixels of held-out polygons; rows reference, columns map):\n`;
    text += renderTable(
      a.matrix.map((row, k) => ({ name: a.classes[k]!, row })),
      [
        { header: "reference \\ map", value: (x) => x.name },
        ...a.classes.map((c, j) => ({ header: c, value: (x: { row: number[] }) => fmt(x.row[j]!), align: "right" as const })),
      ],
    );
    text += `\noverall accuracy ${pct(a.overallAccuracy)} on ${fmt(a.n)} held-out pixels; `;
  } else text += "\nno polygons held out (validation fraction 0): no accuracy report; ";
  text += `training accuracy ${pct(r.model.trainingAccuracy)} (resubstitution)\n`;
  if (r.maskedPixels > 0) text += `${fmt(r.maskedPixels)} labelled pixels skipped as masked (cloud, shadow or nodata)\n`;
  text += `model: ${out} (${r.model.params.trees} trees, ${r.model.forest.feature.length} nodes, features ${r.model.featureNames.join(", ")}; ${r.model.spec.scaling})\n`;
  return text;
}

export function register(imagery: Command, _ctx: CliContext): void {
  imagery
    .command("train")
    .description("train a random forest from labelled polygons over a scene and report its accuracy on held-out polygons")
    .requiredOption("--scene <ref>", "scene: GeoTIFF/COG path or URL, band-file folder, Landsat MTL or STAC item")
    .requiredOption("--labels <geojson>", "labelled polygons (GeoJSON, any CRS the project knows)")
    .requiredOption("--class-field <name>", "the polygons' class attribute")
    .requiredOption("--out <model.json>", "model file to write")
    .option("--trees <n>", "number of trees", "100")
    .option("--max-depth <n>", "maximum tree depth (0 = unlimited)", "0")
    .option("--mtry <n>", "features tried per split (0 = sqrt of the feature count)", "0")
    .option("--min-samples-leaf <n>", "minimum training pixels per leaf", "1")
    .option("--validation-fraction <f>", "share of each class's polygons held out for validation", "0.3")
    .option("--seed <n>", "seed of the split and the forest", "0")
    .option(
      "--features <list>",
      "features by name, comma-separated, in order: bands (coastal, blue, green, red, rededge1-3, nir, nir08, nir09, swir16, swir22, or B1..B12, B8A), " +
        "indices (ndvi, evi, ndmi, ndwi, savi, nbr), default (every reflective band the scene has plus the six indices) or all-bands",
    )
    .option("--json", "print as JSON")
    .action(async (opts: TrainOpts) => {
      const options = {
        scenePath: opts.scene,
        labelsPath: opts.labels,
        classField: opts.classField,
        ...(opts.features !== undefined ? { features: opts.features.split(",") } : {}),
        ...parseFlags(opts, {
          trees: intFlag("--trees", { min: 1, max: 10_000, default: 100 }),
          maxDepth: intFlag("--max-depth", { min: 0, max: 1000, default: 0 }),
          mtry: intFlag("--mtry", { min: 0, max: 1000, default: 0 }),
          minSamplesLeaf: intFlag("--min-samples-leaf", { min: 1, default: 1 }),
          validationFraction: numberFlag("--validation-fraction", { min: 0, max: 0.95, default: 0.3 }),
          seed: intFlag("--seed", { default: 0 }),
        }),
      };
      const result = await trainModel(options);
      saveModel(result.model, opts.out);
      if (!opts.json) {
        process.stdout.write(renderTrain(result, opts.out));
        return;
      }
      const { forest, ...model } = result.model;
      printJson({
        model: opts.out,
        ...model,
        nodes: forest.feature.length,
        accuracy: result.accuracy && { ...result.accuracy, unit: "pixels of held-out polygons; accuracies are shares 0..1" },
        samples: result.samples,
        maskedPixels: result.maskedPixels,
      });
    });
}
