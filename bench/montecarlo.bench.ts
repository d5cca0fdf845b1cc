/**
 * Monte Carlo throughput of the production model vs the equivalent vectorised numpy script
 * (bench/peers/montecarlo.py, under Debian's /usr/bin/python3 like every peer), side by side on the same machine: same model (parameter set
 * unodc-per-2016 with an area estimate of 43,900 +- 2,000 ha), same number of draws, same summaries
 * (mean, sd, median, 90% and 95% intervals, min, max, 40-bin histogram of leafT, netLeafT and cocaineT).
 * Sensitivity is not timed (the peer has none). Our runs reuse one MonteCarloWorkspace, as estimateProduction does. Both are timed warm, in their own process, in
 * alternating blocks; ratio = median peer time / median ours (> 1: we are faster), and best/best, on wall
 * time and on process CPU time, with the 1-minute load average before and after.
 *
 * Run: npx tsx bench/montecarlo.bench.ts [draws ...]   (default 100,000 and 1,000,000)
 * Writes bench/out/montecarlo.json and bench/results/montecarlo-<draws>.json.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeFileAtomic } from "../src/io/atomic-write.ts";
import { writeBenchResult } from "./support/result.ts";
import { compileModel } from "../src/production/model.ts";
import { createMonteCarloWorkspace, runMonteCarlo, summarizeMonteCarlo } from "../src/production/monte-carlo.ts";
import { loadParameterSets } from "../src/production/parameter-set-loader.ts";
import { createRandom } from "../src/stats/random.ts";

const here = dirname(fileURLToPath(import.meta.url));
const REPEATS = 9;
const drawCounts = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
if (drawCounts.length === 0) drawCounts.push(100_000, 1_000_000);

const params = (await loadParameterSets()).find((s) => s.name === "unodc-per-2016")!;
const model = compileModel(params, [{ region: "national", areaHa: 43_900, areaSeHa: 2_000 }]);

// One workspace lent to run after run, as estimateProduction's shared one is (numpy's malloc hands its freed arrays
// to the next run the same way).
const workspace = createMonteCarloWorkspace();
function runOnce(draws: number, seed: number): { cocaineMedian: number; ci95: [number, number] } {
  const mc = runMonteCarlo(model, { draws, random: createRandom(seed), workspace });
  const c = summarizeMonteCarlo(mc).cocaineT;
  return { cocaineMedian: c.median, ci95: c.ci95 };
}

interface PeerRun {
  timesMs: number[];
  cpuMs: number[];
  bestMs: number;
  medianMs: number;
  numpy: string;
  cocaineT: { median: number; ci95: [number, number] };
}

function runPeer(draws: number, repeats: number, seed: number): PeerRun {
  const peerRun = spawnSync("/usr/bin/python3", [join(here, "peers", "montecarlo.py"), String(draws), String(repeats), String(seed)], { encoding: "utf8" });
  if (peerRun.status !== 0) throw new Error(`peer failed: ${peerRun.stderr}`);
  return JSON.parse(peerRun.stdout) as PeerRun;
}

const round1 = (x: number): number => Math.round(x * 10) / 10;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

runOnce(10_000, 0); // warm-up (JIT)
const rows: Record<string, unknown>[] = [];
for (const draws of drawCounts) {
  // Blocks of REPEATS warm runs, ours then the peer's (timed inside its own process after a warm-up),
  // twice over, so slow drifts of the machine's load hit both. (Alternating single runs was tried: a
  // V8 process that has just sat idle while the peer ran runs its next draw 2-5x slower, which
  // measures the idle pause, not the Monte Carlo.)
  const ours: number[] = [];
  const oursCpu: number[] = [];
  const peers: number[] = [];
  const peersCpu: number[] = [];
  const load0 = loadavg()[0]!;
  let last = { cocaineMedian: NaN, ci95: [NaN, NaN] as [number, number] };
  let peer: PeerRun | undefined;
  for (let block = 0; block < 2; block++) {
    runOnce(draws, 0); // re-warm after the peer's block
    for (let r = 0; r < REPEATS; r++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      last = runOnce(draws, r + 1);
      ours.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      oursCpu.push((c.user + c.system) / 1000);
    }
    peer = runPeer(draws, REPEATS, block * REPEATS + 1);
    peers.push(...peer.timesMs);
    peersCpu.push(...peer.cpuMs);
  }
  const ratio = median(peers) / median(ours);
  const row = {
    benchmark: `production Monte Carlo, ${draws.toLocaleString("en-US")} draws (sample + model + 3 summaries)`,
    draws,
    repeats: 2 * REPEATS,
    oursMedianMs: median(ours),
    oursBestMs: Math.min(...ours),
    peer: `numpy ${peer!.numpy} (bench/peers/montecarlo.py)`,
    peerMedianMs: median(peers),
    peerBestMs: Math.min(...peers),
    ratio,
    oursCpuMedianMs: median(oursCpu),
    peerCpuMedianMs: median(peersCpu),
    ratioCpu: median(peersCpu) / median(oursCpu),
    loadAverage1m: { before: load0, after: loadavg()[0]! },
    bestRatio: Math.min(...peers) / Math.min(...ours),
    goal: ">= 1.0x",
    check: { oursCocaineMedianT: last.cocaineMedian, peerCocaineMedianT: peer!.cocaineT.median, oursCi95: last.ci95, peerCi95: peer!.cocaineT.ci95 },
  };
  rows.push(row);
  writeBenchResult({
    id: `montecarlo-${draws >= 1_000_000 ? `${draws / 1_000_000}m` : `${draws / 1000}k`}`,
    title: `production Monte Carlo, ${draws.toLocaleString("en-US")} draws (sample 5 parameters, model, summaries of 3 outputs), one thread`,
    source: "bench/montecarlo.bench.ts",
    ours: {
      label: "runMonteCarlo + summarizeMonteCarlo, one workspace reused",
      cpuMs: round1(row.oursCpuMedianMs),
      wallMs: round1(row.oursMedianMs),
      runs: row.repeats,
    },
    peer: {
      label: `numpy ${peer!.numpy}, vectorised (bench/peers/montecarlo.py, /usr/bin/python3)`,
      cpuMs: round1(row.peerCpuMedianMs),
      wallMs: round1(row.peerMedianMs),
      runs: row.repeats,
    },
    ratio: { cpu: Number(row.ratioCpu.toFixed(2)), wall: Number(ratio.toFixed(2)) },
    goal: ">= 1.0x CPU",
    met: row.ratioCpu >= 1,
    notes: `blocks of ${REPEATS} warm runs each side, twice; cocaine median ${last.cocaineMedian.toFixed(1)} t (ours) vs ${peer!.cocaineT.median.toFixed(1)} t (numpy); the machine is shared (CPU ratios are the fairer measure)`,
  });
  process.stdout.write(
    `${row.benchmark}: ours median ${row.oursMedianMs.toFixed(1)} ms (best ${row.oursBestMs.toFixed(1)}), numpy median ${row.peerMedianMs.toFixed(1)} ms (best ${row.peerBestMs.toFixed(1)}), ` +
      `ratio ${ratio.toFixed(2)}x wall (best/best ${row.bestRatio.toFixed(2)}x), CPU ours ${row.oursCpuMedianMs.toFixed(1)} ms vs ${row.peerCpuMedianMs.toFixed(1)} ms: ${row.ratioCpu.toFixed(2)}x CPU; ` +
      `load ${row.loadAverage1m.before.toFixed(2)}-${row.loadAverage1m.after.toFixed(2)}; cocaine median ${last.cocaineMedian.toFixed(1)} t vs ${peer!.cocaineT.median.toFixed(1)} t\n`,
  );
}
mkdirSync(join(here, "out"), { recursive: true });
await writeFileAtomic(join(here, "out", "montecarlo.json"), `${JSON.stringify(rows, null, 2)}\n`);
