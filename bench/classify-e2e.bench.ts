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
 * Ours runs as the installed command does (`node bin/coca.js`: the compiled dist/ when it is up to date). Runs are
 * alternated (ours, peer, ours, peer, ...) so both see the same load; CPU = user + system time of the whole process.
 *
 * Run: npx tsx bench/classify-e2e.bench.ts [sizes, default 2745,10980] [trees, default 10] [maxDepth, default 10] [runs, default 3; 1 above 5,000 px]
 * Writes bench/results/classify-e2e-<size>.json.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { saveModel } from "../src/imagery/classify/model.ts";
import { readLabels } from "../src/imagery/classify/labels.ts";
import { featureSpecForScene, sceneFeatureSource } from "../src/imagery/classify/scene-features.ts";
import { collectSamples, trainModel } from "../src/imagery/classify/train.ts";
import { openScene } from "../src/imagery/read/scene.ts";
import { featureNames } from "../src/imagery/compute/features.ts";
import { synthesizeScene } from "../src/imagery/synth/synthesize-scene.ts";
import { distStaleReason } from "../bin/dist.js";
import { writeBenchResult } from "./support/result.ts";
import { createRandom } from "../src/stats/random.ts";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");
const out = join(here, "out");
const sizes = (process.argv[2] ?? "2745,10980").split(",").map(Number);
const trees = Number(process.argv[3] ?? 10);
const maxDepth = Number(process.argv[4] ?? 10);
const RUNS = Number(process.argv[5] ?? 3);
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

/** Run a command under /usr/bin/time -v: wall and CPU (user + system, every thread) seconds, peak RSS in MB. */
function timed(cmd: string, args: string[]): { seconds: number; cpuSeconds: number; peakMB: number; stdout: string } {
  const t0 = performance.now();
  const r = spawnSync("/usr/bin/time", ["-v", cmd, ...args], { encoding: "utf8", cwd: root, maxBuffer: 1 << 26 });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stderr.slice(-2000)}`);
  const kb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1]);
  const user = Number(/User time \(seconds\): ([\d.]+)/.exec(r.stderr)?.[1]);
  const sys = Number(/System time \(seconds\): ([\d.]+)/.exec(r.stderr)?.[1]);
  return { seconds, cpuSeconds: user + sys, peakMB: Math.round(kb / 1024), stdout: r.stdout };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const distNote = distStaleReason() === null ? "compiled dist/ (bin/coca.js)" : `TypeScript through tsx (bin/coca.js: ${distStaleReason()})`;
for (const size of sizes) {
  const sceneTif = join(synthDir(size), "scene.tif");
  const oursOut = join(out, `e2e-ours-${size}.tif`);
  const peerOut = join(out, `e2e-peer-${size}.tif`);
  const runs = size > 5000 ? 1 : RUNS;
  const ours: ReturnType<typeof timed>[] = [];
  const peer: ReturnType<typeof timed>[] = [];
  // Alternate ours and the peer so that both see the same (shared) machine load.
  for (let k = 0; k < runs; k++) {
    ours.push(
      timed(process.execPath, [join(root, "bin", "coca.js"), "imagery", "classify", "--scene", sceneTif, "--model", modelPath, "--out", oursOut, "--json"]),
    );
    peer.push(timed("/usr/bin/python3", [join(here, "peers", "classify_e2e.py"), "classify", out, sceneTif, peerOut]));
  }
  const o = JSON.parse(ours[0]!.stdout) as { pixels: Record<string, number>; poolSize: number };
  const p = JSON.parse(peer[0]!.stdout) as { pixels: number[] };
  if (o.pixels.nodata !== p.pixels[0]) throw new Error(`nodata pixels differ: ours ${o.pixels.nodata}, peer ${p.pixels[0]}`);
  rmSync(oursOut, { force: true });
  rmSync(`${oursOut}.aux.xml`, { force: true });
  rmSync(peerOut, { force: true });
  const cpuO = Math.round(median(ours.map((r) => r.cpuSeconds)) * 1000);
  const cpuP = Math.round(median(peer.map((r) => r.cpuSeconds)) * 1000);
  const wallO = Math.round(median(ours.map((r) => r.seconds)) * 1000);
  const wallP = Math.round(median(peer.map((r) => r.seconds)) * 1000);
  const ratio = { cpu: Number((cpuP / cpuO).toFixed(2)), wall: Number((wallP / wallO).toFixed(2)) };
  const goalCpu = size > 5000 ? 1.35 : 1.2;
  const path = writeBenchResult({
    id: `classify-e2e-${size}`,
    title: `classify a simulated Sentinel-2 scene end to end (read, mask, ${featureNames(spec).length} features, ${trees} trees of depth ${maxDepth}, write COG), ${size}² px x 10 bands + SCL`,
    source: "bench/classify-e2e.bench.ts",
    ours: {
      label: `coca imagery classify, ${o.poolSize} workers, ${distNote}`,
      cpuMs: cpuO,
      wallMs: wallO,
      peakRssMb: Math.max(...ours.map((r) => r.peakMB)),
      runs,
    },
    peer: {
      label: "rasterio + numpy + scikit-learn RandomForestClassifier(n_jobs=-1) (bench/peers/classify_e2e.py, /usr/bin/python3)",
      cpuMs: cpuP,
      wallMs: wallP,
      peakRssMb: Math.max(...peer.map((r) => r.peakMB)),
      runs,
    },
    ratio,
    goal: size > 5000 ? ">= 1.35x wall, memory flat" : ">= 1.2x CPU",
    met: size > 5000 ? ratio.wall >= 1.35 : ratio.cpu >= goalCpu,
    notes: `processes under /usr/bin/time -v (CPU = user + system of every thread; start-up included), ${runs} alternated run(s) each; same nodata pixel count (${o.pixels.nodata}); trained on ${samples.nTrain} pixels; the machine is shared (CPU ratios are the fairer measure)`,
  });
  console.log(`${path}: CPU ${ratio.cpu}x, wall ${ratio.wall}x`);
}
