/**
 * NDVI over a large scene held in memory: ours (normalizedDifference from src/imagery/compute/indices.ts, one
 * pass over Float32Arrays) on one thread and split across all cores (worker threads over shared memory) vs numpy
 * `(nir - red) / (nir + red)` on float32 arrays (bench/peers/ndvi_numpy.py), same inputs (a formula both sides
 * compute), same machine. The time is the NDVI computation only, not making the inputs. Both sums must agree.
 * Ratio = peer time / ours (> 1: we are faster).
 *
 * Run: npx tsx bench/ndvi.bench.ts [side in pixels, default 8000 = 64 M pixels]
 * Writes bench/out/ndvi.json.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { writeFileAtomic } from "../src/io/atomic-write.ts";
import { normalizedDifference } from "../src/imagery/compute/indices.ts";

interface Slice {
  nir: SharedArrayBuffer;
  red: SharedArrayBuffer;
  out: SharedArrayBuffer;
  from: number;
  to: number;
}

if (!isMainThread) {
  // Worker: compute NDVI for one slice of the shared arrays on each request.
  parentPort!.on("message", (s: Slice) => {
    const nir = new Float32Array(s.nir, s.from * 4, s.to - s.from);
    const red = new Float32Array(s.red, s.from * 4, s.to - s.from);
    const out = new Float32Array(s.out, s.from * 4, s.to - s.from);
    normalizedDifference(nir, red, s.to - s.from, out);
    parentPort!.postMessage("done");
  });
  void workerData;
} else {
  const here = dirname(fileURLToPath(import.meta.url));
  const side = Number(process.argv[2] ?? 8000);
  const n = side * side;
  const REPEATS = 5;
  const nirBuf = new SharedArrayBuffer(n * 4);
  const redBuf = new SharedArrayBuffer(n * 4);
  const outBuf = new SharedArrayBuffer(n * 4);
  const nir = new Float32Array(nirBuf);
  const red = new Float32Array(redBuf);
  const out = new Float32Array(outBuf);
  for (let i = 0; i < n; i++) {
    red[i] = ((i * 7919) % 1000) / 10000 + 0.02;
    nir[i] = ((i * 104729) % 3000) / 10000 + 0.1;
  }
  const sum = (a: Float32Array): number => {
    let s = 0;
    for (let i = 0; i < a.length; i++) s += a[i]!;
    return s;
  };
  const median = (t: number[]): number => [...t].sort((a, b) => a - b)[Math.floor(t.length / 2)]!;

  const single: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const t0 = performance.now();
    normalizedDifference(nir, red, n, out);
    single.push(performance.now() - t0);
  }
  const sumSingle = sum(out);

  const threads = availableParallelism();
  // Workers run this same file; the TypeScript loader is registered in each first.
  const boot = `import { register } from ${JSON.stringify(import.meta.resolve("tsx/esm/api"))}; register(); await import(${JSON.stringify(import.meta.url)});`;
  const workers = Array.from({ length: threads }, () => new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`)));
  const runParallel = (): Promise<void> =>
    Promise.all(
      workers.map(
        (w, k) =>
          new Promise<void>((resolve) => {
            w.once("message", () => resolve());
            w.postMessage({
              nir: nirBuf,
              red: redBuf,
              out: outBuf,
              from: Math.floor((k * n) / threads),
              to: Math.floor(((k + 1) * n) / threads),
            } satisfies Slice);
          }),
      ),
    ).then(() => undefined);
  await runParallel(); // warm up the workers
  out.fill(0);
  const parallel: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const t0 = performance.now();
    await runParallel();
    parallel.push(performance.now() - t0);
  }
  const sumParallel = sum(out);
  await Promise.all(workers.map((w) => w.terminate()));

  const peerRun = spawnSync("/usr/bin/python3", [join(here, "peers", "ndvi_numpy.py"), String(n), String(REPEATS)], { encoding: "utf8" });
  if (peerRun.status !== 0) throw new Error(`peer failed: ${peerRun.stderr}`);
  const peer = JSON.parse(peerRun.stdout) as { numpy: string; medianMs: number; sum: number };
  const result = {
    benchmark: "NDVI over a large scene (in memory, float32)",
    pixels: n,
    repeats: REPEATS,
    oursOneThreadMedianMs: Math.round(median(single)),
    oursThreads: threads,
    oursAllCoresMedianMs: Math.round(median(parallel)),
    peer: `numpy ${peer.numpy} (one thread)`,
    peerMedianMs: Math.round(peer.medianMs),
    ratioOneThread: Number((peer.medianMs / median(single)).toFixed(2)),
    ratioAllCores: Number((peer.medianMs / median(parallel)).toFixed(2)),
    goal: ">= 1.5",
    sameResult: Math.abs(sumSingle - peer.sum) / Math.abs(peer.sum) < 1e-6 && Math.abs(sumParallel - sumSingle) < 1e-9 * Math.abs(sumSingle),
  };
  mkdirSync(join(here, "out"), { recursive: true });
  writeFileAtomic(join(here, "out", "ndvi.json"), `${JSON.stringify(result, null, 2)}\n`);
  console.log(
    `| NDVI, ${side}² px float32 in memory | ${result.oursOneThreadMedianMs} ms (1 thread), ${result.oursAllCoresMedianMs} ms (${threads} threads) | ${result.peerMedianMs} ms (${result.peer}) | ${result.ratioOneThread}x (1 thread), ${result.ratioAllCores}x (${threads} threads) | >= 1.5x |`,
  );
  if (!result.sameResult) throw new Error(`results differ: ours ${sumSingle} / ${sumParallel}, numpy ${peer.sum}`);
}
