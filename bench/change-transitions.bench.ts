/**
 * Transition hectares of two class maps vs numpy (bench/peers/change_transitions.py: rasterio read, then
 * `bincount(a*K + b)` weighted by per-row ellipsoidal cell areas). Data: two SIZE x SIZE uint8 maps made by the
 * peer (EPSG:4326, 4 classes, blocky changes, tiled 512 DEFLATE). Ours streams 512-row strips (mapTransitions
 * without an output raster, the like-for-like case); the command's case with the transition COG written is timed
 * too and given in the notes. Ours and the peer alternate, one run each per repeat, so both see the same load.
 * Hectares per transition and the total must agree (relative 1e-9) or the benchmark fails. The ratio is peer time /
 * ours (> 1: we are faster), medians of the repeats; process CPU (all threads) and wall. Memory: our peak RSS at
 * SIZE/2 and SIZE, each in a fresh process (flat = strips), against numpy's peak RSS at SIZE.
 *
 * Run: npx tsx bench/change-transitions.bench.ts [SIZES=4096,10980] [REPEATS=5]. Last run: docs/change.md.
 * Writes bench/results/change-transitions-<SIZE>.json (bench/support/result.ts); then `npm run bench:table`.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { mapTransitions } from "../src/change/transitions.ts";
import { writeBenchResult } from "./support/result.ts";

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

const sizes = (process.argv[2] ?? "4096,10980").split(",").map(Number);
const repeats = Number(process.argv[3] ?? 5);

interface PeerRun {
  numpy: string;
  medianMs: number;
  cpuMedianMs: number;
  maxRssMb: number;
  hectares: Record<string, number>;
}
const py = (...args: string[]): string => {
  const r = spawnSync("/usr/bin/python3", [join(here, "peers", "change_transitions.py"), ...args], { encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`peer ${args[0]} failed: ${r.stderr}`);
  return r.stdout;
};
const child = (a: string, b: string, out: string): { maxRssMb: number; totalHa: number } => {
  const r = spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--child", a, b, out], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as { maxRssMb: number; totalHa: number };
};
const med = (a: number[]): number => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
const names = ["", "forest", "pasture", "coca", "water"];

for (const size of sizes) {
  const dir = mkdtempSync(join(tmpdir(), "change-bench-"));
  try {
    const half = Math.floor(size / 2);
    const [a, b, ha, hb] = ["a.tif", "b.tif", "ha.tif", "hb.tif"].map((f) => join(dir, f)) as [string, string, string, string];
    py("make", a, b, String(size));
    py("make", ha, hb, String(half));
    await mapTransitions({ from: ha, to: hb }); // warm-up (JIT)
    const ours = { cpu: [] as number[], wall: [] as number[] };
    const oursCog = { cpu: [] as number[], wall: [] as number[] };
    const peer = { cpu: [] as number[], wall: [] as number[], rss: 0, numpy: "", hectares: {} as Record<string, number> };
    let hectares: Record<string, number> = {};
    let oursTotal = 0;
    for (let r = 0; r < repeats; r++) {
      let t0 = performance.now();
      let c0 = cpuMs();
      const res = await mapTransitions({ from: a, to: b });
      ours.cpu.push(cpuMs() - c0);
      ours.wall.push(performance.now() - t0);
      hectares = Object.fromEntries(res.transitions.filter((t) => t.areaHa > 0).map((t) => [t.name, t.areaHa]));
      oursTotal = res.totalAreaHa;
      const p = JSON.parse(py("run", a, b, "1")) as PeerRun;
      peer.cpu.push(p.cpuMedianMs);
      peer.wall.push(p.medianMs);
      peer.rss = Math.max(peer.rss, p.maxRssMb);
      peer.numpy = p.numpy;
      peer.hectares = p.hectares;
      t0 = performance.now();
      c0 = cpuMs();
      await mapTransitions({ from: a, to: b, out: join(dir, "t.tif") });
      oursCog.cpu.push(cpuMs() - c0);
      oursCog.wall.push(performance.now() - t0);
    }
    const rssHalf = child(ha, hb, join(dir, "th.tif")).maxRssMb;
    const rssFull = child(a, b, join(dir, "tf.tif")).maxRssMb;

    // Same thing computed: every pair's hectares and the total.
    let worst = 0;
    let peerTotal = 0;
    for (const [pair, h] of Object.entries(peer.hectares)) {
      const [i, j] = pair.split("->").map(Number);
      const o = hectares[`${names[i!]} -> ${names[j!]}`] ?? 0;
      worst = Math.max(worst, Math.abs(o / h - 1));
      peerTotal += h;
    }
    if (Object.keys(hectares).length !== Object.keys(peer.hectares).length) throw new Error("ours and numpy found different transitions");
    worst = Math.max(worst, Math.abs(oursTotal / peerTotal - 1));
    if (!(worst < 1e-9)) throw new Error(`hectares differ from numpy's by ${worst} (relative)`);

    const cpuRatio = med(peer.cpu) / med(ours.cpu);
    const path = writeBenchResult({
      id: `change-transitions-${size}`,
      title: `transition hectares of two ${size.toLocaleString("en-US")}² uint8 class maps (EPSG:4326, ellipsoidal cell area per row)`,
      source: "bench/change-transitions.bench.ts",
      ours: {
        label: "coca change map (hectares only, 512-row strips)",
        cpuMs: med(ours.cpu),
        wallMs: med(ours.wall),
        peakRssMb: rssFull,
        runs: repeats,
        detail: `peak RSS ${rssHalf.toFixed(0)} MB at ${half.toLocaleString("en-US")}²`,
      },
      peer: {
        label: `numpy ${peer.numpy} bincount(a*K+b) weighted by row areas, rasterio read (bench/peers/change_transitions.py)`,
        cpuMs: med(peer.cpu),
        wallMs: med(peer.wall),
        peakRssMb: peer.rss,
        runs: repeats,
      },
      ratio: { cpu: cpuRatio, wall: med(peer.wall) / med(ours.wall) },
      goal: ">= 1.0x CPU, memory flat",
      met: cpuRatio >= 1 && rssFull < 2 * rssHalf,
      notes:
        `Hectares of every transition and the total agree with numpy to ${worst.toExponential(1)} (relative). ` +
        `With the transition COG written (the command's case): CPU ${med(oursCog.cpu).toFixed(0)} ms, wall ${med(oursCog.wall).toFixed(0)} ms, ` +
        `${(med(peer.cpu) / med(oursCog.cpu)).toFixed(2)}x numpy CPU`,
    });
    process.stdout.write(
      `${size}²: ours CPU ${med(ours.cpu).toFixed(0)} ms (wall ${med(ours.wall).toFixed(0)}; COG ${med(oursCog.cpu).toFixed(0)}), numpy CPU ${med(peer.cpu).toFixed(0)} ms ` +
        `(wall ${med(peer.wall).toFixed(0)}): ${cpuRatio.toFixed(2)}x; RSS ours ${rssHalf.toFixed(0)} / ${rssFull.toFixed(0)} MB, numpy ${peer.rss.toFixed(0)} MB; ` +
        `hectares agree to ${worst.toExponential(1)} -> ${path}\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
