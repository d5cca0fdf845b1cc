/**
 * NDVI over a large scene held in memory, on one thread: ours as the WebAssembly SIMD kernel
 * (src/imagery/compute/simd-kernels.ts, float32 arrays in its memory) and as the scalar loop
 * (normalizedDifference, src/imagery/compute/indices.ts), against numpy on float32 (bench/peers/ndvi_numpy.py,
 * Debian's /usr/bin/python3) both as `(nir - red) / (nir + red)` (numpy allocates) and with `out=` into preallocated
 * arrays. Each side also runs its streaming reference, out = a + b (NDVI's traffic: two reads and a write), so the
 * benchmark measures the machine's bandwidth itself and reports the fraction of it NDVI reaches.
 * Same inputs (a formula both sides compute); the NDVI sums must agree. Ratio = peer time / ours (> 1: we are faster).
 * Rounds alternate ours and the peer, so both see the same (shared) machine load.
 *
 * Run: npx tsx bench/ndvi.bench.ts [side in pixels, default 8000 = 64 M pixels] [rounds, default 3]
 * Writes bench/results/ndvi-<side>-numpy.json and ndvi-<side>-numpy-out.json.
 */
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { normalizedDifference } from "../src/imagery/compute/indices.ts";
import { SimdArena } from "../src/imagery/compute/simd-kernels.ts";
import { writeBenchResult } from "./support/result.ts";

const here = dirname(fileURLToPath(import.meta.url));
const side = Number(process.argv[2] ?? 8000);
const ROUNDS = Number(process.argv[3] ?? 3);
const REPEATS = 5;
const n = side * side;
const arena = new SimdArena(4 * n * 4 + 65536);
const nir = arena.alloc(n);
const red = arena.alloc(n);
const out = arena.alloc(n);
const sumOut = arena.alloc(n);
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
const timed = (fn: () => void, wall: number[], cpu: number[]): void => {
  for (let r = 0; r < REPEATS; r++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
};
const scalarTail = (from: number): void => normalizedDifference(nir.subarray(from), red.subarray(from), n - from, out, from);

const ours = {
  simd: { wall: [] as number[], cpu: [] as number[] },
  scalar: { wall: [] as number[], cpu: [] as number[] },
  add: { wall: [] as number[], cpu: [] as number[] },
};
const peer = {
  alloc: { wall: [] as number[], cpu: [] as number[] },
  out: { wall: [] as number[], cpu: [] as number[] },
  add: { wall: [] as number[], cpu: [] as number[] },
};
let numpyVersion = "";
let sums = { simd: 0, scalar: 0, numpyAlloc: 0, numpyOut: 0 };
for (let round = 0; round < ROUNDS; round++) {
  timed(() => arena.add(nir, red, sumOut, n), ours.add.wall, ours.add.cpu);
  timed(() => arena.indices(["ndvi"], { nir, red }, [out], n, scalarTail), ours.simd.wall, ours.simd.cpu);
  sums.simd = sum(out);
  timed(() => normalizedDifference(nir, red, n, out), ours.scalar.wall, ours.scalar.cpu);
  sums.scalar = sum(out);
  const run = spawnSync("/usr/bin/python3", [join(here, "peers", "ndvi_numpy.py"), String(n), String(REPEATS)], { encoding: "utf8", maxBuffer: 1 << 24 });
  if (run.status !== 0) throw new Error(`peer failed: ${run.stderr}`);
  const p = JSON.parse(run.stdout) as { numpy: string; sumAlloc: number; sumOut: number } & Record<
    "alloc" | "out" | "add",
    { wallMs: number[]; cpuMs: number[] }
  >;
  numpyVersion = p.numpy;
  for (const k of ["alloc", "out", "add"] as const) {
    peer[k].wall.push(...p[k].wallMs);
    peer[k].cpu.push(...p[k].cpuMs);
  }
  sums = { ...sums, numpyAlloc: p.sumAlloc, numpyOut: p.sumOut };
}
const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-6 * Math.abs(b);
if (sums.simd !== sums.scalar || !close(sums.simd, sums.numpyAlloc) || !close(sums.simd, sums.numpyOut))
  throw new Error(`NDVI sums differ: ${JSON.stringify(sums)}`);

const bytes = n * 4 * 3; // two float32 reads and one write per pixel
const gbps = (ms: number): number => Number((bytes / 1e6 / ms).toFixed(1));
const m = (s: { wall: number[]; cpu: number[] }): { wall: number; cpu: number } => ({ wall: median(s.wall), cpu: median(s.cpu) });
const simd = m(ours.simd);
const scalar = m(ours.scalar);
const addOurs = m(ours.add);
const addPeer = m(peer.add);
// On CPU time: on a shared machine the wall time counts the turns other processes take on the cores.
const fraction = addOurs.cpu / simd.cpu;
const oursSide = {
  label: "WebAssembly SIMD kernel (simd-kernels.ts), 1 thread",
  cpuMs: Math.round(simd.cpu),
  wallMs: Math.round(simd.wall),
  runs: ROUNDS * REPEATS,
  detail: `${gbps(simd.cpu)} GB/s per CPU second = ${Math.round(fraction * 100)}% of the ${gbps(addOurs.cpu)} GB/s of its own out = a + b; the scalar loop: CPU ${Math.round(scalar.cpu)} ms`,
};
const notes = `${side}² float32 pixels in memory (${((n * 4) / 1e6).toFixed(0)} MB per array); the same NDVI sum on every side; rounds alternate ours and numpy; numpy's out = a + b ran at ${gbps(addPeer.cpu)} GB/s per CPU second; bandwidth fractions on CPU time; the machine is shared (CPU ratios are the fairer measure)`;
for (const [id, key, label] of [
  [`ndvi-${side}-numpy`, "alloc", "(nir - red) / (nir + red), allocating"],
  [`ndvi-${side}-numpy-out`, "out", "subtract, add, divide with out= into preallocated arrays"],
] as const) {
  const pm = m(peer[key]);
  const ratio = { cpu: Number((pm.cpu / simd.cpu).toFixed(2)), wall: Number((pm.wall / simd.wall).toFixed(2)) };
  const path = writeBenchResult({
    id,
    title: `NDVI over ${side}² px float32 in memory, one thread, against numpy ${key === "out" ? "with out=" : "allocating its output"}`,
    source: "bench/ndvi.bench.ts",
    ours: oursSide,
    peer: { label: `numpy ${numpyVersion} (/usr/bin/python3), ${label}`, cpuMs: Math.round(pm.cpu), wallMs: Math.round(pm.wall), runs: ROUNDS * REPEATS },
    ratio,
    goal: ">= 1.5x numpy with out= and >= 70% of the measured bandwidth",
    met: ratio.cpu >= 1.5 && fraction >= 0.7,
    notes,
  });
  console.log(`${path}: CPU ${ratio.cpu}x, wall ${ratio.wall}x; ${Math.round(fraction * 100)}% of bandwidth`);
}
