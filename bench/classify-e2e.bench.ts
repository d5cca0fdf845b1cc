/**
 * End to end: classify a simulated 10-band Sentinel-2-like scene (plus SCL) into a class-map GeoTIFF, ours
 * (`coca imagery classify`, all cores) vs the equivalent rasterio + numpy + scikit-learn script
 * (bench/peers/classify_e2e.py: block-by-block read, the same 12 features, RandomForestClassifier with n_jobs=-1,
 * tiled DEFLATE output). Both forests have the same trees, depth and max_features = sqrt, and are trained on the same
 * pixels (the simulated training polygons of the smallest scene, no hold-out); training time is not counted.
 * Each side runs in its own process under /usr/bin/time -v, which gives the peak resident memory (threads included).
 * Scenes: `synthesizeScene({seed: 1, sizePx})` for each size (default 2745 and 10980 px: 1x and 16x the area;
 * 10980 x 10980 is one Sentinel-2 tile). Ratio = peer time / ours (> 1: we are faster).
 *
 * Run: npx tsx bench/classify-e2e.bench.ts [sizes, default 2745,10980] [trees, default 10] [maxDepth, default 10]
 * Writes bench/out/classify-e2e.json.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { saveModel } from "../src/imagery/classify/model.ts";
import { readLabels } from "../src/imagery/classify/labels.ts";
import { featureSpecForScene, sceneFeatureSource } from "../src/imagery/classify/scene-features.ts";
import { collectSamples, trainModel } from "../src/imagery/classify/train.ts";
import { openScene } from "../src/imagery/read/scene.ts";
import { featureNames } from "../src/imagery/compute/features.ts";
import { synthesizeScene } from "../src/imagery/synth/synthesize-scene.ts";
import { writeFileAtomic } from "../src/io/atomic-write.ts";
import { createRandom } from "../src/stats/random.ts";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");
const out = join(here, "out");
const sizes = (process.argv[2] ?? "2745,10980").split(",").map(Number);
const trees = Number(process.argv[3] ?? 10);
const maxDepth = Number(process.argv[4] ?? 10);
mkdirSync(out, { recursive: true });

const synthDir = (size: number): string => join(out, `synth-${size}`);
for (const size of sizes) {
  if (!existsSync(join(synthDir(size), "scene.tif"))) {
    const t0 = performance.now();
    await synthesizeScene({ seed: 1, sizePx: size, outDir: synthDir(size) });
    console.log(`synth ${size} px: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
}

// One model for every size, trained on the smallest scene's polygons; the same pixels go to scikit-learn.
const small = synthDir(sizes[0]!);
const trained = await trainModel({
  scenePath: join(small, "scene.tif"),
  labelsPath: join(small, "training.geojson"),
  classField: "class",
  seed: 1,
  trees,
  maxDepth,
  validationFraction: 0,
});
const modelPath = join(out, "e2e-model.json");
saveModel(trained.model, modelPath);
const scene = await openScene(join(small, "scene.tif"));
const spec = featureSpecForScene(scene);
const samples = await collectSamples(sceneFeatureSource(scene, spec), readLabels(join(small, "training.geojson"), "class"), {
  validationFraction: 0,
  random: createRandom(1),
});
await scene.close();
const trainDir = join(out, "e2e-train");
mkdirSync(trainDir, { recursive: true });
writeFileSync(join(trainDir, "xtrain.f32"), new Uint8Array(samples.xTrain.buffer, samples.xTrain.byteOffset, samples.nTrain * samples.nFeatures * 4));
writeFileSync(join(trainDir, "ytrain.u8"), samples.yTrain.subarray(0, samples.nTrain));
writeFileSync(
  join(trainDir, "meta.json"),
  JSON.stringify({ nFeatures: samples.nFeatures, nTrain: samples.nTrain, trees, maxDepth, classes: samples.classes, featureNames: featureNames(spec) }),
);
const peerTrain = spawnSync("/usr/bin/python3", [join(here, "peers", "classify_e2e.py"), "train", out, trainDir], { encoding: "utf8" });
if (peerTrain.status !== 0) throw new Error(`peer training failed: ${peerTrain.stderr}`);

/** Run a command under /usr/bin/time -v; wall seconds and peak RSS in MB. */
function timed(cmd: string, args: string[]): { seconds: number; peakMB: number; stdout: string } {
  const t0 = performance.now();
  const r = spawnSync("/usr/bin/time", ["-v", cmd, ...args], { encoding: "utf8", cwd: root, maxBuffer: 1 << 26 });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stderr.slice(-2000)}`);
  const kb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1]);
  return { seconds, peakMB: Math.round(kb / 1024), stdout: r.stdout };
}

const rows = [];
for (const size of sizes) {
  const sceneTif = join(synthDir(size), "scene.tif");
  const oursOut = join(out, `e2e-ours-${size}.tif`);
  const peerOut = join(out, `e2e-peer-${size}.tif`);
  const ours = timed(process.execPath, [
    "--import",
    "tsx",
    "src/cli/main.ts",
    "imagery",
    "classify",
    "--scene",
    sceneTif,
    "--model",
    modelPath,
    "--out",
    oursOut,
    "--json",
  ]);
  const peer = timed("/usr/bin/python3", [join(here, "peers", "classify_e2e.py"), "classify", out, sceneTif, peerOut]);
  const o = JSON.parse(ours.stdout) as { pixels: Record<string, number>; poolSize: number };
  const p = JSON.parse(peer.stdout) as { pixels: number[] };
  rows.push({
    sizePx: size,
    megapixels: Number(((size * size) / 1e6).toFixed(1)),
    oursSeconds: Number(ours.seconds.toFixed(1)),
    oursPeakMB: ours.peakMB,
    oursWorkers: o.poolSize,
    peerSeconds: Number(peer.seconds.toFixed(1)),
    peerPeakMB: peer.peakMB,
    ratio: Number((peer.seconds / ours.seconds).toFixed(2)),
    oursNodataPx: o.pixels.nodata,
    peerNodataPx: p.pixels[0],
  });
  rmSync(oursOut, { force: true });
  rmSync(`${oursOut}.aux.xml`, { force: true });
  rmSync(peerOut, { force: true });
  console.log(JSON.stringify(rows[rows.length - 1]));
}
const first = rows[0]!;
const last = rows[rows.length - 1]!;
const result = {
  benchmark: "classify a simulated Sentinel-2 scene end to end (read, mask, 12 features, random forest, write COG)",
  trees,
  maxDepth,
  trainingPixels: samples.nTrain,
  cores: availableParallelism(),
  peer: "rasterio + numpy + scikit-learn RandomForestClassifier(n_jobs=-1), bench/peers/classify_e2e.py",
  rows,
  areaGrowth: Number(((last.sizePx / first.sizePx) ** 2).toFixed(1)),
  oursPeakMemoryGrowth: Number((last.oursPeakMB / first.oursPeakMB).toFixed(2)),
  peerPeakMemoryGrowth: Number((last.peerPeakMB / first.peerPeakMB).toFixed(2)),
  goal: "ratio >= 1.0; peak memory flat from 1x to 16x the area",
};
writeFileAtomic(join(out, "classify-e2e.json"), `${JSON.stringify(result, null, 2)}\n`);
for (const r of rows) {
  console.log(
    `| classify end to end, ${r.sizePx}² px x 10 bands + SCL (${trees} trees, depth ${maxDepth}) | ${r.oursSeconds} s, peak ${r.oursPeakMB} MB (${r.oursWorkers} workers) | ${r.peerSeconds} s, peak ${r.peerPeakMB} MB | ${r.ratio}x | >= 1.0x, flat memory |`,
  );
}
console.log(
  `peak memory from ${first.sizePx}² to ${last.sizePx}² px (${result.areaGrowth}x the area): ours x${result.oursPeakMemoryGrowth}, peer x${result.peerPeakMemoryGrowth}`,
);
