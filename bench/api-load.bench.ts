/**
 * Load on the HTTP API with autocannon, PostgreSQL + PostGIS against SQLite side by side: the figures endpoint
 * (GET /v1/figures?country=BOL, the seeded registry) and the fields endpoint (GET /v1/surveys/1/fields with a bbox
 * and a page of 100 GeoJSON features, out of 5,000 stored: ST_Intersects on a GiST index on PostgreSQL, four bbox
 * columns on SQLite), each 100 connections for 30 s, against servers in their own processes
 * (bench/api-load-server.ts, rate limit off), with the response cache (the default) and without it. The two stores'
 * servers run at once and are loaded one after the other for each endpoint, so both see the same machine load.
 * Reports requests/s, latency p50/p99, errors, timeouts and non-2xx answers, and each server's CPU time, RSS before
 * and after, and, after a full garbage collection at the end (the servers run with --expose-gc), the V8 heap used and
 * the ArrayBuffer bytes (where the response cache keeps its answers) beside the bytes the caches count.
 * "ours" is PostgreSQL, the "peer" SQLite: the ratio is SQLite's server CPU (or p50) over PostgreSQL's.
 *
 * Run: npx tsx bench/api-load.bench.ts [seconds] [connections] [--cache-only]   (default 30 and 100; --cache-only: only
 *      the rows with the response cache on)
 * Writes bench/results/api-load-*.json (README's table) and bench/out/api-load.json. Needs PostgreSQL (COCA_TEST_PG_URL).
 */
import { fork, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { writeFileAtomic } from "../src/io/atomic-write.ts";
import { createTestDatabase, pgUnavailable } from "../test/store/pg-server.ts";
import { sampleAfterGc } from "./support/api-probe.ts";
import { writeBenchResult, type BenchSide } from "./support/result.ts";

const here = dirname(fileURLToPath(import.meta.url));
const positional = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const seconds = Number(positional[0] ?? 30);
const connections = Number(positional[1] ?? 100);
const cacheModes = process.argv.includes("--cache-only") ? [true] : [true, false];

interface Probe {
  memory: { rss: number; heapUsed: number; heapTotal: number };
  cpu: { user: number; system: number };
}

function nextMessage<T>(child: ChildProcess, key: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: unknown) => {
      if (m && typeof m === "object" && key in m) {
        child.off("message", onMessage);
        resolve(m as T);
      }
    };
    child.on("message", onMessage);
    child.once("exit", (code) => reject(new Error(`benchmark server exited with ${code}`)));
  });
}

async function probe(child: ChildProcess): Promise<Probe> {
  const reply = nextMessage<Probe>(child, "memory");
  child.send("memory");
  return reply;
}

const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;
const cpuMs = (a: Probe, b: Probe): number => Math.round((b.cpu.user + b.cpu.system - a.cpu.user - a.cpu.system) / 1000);

const pgReason = await pgUnavailable();
if (pgReason) throw new Error(`this benchmark compares PostgreSQL with SQLite: ${pgReason}`);
const pgDb = await createTestDatabase("coca_team_bench_api");
const rows: Record<string, unknown>[] = [];
try {
  for (const cache of cacheModes) {
    const servers: { kind: string; child: ChildProcess; ready: { url: string; surveyId: number } }[] = [];
    for (const [kind, args] of [
      ["sqlite", []],
      ["postgres", ["--db", pgDb.url]],
    ] as const) {
      const child = fork(join(here, "api-load-server.ts"), [...(cache ? [] : ["--no-cache"]), ...args], {
        execArgv: ["--expose-gc", "--import", "tsx"],
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      });
      servers.push({ kind, child, ready: await nextMessage<{ url: string; surveyId: number }>(child, "url") });
    }
    for (const target of ["figures", "fields"] as const) {
      const sides: Record<string, BenchSide & { p50: number; p99: number; errors: number }> = {};
      for (const { kind, child, ready } of servers) {
        const path = target === "figures" ? "/v1/figures?country=BOL" : `/v1/surveys/${ready.surveyId}/fields?bbox=-67.4,-16.4,-67.3,-16.3&limit=100`;
        await autocannon({ url: ready.url + path, connections: 10, duration: 2 }); // warm-up: JIT, page caches, pools
        const before = await probe(child);
        const load = loadavg()[0]!;
        const result = await autocannon({ url: ready.url + path, connections, duration: seconds });
        const after = await probe(child);
        const afterGc = await sampleAfterGc(child);
        const errors = result.errors + result.non2xx;
        const row = {
          store: kind,
          endpoint: `GET ${path}`,
          responseCache: cache,
          seconds,
          connections,
          requests: result.requests.total,
          requestsPerSecond: Math.round(result.requests.average),
          latencyP50Ms: result.latency.p50,
          latencyP99Ms: result.latency.p99,
          errors: result.errors,
          timeouts: result.timeouts,
          non2xx: result.non2xx,
          serverCpuMs: cpuMs(before, after),
          serverRssMbBefore: mb(before.memory.rss),
          serverRssMbAfter: mb(after.memory.rss),
          serverHeapTotalMbAfter: mb(after.memory.heapTotal),
          serverHeapUsedMbAfterGc: mb(afterGc.memory.heapUsed),
          serverArrayBuffersMbAfterGc: mb(afterGc.memory.arrayBuffers),
          serverRssMbAfterGc: mb(afterGc.memory.rss),
          cacheMb: mb(afterGc.cacheBytes),
          loadavg1: load,
        };
        rows.push(row);
        process.stdout.write(`${JSON.stringify(row)}\n`);
        sides[kind] = {
          label: `coca serve on ${kind === "postgres" ? "PostgreSQL 15 + PostGIS" : "SQLite"}${cache ? "" : " (no response cache)"}`,
          cpuMs: row.serverCpuMs,
          wallMs: seconds * 1000,
          peakRssMb: row.serverRssMbAfter,
          runs: 1,
          detail: `${row.requestsPerSecond} req/s, p50 ${row.latencyP50Ms} ms, p99 ${row.latencyP99Ms} ms, ${errors} errors (${row.timeouts} timeouts), RSS ${row.serverRssMbBefore} -> ${row.serverRssMbAfter} MB (V8 heap committed ${row.serverHeapTotalMbAfter} MB); after a full GC: heap used ${row.serverHeapUsedMbAfterGc} MB, ArrayBuffers ${row.serverArrayBuffersMbAfterGc} MB (caches count ${row.cacheMb} MB), RSS ${row.serverRssMbAfterGc} MB`,
          p50: row.latencyP50Ms,
          p99: row.latencyP99Ms,
          errors,
        };
      }
      const ours = sides.postgres!;
      const peer = sides.sqlite!;
      // Server CPU per request: both servers answer as fast as they can for the same time, so compare per request.
      const perReq = (s: typeof ours) => (s.cpuMs ?? 0) / Math.max(1, Number(/^(\d+) req\/s/.exec(s.detail ?? "")?.[1] ?? 1) * seconds);
      const { p50: _p, p99: _q, errors: oursErrors, ...oursSide } = ours;
      const { p50: _r, p99: _s, errors: peerErrors, ...peerSide } = peer;
      writeBenchResult({
        id: `api-load-${target}-${cache ? "cache" : "nocache"}`,
        title: `GET ${target === "figures" ? "/v1/figures?country=BOL" : "/v1/surveys/{id}/fields?bbox=…&limit=100 (5,000 fields)"}, ${connections} connections for ${seconds} s, response cache ${cache ? "on" : "off"}: PostgreSQL vs SQLite`,
        source: "bench/api-load.bench.ts",
        ours: oursSide,
        peer: peerSide,
        ratio: { cpu: Math.round((perReq(peer) / Math.max(1e-9, perReq(ours))) * 100) / 100, wall: Math.round((peer.p50 / Math.max(1, ours.p50)) * 100) / 100 },
        goal: "0 errors on PostgreSQL; p50/p99 and memory reported",
        met: oursErrors === 0,
        notes:
          `CPU ratio: SQLite's server CPU per request / PostgreSQL's (the PostgreSQL server process only; the database server's own CPU is not counted); ` +
          `wall ratio: SQLite's p50 / PostgreSQL's. SQLite errors ${peerErrors}. One run each, on a 2-core machine shared with seven other engineers' work ` +
          `(load average about ${Math.round(loadavg()[0]!)}), load generator on the same machine: indicative only.`,
      });
    }
    for (const { child } of servers) {
      child.send("stop");
      await new Promise((resolve) => child.once("exit", resolve));
    }
  }
} finally {
  await pgDb.drop();
}
mkdirSync(join(here, "out"), { recursive: true });
writeFileAtomic(join(here, "out", "api-load.json"), `${JSON.stringify({ machine: "2 cores, shared", rows }, null, 2)}\n`);
