/**
 * The interdiction game over seeded runs on the real southern Ecuador terrain (simulated fields and crossings of
 * `coca routes demo`): checkpoints drawn in proportion to current (sampled placement), 2 per round of 50 m, 3
 * rounds; the footprint (ha of cells carrying >= 5 % of the flow), corridors and flow entropy per round, as mean
 * and range over the seeds. Not a speed benchmark; it takes minutes.
 *
 * Run: npx tsx bench/routes-game-seeds.ts [seeds=5]   (needs ../shared/data/dem-andes; writes bench/out/routes-game-seeds.json)
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeFileAtomic } from "../src/io/atomic-write.ts";
import { runRoutesDemo } from "../src/routes/demo.ts";
import { runGame } from "../src/routes/route-analyses.ts";

const seeds = Number(process.argv[2] ?? 5);
const dir = mkdtempSync(join(tmpdir(), "coca-game-seeds-"));
try {
  // the demo's cost surface and endpoints (one greedy game comes with it)
  const demo = await runRoutesDemo({ outDir: join(dir, "demo"), rounds: 1 });
  const common = { costPath: demo.cost.path, from: { layerPath: demo.fields }, to: { layerPath: demo.crossings } };
  const runs: Awaited<ReturnType<typeof runGame>>["rounds"][] = [];
  for (let s = 1; s <= seeds; s++) {
    const g = await runGame({
      ...common,
      outDir: join(dir, `g${s}`),
      rounds: 3,
      checkpoints: 2,
      radiusM: 50,
      placement: "sampled",
      seed: s,
      rule: { mode: "block" },
      tolerance: 1e-6,
    });
    runs.push(g.rounds);
    process.stdout.write(
      `seed ${s}: ${g.rounds.map((r) => `r${r.round} ${r.footprintHa.toFixed(2)} ha ${r.corridorsAboveThreshold} corr H=${r.flowEntropyNats.toFixed(4)} ${r.bestWalkingHours?.toFixed(2)} h`).join(" | ")}\n`,
    );
  }
  const perRound = runs[0]!.map((_, i) => {
    const pick = (f: (r: (typeof runs)[number][number]) => number) => runs.map((run) => f(run[i]!));
    const stats = (xs: number[]) => ({ mean: xs.reduce((a, b) => a + b, 0) / xs.length, min: Math.min(...xs), max: Math.max(...xs) });
    return {
      round: i,
      footprintHa: stats(pick((r) => r.footprintHa)),
      corridors: stats(pick((r) => r.corridorsAboveThreshold)),
      flowEntropyNats: stats(pick((r) => r.flowEntropyNats)),
      bestWalkingHours: stats(pick((r) => r.bestWalkingHours ?? Infinity)),
    };
  });
  const out = join(dirname(fileURLToPath(import.meta.url)), "out");
  mkdirSync(out, { recursive: true });
  writeFileAtomic(join(out, "routes-game-seeds.json"), `${JSON.stringify({ seeds, perRound }, null, 1)}\n`);
  for (const r of perRound) {
    process.stdout.write(
      `round ${r.round}: footprint ${r.footprintHa.mean.toFixed(2)} ha [${r.footprintHa.min.toFixed(2)}, ${r.footprintHa.max.toFixed(2)}], corridors ${r.corridors.mean.toFixed(1)} [${r.corridors.min}, ${r.corridors.max}], entropy ${r.flowEntropyNats.mean.toFixed(4)} [${r.flowEntropyNats.min.toFixed(4)}, ${r.flowEntropyNats.max.toFixed(4)}], best ${r.bestWalkingHours.mean.toFixed(2)} h\n`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
