/**
 * Soak of the HTTP API with the response cache on: 100 connections for 10 minutes (by default) against the
 * server of bench/api-load-server.ts (run with --expose-gc), every request a different page (bbox, offset and limit
 * vary, and the figures endpoint's country and years), so that the cache keeps filling and must evict. Every 10 s
 * the server's memory is sampled as it is (RSS, heap used, external) and again right after a full garbage
 * collection (heap used, ArrayBuffers, where the cache keeps its answers, and RSS), beside the bytes the response caches count (api/response-cache.ts: 64 MiB shared
 * by all caches). The forced collection every 10 s is part of the measurement: the live peaks between samples are
 * lower than the server's would be without it. Client errors are split by kind: autocannon's timeouts, each
 * socket error code (ECONNRESET, ...), and each non-2xx status. Reports the series, the verdict of
 * bench/support/soak-verdict.ts (heap after GC and RSS floor, first third after warm-up against the last), and the
 * 1-minute load average (the machine is shared).
 *
 * Run: npx tsx bench/api-soak.bench.ts [seconds] [connections] [--node=<flag>]...   (default 600 and 100)
 *      npx tsx bench/api-soak.bench.ts --row-from-out          (rewrite the results row from the last soak's samples)
 *      `--node=--max-semi-space-size=2` passes a flag to the server's node (the row says which).
 * Writes bench/out/api-soak.json (every sample) and bench/results/api-soak.json (the row).
 */
import { fork } from "node:child_process";
import { mkdirSync, readFileSync, statSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { writeFileAtomic } from "../src/io/atomic-write.ts";
import { mb, nextMessage, pathMaker, requestErrorKind, sampleAfterGc, sampleMemory } from "./support/api-probe.ts";
import { writeBenchResult } from "./support/result.ts";
import { soakVerdict, type SoakSample } from "./support/soak-verdict.ts";

const here = dirname(fileURLToPath(import.meta.url));
const positional = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const seconds = Number(positional[0] ?? 600);
const connections = Number(positional[1] ?? 100);
const nodeFlags = process.argv.filter((a) => a.startsWith("--node=")).map((a) => a.slice("--node=".length));
const SAMPLE_S = 10;
const WARMUP_S = Math.min(60, Math.floor(seconds / 5));

// `--row-from-out`: write the bench/results row again from the samples of the last soak (bench/out/api-soak.json), measuring nothing.
if (process.argv[2] === "--row-from-out") {
  const file = join(here, "out", "api-soak.json");
  writeSoakRow(JSON.parse(readFileSync(file, "utf8")) as SoakRow, statSync(file).mtime.toISOString().slice(0, 16) + "Z");
  process.exit(0);
}

const child = fork(join(here, "api-load-server.ts"), [], {
  execArgv: ["--expose-gc", ...nodeFlags, "--import", "tsx"],
  stdio: ["ignore", "inherit", "inherit", "ipc"],
});
const ready = await nextMessage<{ url: string; surveyId: number; fields: number }>(child, "url");
const nextPath = pathMaker(ready.surveyId);
const load0 = loadavg()[0]!;
const samples: SoakSample[] = [];
const started = Date.now();
/** Live memory first, then after a full collection. */
const sample = async (): Promise<SoakSample> => {
  const live = await sampleMemory(child);
  const gc = await sampleAfterGc(child);
  return {
    atS: Math.round((Date.now() - started) / 1000),
    rssMb: mb(live.memory.rss),
    heapMb: mb(live.memory.heapUsed),
    externalMb: mb(live.memory.external),
    heapAfterGcMb: mb(gc.memory.heapUsed),
    arrayBuffersAfterGcMb: mb(gc.memory.arrayBuffers),
    rssAfterGcMb: mb(gc.memory.rss),
    cacheKb: Math.round(gc.cacheBytes / 1024),
  };
};
const sampler = setInterval(() => void sample().then((s) => samples.push(s)), SAMPLE_S * 1000);
const errorKinds: Record<string, number> = {};
/** Request errors in each minute of the run ("0" is the first), to tell a start-up wave from errors all along. */
const errorsByMinute: Record<string, number> = {};
const result = await new Promise<autocannon.Result>((resolve, reject) => {
  const instance = autocannon(
    { url: ready.url, connections, duration: seconds, requests: [{ setupRequest: (req) => ({ ...req, path: nextPath() }) }] },
    (error, r) => (error ? reject(error as Error) : resolve(r)),
  );
  instance.on("reqError", (error) => {
    const kind = requestErrorKind(error);
    errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
    const minute = String(Math.floor((Date.now() - started) / 60_000));
    errorsByMinute[minute] = (errorsByMinute[minute] ?? 0) + 1;
  });
});
clearInterval(sampler);
samples.push(await sample());
child.send("stop");
await new Promise((resolve) => child.once("exit", resolve));
const statusCounts = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count ?? 0]));
const afterWarmup = samples.filter((s) => s.atS >= WARMUP_S);
const first = afterWarmup[0] ?? samples[0]!;
const last = samples[samples.length - 1]!;
const row = {
  benchmark: "API soak, response cache on, every request a different page",
  seconds,
  connections,
  nodeFlags,
  requests: result.requests.total,
  requestsPerSecond: Math.round(result.requests.average),
  latencyP99Ms: result.latency.p99,
  errors: result.errors,
  timeouts: result.timeouts,
  /** Request errors by kind: "timeout", or the socket error's code. */
  errorKinds,
  errorsByMinute,
  non2xx: result.non2xx,
  /** Answers by HTTP status. */
  statusCounts,
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
const verdict = soakVerdict(samples, WARMUP_S);
process.stdout.write(
  `API soak ${seconds} s x ${connections} connections${nodeFlags.length ? ` (${nodeFlags.join(" ")})` : ""}: ${row.requestsPerSecond} req/s, p99 ${row.latencyP99Ms} ms, ` +
    `errors ${row.errors} ${JSON.stringify(errorKinds)}, non-2xx ${row.non2xx}, statuses ${JSON.stringify(statusCounts)}; ` +
    `heap + ArrayBuffers after GC ${verdict.retainedAfterGc?.firstMb} -> ${verdict.retainedAfterGc?.lastMb} MB, RSS floor ${verdict.rssFloor.firstMb} -> ${verdict.rssFloor.lastMb} MB ` +
    `(max ${row.rssMbMaxAfterWarmup}); load ${load0.toFixed(2)}-${row.loadAverage1m.after.toFixed(2)}\n`,
);

type SoakRow = typeof row;

/** The bench/results row from a soak's samples, judged by soakVerdict (heap after GC and RSS floor). */
function writeSoakRow(r: SoakRow, date?: string): void {
  const v = soakVerdict(r.samples, r.warmupS);
  const perMinute = r.samples.filter((x, i) => i === r.samples.length - 1 || x.atS % 60 < SAMPLE_S);
  const kinds = Object.entries(r.errorKinds ?? {}).map(([k, n]) => `${n} ${k}`);
  const byMinute = Object.entries(r.errorsByMinute ?? {}).map(([m, n]) => `${n} in minute ${Number(m) + 1}`);
  const statuses = Object.entries(r.statusCounts ?? {}).map(([k, n]) => `${n} × ${k}`);
  const cacheKb = r.samples.flatMap((x) => (x.cacheKb === undefined ? [] : [x.cacheKb]));
  writeBenchResult({
    id: "api-soak",
    title: `API soak: ${r.connections} connections for ${Math.round(r.seconds / 60)} min, response cache on (byte-bounded LRU), every request a different page`,
    source: "bench/api-soak.bench.ts",
    ours: {
      label: `coca serve (bench/api-load-server.ts${r.nodeFlags?.length ? `, node ${r.nodeFlags.join(" ")}` : ""})`,
      peakRssMb: Math.max(...r.samples.map((x) => x.rssMb)),
      runs: 1,
      detail:
        `${r.requestsPerSecond} req/s, p99 ${r.latencyP99Ms} ms, ${r.errors} request errors (${kinds.length ? `${kinds.join(", ")}: ${byMinute.join(", ")}` : "none"}), ` +
        `answers ${statuses.join(", ")}; server heap after GC + ArrayBuffers / RSS ${perMinute.map((x) => `${x.heapAfterGcMb ?? "?"} + ${x.arrayBuffersAfterGcMb ?? "?"} / ${x.rssMb} MB at ${x.atS} s`).join(", ")}`,
    },
    goal: `server memory flat after the ${r.warmupS} s warm-up: heap used + ArrayBuffers after a full GC (median) and RSS floor of the last third within 16 MB or 10% of the first third's`,
    met: v.flat,
    notes:
      `heap + ArrayBuffers after GC ${v.retainedAfterGc ? `${v.retainedAfterGc.firstMb} MB in the first third after warm-up, ${v.retainedAfterGc.lastMb} MB in the last (growth ${v.retainedAfterGc.growthMb} MB)` : "not sampled"}; ` +
      `RSS floor ${v.rssFloor.firstMb} MB, then ${v.rssFloor.lastMb} MB (growth ${v.rssFloor.growthMb} MB); peaks up to ${r.rssMbMaxAfterWarmup} MB between collections` +
      (cacheKb.length ? `; the response caches counted at most ${Math.round(Math.max(...cacheKb) / 102.4) / 10} MB` : "") +
      `; a full GC is forced at every 10 s sample; every sample in bench/out/api-soak.json; load average ${r.loadAverage1m.before.toFixed(1)}-${r.loadAverage1m.after.toFixed(1)}, and the load generator runs on the same 2 shared cores`,
    date,
    loadavg: [r.loadAverage1m.before, r.loadAverage1m.after, r.loadAverage1m.after].map((x) => Math.round(x * 100) / 100) as [number, number, number],
  });
}
