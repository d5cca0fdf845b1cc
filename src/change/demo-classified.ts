/**
 * @module change/demo-classified
 * The change demo with the real classifier: both simulated years rendered as scenes by the synthetic engine
 * (imagery/synth/synthesize-year: year 1 from the landscape, year 2 from the landscape with the simulated
 * changes: eradicated fields as bare soil, abandoned ones as regrowth, new fields as coca), a random forest
 * trained on year 1 from the engine's training polygons, both years classified with
 * imagery/pipeline/classify-scene, then the same change survey as the error-model demo (change/demo).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { saveModel } from "../imagery/classify/model.ts";
import { trainModel } from "../imagery/classify/train.ts";
import { classifyScene } from "../imagery/pipeline/classify-scene.ts";
import { CLASS } from "../imagery/synth/legend.ts";
import { trainingPolygons } from "../imagery/synth/synthesize-scene.ts";
import { synthesizeYearScene } from "../imagery/synth/synthesize-year.ts";
import type { TilePool } from "../imagery/workers/tile-pool.ts";
import { writeFileAtomic } from "../io/atomic-write.ts";
import { readClassMap } from "../raster/read/class-map.ts";
import { simulateChange, surveyChange, type ChangeDemo, type ChangeDemoParams, type ChangeSimulation } from "./demo.ts";

export interface ClassifiedDemoOptions {
  /** Where the scenes, model and class maps go. */
  workDir: string;
  /** The tile pool of the shell; without one, classification runs inline. */
  pool?: TilePool;
  trees?: number;
  maxDepth?: number;
}

export interface ClassifiedChangeDemo extends ChangeDemo {
  classifier: {
    kind: "random forest";
    trees: number;
    maxDepth: number;
    heldOutAccuracy: number | null;
    files: { sceneYear1: string; sceneYear2: string; model: string };
  };
}

/** The year-2 landscape classes: year 1 with the simulation's changes. */
export function year2Classes(sim: ChangeSimulation): Uint8Array {
  const out = sim.land1.slice();
  for (let i = 0; i < out.length; i++) {
    const a = sim.truth1[i] === 1;
    const b = sim.truth2[i] === 1;
    if (a && !b) out[i] = sim.eradicatedKind[i] ? CLASS.bare : CLASS.regrowth;
    else if (!a && b) out[i] = CLASS.coca;
  }
  return out;
}

/** Read a classified map as 1 = coca, 2 = anything else (nodata included). */
async function cocaOrOther(path: string): Promise<Uint8Array> {
  const m = await readClassMap(path);
  try {
    const coca = m.classNames.indexOf("coca") + 1;
    const data = await m.readWindow({ x0: 0, y0: 0, x1: m.grid.width, y1: m.grid.height });
    return Uint8Array.from(data, (v) => (v === coca ? 1 : 2));
  } finally {
    await m.close();
  }
}

/** Run the change demo with both years classified by a random forest trained on year 1. */
export async function runChangeDemoClassified(params: ChangeDemoParams, options: ClassifiedDemoOptions): Promise<ClassifiedChangeDemo> {
  const { workDir } = options;
  const trees = options.trees ?? 30;
  const maxDepth = options.maxDepth ?? 12;
  mkdirSync(workDir, { recursive: true });
  const sim = simulateChange(params);
  const n = sim.n;
  const sceneYear1 = join(workDir, "scene-year1.tif");
  const sceneYear2 = join(workDir, "scene-year2.tif");
  await synthesizeYearScene({ seed: params.seed, sizePx: n, classes: sim.land1, yearSalt: 0, out: sceneYear1 });
  await synthesizeYearScene({ seed: params.seed, sizePx: n, classes: year2Classes(sim), yearSalt: 1, out: sceneYear2 });
  const labelsPath = join(workDir, "training.geojson");
  writeFileAtomic(labelsPath, JSON.stringify(trainingPolygons(sim.land, sim.grid, params.seed)));
  const trained = await trainModel({ scenePath: sceneYear1, labelsPath, classField: "class", seed: params.seed, trees, maxDepth });
  const model = join(workDir, "model.json");
  saveModel(trained.model, model);
  const classify = async (scene: string, out: string): Promise<Uint8Array> => {
    await classifyScene({ scene, model, out, ...(options.pool ? { pool: options.pool } : { poolSize: 0 }) });
    return cocaOrOther(out);
  };
  const map1 = await classify(sceneYear1, join(workDir, "classes-year1.tif"));
  const map2 = await classify(sceneYear2, join(workDir, "classes-year2.tif"));
  return {
    ...surveyChange(sim, map1, map2),
    classifier: {
      kind: "random forest",
      trees,
      maxDepth,
      heldOutAccuracy: trained.accuracy?.overallAccuracy ?? null,
      files: { sceneYear1, sceneYear2, model },
    },
  };
}
