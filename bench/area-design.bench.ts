/**
 * Stratified random selection of sample pixels from a class map held in memory (frame counts,
 * min:75 allocation, n_h pixels without replacement per stratum, row/col): ours
 * (designStratifiedSample: one counting pass, Floyd's rank sampling, one selection pass) vs numpy
 * (bench/peers/area_design.py: bincount, flatnonzero per class, Generator.choice without
 * replacement). Both build the same synthetic 4-class map (a rare class of ~2%) untimed. Rounds
 * alternate ours and the peer so both see the same load; ratio = median peer / median ours.
 *
 * Run: npx tsx bench/area-design.bench.ts [size ...]   (default 4000 and 8000 px square)
 * Writes bench/out/area-design.json.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeFileAtomic } from "../src/io/atomic-write.ts";
import { writeBenchResult } from "./support/result.ts";
import { createRandom } from "../src/stats/random.ts";
import { countStrata } from "../src/stats/sampling-frame.ts";
import { designStratifiedSample } from "../src/stats/stratified-design.ts";

const here = dirname(fileURLToPath(import.meta.url));
const REPEATS = 5;
const N = 1000;
const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
if (sizes.length === 0) sizes.push(4000, 8000);

/** The peer's class map: blocks of 37 × 53 px cycling through codes 2-4, ~2% of blocks code 1. */
function classMap(size: number): Uint8Array {
  const a = new Uint8Array(size * size);
  for (let r = 0; r < size; r++) {
    const br = Math.floor(r / 37);
    for (let c = 0; c < size; c++) {
      const bc = Math.floor(c / 53);
      a[r * size + c] = (br * 7 + bc * 13) % 50 === 0 ? 1 : ((br + bc) % 3) + 2;
    }
  }
  return a;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface PeerRun {
  bestMs: number;
  medianMs: number;
  numpy: string;
  counts: number[];
  drawn: number;
}

const rows: Record<string, unknown>[] = [];
for (const size of sizes) {
  const map = classMap(size);
  const random = createRandom(1);
  const run = (): number => designStratifiedSample({ strataRaster: map, width: size, height: size, n: N, allocation: { minimum: 75 }, random }).units.length;
  run(); // warm-up (JIT)
  const ours: number[] = [];
  const peers: number[] = [];
  let peer: PeerRun | undefined;
  let drawn = 0;
  for (let k = 0; k < REPEATS; k++) {
    const t0 = performance.now();
    drawn = run();
    ours.push(performance.now() - t0);
    const p = spawnSync("/usr/bin/python3", [join(here, "peers", "area_design.py"), String(size), String(N), "1", String(k + 1)], {
      encoding: "utf8",
      maxBuffer: 1 << 24,
    });
    if (p.status !== 0) throw new Error(`peer failed: ${p.stderr}`);
    peer = JSON.parse(p.stdout) as PeerRun;
    peers.push(peer.bestMs);
  }
  const counts = countStrata(map).sizes;
  if (JSON.stringify(counts) !== JSON.stringify(peer!.counts)) throw new Error(`frame counts differ: ours ${counts} vs numpy ${peer!.counts}`);
  const row = {
    benchmark: `stratified sample design, ${size.toLocaleString("en-US")} × ${size.toLocaleString("en-US")} px class map, n = ${N} (min:75)`,
    pixels: size * size,
    repeats: REPEATS,
    oursMedianMs: median(ours),
    oursBestMs: Math.min(...ours),
    peer: `numpy ${peer!.numpy} (bench/peers/area_design.py)`,
    peerMedianMs: median(peers),
    peerBestMs: Math.min(...peers),
    ratio: median(peers) / median(ours),
    bestRatio: Math.min(...peers) / Math.min(...ours),
    goal: ">= 1.0x",
    check: { counts, oursDrawn: drawn, peerDrawn: peer!.drawn },
  };
  writeBenchResult({
    id: `area-design-${size}`,
    title: `${row.benchmark}: frame counts, allocation, selection without replacement, row/col`,
    source: "bench/area-design.bench.ts",
    ours: { label: "designSample (in memory)", wallMs: Math.round(row.oursMedianMs), runs: REPEATS },
    peer: { label: `${row.peer}, /usr/bin/python3 (best of its repeats per run)`, wallMs: Math.round(row.peerMedianMs), runs: REPEATS },
    ratio: { wall: Number(row.ratio.toFixed(2)) },
    goal: ">= 1.0x wall",
    met: row.ratio >= 1,
    notes: "one thread each, runs alternate ours and numpy; the same frame counts; wall time only (the peer reports no CPU time); the machine is shared",
  });
  rows.push({ ...row, oursRunsMs: ours.map((t) => Math.round(t)), peerRunsMs: peers.map((t) => Math.round(t)) });
  console.log(
    `| ${row.benchmark} | ${row.oursMedianMs.toFixed(0)} ms | ${row.peer}: ${row.peerMedianMs.toFixed(0)} ms | ${row.ratio.toFixed(2)}x | ${row.goal} |`,
  );
}
mkdirSync(join(here, "out"), { recursive: true });
writeFileAtomic(join(here, "out", "area-design.json"), `${JSON.stringify(rows, null, 2)}\n`);
