/**
 * Where the API server's memory goes under load (not a speed benchmark; writes no results row): the server of
 * bench/api-load-server.ts (SQLite, response cache on unless --no-cache) runs with --expose-gc, autocannon loads it,
 * and every few seconds the server's memory is sampled as it is (RSS, V8 heap used and committed, external,
 * ArrayBuffers) and again right after a full garbage collection, beside the bytes the response caches count. A
 * leak shows as heap used after GC that keeps rising; a heap that V8 grows lazily shows as committed heap and RSS
 * far above the heap used after GC, which stays flat.
 *
 * Run: npx tsx bench/api-memory.ts [seconds] [connections] [same|figures|distinct] [--no-cache] [--node=<flag>]...
 *      (default 30 s, 100 connections, `same`: one cached fields page, as api-load; `figures`: the one figures query
 *      of api-load; `distinct`: every request a different page, as api-soak). `--node=--max-semi-space-size=4` passes a flag to the server's node.
 * Writes bench/out/api-memory-<pattern>.json (every sample) and prints a line per sample.
 */
import { fork, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { writeFileAtomic } from "../src/io/atomic-write.ts";
import { type Holding, holdingMb, nextMessage, pathMaker, sampleAfterGc, sampleMemory } from "./support/api-probe.ts";

const here = dirname(fileURLToPath(import.meta.url));
const positional = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const seconds = Number(positional[0] ?? 30);
const connections = Number(positional[1] ?? 100);
const pattern = positional[2] === "distinct" || positional[2] === "figures" ? positional[2] : "same";
const cache = !process.argv.includes("--no-cache");
const nodeFlags = process.argv.filter((a) => a.startsWith("--node=")).map((a) => a.slice("--node=".length));
const SAMPLE_S = 5;

const child: ChildProcess = fork(join(here, "api-load-server.ts"), cache ? [] : ["--no-cache"], {
  execArgv: ["--expose-gc", ...nodeFlags, "--import", "tsx"],
  stdio: ["ignore", "inherit", "inherit", "ipc"],
});
const ready = await nextMessage<{ url: string; surveyId: number }>(child, "url");
const nextPath = pathMaker(ready.surveyId);
const samePath = `/v1/surveys/${ready.surveyId}/fields?bbox=-67.4,-16.4,-67.3,-16.3&limit=100`;
const rows: { atS: number; live: ReturnType<typeof holdingMb>; afterGc: ReturnType<typeof holdingMb>; gc: Holding["gc"] }[] = [];
const started = Date.now();
const sample = async (): Promise<void> => {
  const live: Holding = await sampleMemory(child);
  const afterGc: Holding = await sampleAfterGc(child);
  const row = { atS: Math.round((Date.now() - started) / 1000), live: holdingMb(live), afterGc: holdingMb(afterGc), gc: live.gc };
  rows.push(row);
  const l = row.live;
  const g = row.afterGc;
  process.stdout.write(
    `${String(row.atS).padStart(4)} s  live: rss ${l.rssMb} heap ${l.heapUsedMb}/${l.heapTotalMb} ext ${l.externalMb} ab ${l.arrayBuffersMb} new ${l.newSpaceMb}` +
      `  after GC: rss ${g.rssMb} heap ${g.heapUsedMb}/${g.heapTotalMb} ext ${g.externalMb} ab ${g.arrayBuffersMb}  cache ${g.cacheKb} KiB  GCs ${row.gc.minor} minor ${row.gc.major} major\n`,
  );
};
await sample();
const sampler = setInterval(() => void sample(), SAMPLE_S * 1000);
const load = loadavg()[0]!;
const result = await autocannon({
  url: ready.url + (pattern === "same" ? samePath : pattern === "figures" ? "/v1/figures?country=BOL" : ""),
  connections,
  duration: seconds,
  ...(pattern === "distinct" ? { requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, path: nextPath() }) }] } : {}),
});
clearInterval(sampler);
await sample();
child.send("stop");
await new Promise((resolve) => child.once("exit", resolve));
const summary = {
  pattern,
  cache,
  nodeFlags,
  seconds,
  connections,
  requestsPerSecond: Math.round(result.requests.average),
  errors: result.errors,
  timeouts: result.timeouts,
  non2xx: result.non2xx,
  loadavg1: { before: load, after: loadavg()[0]! },
  /** Collections the load caused (forced ones not counted), per 1,000 requests: comparable across request rates. */
  gcPer1000Requests: {
    minor: Math.round(((rows.at(-1)!.gc.minor - rows[0]!.gc.minor) / Math.max(1, result.requests.total)) * 1e4) / 10,
    major: Math.round(((rows.at(-1)!.gc.major - rows[0]!.gc.major) / Math.max(1, result.requests.total)) * 1e4) / 10,
  },
  samples: rows,
};
process.stdout.write(
  `${pattern} ${cache ? "cache" : "no cache"} ${nodeFlags.join(" ")}: ${summary.requestsPerSecond} req/s, ${summary.errors} errors, ${summary.non2xx} non-2xx; GCs per 1,000 requests ${JSON.stringify(summary.gcPer1000Requests)}; load ${load.toFixed(2)}-${summary.loadavg1.after.toFixed(2)}\n`,
);
mkdirSync(join(here, "out"), { recursive: true });
writeFileAtomic(join(here, "out", `api-memory-${pattern}.json`), `${JSON.stringify(summary, null, 2)}\n`);
