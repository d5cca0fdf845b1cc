/**
 * Coverage of the change demo's simulated truth by its 95% intervals over seeded runs (seeds 1..RUNS), for the
 * seeded error model or the random forest on synthesised scenes, for the default stratified score interval and the
 * old normal interval (re-estimated from the same units). Not a speed benchmark: a measurement of the estimator's
 * intervals, written as bench/results/change-demo-coverage-<classifier>.json after every run, reported in docs/change.md.
 *
 * Run: npx tsx bench/change-demo-coverage.ts error-model|forest [RUNS=100] [SIZE_PX=600]
 *
 * Last runs: docs/change.md. Earlier runs (2026-12-01, n = 600, normal intervals only): error model, 200 runs: t1 95.5%, t2 99.0%, new 97.5%, persistent 95.5%,
 * lost 93.0%, net 96.5%, abandoned 94.0%, replanted 194/200, forced 188/200 (107 s). Forest, 40 runs: t1 100%,
 * t2 92.5%, new 87.5%, persistent 95.0%, lost 95.0%, net 92.5%, abandoned 90.0%, replanted 36/40, forced 33/40;
 * mean held-out overall accuracy 0.767 (239 s).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runChangeDemoWith, type DemoClassifier } from "../src/change/demo-files.ts";
import { DEFAULT_DEMO_PARAMS } from "../src/change/demo.ts";
import { estimateChange, type ChangeEstimate } from "../src/stats/change-estimator.ts";
import { writeBenchResult } from "./support/result.ts";

const classifier = (process.argv[2] ?? "error-model") as DemoClassifier;
const runs = Number(process.argv[3] ?? 100);
const sizePx = Number(process.argv[4] ?? 600);
const keys = ["firstDateHa", "secondDateHa", "newHa", "persistentHa", "lostHa", "netChangeHa"] as const;
const METHODS = ["score", "normal"] as const;
type Method = (typeof METHODS)[number];
interface Tally {
  hits: Record<string, number>;
  rpRuns: number;
  rpHits: number;
  abHits: number;
  forcedRuns: number;
  forcedHits: number;
}
const tally: Record<Method, Tally> = {
  score: { hits: {}, rpRuns: 0, rpHits: 0, abHits: 0, forcedRuns: 0, forcedHits: 0 },
  normal: { hits: {}, rpRuns: 0, rpHits: 0, abHits: 0, forcedRuns: 0, forcedHits: 0 },
};
let oa = 0;
let done = 0;
const inside = (ci: [number, number] | null | undefined, t: number | null | undefined): boolean =>
  !!ci && t !== null && t !== undefined && ci[0] <= t && t <= ci[1];
const t0 = Date.now();
const pct = (k: number, n: number): string => `${((100 * k) / Math.max(1, n)).toFixed(1)}%`;

/** The row so far (rewritten after every run, so a stopped measurement keeps what it measured). */
function write(): void {
  const line = (m: Method): string => {
    const t = tally[m];
    return (
      keys.map((k) => `${k.replace(/Ha$/, "")} ${pct(t.hits[k] ?? 0, done)}`).join(", ") +
      `, abandoned share ${pct(t.abHits, done)}, replanted share ${t.rpHits}/${t.rpRuns}, replanted after forced ${t.forcedHits}/${t.forcedRuns}`
    );
  };
  writeBenchResult({
    id: `change-demo-coverage-${classifier}`,
    title: `coverage of the change demo's simulated truth by 95% intervals, ${classifier === "forest" ? "random forest" : "error model"} maps, ${sizePx} px, n = ${DEFAULT_DEMO_PARAMS.sampleSize}, seeds 1..${done}`,
    source: "bench/change-demo-coverage.ts",
    ours: { label: "stratified score interval (default)", runs: done, detail: line("score") },
    peer: { label: "normal interval (estimate ± 1.96 SE, the old default)", runs: done, detail: line("normal") },
    goal: "about 95% for every quantity (a coverage measurement, not a speed benchmark)",
    notes:
      `Both intervals from the same runs (the normal one re-estimated from the same units).` +
      (classifier === "forest" ? ` Mean held-out overall accuracy of the forest ${(oa / Math.max(1, done)).toFixed(3)}.` : "") +
      ` ${((Date.now() - t0) / 1000).toFixed(0)} s`,
  });
}

const work = mkdtempSync(join(tmpdir(), "coca-change-coverage-"));
for (let seed = 1; seed <= runs; seed++) {
  const d = await runChangeDemoWith({ ...DEFAULT_DEMO_PARAMS, seed, sizePx }, classifier, { workDir: join(work, String(seed)) });
  oa += d.classifier?.heldOutAccuracy ?? 0;
  const estimates: Record<Method, ChangeEstimate> = {
    score: d.estimate,
    normal: estimateChange({ strata: d.strataSizes, units: d.units, targetClass: "coca", z: d.params.z, interval: "normal" }),
  };
  if (d.estimate.interval !== "score") throw new Error(`the demo's estimate uses ${d.estimate.interval}, not the default score interval`);
  for (const m of METHODS) {
    const e = estimates[m];
    const t = tally[m];
    for (const k of keys) if (inside(e.areas[k].ciHa, d.truth[k])) t.hits[k] = (t.hits[k] ?? 0) + 1;
    if (inside(e.areas.abandonedShare.ci, d.truth.abandonedShare)) t.abHits++;
    const r = e.replanted?.overall;
    if (r?.ci && d.truth.replantedShare !== null) {
      t.rpRuns++;
      if (inside(r.ci, d.truth.replantedShare)) t.rpHits++;
    }
    const f = e.replanted?.byKind.find((x) => x.kind === "forced");
    if (f?.ci && typeof d.truth.replantedShareByKind.forced === "number") {
      t.forcedRuns++;
      if (inside(f.ci, d.truth.replantedShareByKind.forced)) t.forcedHits++;
    }
  }
  done++;
  write();
  process.stderr.write(`seed ${seed} done (${((Date.now() - t0) / 1000).toFixed(0)} s)\n`);
  rmSync(join(work, String(seed)), { recursive: true, force: true });
}
rmSync(work, { recursive: true, force: true });
console.log(JSON.stringify({ classifier, runs, sizePx, sampleSize: DEFAULT_DEMO_PARAMS.sampleSize, tally, seconds: (Date.now() - t0) / 1000 }));
