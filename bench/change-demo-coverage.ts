/**
 * Coverage of the change demo's simulated truth by its 95% intervals over seeded runs (seeds 1..RUNS), for the
 * seeded error model or the random forest on synthesised scenes. Not a speed benchmark: a measurement of the
 * estimator's intervals, reported in docs/change.md.
 *
 * Run: npx tsx bench/change-demo-coverage.ts error-model|forest [RUNS=100] [SIZE_PX=600]
 *
 * Last runs (2026-12-01, n = 600): error model, 200 runs: t1 95.5%, t2 99.0%, new 97.5%, persistent 95.5%,
 * lost 93.0%, net 96.5%, abandoned 94.0%, replanted 194/200, forced 188/200 (107 s). Forest, 40 runs: t1 100%,
 * t2 92.5%, new 87.5%, persistent 95.0%, lost 95.0%, net 92.5%, abandoned 90.0%, replanted 36/40, forced 33/40;
 * mean held-out overall accuracy 0.767 (239 s).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runChangeDemoWith, type DemoClassifier } from "../src/change/demo-files.ts";
import { DEFAULT_DEMO_PARAMS } from "../src/change/demo.ts";

const classifier = (process.argv[2] ?? "error-model") as DemoClassifier;
const runs = Number(process.argv[3] ?? 100);
const sizePx = Number(process.argv[4] ?? 600);
const keys = ["firstDateHa", "secondDateHa", "newHa", "persistentHa", "lostHa", "netChangeHa"] as const;
const hits: Record<string, number> = {};
let rpRuns = 0;
let rpHits = 0;
let abHits = 0;
let forcedRuns = 0;
let forcedHits = 0;
let oa = 0;
const inside = (ci: [number, number] | null | undefined, t: number | null | undefined): boolean =>
  !!ci && t !== null && t !== undefined && ci[0] <= t && t <= ci[1];
const t0 = Date.now();
const work = mkdtempSync(join(tmpdir(), "coca-change-coverage-"));
for (let seed = 1; seed <= runs; seed++) {
  const d = await runChangeDemoWith({ ...DEFAULT_DEMO_PARAMS, seed, sizePx }, classifier, { workDir: join(work, String(seed)) });
  oa += d.classifier?.heldOutAccuracy ?? 0;
  for (const k of keys) if (inside(d.estimate.areas[k].ciHa, d.truth[k])) hits[k] = (hits[k] ?? 0) + 1;
  if (inside(d.estimate.areas.abandonedShare.ci, d.truth.abandonedShare)) abHits++;
  const r = d.estimate.replanted?.overall;
  if (r?.ci && d.truth.replantedShare !== null) {
    rpRuns++;
    if (inside(r.ci, d.truth.replantedShare)) rpHits++;
  }
  const f = d.estimate.replanted?.byKind.find((x) => x.kind === "forced");
  if (f?.ci && typeof d.truth.replantedShareByKind.forced === "number") {
    forcedRuns++;
    if (inside(f.ci, d.truth.replantedShareByKind.forced)) forcedHits++;
  }
  rmSync(join(work, String(seed)), { recursive: true, force: true });
}
rmSync(work, { recursive: true, force: true });
console.log(
  JSON.stringify({
    classifier,
    runs,
    sizePx,
    sampleSize: DEFAULT_DEMO_PARAMS.sampleSize,
    coverage: Object.fromEntries(keys.map((k) => [k, (hits[k] ?? 0) / runs])),
    abandonedShare: abHits / runs,
    replantedShare: `${rpHits}/${rpRuns}`,
    replantedAfterForced: `${forcedHits}/${forcedRuns}`,
    meanHeldOutOverallAccuracy: classifier === "forest" ? oa / runs : null,
    seconds: (Date.now() - t0) / 1000,
  }),
);
