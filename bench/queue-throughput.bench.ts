/**
 * Survey throughput through the queue (pg-boss on PostgreSQL) with 1, 2 and 4 `coca worker` processes (one tile at
 * a time each, on the main thread), against one in-process run (inline, one core): a whole survey as
 * `coca survey run CONFIG --queue` runs it (a worker plans the tiles, the workers classify them, the last tile's
 * worker assembles: mosaic, map totals, sample design), timed from the enqueue to the run's end; the in-process run
 * is `runSurvey` on an inline pool. The two alternate (in process, then queue with N workers) so both see the same
 * load, after one untimed in-process warm-up run. Every queued run must give the in-process class map, byte for byte. Worker start-up is not timed.
 * On this machine's 2 cores, shared with other work, more than 2 processes cannot go faster than 2: the 4-worker
 * row measures the queue's overhead under contention, not scaling.
 *
 * Run: npx tsx bench/queue-throughput.bench.ts [sizePx, default 1024]
 * Needs PostgreSQL at COCA_TEST_PG_URL. Writes bench/results/queue-survey-<n>w.json and bench/out/queue-throughput.json.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { saveModel } from "../src/imagery/classify/model.ts";
import { trainModel } from "../src/imagery/classify/train.ts";
import { synthesizeScene } from "../src/imagery/synth/synthesize-scene.ts";
import { enqueueSurveyRun } from "../src/queue/survey-runs.ts";
import { waitForSurveyRun } from "../src/queue/survey-worker.ts";
import { openTileQueue } from "../src/queue/tile-queue.ts";
import { openStore } from "../src/store/open-store.ts";
import { validateSurveyConfig } from "../src/survey/config.ts";
import { runSurvey } from "../src/survey/run-survey.ts";
import { createTestDatabase } from "../test/store/pg-server.ts";
import { writeBenchResult } from "./support/result.ts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const sizePx = Number(process.argv[2] ?? 1024);

function startWorker(url: string): { proc: ChildProcess; ready: Promise<void> } {
  const proc = spawn(process.execPath, [join(root, "bin", "coca.js"), "worker", "--queue", url, "--threads", "0"], {
    cwd: root,
    env: { ...process.env, COCA_DB: "" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  const ready = new Promise<void>((ok, fail) => {
    let err = "";
    proc.stderr!.on("data", (c: Buffer) => ((err += c.toString()), err.includes("ready") && ok()));
    proc.on("exit", (code) => fail(new Error(`worker exited ${code}: ${err}`)));
  });
  return { proc, ready };
}

/** User + system CPU of a process so far, ms (Linux /proc; clock ticks of 10 ms). */
function procCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const dir = mkdtempSync(join(tmpdir(), "coca-bench-queue-"));
const db = await createTestDatabase("coca_team_bench_queue");
try {
  const synth = await synthesizeScene({ seed: 1, sizePx, outDir: join(dir, "synth") });
  const trained = await trainModel({ scenePath: synth.scenePath, labelsPath: synth.trainingPath, classField: "class", seed: 1, trees: 10, maxDepth: 10 });
  const modelPath = join(dir, "model.json");
  saveModel(trained.model, modelPath);
  const configOf = (name: string) =>
    validateSurveyConfig(
      {
        country: "PE",
        year: 2024,
        seed: 1,
        scenes: [synth.scenePath],
        model: modelPath,
        regions: { path: synth.regionsPath },
        design: { n: 200 },
        outDir: join(dir, name),
      },
      join(dir, "bench.json"),
    );
  const store = await openStore(db.url);
  const queue = await openTileQueue(db.url);
  const rows: Record<string, unknown>[] = [];
  // Warm-up, not timed: the first run in this process pays for JIT compilation and the file cache.
  await runSurvey({ store, config: configOf("warm-up") });
  for (const n of [1, 2, 4]) {
    // In process: one core, inline.
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await runSurvey({ store, config: configOf(`local-${n}`) });
    const localWall = performance.now() - t0;
    const c1 = process.cpuUsage(c0);
    const localCpu = (c1.user + c1.system) / 1000;
    const reference = readFileSync(join(dir, `local-${n}`, "classes.tif"));
    // The queue, n workers.
    const workers = Array.from({ length: n }, () => startWorker(db.url));
    await Promise.all(workers.map((w) => w.ready));
    const cpuBefore = workers.map((w) => procCpuMs(w.proc.pid!));
    const own0 = process.cpuUsage();
    const t1 = performance.now();
    const runId = await enqueueSurveyRun(queue, { config: configOf(`queued-${n}`), store: store.location });
    const row = await waitForSurveyRun(queue, runId, { pollMs: 100 });
    const queueWall = performance.now() - t1;
    const own1 = process.cpuUsage(own0);
    const queueCpu = workers.reduce((a, w, i) => a + procCpuMs(w.proc.pid!) - cpuBefore[i]!, 0) + (own1.user + own1.system) / 1000;
    for (const w of workers) w.proc.kill("SIGTERM");
    await Promise.all(workers.map((w) => new Promise((r) => (w.proc.exitCode === null ? w.proc.once("exit", r) : r(null)))));
    if (row.state !== "needs-labels") throw new Error(`queued run ${runId} ended ${row.state}: ${row.error}`);
    const identical = readFileSync(join(dir, `queued-${n}`, "classes.tif")).equals(reference);
    const r = {
      workers: n,
      tiles: row.tiles_total,
      localWallMs: Math.round(localWall),
      localCpuMs: Math.round(localCpu),
      queueWallMs: Math.round(queueWall),
      queueCpuMs: Math.round(queueCpu),
      identical,
    };
    rows.push(r);
    process.stderr.write(`${JSON.stringify(r)}\n`);
    writeBenchResult({
      id: `queue-survey-${n}w`,
      title: `survey of a ${sizePx}² px simulated scene (${row.tiles_total} tiles, trees 10, depth 10, design n = 200) on ${n} worker process${n > 1 ? "es" : ""} vs in process`,
      source: "bench/queue-throughput.bench.ts",
      ours: {
        label: `coca survey run --queue, ${n} \`coca worker\` process${n > 1 ? "es" : ""} (one tile at a time, main thread)`,
        cpuMs: r.queueCpuMs,
        wallMs: r.queueWallMs,
        runs: 1,
        detail: `class map ${identical ? "identical" : "DIFFERENT"} to in process; CPU = workers + waiting process`,
      },
      peer: { label: "coca survey run in process (inline, one core)", cpuMs: r.localCpuMs, wallMs: r.localWallMs, runs: 1 },
      ratio: { cpu: Math.round((r.localCpuMs / r.queueCpuMs) * 100) / 100, wall: Math.round((r.localWallMs / r.queueWallMs) * 100) / 100 },
      goal: "a class map identical to the in-process run (the wall ratio is reported: no speed-up is claimed on 2 shared cores)",
      met: identical,
      notes:
        "The queued run does its stages up to classification twice (the planning pass and the assembly: inputs' checksums, model load) " +
        "and every tile costs queue round trips; on this 2-core machine shared with seven other engineers' work, more than 2 workers only contend. " +
        "The speed-up a team sees comes from workers on machines with their own cores: per tile, the queue's cost is a few round trips.",
    });
  }
  await queue.close();
  await store.close();
  mkdirSync(join(root, "bench", "out"), { recursive: true });
  writeFileSync(join(root, "bench", "out", "queue-throughput.json"), `${JSON.stringify({ sizePx, cores: 2, rows }, null, 2)}\n`);
  console.table(rows);
} finally {
  await db.drop();
  rmSync(dir, { recursive: true, force: true });
}
