/**
 * Survey tiles through the queue (pg-boss on a real PostgreSQL) with real `coca worker` processes: the class map
 * is the same, byte for byte, as the in-process run; a worker killed with SIGKILL in the middle of a tile has
 * that tile redone elsewhere; a tile delivered twice is stored once. Each test file gets a fresh database.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadModelFile, saveModel } from "../../src/imagery/classify/model.ts";
import { requiredBands } from "../../src/imagery/compute/features.ts";
import { trainModel } from "../../src/imagery/classify/train.ts";
import { classifyScene } from "../../src/imagery/pipeline/classify-scene.ts";
import { synthesizeScene, type SynthesizeResult } from "../../src/imagery/synth/synthesize-scene.ts";
import { createQueueTilePool } from "../../src/queue/queue-tile-pool.ts";
import { openTileQueue, TILE_QUEUE, type TileQueue } from "../../src/queue/tile-queue.ts";
import { digestUuid, tileJobDigest } from "../../src/queue/tile-digest.ts";
import type { TileJob } from "../../src/imagery/workers/tile-job.ts";
import { projectRoot } from "../support/cli.ts";
import { createTestDatabase, pgSkipReason } from "../store/pg-server.ts";

const pgReason = await pgSkipReason();

interface Worker {
  proc: ChildProcess;
  events: { kind: string; digest: string }[];
  ready: Promise<void>;
}

function startWorker(url: string, env: Record<string, string> = {}): Worker {
  const proc = spawn(process.execPath, [join(projectRoot, "bin", "coca.js"), "worker", "--queue", url, "--threads", "0", "--json"], {
    cwd: projectRoot,
    env: { ...process.env, COCA_DB: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const events: Worker["events"] = [];
  let buffered = "";
  proc.stdout!.on("data", (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split("\n");
    buffered = lines.pop()!;
    for (const line of lines) if (line.trim()) events.push(JSON.parse(line));
  });
  const ready = new Promise<void>((resolve, reject) => {
    let err = "";
    proc.stderr!.on("data", (chunk: Buffer) => {
      err += chunk.toString();
      if (err.includes("coca worker: ready")) resolve();
    });
    proc.on("exit", (code) => reject(new Error(`worker exited (${code}) before it was ready: ${err}`)));
  });
  return { proc, events, ready };
}

async function stopWorker(w: Worker): Promise<void> {
  if (w.proc.exitCode !== null || w.proc.signalCode !== null) return;
  const exited = new Promise((r) => w.proc.once("exit", r));
  w.proc.kill("SIGTERM");
  await exited;
}

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(pgReason !== undefined)(`survey tiles through the queue${pgReason ? ` (skipped: ${pgReason})` : ""}`, () => {
  let dir: string;
  let synth: SynthesizeResult;
  let modelPath: string;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let queue: TileQueue;
  let local: Buffer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "coca-queue-"));
    db = await createTestDatabase("coca_queue");
    synth = await synthesizeScene({ seed: 3, sizePx: 384, outDir: join(dir, "synth") });
    const trained = await trainModel({ scenePath: synth.scenePath, labelsPath: synth.trainingPath, classField: "class", seed: 1, trees: 8, maxDepth: 8 });
    modelPath = join(dir, "model.json");
    saveModel(trained.model, modelPath);
    await classifyScene({ scene: synth.scenePath, model: modelPath, out: join(dir, "local.tif"), poolSize: 0, tileSizePx: 128 });
    local = readFileSync(join(dir, "local.tif"));
    // Short expiry and a 1 s supervisor, so that a killed worker's tile comes back within seconds.
    queue = await openTileQueue(db.url, { expireInSeconds: 4, retryDelaySeconds: 1, maintenanceIntervalSeconds: 1 });
  }, 120_000);

  afterAll(async () => {
    await queue?.close();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("gives the same class map, byte for byte, with three worker processes as in process", async () => {
    const workers = [startWorker(db.url), startWorker(db.url), startWorker(db.url)];
    try {
      await Promise.all(workers.map((w) => w.ready));
      const pool = createQueueTilePool(queue, { size: 3 });
      const result = await classifyScene({ scene: synth.scenePath, model: modelPath, out: join(dir, "queued.tif"), pool, tileSizePx: 128 });
      await pool.close();
      expect(result.tiles).toBe(9);
      expect(readFileSync(join(dir, "queued.tif")).equals(local)).toBe(true);
      const done = workers.flatMap((w) => w.events.filter((e) => e.kind === "done"));
      expect(new Set(done.map((e) => e.digest)).size).toBe(9);
      expect(done).toHaveLength(9);
    } finally {
      await Promise.all(workers.map(stopWorker));
    }
  }, 120_000);

  it("redoes elsewhere the tile of a worker killed with SIGKILL in the middle of it, and still gives the same map", async () => {
    const slow = startWorker(db.url, { COCA_TEST_WORKER_STALL_MS: "600000" });
    await slow.ready;
    const pool = createQueueTilePool(queue, { size: 2 });
    const run = classifyScene({ scene: synth.scenePath, model: modelPath, out: join(dir, "killed.tif"), pool, tileSizePx: 128 });
    await until(() => slow.events.some((e) => e.kind === "start"), "the slow worker to take a tile");
    const taken = slow.events.find((e) => e.kind === "start")!.digest;
    slow.proc.kill("SIGKILL");
    const healthy = startWorker(db.url);
    try {
      await healthy.ready;
      await run;
      await pool.close();
      expect(readFileSync(join(dir, "killed.tif")).equals(local)).toBe(true);
      expect(healthy.events.filter((e) => e.kind === "done").map((e) => e.digest)).toContain(taken);
      const job = await queue.boss.getJobById(TILE_QUEUE, digestUuid(taken));
      expect(job?.state).toBe("completed");
      expect(job?.retryCount).toBeGreaterThanOrEqual(1);
    } finally {
      await stopWorker(healthy);
    }
  }, 120_000);

  it("completes two surveys queued at once, and the same tiles queued again later", async () => {
    const workers = [startWorker(db.url), startWorker(db.url)];
    try {
      await Promise.all(workers.map((w) => w.ready));
      const pool = createQueueTilePool(queue, { size: 2 });
      const both = await Promise.all(
        ["one.tif", "two.tif"].map((name) => classifyScene({ scene: synth.scenePath, model: modelPath, out: join(dir, name), pool, tileSizePx: 128 })),
      );
      expect(both.map((r) => r.tiles)).toEqual([9, 9]);
      for (const name of ["one.tif", "two.tif"]) expect(readFileSync(join(dir, name)).equals(local)).toBe(true);
      // The same tiles again (same output): their jobs are completed and their results taken, so they are sent anew.
      await classifyScene({ scene: synth.scenePath, model: modelPath, out: join(dir, "one.tif"), pool, tileSizePx: 128 });
      expect(readFileSync(join(dir, "one.tif")).equals(local)).toBe(true);
      const left = await queue.pool.query("select count(*)::int as n from coca_queue.tile_results");
      expect(left.rows[0].n).toBe(0);
    } finally {
      await Promise.all(workers.map(stopWorker));
    }
  }, 120_000);

  it("coca survey run --queue classifies on the workers, which store into the run's store", async () => {
    const w = startWorker(db.url, { COCA_DB: join(dir, "cli.db") });
    try {
      await w.ready;
      const config = join(dir, "survey.json");
      writeFileSync(
        config,
        JSON.stringify({
          country: "PE",
          year: 2024,
          seed: 3,
          scenes: [synth.scenePath],
          model: modelPath,
          regions: { path: synth.regionsPath },
          design: { n: 60 },
          outDir: join(dir, "cli-survey"),
        }),
      );
      const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
        const p = spawn(
          process.execPath,
          [join(projectRoot, "bin", "coca.js"), "--db", join(dir, "cli.db"), "survey", "run", config, "--queue", db.url, "--json"],
          { cwd: projectRoot, env: { ...process.env, COCA_DB: "" } },
        );
        let stdout = "";
        let stderr = "";
        p.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
        p.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
        p.on("exit", (code) => done({ code, stdout, stderr }));
      });
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout).status).toBe("needs-labels");
      expect(w.events.filter((e) => e.kind === "done").length).toBeGreaterThanOrEqual(1);
      expect(w.events.filter((e) => e.kind === "needs-labels")).toHaveLength(1);
    } finally {
      await stopWorker(w);
    }
  }, 120_000);

  it("stores a tile delivered twice once", async () => {
    const w = startWorker(db.url);
    try {
      await w.ready;
      const loaded = loadModelFile(modelPath);
      const job: TileJob = {
        kind: "classify",
        scene: { ref: synth.scenePath },
        window: { x0: 0, y0: 0, x1: 64, y1: 64 },
        bands: requiredBands(loaded.model.spec),
        spec: loaded.model.spec,
        model: { path: modelPath, sha256: loaded.sha256 },
        output: { ref: join(dir, "dup.tif"), tileCol: 0, tileRow: 0 },
      };
      const digest = tileJobDigest(job);
      // Two deliveries of the same tile: as pg-boss would after an expiry, under two job ids.
      await queue.boss.send(TILE_QUEUE, { digest, job }, { id: digestUuid(digest) });
      await queue.boss.send(TILE_QUEUE, { digest, job });
      await until(() => w.events.filter((e) => e.kind === "done" && e.digest === digest).length === 2, "both deliveries to be done");
      const rows = await queue.pool.query("select count(*)::int as n from coca_queue.tile_results where digest = $1", [digest]);
      expect(rows.rows[0].n).toBe(1);
    } finally {
      await stopWorker(w);
    }
  }, 120_000);

  it("coca jobs list, show and cancel report and stop the queue's tiles", async () => {
    const coca = (...args: string[]) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
        const p = spawn(process.execPath, [join(projectRoot, "bin", "coca.js"), ...args, "--queue", db.url, "--json"], {
          cwd: projectRoot,
          env: { ...process.env, COCA_DB: "" },
        });
        let stdout = "";
        let stderr = "";
        p.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
        p.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
        p.on("exit", (code) => done({ code, stdout, stderr }));
      });
    const list = await coca("jobs", "list");
    expect(list.code).toBe(0);
    const runs = JSON.parse(list.stdout).runs as { output: string; tiles: number; completed: number; failed: number }[];
    expect(runs.find((r) => r.output === join(dir, "queued.tif"))).toMatchObject({ tiles: 9, completed: 9, failed: 0 });
    // A tile for a class map nobody works on (every worker of this file is stopped): waiting, then cancelled.
    const loaded = loadModelFile(modelPath);
    const job: TileJob = {
      kind: "classify",
      scene: { ref: synth.scenePath },
      window: { x0: 0, y0: 0, x1: 32, y1: 32 },
      bands: requiredBands(loaded.model.spec),
      spec: loaded.model.spec,
      model: { path: modelPath, sha256: loaded.sha256 },
      output: { ref: join(dir, "nobody.tif"), tileCol: 0, tileRow: 0 },
    };
    const digest = tileJobDigest(job);
    await queue.boss.send(TILE_QUEUE, { digest, job }, { id: digestUuid(digest) });
    const shown = await coca("jobs", "show", digestUuid(digest));
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ id: digestUuid(digest), state: "created", tile: [0, 0], scene: synth.scenePath, retryCount: 0 });
    const cancelled = await coca("jobs", "cancel", join(dir, "nobody.tif"));
    expect(JSON.parse(cancelled.stdout)).toEqual({ output: join(dir, "nobody.tif"), cancelled: 1 });
    expect((await queue.boss.getJobById(TILE_QUEUE, digestUuid(digest)))?.state).toBe("cancelled");
    const missing = await coca("jobs", "show", "00000000-0000-0000-0000-000000000000");
    expect(missing.code).toBe(4);
  }, 120_000);

  it("fails a tile whose model changed after the job was made, after its retries, naming the tile and the checksum", async () => {
    const strict = await openTileQueue(db.url, { retryLimit: 1, retryDelaySeconds: 1, maintenanceIntervalSeconds: 1 });
    const w = startWorker(db.url);
    try {
      await w.ready;
      const loaded = loadModelFile(modelPath);
      const changed = join(dir, "changed-model.json");
      writeFileSync(changed, readFileSync(modelPath, "utf8").replace(/}\s*$/, ', "note": "edited"}'));
      const job: TileJob = {
        kind: "classify",
        scene: { ref: synth.scenePath },
        window: { x0: 0, y0: 0, x1: 16, y1: 16 },
        bands: requiredBands(loaded.model.spec),
        spec: loaded.model.spec,
        model: { path: changed, sha256: loaded.sha256 },
        output: { ref: join(dir, "changed.tif"), tileCol: 0, tileRow: 0 },
      };
      const pool = createQueueTilePool(strict, { size: 1 });
      const error = await pool.run(job).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).name).toBe("DataError");
      expect((error as Error).message).toMatch(
        /tile 0,0 of .* failed on the workers after 1 retries: model file .*changed-model\.json: SHA-256 [0-9a-f]{64} is not the job's/,
      );
      expect(w.events.filter((e) => e.kind === "failed")).toHaveLength(2);
    } finally {
      await stopWorker(w);
      await strict.close();
    }
  }, 120_000);
});
