/**
 * Monte Carlo throughput of the production model vs the equivalent vectorised numpy script
 * (bench/peers/montecarlo.py), side by side on the same machine: same model (parameter set
 * unodc-per-2016 with an area estimate of 43,900 +- 2,000 ha), same number of draws, same summaries
 * (mean, sd, median, 90% and 95% intervals, min, max, 40-bin histogram of leafT, netLeafT and cocaineT).
 * Sensitivity is not timed (the peer has none). Ratio = peer time / ours (> 1: we are faster).
 *
 * Run: npx tsx bench/montecarlo.bench.ts [draws ...]   (default 100,000 and 1,000,000)
 * Writes bench/out/montecarlo.json.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeFileAtomic } from "../src/io/atomic-write.ts";
import { summarizeDraws } from "../src/production/draw-summary.ts";
import { compileModel } from "../src/production/model.ts";
import { runMonteCarlo } from "../src/production/monte-carlo.ts";
import { loadParameterSets } from "../src/production/parameter-set-loader.ts";
import { createRandom } from "../src/stats/random.ts";

const here = dirname(fileURLToPath(import.meta.url));
const REPEATS = 7;
const drawCounts = process.argv.slice(2).map(Number).filter((n) => n > 0);
if (drawCounts.length === 0) drawCounts.push(100_000, 1_000_000);

const params = (await loadParameterSets()).find((s) => s.name === "unodc-per-2016")!;
const model = compileModel(params, [{ region: "national", areaHa: 43_900, areaSeHa: 2_000 }]);

function runOnce(draws: number, seed: number): { cocaineMedian: number; ci95: [number, number] } {
  const mc = runMonteCarlo(model, { draws, random: createRandom(seed) });
  summarizeDraws(mc.leafT, { unit: "t" });
  summarizeDraws(mc.netLeafT, { unit: "t" });
  const c = summarizeDraws(mc.cocaineT, { unit: "t" });
  return { cocaineMedian: c.median, ci95: c.ci95 };
}

runOnce(10_000, 0); // warm-up (JIT)
const rows: Record<string, unknown>[] = [];
for (const draws of drawCounts) {
  const times: number[] = [];
  let last = { cocaineMedian: NaN, ci95: [NaN, NaN] as [number, number] };
  for (let r = 0; r < REPEATS; r++) {
    const t0 = performance.now();
    last = runOnce(draws, r + 1);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const ours = { bestMs: times[0]!, medianMs: times[Math.floor(times.length / 2)]! };
  const peerRun = spawnSync("python3", [join(here, "peers", "montecarlo.py"), String(draws), String(REPEATS)], { encoding: "utf8" });
  if (peerRun.status !== 0) throw new Error(`peer failed: ${peerRun.stderr}`);
  const peer = JSON.parse(peerRun.stdout) as { bestMs: number; medianMs: number; numpy: string; cocaineT: { median: number; ci95: [number, number] } };
  const ratio = peer.medianMs / ours.medianMs;
  const row = {
    benchmark: `production Monte Carlo, ${draws.toLocaleString("en-US")} draws (sample + model + 3 summaries)`,
    draws,
    repeats: REPEATS,
    oursMedianMs: ours.medianMs,
    oursBestMs: ours.bestMs,
    peer: `numpy ${peer.numpy} (bench/peers/montecarlo.py)`,
    peerMedianMs: peer.medianMs,
    peerBestMs: peer.bestMs,
    ratio,
    goal: ">= 1.0x",
    check: { oursCocaineMedianT: last.cocaineMedian, peerCocaineMedianT: peer.cocaineT.median, oursCi95: last.ci95, peerCi95: peer.cocaineT.ci95 },
  };
  rows.push(row);
  process.stdout.write(
    `${row.benchmark}: ours ${ours.medianMs.toFixed(1)} ms (best ${ours.bestMs.toFixed(1)}), numpy ${peer.medianMs.toFixed(1)} ms (best ${peer.bestMs.toFixed(1)}), ratio ${ratio.toFixed(2)}x; ` +
      `cocaine median ${last.cocaineMedian.toFixed(1)} t vs ${peer.cocaineT.median.toFixed(1)} t\n`,
  );
}
mkdirSync(join(here, "out"), { recursive: true });
await writeFileAtomic(join(here, "out", "montecarlo.json"), `${JSON.stringify(rows, null, 2)}\n`);
