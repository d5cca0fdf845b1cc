/**
 * Regenerates README's benchmark table (between `<!-- section:bench -->` and `<!-- /section:bench -->`) from the
 * rows in bench/results/*.json that the benchmarks write (bench/support/result.ts). Nothing in the table is typed
 * by hand: to change a row, re-run its benchmark.
 *
 * Usage: npm run bench:table            (rewrites README.md)
 *        npm run bench:table -- --check (exits 1 when README's table differs from the results)
 */
import { readdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BenchResult, BenchSide } from "./support/result.ts";

const START = "<!-- section:bench -->";
const END = "<!-- /section:bench -->";

export function readResults(dir: string): BenchResult[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as BenchResult);
}

const num = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });

function fmtMs(ms: number | undefined): string | undefined {
  if (ms === undefined) return undefined;
  return ms >= 10_000 ? `${num.format(ms / 1000)} s` : `${num.format(ms)} ms`;
}

function side(s: BenchSide | undefined): string {
  if (!s) return "none";
  const parts = [
    s.cpuMs !== undefined ? `CPU ${fmtMs(s.cpuMs)}` : undefined,
    s.wallMs !== undefined ? `wall ${fmtMs(s.wallMs)}` : undefined,
    s.peakRssMb !== undefined ? `peak RSS ${num.format(s.peakRssMb)} MB` : undefined,
    s.detail,
    s.runs !== undefined ? `median of ${s.runs}` : undefined,
  ].filter((p): p is string => p !== undefined);
  return `${s.label}: ${parts.join(", ")}`;
}

function ratio(r: number | undefined): string {
  return r === undefined ? "n/a" : `${r.toFixed(2)}x`;
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

export function renderTable(rows: BenchResult[]): string {
  const lines = ["| benchmark | Coca Monitor | peer | CPU ratio | wall ratio | goal | load average (1/5/15 min), date |", "|---|---|---|---|---|---|---|"];
  for (const r of rows) {
    const goal = r.met === undefined ? r.goal : `${r.goal} (${r.met ? "met" : "missed"})`;
    const title = `${r.title} (\`${r.source}\`)${r.notes ? `. ${r.notes}` : ""}`;
    const load = `${(r.loadavg ?? []).map((x) => x.toFixed(1)).join(" / ")}, ${r.date ?? ""}`;
    lines.push(`| ${[title, side(r.ours), side(r.peer), ratio(r.ratio?.cpu), ratio(r.ratio?.wall), goal, load].map(cell).join(" | ")} |`);
  }
  return lines.join("\n");
}

export function replaceSection(readme: string, table: string): string {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error(`README.md: the markers ${START} and ${END} are missing`);
  return `${readme.slice(0, a + START.length)}\n${table}\n${readme.slice(b)}`;
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const root = join(dirname(fileURLToPath(import.meta.url)), "..");
  const readmePath = join(root, "README.md");
  const readme = readFileSync(readmePath, "utf8");
  const next = replaceSection(readme, renderTable(readResults(join(root, "bench", "results"))));
  if (process.argv.includes("--check")) {
    if (next !== readme) {
      process.stderr.write("README.md: the benchmark table differs from bench/results; run `npm run bench:table`\n");
      process.exitCode = 1;
    }
  } else if (next !== readme) {
    writeFileSync(readmePath, next);
  }
}
