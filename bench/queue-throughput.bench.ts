/**
 * Survey classification throughput through the tile queue (pg-boss on PostgreSQL) with 1, 2 and 4 `coca worker`
 * processes (one tile at a time each, on the main thread), against one in-process run (inline, one core) and the
 * local worker-thread pool (2 threads). Every run must give the same class map, byte for byte. Worker start-up is not
 * timed (each worker has said "ready" first); the coordinator's polling (250 ms) and the queue's round trips are.
 * On this machine's 2 cores, shared with other work, more than 2 processes cannot go faster than 2: the 4-worker
 * row measures the queue's overhead under contention, not scaling.
 *
 * Run: npx tsx bench/queue-throughput.bench.ts [sizePx, default 1024] [tileSizePx, default 256]
 * Needs PostgreSQL at COCA_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres). Writes bench/out/queue-throughput.json.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { saveModel } from "../src/imagery/classify/model.ts";
import { trainModel } from "../src/imagery/classify/train.ts";
import { classifyScene } from "../src/imagery/pipeline/classify-scene.ts";
import { synthesizeScene } from "../src/imagery/synth/synthesize-scene.ts";
import { createTilePool } from "../src/imagery/workers/tile-pool.ts";
import { createQueueTilePool } from "../src/queue/queue-tile-pool.ts";
import { openTileQueue } from "../src/queue/tile-queue.ts";
import { createTestDatabase } from "../test/store/pg-server.ts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const sizePx = Number(process.argv[2] ?? 1024);
const tileSizePx = Number(process.argv[3] ?? 256);

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

const dir = mkdtempSync(join(tmpdir(), "coca-bench-queue-"));
const db = await createTestDatabase("coca_bench_queue");
try {
  const synth = await synthesizeScene({ seed: 1, sizePx, outDir: join(dir, "synth") });
  const trained = await trainModel({ scenePath: synth.scenePath, labelsPath: synth.trainingPath, classField: "class", seed: 1, trees: 10, maxDepth: 10 });
  const modelPath = join(dir, "model.json");
  saveModel(trained.model, modelPath);
  const rows: { run: string; seconds: number; speedUp: number; identical: boolean }[] = [];
  const time = async (run: string, classify: (out: string) => Promise<unknown>) => {
    const out = join(dir, `${run.replace(/\W+/g, "-")}.tif`);
    const t0 = performance.now();
    await classify(out);
    const seconds = (performance.now() - t0) / 1000;
    const reference = rows.length ? readFileSync(join(dir, "in-process-inline.tif")) : readFileSync(out);
    rows.push({ run, seconds, speedUp: rows.length ? rows[0]!.seconds / seconds : 1, identical: readFileSync(out).equals(reference) });
    process.stderr.write(`${run}: ${seconds.toFixed(2)} s\n`);
  };
  await time("in-process inline", (out) => classifyScene({ scene: synth.scenePath, model: modelPath, out, poolSize: 0, tileSizePx }));
  const threads = createTilePool({ size: 2 });
  await time("local pool, 2 threads", (out) => classifyScene({ scene: synth.scenePath, model: modelPath, out, pool: threads, tileSizePx }));
  await threads.close();
  const queue = await openTileQueue(db.url);
  for (const n of [1, 2, 4]) {
    const workers = Array.from({ length: n }, () => startWorker(db.url));
    await Promise.all(workers.map((w) => w.ready));
    const pool = createQueueTilePool(queue, { size: Math.max(2, n) });
    await time(`queue, ${n} worker process${n > 1 ? "es" : ""}`, (out) => classifyScene({ scene: synth.scenePath, model: modelPath, out, pool, tileSizePx }));
    for (const w of workers) w.proc.kill("SIGTERM");
    await Promise.all(workers.map((w) => new Promise((r) => (w.proc.exitCode === null ? w.proc.once("exit", r) : r(null)))));
  }
  await queue.close();
  const tiles = Math.ceil(sizePx / tileSizePx) ** 2;
  const report = { sizePx, tileSizePx, tiles, cores: 2, rows };
  mkdirSync(join(root, "bench", "out"), { recursive: true });
  writeFileSync(join(root, "bench", "out", "queue-throughput.json"), `${JSON.stringify(report, null, 2)}\n`);
  console.table(rows.map((r) => ({ ...r, seconds: r.seconds.toFixed(2), speedUp: r.speedUp.toFixed(2) })));
} finally {
  await db.drop();
  rmSync(dir, { recursive: true, force: true });
}
