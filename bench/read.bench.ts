/**
 * Read a whole tiled, DEFLATE-compressed uint16 GeoTIFF: ours (openRaster + readWindow) vs rasterio
 * (bench/peers/read_rasterio.py under Debian's /usr/bin/python3, GDAL underneath) on one thread
 * (GDAL_NUM_THREADS=1) and on all (GDAL_NUM_THREADS=ALL_CPUS), same file, same machine, one after the other.
 * Three rounds of (ours, GDAL 1 thread, GDAL all threads), 5 reads each, medians over the 15; the
 * 1-minute load average before and after is recorded: the machine is shared. Ours inflates with
 * libdeflate when native/libdeflate is built, else node:zlib (COCA_NO_LIBDEFLATE=1 forces it).
 * Input: bands 1-4 of the simulated scene (`coca imagery synth --seed 1 --size N`, default N = 4096) re-encoded
 * by GDAL itself (gdal_translate -co TILED=YES -co COMPRESS=DEFLATE, 256 x 256 tiles, pixel interleaved), so the
 * file is GDAL's, not our writer's. Both sides must return the same sample sum.
 * Throughput is raw (decoded) megabytes per second; ratio = peer time / ours (> 1: we are faster), on wall time
 * and on process CPU time (all threads; ours inflates on libuv's pool, UV_THREADPOOL_SIZE threads).
 *
 * Run: npx tsx bench/read.bench.ts [N]
 * Writes bench/results/read-N-gdal-1-thread.json (CPU goal) and read-N-gdal-all-cpus.json (wall goal).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeBenchResult } from "./support/result.ts";
import { libdeflate } from "../src/raster/read/libdeflate.ts";
import { openRaster } from "../src/raster/read/raster-source.ts";
import type { RasterArray } from "../src/raster/read/sample-type.ts";
import { synthesizeScene } from "../src/imagery/synth/synthesize-scene.ts";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "out");
const size = Number(process.argv[2] ?? 4096);
const REPEATS = 5;
const ROUNDS = 3;
mkdirSync(out, { recursive: true });
const synthDir = join(out, `synth-${size}`);
if (!existsSync(join(synthDir, "scene.tif"))) await synthesizeScene({ seed: 1, sizePx: size, outDir: synthDir });
const input = join(out, `read-${size}.tif`);
if (!existsSync(input)) {
  const r = spawnSync(
    "gdal_translate",
    ["-q", "-b", "1", "-b", "2", "-b", "3", "-b", "4", "-co", "TILED=YES", "-co", "COMPRESS=DEFLATE", join(synthDir, "scene.tif"), input],
    { encoding: "utf8" },
  );
  if (r.status !== 0) throw new Error(`gdal_translate failed: ${r.stderr}`);
}

/** Our side: REPEATS whole-file reads, wall and CPU time of each. */
let sum = 0;
const readOurs = async (times: number[], cpu: number[]): Promise<void> => {
  for (let k = 0; k < REPEATS; k++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const r = await openRaster(input);
    const bands = await r.readWindow({ x0: 0, y0: 0, x1: r.grid.width, y1: r.grid.height });
    await r.close();
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    sum = 0;
    for (const b of bands) for (let i = 0; i < b.length; i++) sum += b[i]!;
  }
};
/**
 * The same reads into arrays allocated once and reused (readWindow's `into`): what is left when no output memory is
 * handed out at all. The plain reads above take their arrays from the reader, which recycles (native/libdeflate's pool)
 * the large buffers the garbage collector freed, as the peer's malloc hands its freed output to its next read; the
 * first reads of a process find the pool empty and fault fresh pages.
 */
let intoArrays: RasterArray[] | undefined;
const readOursInto = async (times: number[], cpu: number[]): Promise<void> => {
  for (let k = 0; k < REPEATS; k++) {
    const r = await openRaster(input);
    intoArrays ??= await r.readWindow({ x0: 0, y0: 0, x1: r.grid.width, y1: r.grid.height });
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    await r.readWindow({ x0: 0, y0: 0, x1: r.grid.width, y1: r.grid.height }, { into: intoArrays });
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    await r.close();
  }
};
interface PeerRun {
  rasterio: string;
  gdal: string;
  timesMs: number[];
  cpuMs: number[];
  sum: number;
}
/** rasterio with GDAL_NUM_THREADS = `threads` ("1": GDAL's default, one thread; "ALL_CPUS": its parallel decoding). */
const runPeer = (threads: string): PeerRun => {
  const run = spawnSync("/usr/bin/python3", [join(here, "peers", "read_rasterio.py"), input, String(REPEATS)], {
    encoding: "utf8",
    env: { ...process.env, GDAL_NUM_THREADS: threads },
  });
  if (run.status !== 0) throw new Error(`peer failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as PeerRun;
};
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
// Rounds of ours, GDAL on one thread and GDAL on all, so that drifts of the (shared) machine's load hit all three.
const load0 = loadavg();
const oursTimes: number[] = [];
const oursCpu: number[] = [];
const oneTimes: number[] = [];
const oneCpu: number[] = [];
const allTimes: number[] = [];
const allCpu: number[] = [];
let one: PeerRun | undefined;
let all: PeerRun | undefined;
const intoTimes: number[] = [];
const intoCpu: number[] = [];
const pool0 = libdeflate?.recycledStats?.();
for (let round = 0; round < ROUNDS; round++) {
  await readOurs(oursTimes, oursCpu);
  await readOursInto(intoTimes, intoCpu);
  one = runPeer("1");
  oneTimes.push(...one.timesMs);
  oneCpu.push(...one.cpuMs);
  all = runPeer("ALL_CPUS");
  allTimes.push(...all.timesMs);
  allCpu.push(...all.cpuMs);
}
const load1 = loadavg();
const pool1 = libdeflate?.recycledStats?.();
const recycledNote =
  pool0 && pool1 ? `; ${pool1.hits - pool0.hits} of ${pool1.hits - pool0.hits + pool1.misses - pool0.misses} output arrays recycled from the pool` : "";
const rawMB = (size * size * 4 * 2) / 1e6;
const oursMs = median(oursTimes);
const oursCpuMs = median(oursCpu);
const ratio = (peer: number, ours: number): number => Number((peer / ours).toFixed(2));
const result = {
  benchmark: "read tiled DEFLATE uint16 GeoTIFF",
  input: `${size} x ${size} px x 4 bands uint16 (${rawMB.toFixed(0)} MB decoded), GDAL-written, 256 px tiles`,
  runs: ROUNDS * REPEATS,
  inflater: libdeflate ? "libdeflate (native/libdeflate)" : "node:zlib",
  cpus: cpus().length,
  loadAverage1m: { before: Number(load0[0]!.toFixed(2)), after: Number(load1[0]!.toFixed(2)) },
  ours: {
    medianMs: Math.round(oursMs),
    cpuMedianMs: Math.round(oursCpuMs),
    MBps: Math.round(rawMB / (oursMs / 1000)),
    uvThreadpoolSize: process.env.UV_THREADPOOL_SIZE ?? "4 (default)",
  },
  peer: `rasterio ${one!.rasterio} (GDAL ${one!.gdal})`,
  gdalOneThread: { medianMs: Math.round(median(oneTimes)), cpuMedianMs: Math.round(median(oneCpu)), MBps: Math.round(rawMB / (median(oneTimes) / 1000)) },
  gdalAllCpus: { medianMs: Math.round(median(allTimes)), cpuMedianMs: Math.round(median(allCpu)), MBps: Math.round(rawMB / (median(allTimes) / 1000)) },
  // ratio = peer time / ours (> 1: we are faster)
  ratioCpuVsOneThread: ratio(median(oneCpu), oursCpuMs),
  ratioWallVsOneThread: ratio(median(oneTimes), oursMs),
  ratioWallVsAllCpus: ratio(median(allTimes), oursMs),
  ratioCpuVsAllCpus: ratio(median(allCpu), oursCpuMs),
  goal: ">= 1.0 CPU against GDAL on one thread, >= 1.0 wall against GDAL_NUM_THREADS=ALL_CPUS",
  sameData: one!.sum === sum && all!.sum === sum,
};
console.log(JSON.stringify(result, null, 2));
const oursSide = {
  label: `openRaster + readWindow (${result.inflater}${libdeflate?.inflateScatterAsync ? ", inflate + predictor + band copy fused on libuv's pool" : ""})`,
  cpuMs: Math.round(oursCpuMs),
  wallMs: Math.round(oursMs),
  runs: result.runs,
  detail: `${result.ours.MBps} MB/s decoded${recycledNote}; into arrays reused: CPU ${Math.round(median(intoCpu))} ms, wall ${Math.round(median(intoTimes))} ms`,
};
const notes = `${result.input}; same sample sum on both sides; rounds alternate ours, GDAL 1 thread, GDAL ALL_CPUS; the ratio is on reads that return new arrays on both sides (ours recycle the large buffers the collector freed, the peer's malloc its freed output); the detail gives our reads into reused arrays too; the machine is shared (CPU ratios are the fairer measure)`;
writeBenchResult({
  id: `read-${size}-gdal-1-thread`,
  title: `read a whole tiled DEFLATE uint16 GeoTIFF, ${size}² x 4 bands, against GDAL on one thread`,
  source: "bench/read.bench.ts",
  ours: oursSide,
  peer: { label: `${result.peer}, GDAL_NUM_THREADS=1`, cpuMs: result.gdalOneThread.cpuMedianMs, wallMs: result.gdalOneThread.medianMs, runs: result.runs },
  ratio: { cpu: result.ratioCpuVsOneThread, wall: result.ratioWallVsOneThread },
  goal: ">= 1.0x CPU",
  met: result.ratioCpuVsOneThread >= 1,
  notes,
});
writeBenchResult({
  id: `read-${size}-gdal-all-cpus`,
  title: `read a whole tiled DEFLATE uint16 GeoTIFF, ${size}² x 4 bands, against GDAL on all threads`,
  source: "bench/read.bench.ts",
  ours: oursSide,
  peer: { label: `${result.peer}, GDAL_NUM_THREADS=ALL_CPUS`, cpuMs: result.gdalAllCpus.cpuMedianMs, wallMs: result.gdalAllCpus.medianMs, runs: result.runs },
  ratio: { cpu: result.ratioCpuVsAllCpus, wall: result.ratioWallVsAllCpus },
  goal: ">= 1.0x wall",
  met: result.ratioWallVsAllCpus >= 1,
  notes,
});
console.log(
  `| read tiled DEFLATE uint16 GeoTIFF (${size}² x 4 bands, ${rawMB.toFixed(0)} MB) | wall ${result.ours.medianMs} ms, CPU ${result.ours.cpuMedianMs} ms | GDAL 1 thread: wall ${result.gdalOneThread.medianMs} ms, CPU ${result.gdalOneThread.cpuMedianMs} ms; ALL_CPUS: wall ${result.gdalAllCpus.medianMs} ms (${result.peer}) | ${result.ratioCpuVsOneThread}x CPU vs 1 thread, ${result.ratioWallVsAllCpus}x wall vs ALL_CPUS | load ${result.loadAverage1m.before}-${result.loadAverage1m.after} |`,
);
if (!result.sameData) throw new Error(`sample sums differ: ours ${sum}, GDAL 1 thread ${one!.sum}, ALL_CPUS ${all!.sum}`);
