/**
 * Load on the HTTP API with autocannon: the figures endpoint (GET /v1/figures?country=BOL, the seeded
 * registry) and the fields endpoint (GET /v1/surveys/1/fields with a bbox and a page of 100 GeoJSON
 * features, out of 5,000 stored), each 100 connections for 30 s, against a server in its own process
 * (bench/api-load-server.ts, rate limit off). Reports requests/s, latency p50/p99, errors and non-2xx
 * answers, and the server's memory (RSS, heap) before and after; once with the response cache (the default)
 * and once without; on SQLite, and on PostgreSQL + PostGIS (a fresh database) when a server answers. There is no peer tool for these rows.
 *
 * Run: npx tsx bench/api-load.bench.ts [seconds] [connections]   (default 30 and 100)
 * Writes bench/out/api-load.json and bench/results/api-load-<store>-<endpoint>-cache-<on|off>.json.
 */
import { fork, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { writeFileAtomic } from "../src/io/atomic-write.ts";
import { writeBenchResult } from "./support/result.ts";
import { createTestDatabase, pgUnavailable } from "../test/store/pg-server.ts";

const here = dirname(fileURLToPath(import.meta.url));
const seconds = Number(process.argv[2] ?? 30);
const connections = Number(process.argv[3] ?? 100);

interface Memory {
  rss: number;
  heapUsed: number;
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

async function memory(child: ChildProcess): Promise<Memory> {
  const reply = nextMessage<{ memory: Memory }>(child, "memory");
  child.send("memory");
  return (await reply).memory;
}

const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;

const rows: Record<string, unknown>[] = [];
// The stores: SQLite, and PostgreSQL + PostGIS in a fresh database when a server answers (COCA_TEST_PG_URL).
const pgReason = await pgUnavailable();
if (pgReason) process.stderr.write(`PostgreSQL rows skipped: ${pgReason}\n`);
const pgDb = pgReason ? undefined : await createTestDatabase("coca_bench_api");
const stores = [{ kind: "sqlite", args: [] as string[] }, ...(pgDb ? [{ kind: "postgres", args: ["--db", pgDb.url] }] : [])];
// Each endpoint with the response cache (the default server) and without it (every request reaches the store).
for (const { kind, args } of stores)
  for (const cache of [true, false]) {
    const child = fork(join(here, "api-load-server.ts"), [...(cache ? [] : ["--no-cache"]), ...args], {
      execArgv: ["--import", "tsx"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const ready = await nextMessage<{ url: string; surveyId: number; fields: number }>(child, "url");
    const targets = [
      { name: "figures", path: "/v1/figures?country=BOL" },
      { name: "fields", path: `/v1/surveys/${ready.surveyId}/fields?bbox=-67.4,-16.4,-67.3,-16.3&limit=100` },
    ];
    for (const target of targets) {
      // Warm-up: JIT and SQLite page cache.
      await autocannon({ url: ready.url + target.path, connections: 10, duration: 2 });
      const before = await memory(child);
      const result = await autocannon({ url: ready.url + target.path, connections, duration: seconds });
      const after = await memory(child);
      const row = {
        store: kind,
        endpoint: `GET ${target.path}`,
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
        responseBytesPerSecond: Math.round(result.throughput.average),
        serverRssMbBefore: mb(before.rss),
        serverRssMbAfter: mb(after.rss),
        serverHeapMbBefore: mb(before.heapUsed),
        serverHeapMbAfter: mb(after.heapUsed),
      };
      rows.push(row);
      writeBenchResult({
        id: `api-load-${kind}-${target.name}-cache-${cache ? "on" : "off"}`,
        title: `HTTP load, ${connections} connections for ${seconds} s on GET ${target.name === "figures" ? "/v1/figures?country=BOL" : "/v1/surveys/ID/fields (bbox, 100 features of 5,000)"}, ${kind === "sqlite" ? "SQLite" : "PostgreSQL + PostGIS"}, response cache ${cache ? "on" : "off"}`,
        source: "bench/api-load.bench.ts",
        ours: {
          label: "coca serve (bench/api-load-server.ts, rate limit off)",
          runs: 1,
          detail: `${row.requestsPerSecond} req/s, p50 ${row.latencyP50Ms} ms, p99 ${row.latencyP99Ms} ms, ${row.errors} errors (${row.timeouts} timeouts), ${row.non2xx} non-2xx; server RSS ${row.serverRssMbBefore} -> ${row.serverRssMbAfter} MB`,
        },
        goal: "no peer: throughput and latency on record",
        notes: "the load generator (autocannon) runs on the same 2 shared cores as the server",
      });
      process.stdout.write(
        `${kind} ${target.name} (cache ${cache ? "on" : "off"}): ${row.requestsPerSecond} req/s, p50 ${row.latencyP50Ms} ms, p99 ${row.latencyP99Ms} ms, ` +
          `errors ${row.errors} (timeouts ${row.timeouts}), non-2xx ${row.non2xx}, ` +
          `server RSS ${row.serverRssMbBefore} -> ${row.serverRssMbAfter} MB, heap ${row.serverHeapMbBefore} -> ${row.serverHeapMbAfter} MB\n`,
      );
    }
    child.send("stop");
    await new Promise((resolve) => child.once("exit", resolve));
  }
await pgDb?.drop();
mkdirSync(join(here, "out"), { recursive: true });
writeFileAtomic(join(here, "out", "api-load.json"), `${JSON.stringify({ machine: "2 cores, shared", rows }, null, 2)}\n`);
