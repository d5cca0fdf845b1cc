/**
 * The server side of bench/api-load.bench.ts, run in its own process so that the load generator does not
 * share its event loop: a temporary store with the seeded official figures and one survey of 5,000 fields,
 * served with the rate limit off and no dashboard (and with `--no-cache`, without the response cache; with `--db URL`, on that
 * empty PostgreSQL database instead of a temporary SQLite file). Talks to the parent over IPC: sends {url} when
 * listening, answers "memory" with process.memoryUsage() and the bytes the response caches count, "memory-after-gc"
 * the same after a full garbage collection (when the process runs with --expose-gc; otherwise without collecting), and
 * closes on "stop".
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PerformanceObserver, constants } from "node:perf_hooks";
import { getHeapSpaceStatistics } from "node:v8";
import { PROCESS_CACHE_BUDGET } from "../src/api/response-cache.ts";
import { startServer } from "../src/api/server.ts";
import { openSqliteStore } from "../src/store/sqlite-store.ts";
import { openStore } from "../src/store/open-store.ts";
import type { NewSurvey } from "../src/store/survey-repository.ts";
import { surveyConfigFixture, surveyProvenanceFixture, surveyResultsFixture } from "../test/support/survey-record.ts";

const FIELDS = 5_000;
const dir = mkdtempSync(join(tmpdir(), "coca-api-bench-"));
// `--db URL`: an empty PostgreSQL database instead of the temporary SQLite file.
const dbArg = process.argv.indexOf("--db");
const store = dbArg > 0 ? await openStore(process.argv[dbArg + 1]!) : await openSqliteStore(join(dir, "coca.db"));
const fields: NewSurvey["fields"] = [];
// A 100 x 50 grid of ~0.9 ha squares over 0.5 x 0.25 degrees in the Yungas (bbox queries select a part).
for (let i = 0; i < FIELDS; i++) {
  const w = -67.5 + (i % 100) * 0.005;
  const s = -16.5 + Math.floor(i / 100) * 0.005;
  const e = w + 0.0009;
  const n = s + 0.0009;
  fields.push({
    fieldId: i + 1,
    className: "coca",
    areaHa: 0.9,
    region: i % 100 < 50 ? "La Paz" : "Cochabamba",
    bbox: [w, s, e, n],
    geometry: {
      type: "Polygon",
      coordinates: [
        [
          [w, s],
          [e, s],
          [e, n],
          [w, n],
          [w, s],
        ],
      ],
    },
  });
}
const surveyId = await store.surveys.save({
  name: "benchmark survey",
  country: "BOL",
  year: 2023,
  simulated: true,
  createdAt: new Date(0).toISOString(),
  config: surveyConfigFixture(),
  provenance: surveyProvenanceFixture(),
  results: surveyResultsFixture(),
  estimates: [],
  fields,
  artifacts: [],
});
const responseCache = !process.argv.includes("--no-cache");
const server = await startServer({ store, port: 0, dashboard: false, config: { rateLimit: false, responseCache } });
process.send?.({ url: server.url, surveyId, fields: FIELDS });
/** Garbage collections since the start, by kind (minor = scavenge, major = mark-compact; forced ones apart), and their total pause. */
const gcCounts = { minor: 0, major: 0, other: 0, forced: 0, pauseMs: 0 };
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const { kind, flags = 0 } = ((e as { detail?: unknown }).detail ?? {}) as { kind?: number; flags?: number };
    if (flags & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED) {
      gcCounts.forced++;
      continue;
    }
    if (kind === constants.NODE_PERFORMANCE_GC_MINOR) gcCounts.minor++;
    else if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) gcCounts.major++;
    else gcCounts.other++;
    gcCounts.pauseMs += e.duration;
  }
}).observe({ entryTypes: ["gc"] });
/** What the process holds now: memoryUsage, the bytes the response caches count, and the V8 heap's spaces (size and used, bytes). */
const holding = () => ({
  memory: process.memoryUsage(),
  cpu: process.cpuUsage(),
  cacheBytes: PROCESS_CACHE_BUDGET.usedBytes,
  gc: { ...gcCounts, pauseMs: Math.round(gcCounts.pauseMs) },
  spaces: Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, { size: s.space_size, used: s.space_used_size }])),
});
const gc = (globalThis as { gc?: () => void }).gc;
process.on("message", async (message) => {
  if (message === "memory") process.send?.(holding());
  if (message === "memory-after-gc") {
    gc?.();
    process.send?.({ afterGc: holding(), collected: gc !== undefined });
  }
  if (message === "stop") {
    await server.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  }
});
