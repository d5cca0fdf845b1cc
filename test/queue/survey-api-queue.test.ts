/**
 * A survey started over HTTP on a PostgreSQL store, classified by two `coca worker` processes through the
 * queue: POST /v1/surveys answers 202 with a run, GET /v1/survey-runs/:id is polled until the survey is
 * stored, and the stored estimates are those of the same survey run in process on SQLite. A run that fails
 * (a scene that is not there) is reported as failed with the reason.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "../../src/api/app.ts";
import { synthesizeScene } from "../../src/imagery/synth/synthesize-scene.ts";
import { readClassRaster } from "../../src/imagery/vectorize/read-class-raster.ts";
import { createQueueTilePool } from "../../src/queue/queue-tile-pool.ts";
import { openTileQueue, type TileQueue } from "../../src/queue/tile-queue.ts";
import { openStore } from "../../src/store/open-store.ts";
import type { Store } from "../../src/store/store.ts";
import type { TilePool } from "../../src/imagery/workers/tile-pool.ts";
import { validateSurveyConfig } from "../../src/survey/config.ts";
import { runSurvey } from "../../src/survey/run-survey.ts";
import { projectRoot } from "../support/cli.ts";
import { createTestDatabase, pgSkipReason } from "../store/pg-server.ts";

const pgReason = await pgSkipReason();
const SIZE = 200;

function startWorker(url: string): { proc: ChildProcess; ready: Promise<void> } {
  const proc = spawn(process.execPath, [join(projectRoot, "bin", "coca.js"), "worker", "--queue", url, "--threads", "0"], {
    cwd: projectRoot,
    env: { ...process.env, COCA_DB: "" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  const ready = new Promise<void>((resolve, reject) => {
    let err = "";
    proc.stderr!.on("data", (c: Buffer) => {
      err += c.toString();
      if (err.includes("coca worker: ready")) resolve();
    });
    proc.on("exit", (code) => reject(new Error(`worker exited (${code}): ${err}`)));
  });
  return { proc, ready };
}

describe.skipIf(pgReason !== undefined)(`POST /v1/surveys through the queue${pgReason ? ` (skipped: ${pgReason})` : ""}`, () => {
  let dir: string;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: Store;
  let queue: TileQueue;
  let pool: TilePool;
  let workers: ReturnType<typeof startWorker>[];
  let base: Record<string, unknown>;
  let local: Awaited<ReturnType<Store["surveys"]["get"]>>;
  let request: (path: string, init?: RequestInit) => Promise<Response>;
  let admin: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "coca-api-queue-"));
    const scene = await synthesizeScene({ seed: 5, sizePx: SIZE, outDir: join(dir, "scene") });
    base = {
      name: "queued",
      country: "PE",
      year: 2024,
      seed: 5,
      scenes: [scene.scenePath],
      training: { labels: scene.trainingPath, classField: "class", trees: 10, maxDepth: 10 },
      regions: { path: scene.regionsPath },
      design: { n: 120, allocation: "min:10" },
      production: { draws: 2000 },
    };
    // The interpreters' labels, from the truth, as in test/survey/survey.test.ts; then the same survey in process on SQLite.
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
    const inProcess = await runSurvey({ store: sqlite, config: validateSurveyConfig({ ...base, outDir: join(dir, "local") }, join(dir, "s.json")) });
    if (inProcess.status !== "stored") throw new Error("expected the in-process survey to be stored");
    local = await sqlite.surveys.get(inProcess.surveyId);
    await sqlite.close();

    db = await createTestDatabase("coca_api_queue");
    store = await openStore(db.url);
    queue = await openTileQueue(db.url);
    pool = createQueueTilePool(queue, { size: 2 });
    workers = [startWorker(db.url), startWorker(db.url)];
    await Promise.all(workers.map((w) => w.ready));
    // The config paths lie under the test folder, the server's data root.
    const { app } = createApp({ store, config: { rateLimit: false, dataRoot: dir }, tilePool: pool, queue });
    admin = (await store.auth.createToken({ role: "admin" })).secret;
    request = async (path, init = {}) => app.request(path, init);
  }, 240_000);

  afterAll(async () => {
    for (const w of workers ?? []) w.proc.kill("SIGTERM");
    await Promise.all((workers ?? []).map((w) => (w.proc.exitCode === null ? new Promise((r) => w.proc.once("exit", r)) : undefined)));
    await pool?.close();
    await queue?.close();
    await store?.close();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (config: Record<string, unknown>) =>
    request("/v1/surveys", {
      method: "POST",
      body: JSON.stringify({ config }),
      headers: { "content-type": "application/json", authorization: `Bearer ${admin}` },
    });

  async function poll(url: string): Promise<Record<string, unknown>> {
    for (let i = 0; i < 1200; i++) {
      const run = (await (await request(url)).json()) as Record<string, unknown>;
      if (run.status !== "running") return run;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`run ${url} still running`);
  }

  it("answers 202 with a job, which the workers run to a stored survey with the estimates of the in-process run", async () => {
    const res = await post(base);
    expect(res.status).toBe(202);
    const run = (await res.json()) as { runId: string; status: string };
    expect(run.status).toBe("running");
    expect(res.headers.get("location")).toBe(`/v1/jobs/${run.runId}`);
    // A second survey at once is queued too: the server runs neither.
    const second = await post({ ...base, name: "queued second" });
    expect(second.status).toBe(202);
    const secondId = ((await second.json()) as { runId: string }).runId;
    const job = (await (await request(`/v1/jobs/${run.runId}`)).json()) as { kind: string; state: string; tiles: { done: number } };
    expect(job.kind).toBe("survey");
    expect(["queued", "preparing", "classifying", "assembling", "stored"]).toContain(job.state);
    for (const id of [run.runId, secondId]) {
      const done = await poll(`/v1/survey-runs/${id}`);
      expect(done).toMatchObject({ status: "stored", error: null, tiles: { done: expect.any(Number), total: expect.any(Number) } });
      const tiles = done.tiles as { done: number; total: number };
      expect(tiles.done).toBe(tiles.total);
      const stored = await store.surveys.get(done.surveyId as number);
      expect(stored!.estimates).toEqual(local!.estimates);
      expect(stored!.results.total).toEqual(local!.results.total);
      expect(stored!.fieldCount).toBe(local!.fieldCount);
    }
    const final = (await (await request(`/v1/jobs/${run.runId}`)).json()) as Record<string, unknown>;
    expect(final).toMatchObject({ kind: "survey", state: "stored", progress: 1, url: expect.stringMatching(/^\/v1\/surveys\/\d+$/) });
    const audit = await store.auth.listAudit({ action: "surveys.run" });
    expect(audit.entries.map((e) => [e.status, e.target]).sort()).toEqual(
      [
        [202, run.runId],
        [202, secondId],
      ].sort(),
    );
  }, 240_000);

  it("refuses a missing scene before the run (400), and reports a run whose scene is unreadable as failed, with the reason", async () => {
    const missing = await post({ ...base, scenes: [join(dir, "no-such-scene.tif")] });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toMatch(/no-such-scene\.tif/);
    // A file that exists under the data root but is not a GeoTIFF fails only when the run reads it.
    writeFileSync(join(dir, "broken-scene.tif"), "not a tiff");
    const res = await post({ ...base, scenes: [join(dir, "broken-scene.tif")] });
    expect(res.status).toBe(202);
    const run = (await res.json()) as { runId: string };
    const done = await poll(`/v1/survey-runs/${run.runId}`);
    expect(done.status).toBe("failed");
    expect(done.error).toMatch(/broken-scene\.tif/);
    expect((await request("/v1/survey-runs/run_000000000000")).status).toBe(404);
    expect((await request("/v1/jobs/run_000000000000")).status).toBe(404);
  }, 120_000);
});
