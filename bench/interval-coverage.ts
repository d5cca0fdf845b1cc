/**
 * Coverage of 95% intervals for the coca area in the designs coca surveys use: four scenarios
 * (src/stats/coverage-scenarios.ts) on a 2,000² px population, 1,000 seeded samples each, four
 * interval procedures (normal, Student-t with Satterthwaite df, stratified score, stratified
 * bootstrap). Not a speed benchmark (not run by `npm run bench`); its table is in
 * docs/area-estimation.md.
 *
 * Run: npx tsx bench/interval-coverage.ts [samples=1000] [sizePx=2000] [n=600]
 * Writes bench/out/interval-coverage.json.
 */
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeFileAtomic } from "../src/io/atomic-write.ts";
import { coverageScenarios, measureCoverage, type CoverageResult } from "../src/stats/coverage-scenarios.ts";
import { INTERVAL_METHODS } from "../src/stats/interval-method.ts";

const samples = Number(process.argv[2] ?? 1000);
const sizePx = Number(process.argv[3] ?? 2000);
const n = Number(process.argv[4] ?? 600);
const scenarios = coverageScenarios({ sizePx, n });
const rows: (CoverageResult & { description: string; trueCocaShare: number })[] = [];
const lines = [
  "| scenario | procedure | coverage | misses low / high | mean width (share of true area) | samples flagged (small count) |",
  "|---|---|---|---|---|---|",
];
for (const [k, s] of scenarios.entries()) {
  const t0 = Date.now();
  const results = measureCoverage(s, INTERVAL_METHODS, { samples, seed: 100 + k });
  for (const r of results) {
    rows.push({ ...r, description: s.description, trueCocaShare: s.landscape.trueCocaPx / sizePx ** 2 });
    lines.push(
      `| ${s.name} | ${r.method} | ${(r.coverage * 100).toFixed(1)}% | ${r.missesLow} / ${r.missesHigh} | ${r.meanRelativeWidth.toFixed(3)} | ${r.flagged} |`,
    );
  }
  process.stderr.write(`${s.name}: ${s.description}; ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
}
const out = join(dirname(fileURLToPath(import.meta.url)), "out");
mkdirSync(out, { recursive: true });
writeFileAtomic(join(out, "interval-coverage.json"), `${JSON.stringify({ samples, sizePx, n, rows, table: lines }, null, 2)}\n`);
console.log(lines.join("\n"));
