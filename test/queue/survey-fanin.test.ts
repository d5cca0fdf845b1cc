/**
 * Whole surveys through the queue with real `coca worker` processes on a real PostgreSQL store: the process that
 * starts a run only waits; a worker plans the tiles, the workers classify them, and the worker that finishes the
 * last tile sends the assembly, which a worker runs and stores. Against the same survey run in process on SQLite:
 * the stored class map is the same, byte for byte, and so are the estimates; two surveys queued at once both
 * complete; a worker SIGKILLed in the middle of a tile does not change the result; a tile delivered twice is
 * counted once for its run.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { synthesizeScene } from "../../src/imagery/synth/synthesize-scene.ts";
import { readClassRaster } from "../../src/imagery/vectorize/read-class-raster.ts";
import { loadModelFile } from "../../src/imagery/classify/model.ts";
import { requiredBands } from "../../src/imagery/compute/features.ts";
import type { TileJob } from "../../src/imagery/workers/tile-job.ts";
import { recordRunTile, surveyRunRow } from "../../src/queue/survey-runs.ts";
import { digestUuid, tileJobDigest } from "../../src/queue/tile-digest.ts";
import { openTileQueue, TILE_QUEUE, type TileQueue } from "../../src/queue/tile-queue.ts";
import { openStore } from "../../src/store/open-store.ts";
import type { Store } from "../../src/store/store.ts";
import { validateSurveyConfig } from "../../src/survey/config.ts";
import { runSurvey } from "../../src/survey/run-survey.ts";
import { projectRoot } from "../support/cli.ts";
import { createTestDatabase, pgSkipReason } from "../store/pg-server.ts";

const pgReason = await pgSkipReason();
const SIZE = 256;

interface Worker {
  proc: ChildProcess;
  events: Record<string, unknown>[];
  ready: Promise<void>;
}

function startWorker(url: string, env: Record<string, string> = {}): Worker {
  const proc = spawn(process.execPath, [join(projectRoot, "bin", "coca.js"), "worker", "--queue", url, "--threads", "0", "--tile-expiry", "4", "--json"], {
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

function coca(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const p = spawn(process.execPath, [join(projectRoot, "bin", "coca.js"), ...args], { cwd: projectRoot, env: { ...process.env, COCA_DB: "" } });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    p.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    p.on("exit", (code) => done({ code, stdout, stderr }));
  });
}

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 120_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(pgReason !== undefined)(`surveys assembled by the workers${pgReason ? ` (skipped: ${pgReason})` : ""}`, () => {
  let dir: string;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: Store;
  let queue: TileQueue;
  let base: Record<string, unknown>;
  let local: { classes: Buffer; estimates: unknown; total: unknown; fields: number };
  let modelPath: string;
  let scenePath: string;

  /** Write a config for `name` and return its path. */
  const configFor = (name: string): string => {
    const path = join(dir, `${name}.json`);
    writeFileSync(path, JSON.stringify({ ...base, name, outDir: join(dir, name) }));
    return path;
  };

  async function storedOf(surveyId: number) {
    const s = (await store.surveys.get(surveyId))!;
    const classes = Buffer.from((await store.surveys.artifact(surveyId, "classes.tif"))!.bytes);
    return { classes, estimates: s.estimates, total: s.results.total, fields: s.fieldCount };
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "coca-fanin-"));
    const scene = await synthesizeScene({ seed: 7, sizePx: SIZE, outDir: join(dir, "scene") });
    scenePath = scene.scenePath;
    base = {
      country: "PE",
      year: 2024,
      seed: 7,
      scenes: [scene.scenePath],
      training: { labels: scene.trainingPath, classField: "class", trees: 8, maxDepth: 8 },
      regions: { path: scene.regionsPath },
      design: { n: 100, allocation: "min:10" },
      production: { draws: 2000 },
    };
    // Interpreters' labels from the truth; then the survey in process on SQLite, the reference.
    const sqlite = await openStore(":memory:");
    const first = await runSurvey({ store: sqlite, config: validateSurveyConfig({ ...base, outDir: join(dir, "first") }, join(dir, "s.json")) });
    if (first.status !== "needs-labels") throw new Error("expected the survey to stop for labels");
    const truth = await readClassRaster(scene.truthPath);
    const lines = readFileSync(first.sample.csv, "utf8").trim().split("\n");
    const header = lines[0]!.split(",");
    const [iRow, iCol, iRef] = ["row", "col", "reference_class"].map((c) => header.indexOf(c));
    const filled = [
      lines[0],
      ...lines.slice(1).map((l) => {
        const cells = l.split(",");
        cells[iRef!] = truth.classNames[truth.values[Number(cells[iRow!]) * SIZE + Number(cells[iCol!])]!]!;
        return cells.join(",");
      }),
    ].join("\n");
    base.labels = join(dir, "labels.csv");
    writeFileSync(base.labels as string, `${filled}\n`);
    // The model trained by the first run, by path: a trained model's path (in the run's working folder) is written into the
    // class map's metadata, so a byte comparison needs the same model file for both runs.
    modelPath = join(dir, "first", "model.json");
    delete base.training;
    base.model = modelPath;
    const inProcess = await runSurvey({ store: sqlite, config: validateSurveyConfig({ ...base, outDir: join(dir, "local") }, join(dir, "s.json")) });
    if (inProcess.status !== "stored") throw new Error("expected the in-process survey to be stored");
    const s = (await sqlite.surveys.get(inProcess.surveyId))!;
    local = {
      classes: Buffer.from((await sqlite.surveys.artifact(inProcess.surveyId, "classes.tif"))!.bytes),
      estimates: s.estimates,
      total: s.results.total,
      fields: s.fieldCount,
    };
    await sqlite.close();
    db = await createTestDatabase("coca_team_fanin");
    store = await openStore(db.url);
    // This process's pg-boss supervises expiry every second, so a killed worker's tile comes back within seconds.
    queue = await openTileQueue(db.url, { maintenanceIntervalSeconds: 1 });
  }, 300_000);

  afterAll(async () => {
    await queue?.close();
    await store?.close();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("three workers: the last tile starts the assembly on a worker, and the survey is the in-process one, byte for byte", async () => {
    // Each tile holds its worker for a second first (the worker's test hook): tiles now classify in a fraction of a
    // second, and without the pause one worker could drain the queue before the others polled it.
    const paced = { COCA_TEST_WORKER_STALL_MS: "1000" };
    const workers = [startWorker(db.url, paced), startWorker(db.url, paced), startWorker(db.url, paced)];
    try {
      await Promise.all(workers.map((w) => w.ready));
      const run = await coca(["--db", db.url, "survey", "run", configFor("three"), "--queue", "--json"]);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      const out = JSON.parse(run.stdout) as { status: string; runId: string; surveyId: number };
      expect(out.status).toBe("stored");
      const stored = await storedOf(out.surveyId);
      expect(stored.classes.equals(local.classes)).toBe(true);
      expect(stored.estimates).toEqual(local.estimates);
      expect(stored.total).toEqual(local.total);
      expect(stored.fields).toBe(local.fields);
      // A worker stored it (not the `survey run` process), and more than one worker classified tiles.
      const events = workers.flatMap((w) => w.events);
      expect(events.filter((e) => e.kind === "stored" && e.runId === out.runId)).toHaveLength(1);
      expect(workers.filter((w) => w.events.some((e) => e.kind === "done")).length).toBeGreaterThanOrEqual(2);
      const row = (await surveyRunRow(queue.pool, out.runId))!;
      expect(row).toMatchObject({ state: "stored", survey_id: out.surveyId });
      expect(row.tiles_done).toBe(row.tiles_total);
      // The tiles' results are gone once the survey is stored.
      const left = await queue.pool.query(
        "select count(*)::int as n from coca_queue.tile_results r join coca_queue.run_tiles t using (digest) where t.run_id = $1",
        [out.runId],
      );
      expect(left.rows[0].n).toBe(0);
      // coca jobs show follows the run.
      const shown = await coca(["jobs", "show", out.runId, "--queue", db.url, "--json"]);
      expect(JSON.parse(shown.stdout)).toMatchObject({ kind: "survey", id: out.runId, state: "stored", surveyId: out.surveyId });
    } finally {
      await Promise.all(workers.map(stopWorker));
    }
  }, 300_000);

  it("completes two surveys queued at once (--detach), both identical to the in-process one", async () => {
    const workers = [startWorker(db.url), startWorker(db.url)];
    try {
      await Promise.all(workers.map((w) => w.ready));
      const started = await Promise.all(["twoA", "twoB"].map((n) => coca(["--db", db.url, "survey", "run", configFor(n), "--queue", "--detach", "--json"])));
      const ids = started.map((r) => {
        expect(r.code).toBe(0);
        return (JSON.parse(r.stdout) as { runId: string }).runId;
      });
      expect(new Set(ids).size).toBe(2);
      await until(async () => {
        const rows = await Promise.all(ids.map((id) => surveyRunRow(queue.pool, id)));
        return rows.every((r) => r && ["stored", "failed"].includes(r.state));
      }, "both runs to end");
      for (const id of ids) {
        const row = (await surveyRunRow(queue.pool, id))!;
        expect(row.error).toBeNull();
        const stored = await storedOf(row.survey_id!);
        expect(stored.classes.equals(local.classes)).toBe(true);
        expect(stored.estimates).toEqual(local.estimates);
      }
    } finally {
      await Promise.all(workers.map(stopWorker));
    }
  }, 300_000);

  it("a worker SIGKILLed in the middle of a tile: the tile is redone elsewhere and the survey is still the same", async () => {
    const slow = startWorker(db.url, { COCA_TEST_WORKER_STALL_MS: "600000" });
    await slow.ready;
    const running = coca(["--db", db.url, "survey", "run", configFor("killed"), "--queue", "--json"]);
    await until(() => slow.events.some((e) => e.kind === "start"), "the slow worker to take a tile");
    const taken = slow.events.find((e) => e.kind === "start")!.digest as string;
    slow.proc.kill("SIGKILL");
    const healthy = startWorker(db.url);
    try {
      await healthy.ready;
      const run = await running;
      expect(run.code).toBe(0);
      const out = JSON.parse(run.stdout) as { status: string; surveyId: number };
      expect(out.status).toBe("stored");
      expect(healthy.events.filter((e) => e.kind === "done").map((e) => e.digest)).toContain(taken);
      const job = await queue.boss.getJobById(TILE_QUEUE, digestUuid(taken));
      expect(job?.retryCount).toBeGreaterThanOrEqual(1);
      const stored = await storedOf(out.surveyId);
      expect(stored.classes.equals(local.classes)).toBe(true);
      expect(stored.estimates).toEqual(local.estimates);
    } finally {
      await stopWorker(healthy);
    }
  }, 300_000);

  it("counts a tile delivered twice once for its run", async () => {
    const w = startWorker(db.url);
    try {
      await w.ready;
      const loaded = loadModelFile(modelPath);
      const job: TileJob = {
        kind: "classify",
        scene: { ref: scenePath },
        window: { x0: 0, y0: 0, x1: 32, y1: 32 },
        bands: requiredBands(loaded.model.spec),
        spec: loaded.model.spec,
        model: { path: modelPath, sha256: loaded.sha256 },
        output: { ref: join(dir, "twice.tif"), tileCol: 0, tileRow: 0 },
      };
      const digest = tileJobDigest(job);
      // A run of two tiles, one of them delivered twice (as after an expiry, under two job ids): counted 1 of 2, no assembly.
      await queue.pool.query(
        `insert into coca_queue.survey_runs (run_id, state, store, config_json, work_dir, pool_size, tiles_total)
         values ('run_0000000000aa', 'classifying', $1, '{}', $2, 1, 2)`,
        [store.location, join(dir, "twice.work")],
      );
      await recordRunTile(queue.pool, "run_0000000000aa", digest, digestUuid(digest));
      await queue.boss.send(TILE_QUEUE, { digest, job }, { id: digestUuid(digest) });
      await queue.boss.send(TILE_QUEUE, { digest, job });
      await until(() => w.events.filter((e) => e.kind === "done" && e.digest === digest).length === 2, "both deliveries to be done");
      const row = (await surveyRunRow(queue.pool, "run_0000000000aa"))!;
      expect(row.tiles_done).toBe(1);
      expect(row.state).toBe("classifying");
    } finally {
      await stopWorker(w);
    }
  }, 120_000);
});
