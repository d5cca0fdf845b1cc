/**
 * End-to-end: a running survey's progress on the dashboard. A server with a job queue (real PostgreSQL) and one
 * survey run in it; the survey view shows the run's state and tiles done / total, follows it as it advances
 * (polling GET /v1/jobs/:id), in Spanish and in English, and links the stored survey at the end.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../src/api/server.ts";
import { openTileQueue, type TileQueue } from "../../src/queue/tile-queue.ts";
import { openStore } from "../../src/store/open-store.ts";
import type { Store } from "../../src/store/store.ts";
import { smallSurvey } from "../api/support.ts";
import { CHROMIUM, launchTestBrowser } from "../support/browser.ts";
import { createTestDatabase, pgSkipReason } from "../store/pg-server.ts";

const pgReason = await pgSkipReason();
const hasChromium = existsSync(CHROMIUM);

describe.skipIf(!hasChromium || pgReason !== undefined)("the dashboard's running-survey panel", () => {
  let dir: string;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: Store;
  let queue: TileQueue;
  let server: RunningServer;
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];
  const RUN = "run_00000000beef";

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "coca-jobs-panel-"));
    db = await createTestDatabase("coca_team_panel");
    store = await openStore(db.url);
    await store.surveys.save(smallSurvey());
    queue = await openTileQueue(db.url);
    await queue.pool.query(
      `insert into coca_queue.survey_runs (run_id, state, store, name, config_json, work_dir, pool_size, tiles_done, tiles_total)
       values ($1, 'classifying', $2, 'Peru 2025 (queued)', '{}', '/tmp/x', 8, 3, 12)`,
      [RUN, store.location],
    );
    server = await startServer({ store, port: 0, queue, config: { rateLimit: false } });
    ({ context, page } = await launchTestBrowser(join(dir, "chromium-profile"), errors, { consoleErrors: true, blockExternal: true }));
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await server?.close();
    await queue?.close();
    await store?.close();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("shows the run's state and tiles in Spanish and English, follows it, and links the stored survey", async () => {
    await page.goto(`${server.url}/?lang=es#/survey`);
    await page.waitForSelector("#jobs-panel:not([hidden])", { timeout: 30_000 });
    const es = await page.textContent("#jobs-panel");
    expect(es).toContain("Monitoreos en curso en los workers");
    expect(es).toContain("Peru 2025 (queued) · clasificando · 3 / 12 teselas");
    expect(await page.getAttribute(`#jobs-panel li[data-job="${RUN}"] progress`, "value")).toBe("0.25");

    await page.goto(`${server.url}/?lang=en#/survey`);
    await page.waitForSelector("#jobs-panel:not([hidden])", { timeout: 30_000 });
    expect(await page.textContent("#jobs-panel")).toContain("Peru 2025 (queued) · classifying · 3 / 12 tiles");

    // The workers move on: the panel follows (it polls), then ends on the stored survey.
    await queue.pool.query("update coca_queue.survey_runs set tiles_done = 12, state = 'assembling' where run_id = $1", [RUN]);
    await page.waitForFunction(() => document.querySelector("#jobs-panel")?.textContent?.includes("assembling (mosaic, estimates) · 12 / 12 tiles"), null, {
      timeout: 20_000,
    });
    await queue.pool.query("update coca_queue.survey_runs set state = 'stored', survey_id = 1, finished_at = now() where run_id = $1", [RUN]);
    await page.waitForSelector(`#jobs-panel li[data-state="stored"] a[href="#/survey/1"]`, { timeout: 20_000 });
    expect(await page.textContent("#jobs-panel")).toContain("stored");
    expect(errors).toEqual([]);
  }, 120_000);
});
