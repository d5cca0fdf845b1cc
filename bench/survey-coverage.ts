/**
 * Coverage of the demo survey's 95% confidence interval: how often it holds the simulated
 * truth over many seeded demo runs (a check of the whole chain: synthetic scene -> trained
 * classifier -> map -> stratified sample -> simulated interpreters -> Stehman estimator).
 * Not a speed benchmark; it lives here because it takes minutes.
 *
 * Run: npx tsx bench/survey-coverage.ts [runs=40] [sizePx=256] [n=200]
 * Writes bench/out/survey-coverage.json.
 */
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { openSqliteStore } from "../src/store/sqlite-store.ts";
import { runDemoSurvey } from "../src/survey/demo.ts";
import { writeFileAtomic } from "../src/io/atomic-write.ts";

const runs = Number(process.argv[2] ?? 40);
const sizePx = Number(process.argv[3] ?? 256);
const n = Number(process.argv[4] ?? 200);
const store = await openSqliteStore(":memory:");
const dir = mkdtempSync(join(tmpdir(), "coca-coverage-"));
let covered = 0;
const rows: { seed: number; trueHa: number; estimateHa: number; ci: [number, number]; mapHa: number; covered: boolean }[] = [];
for (let k = 0; k < runs; k++) {
  const seed = 1000 + k;
  const r = await runDemoSurvey({ store, outDir: join(dir, String(seed)), seed, sizePx, n, draws: 2000 });
  const t = r.results.total;
  const ok = t.trueAreaHa! >= t.areaCiHa[0] && t.trueAreaHa! <= t.areaCiHa[1];
  if (ok) covered++;
  rows.push({ seed, trueHa: t.trueAreaHa!, estimateHa: t.areaHa, ci: t.areaCiHa, mapHa: t.mapAreaHa, covered: ok });
  rmSync(join(dir, String(seed)), { recursive: true, force: true });
  process.stderr.write(
    `seed ${seed}: truth ${t.trueAreaHa!.toFixed(1)} ha, estimate ${t.areaHa.toFixed(1)} [${t.areaCiHa[0].toFixed(1)}, ${t.areaCiHa[1].toFixed(1)}], map ${t.mapAreaHa.toFixed(1)}${ok ? "" : "  <- missed"}\n`,
  );
}
const mapErr = rows.reduce((s, r) => s + Math.abs(r.mapHa - r.trueHa), 0) / runs;
const estErr = rows.reduce((s, r) => s + Math.abs(r.estimateHa - r.trueHa), 0) / runs;
const summary = { runs, sizePx, n, covered, coverage: covered / runs, meanAbsErrorMapHa: mapErr, meanAbsErrorEstimateHa: estErr, rows };
const out = join(dirname(fileURLToPath(import.meta.url)), "out");
mkdirSync(out, { recursive: true });
writeFileAtomic(join(out, "survey-coverage.json"), `${JSON.stringify(summary, null, 2)}\n`);
console.log(
  `| demo survey 95% CI coverage (${runs} seeded runs, ${sizePx} px, n = ${n}) | ${covered}/${runs} = ${((covered / runs) * 100).toFixed(1)}% | mean abs. error: estimate ${estErr.toFixed(1)} ha, map pixel count ${mapErr.toFixed(1)} ha |`,
);
rmSync(dir, { recursive: true, force: true });
await store.close();
