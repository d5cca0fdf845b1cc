/**
 * Transition hectares of two class maps vs numpy (bench/peers/change_transitions.py: rasterio read, then
 * `bincount(a*K + b)` weighted by per-row ellipsoidal cell areas). Data: two SIZE x SIZE uint8 maps made by the
 * peer (EPSG:4326, 4 classes, blocky changes, tiled 512 DEFLATE). Ours streams 512-row strips (mapTransitions
 * without an output raster, the like-for-like case; and with the transition COG written, the command's case).
 * Hectares per transition must agree (relative 1e-9). The ratio is peer CPU / ours (> 1: we are faster), median
 * of repeats; wall times too. Memory: our peak RSS at SIZE/2 and SIZE, each in a fresh process (flat = strips).
 *
 * Run: npx tsx bench/change-transitions.bench.ts [SIZE=10980] [REPEATS=3]
 * Writes bench/out/change-transitions.json.
 *
 * Last run (2026-12-01, 2 shared cores under load, SIZE = 4096, 5 repeats): 119 ms CPU (wall 140; 213 ms CPU with the
 * transition COG written) vs numpy 1.24.2 103 ms CPU (wall 187): 0.87x CPU (goal missed), 1.33x wall; hectares agree
 * to 2e-12; peak RSS 117 MB at 2048², 133 MB at 4096² (flat) against numpy's 536 MB. Not run at 10,980² here
 * (numpy would need about 4 GB on the shared machine).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { mapTransitions } from "../src/change/transitions.ts";
import { writeFileAtomic } from "../src/io/atomic-write.ts";

const here = dirname(fileURLToPath(import.meta.url));
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

// Child mode: one run, report peak RSS.
if (process.argv[2] === "--child") {
  const [a, b, out] = process.argv.slice(3);
  const r = await mapTransitions({ from: a!, to: b!, out: out === "-" ? undefined : out });
  process.stdout.write(`${JSON.stringify({ maxRssMb: process.resourceUsage().maxRSS / 1024, totalHa: r.totalAreaHa })}\n`);
  process.exit(0);
}

const size = Number(process.argv[2] ?? 10980);
const repeats = Number(process.argv[3] ?? 3);
const dir = mkdtempSync(join(tmpdir(), "change-bench-"));
const py = (...args: string[]): string => {
  const r = spawnSync("/usr/bin/python3", [join(here, "peers", "change_transitions.py"), ...args], { encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`peer ${args[0]} failed: ${r.stderr}`);
  return r.stdout;
};
const half = Math.floor(size / 2);
py("make", join(dir, "a.tif"), join(dir, "b.tif"), String(size));
py("make", join(dir, "ha.tif"), join(dir, "hb.tif"), String(half));

async function timed(out: boolean): Promise<{ cpu: number[]; wall: number[]; hectares: Record<string, number> }> {
  const cpu: number[] = [];
  const wall: number[] = [];
  let hectares: Record<string, number> = {};
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    const c0 = cpuMs();
    const res = await mapTransitions({ from: join(dir, "a.tif"), to: join(dir, "b.tif"), out: out ? join(dir, "t.tif") : undefined });
    cpu.push(cpuMs() - c0);
    wall.push(performance.now() - t0);
    hectares = Object.fromEntries(res.transitions.filter((t) => t.areaHa > 0).map((t) => [t.name, t.areaHa]));
  }
  cpu.sort((x, y) => x - y);
  wall.sort((x, y) => x - y);
  return { cpu, wall, hectares };
}
await mapTransitions({ from: join(dir, "ha.tif"), to: join(dir, "hb.tif") }); // warm-up (JIT)
const ours = await timed(false);
const oursWrite = await timed(true);
const peer = JSON.parse(py("run", join(dir, "a.tif"), join(dir, "b.tif"), String(repeats))) as {
  numpy: string;
  medianMs: number;
  cpuMedianMs: number;
  maxRssMb: number;
  hectares: Record<string, number>;
};
const child = (a: string, b: string, out: string): { maxRssMb: number } => {
  const r = spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--child", a, b, out], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as { maxRssMb: number };
};
const rssHalf = child(join(dir, "ha.tif"), join(dir, "hb.tif"), join(dir, "th.tif")).maxRssMb;
const rssFull = child(join(dir, "a.tif"), join(dir, "b.tif"), join(dir, "tf.tif")).maxRssMb;
rmSync(dir, { recursive: true, force: true });

const names = ["", "forest", "pasture", "coca", "water"];
let worst = 0;
for (const [pair, ha] of Object.entries(peer.hectares)) {
  const [i, j] = pair.split("->").map(Number);
  const o = ours.hectares[`${names[i!]} -> ${names[j!]}`] ?? 0;
  worst = Math.max(worst, Math.abs(o / ha - 1));
}
const med = (a: number[]): number => a[Math.floor(a.length / 2)]!;
const row = {
  benchmark: `transition hectares of two ${size.toLocaleString("en-US")}² uint8 class maps (EPSG:4326, per-row ellipsoidal cell areas)`,
  size,
  repeats,
  oursCpuMedianMs: med(ours.cpu),
  oursMedianMs: med(ours.wall),
  oursWithRasterCpuMedianMs: med(oursWrite.cpu),
  oursWithRasterMedianMs: med(oursWrite.wall),
  peer: `numpy ${peer.numpy} bincount(a*K+b) with per-row cell areas, rasterio read (bench/peers/change_transitions.py)`,
  peerCpuMedianMs: peer.cpuMedianMs,
  peerMedianMs: peer.medianMs,
  ratio: peer.cpuMedianMs / med(ours.cpu),
  wallRatio: peer.medianMs / med(ours.wall),
  ratioWithRaster: peer.cpuMedianMs / med(oursWrite.cpu),
  goal: ">= 1.0x, memory flat",
  hectaresLargestRelativeDifference: worst,
  maxRssMb: { ours: { [half]: rssHalf, [size]: rssFull }, peer: peer.maxRssMb },
};
process.stdout.write(
  `| ${row.benchmark} | ${row.oursCpuMedianMs.toFixed(0)} ms CPU (wall ${row.oursMedianMs.toFixed(0)}; with the transition COG ${row.oursWithRasterCpuMedianMs.toFixed(0)}) | numpy: ${peer.cpuMedianMs.toFixed(0)} ms CPU (wall ${peer.medianMs.toFixed(0)}) | ${row.ratio.toFixed(2)}x CPU (${row.wallRatio.toFixed(2)}x wall; ${row.ratioWithRaster.toFixed(2)}x with the COG) | >= 1.0x |\n` +
    `hectares agree to ${worst.toExponential(2)}; peak RSS ours ${rssHalf.toFixed(0)} MB at ${half}², ${rssFull.toFixed(0)} MB at ${size}²; numpy ${peer.maxRssMb.toFixed(0)} MB\n`,
);
mkdirSync(join(here, "out"), { recursive: true });
writeFileAtomic(join(here, "out", "change-transitions.json"), `${JSON.stringify(row, null, 2)}\n`);
