/**
 * Circuit-theory current on a SIDE x SIDE cost raster: ours (effectiveResistance in src/routes/circuit.ts with the
 * stencil solver: matrix-free 9-point Laplacian on the padded grid, conjugate gradient preconditioned by a
 * multigrid V-cycle, src/routes/stencil-multigrid.ts) vs SciPy's scipy.sparse.linalg.cg with a Jacobi
 * preconditioner (bench/peers/routes_cg.py), on the same reduced Laplacian, from the same start x0 = D^-1 b, with
 * the same stopping rule ||r|| <= tol ||b|| (SciPy's rtol). SciPy ships no multigrid or incomplete Cholesky
 * preconditioner, so its Jacobi cg is what we compare against (iteration counts both sides in the row).
 * Cost 1 + (i*7919 mod 1000)/100 per metre, 10 m cells, 8 neighbours, left column at 1 V, right column at 0 V.
 * Timed: ours = reduce + solve + the currents (rasterNetwork excluded); SciPy = the cg call only (building the
 * matrix excluded). Each side runs in its own process (peak RSS is the whole process, building included); the
 * runs alternate ours, SciPy, ours, SciPy, ... so both see the same load. The effective resistances must agree to
 * 1e-5 (both stop at relative residual 1e-8). Ratio = SciPy time / ours.
 *
 * Run: npx tsx bench/routes-current.bench.ts [sides=1000,2000] [tol=1e-8] [runs=1]
 * Writes bench/results/routes-current-<side>.json (writeBenchResult) for each side.
 */
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { effectiveResistance, rasterNetwork } from "../src/routes/circuit.ts";
import { writeBenchResult } from "./support/result.ts";

const here = dirname(fileURLToPath(import.meta.url));

interface Run {
  cpuMs: number;
  wallMs: number;
  peakRssMb: number;
  iterations: number;
  resistance: number;
}

/** Child mode: one solve of ours, printed as JSON. */
function oursOnce(side: number, tol: number): Run {
  const n = side * side;
  const costs = new Float64Array(n);
  for (let i = 0; i < n; i++) costs[i] = 1 + ((i * 7919) % 1000) / 100;
  const grid = { costs, width: side, height: side, cellWidthM: 10, cellHeightM: 10 };
  const net = rasterNetwork(grid, 8);
  const left = Array.from({ length: side }, (_, r) => r * side);
  const right = Array.from({ length: side }, (_, r) => r * side + side - 1);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const res = effectiveResistance(net, left, right, { tolerance: tol, raster: { grid, neighbours: 8 } });
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return {
    cpuMs: (c.user + c.system) / 1000,
    wallMs,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    iterations: res.iterations,
    resistance: res.resistanceOhm,
  };
}

if (process.argv[2] === "--ours") {
  process.stdout.write(JSON.stringify(oursOnce(Number(process.argv[3]), Number(process.argv[4]))) + "\n");
  process.exit(0);
}

const sides = (process.argv[2] ?? "1000,2000").split(",").map(Number);
const tol = Number(process.argv[3] ?? 1e-8);
const runs = Number(process.argv[4] ?? 1);

function child(cmd: string, args: string[]): Run & { scipy?: string; info?: number } {
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").at(-1)!) as Run & { scipy?: string; info?: number };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

for (const side of sides) {
  const ours: Run[] = [];
  const peer: (Run & { scipy?: string; info?: number })[] = [];
  for (let k = 0; k < runs; k++) {
    ours.push(child(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--ours", String(side), String(tol)]));
    peer.push(child("/usr/bin/python3", [join(here, "peers/routes_cg.py"), String(side), String(tol)]));
    process.stdout.write(`${side}² run ${k + 1}: ours ${JSON.stringify(ours.at(-1))}, SciPy ${JSON.stringify(peer.at(-1))}\n`);
  }
  const o = { cpuMs: median(ours.map((r) => r.cpuMs)), wallMs: median(ours.map((r) => r.wallMs)), peakRssMb: Math.max(...ours.map((r) => r.peakRssMb)) };
  const p = { cpuMs: median(peer.map((r) => r.cpuMs)), wallMs: median(peer.map((r) => r.wallMs)), peakRssMb: Math.max(...peer.map((r) => r.peakRssMb)) };
  const rOurs = ours[0]!.resistance;
  const rPeer = peer[0]!.resistance;
  const relDiff = Math.abs(rOurs - rPeer) / rPeer;
  if (relDiff > 1e-5) throw new Error(`effective resistance differs: ours ${rOurs}, SciPy ${rPeer}`);
  const ratio = { cpu: Math.round((p.cpuMs / o.cpuMs) * 100) / 100, wall: Math.round((p.wallMs / o.wallMs) * 100) / 100 };
  const path = writeBenchResult({
    id: `routes-current-${side}`,
    title: `circuit current, ${side.toLocaleString("en-US")}² cost raster, 8 neighbours, relative residual ${tol}`,
    source: "bench/routes-current.bench.ts",
    ours: {
      label: "coca stencil CG, multigrid V-cycle preconditioner",
      ...o,
      runs,
      detail: `${ours[0]!.iterations} iterations, R ${rOurs.toPrecision(9)} s`,
    },
    peer: {
      label: `SciPy ${peer[0]!.scipy} sparse.linalg.cg, Jacobi preconditioner`,
      ...p,
      runs,
      detail: `${peer[0]!.iterations} iterations, R ${rPeer.toPrecision(9)} s`,
    },
    ratio,
    goal: ">= 1.0x",
    met: ratio.cpu >= 1 && ratio.wall >= 1,
    notes: `same Laplacian, start and stopping rule; effective resistances differ by ${relDiff.toExponential(1)}; SciPy timed on the cg call only`,
  });
  process.stdout.write(
    `${side}²: ours CPU ${(o.cpuMs / 1000).toFixed(2)} s, SciPy ${(p.cpuMs / 1000).toFixed(2)} s (${ratio.cpu}x CPU, ${ratio.wall}x wall) -> ${path}\n`,
  );
}
