/**
 * Read a whole tiled, DEFLATE-compressed uint16 GeoTIFF: ours (openRaster + readWindow) vs rasterio
 * (bench/peers/read_rasterio.py, GDAL underneath), same file, same machine, one after the other.
 * Input: bands 1-4 of the simulated scene (`coca imagery synth --seed 1 --size N`, default N = 4096) re-encoded
 * by GDAL itself (gdal_translate -co TILED=YES -co COMPRESS=DEFLATE, 256 x 256 tiles, pixel interleaved), so the
 * file is GDAL's, not our writer's. Both sides must return the same sample sum.
 * Throughput is raw (decoded) megabytes per second; ratio = peer time / ours (> 1: we are faster), on wall time
 * and on process CPU time (all threads; ours inflates on libuv's pool).
 *
 * Run: npx tsx bench/read.bench.ts [N]
 * Writes bench/out/read.json.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeFileAtomic } from "../src/io/atomic-write.ts";
import { openRaster } from "../src/raster/read/raster-source.ts";
import { synthesizeScene } from "../src/imagery/synth/synthesize-scene.ts";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "out");
const size = Number(process.argv[2] ?? 4096);
const REPEATS = 5;
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

const times: number[] = [];
const cpu: number[] = [];
let sum = 0;
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
times.sort((a, b) => a - b);
cpu.sort((a, b) => a - b);
const peerRun = spawnSync("/usr/bin/python3", [join(here, "peers", "read_rasterio.py"), input, String(REPEATS)], { encoding: "utf8" });
if (peerRun.status !== 0) throw new Error(`peer failed: ${peerRun.stderr}`);
const peer = JSON.parse(peerRun.stdout) as { rasterio: string; gdal: string; medianMs: number; cpuMedianMs: number; sum: number };
const rawMB = (size * size * 4 * 2) / 1e6;
const oursMs = times[Math.floor(times.length / 2)]!;
const result = {
  benchmark: "read tiled DEFLATE uint16 GeoTIFF",
  input: `${size} x ${size} px x 4 bands uint16 (${rawMB.toFixed(0)} MB decoded), GDAL-written, 256 px tiles`,
  repeats: REPEATS,
  oursMedianMs: Math.round(oursMs),
  peer: `rasterio ${peer.rasterio} (GDAL ${peer.gdal})`,
  peerMedianMs: Math.round(peer.medianMs),
  oursMBps: Math.round(rawMB / (oursMs / 1000)),
  peerMBps: Math.round(rawMB / (peer.medianMs / 1000)),
  ratio: Number((peer.medianMs / oursMs).toFixed(2)),
  oursCpuMedianMs: Math.round(cpu[Math.floor(cpu.length / 2)]!),
  peerCpuMedianMs: Math.round(peer.cpuMedianMs),
  ratioCpu: Number((peer.cpuMedianMs / cpu[Math.floor(cpu.length / 2)]!).toFixed(2)),
  goal: ">= 1.0",
  sameData: peer.sum === sum,
};
writeFileAtomic(join(out, "read.json"), `${JSON.stringify(result, null, 2)}\n`);
console.log(
  `| read tiled DEFLATE uint16 GeoTIFF (${size}² x 4 bands, ${rawMB.toFixed(0)} MB) | ${result.oursMBps} MB/s (wall ${result.oursMedianMs} ms, CPU ${result.oursCpuMedianMs} ms) | ${result.peerMBps} MB/s (wall ${result.peerMedianMs} ms, CPU ${result.peerCpuMedianMs} ms; ${result.peer}) | ${result.ratio}x wall, ${result.ratioCpu}x CPU | >= 1.0x |`,
);
if (!result.sameData) throw new Error(`sample sums differ: ours ${sum}, peer ${peer.sum}`);
