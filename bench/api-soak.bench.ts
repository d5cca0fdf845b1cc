/**
 * Soak of the HTTP API with the response cache on: 100 connections for 10 minutes (by default) against the
 * server of bench/api-load-server.ts, every request a different page (bbox, offset and limit vary, and the
 * figures endpoint's country and years), so that the cache keeps filling and must evict. The server's
 * memory (RSS, heap, external) is sampled every 10 s; the cache is bounded in bytes (api/response-cache.ts:
 * 64 MiB shared by all caches), so after the warm-up the RSS should stay flat. Reports the series, the
 * growth from the first sample after warm-up to the last, and the 1-minute load average (the machine is
 * shared).
 *
 * Run: npx tsx bench/api-soak.bench.ts [seconds] [connections]   (default 600 and 100)
 *      npx tsx bench/api-soak.bench.ts --row-from-out          (rewrite the results row from the last soak's samples)
 * Writes bench/out/api-soak.json (every sample) and bench/results/api-soak.json (the row).
 */
import { fork, type ChildProcess } from "node:child_process";
import { mkdirSync, readFileSync, statSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { writeFileAtomic } from "../src/io/atomic-write.ts";
import { writeBenchResult } from "./support/result.ts";

const here = dirname(fileURLToPath(import.meta.url));
const seconds = Number(process.argv[2] ?? 600);
const connections = Number(process.argv[3] ?? 100);
const SAMPLE_S = 10;
const WARMUP_S = Math.min(60, Math.floor(seconds / 5));

// `--row-from-out`: write the bench/results row again from the samples of the last soak (bench/out/api-soak.json), measuring nothing.
if (process.argv[2] === "--row-from-out") {
  const file = join(here, "out", "api-soak.json");
  writeSoakRow(JSON.parse(readFileSync(file, "utf8")) as SoakRow, statSync(file).mtime.toISOString().slice(0, 16) + "Z");
  process.exit(0);
}

interface Memory {
  rss: number;
  heapUsed: number;
  external: number;
}

function nextMessage<T>(child: ChildProcess, key: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`benchmark server exited with ${code}`));
    const onMessage = (m: unknown) => {
      if (m && typeof m === "object" && key in m) {
        child.off("message", onMessage);
        child.off("exit", onExit);
        resolve(m as T);
      }
    };
    child.on("message", onMessage);
    child.once("exit", onExit);
  });
}

async function memory(child: ChildProcess): Promise<Memory> {
  const reply = nextMessage<{ memory: Memory }>(child, "memory");
  child.send("memory");
  return (await reply).memory;
}

const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;

const child = fork(join(here, "api-load-server.ts"), [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
const ready = await nextMessage<{ url: string; surveyId: number; fields: number }>(child, "url");
let k = 0;
/** A different page on every request: about 2 in 3 fields pages (varying bbox, offset, limit), 1 in 3 figures queries. */
const nextPath = (): string => {
  k++;
  if (k % 3 === 0) return `/v1/figures?country=${["BOL", "PER", "COL"][k % 9 === 0 ? 0 : ((k / 3) % 3) | 0]}&from=${2000 + (k % 17)}&to=${2010 + (k % 13)}`;
  const w = -67.5 + (k % 97) * 0.004;
  const s = -16.5 + (k % 89) * 0.002;
  return `/v1/surveys/${ready.surveyId}/fields?bbox=${w.toFixed(4)},${s.toFixed(4)},${(w + 0.1).toFixed(4)},${(s + 0.1).toFixed(4)}&limit=${50 + (k % 51)}&offset=${k % 7}`;
};
const load0 = loadavg()[0]!;
const samples: { atS: number; rssMb: number; heapMb: number; externalMb: number }[] = [];
const started = Date.now();
const sampler = setInterval(() => {
  void memory(child).then((m) =>
    samples.push({ atS: Math.round((Date.now() - started) / 1000), rssMb: mb(m.rss), heapMb: mb(m.heapUsed), externalMb: mb(m.external) }),
  );
}, SAMPLE_S * 1000);
const result = await autocannon({
  url: ready.url,
  connections,
  duration: seconds,
  requests: [{ setupRequest: (req) => ({ ...req, path: nextPath() }) }],
});
clearInterval(sampler);
const end = await memory(child);
samples.push({ atS: Math.round((Date.now() - started) / 1000), rssMb: mb(end.rss), heapMb: mb(end.heapUsed), externalMb: mb(end.external) });
child.send("stop");
await new Promise((resolve) => child.once("exit", resolve));
const afterWarmup = samples.filter((s) => s.atS >= WARMUP_S);
const first = afterWarmup[0] ?? samples[0]!;
const last = samples[samples.length - 1]!;
const row = {
  benchmark: "API soak, response cache on, every request a different page",
  seconds,
  connections,
  requests: result.requests.total,
  requestsPerSecond: Math.round(result.requests.average),
  latencyP99Ms: result.latency.p99,
  errors: result.errors,
  non2xx: result.non2xx,
  warmupS: WARMUP_S,
  rssMbAfterWarmup: first.rssMb,
  rssMbEnd: last.rssMb,
  rssMbMaxAfterWarmup: Math.max(...afterWarmup.map((s) => s.rssMb)),
  rssGrowthMbAfterWarmup: Math.round((last.rssMb - first.rssMb) * 10) / 10,
  loadAverage1m: { before: load0, after: loadavg()[0]! },
  samples,
};
mkdirSync(join(here, "out"), { recursive: true });
writeFileAtomic(join(here, "out", "api-soak.json"), `${JSON.stringify(row, null, 2)}\n`);
writeSoakRow(row);
process.stdout.write(
  `API soak ${seconds} s x ${connections} connections: ${row.requestsPerSecond} req/s, p99 ${row.latencyP99Ms} ms, errors ${row.errors}, non-2xx ${row.non2xx}; ` +
    `server RSS ${row.rssMbAfterWarmup} MB after ${WARMUP_S} s warm-up -> ${row.rssMbEnd} MB at the end (max ${row.rssMbMaxAfterWarmup}); load ${load0.toFixed(2)}-${row.loadAverage1m.after.toFixed(2)}\n`,
);

type SoakRow = typeof row;

/**
 * The bench/results row from a soak's samples. Memory is judged on the floor of the RSS (its lowest sample, what the
 * server keeps after the garbage collector has run) in the first and the last third of the run after warm-up: the
 * samples in between saw-tooth with the collector.
 */
function writeSoakRow(r: SoakRow, date?: string): void {
  const after = r.samples.filter((x) => x.atS >= r.warmupS);
  const third = Math.max(1, Math.floor(after.length / 3));
  const floorFirst = Math.min(...after.slice(0, third).map((x) => x.rssMb));
  const floorLast = Math.min(...after.slice(-third).map((x) => x.rssMb));
  const growth = Math.round((floorLast - floorFirst) * 10) / 10;
  const flat = growth <= Math.max(16, 0.1 * floorFirst);
  const perMinute = r.samples.filter((x, i) => i === r.samples.length - 1 || x.atS % 60 < SAMPLE_S);
  writeBenchResult({
    id: "api-soak",
    title: `API soak: ${r.connections} connections for ${Math.round(r.seconds / 60)} min, response cache on (byte-bounded LRU), every request a different page`,
    source: "bench/api-soak.bench.ts",
    ours: {
      label: "coca serve (bench/api-load-server.ts)",
      peakRssMb: Math.max(...r.samples.map((x) => x.rssMb)),
      runs: 1,
      detail: `${r.requestsPerSecond} req/s, p99 ${r.latencyP99Ms} ms, ${r.errors} errors (autocannon: timeouts and resets), ${r.non2xx} non-2xx; server RSS ${perMinute.map((x) => `${x.rssMb} MB at ${x.atS} s`).join(", ")}`,
    },
    goal: `server memory flat after the ${r.warmupS} s warm-up (RSS floor of the last third within 16 MB or 10% of the first third's)`,
    met: flat,
    notes: `RSS floor ${floorFirst} MB in the first third after warm-up, ${floorLast} MB in the last (growth ${growth} MB); peaks up to ${r.rssMbMaxAfterWarmup} MB between collections; every sample in bench/out/api-soak.json; load average ${r.loadAverage1m.before.toFixed(1)}-${r.loadAverage1m.after.toFixed(1)}, and the load generator runs on the same 2 shared cores`,
    date,
    loadavg: [r.loadAverage1m.before, r.loadAverage1m.after, r.loadAverage1m.after].map((x) => Math.round(x * 100) / 100) as [number, number, number],
  });
}
