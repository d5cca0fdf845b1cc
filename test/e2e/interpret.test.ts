/**
 * End-to-end: an interpreter labels ten units in the Interpret view in Debian's chromium (headless,
 * playwright-core), from the keyboard alone, over true- and false-colour chips of the scene, against a server over a store holding the small seeded
 * demo survey; then the estimate from the stored labels moves by exactly the strata weights of the
 * units relabelled coca, and the page never shows a map class.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { CHROMIUM, launchTestBrowser } from "../support/browser.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../src/api/server.ts";
import { openSqliteStore } from "../../src/store/sqlite-store.ts";
import type { Store } from "../../src/store/store.ts";
import { runDemoSurvey } from "../../src/survey/demo.ts";
import { storedDesignOf } from "../../src/survey/labels/reestimate.ts";
import { blindId } from "../../src/survey/labels/sheet.ts";

const ARTIFACTS = resolve(import.meta.dirname, "../../test-artifacts/e2e");
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`skipping the interpret e2e test: no chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);

describe.skipIf(!hasChromium)("Interpret view in a browser", () => {
  let dir: string;
  let store: Store;
  let server: RunningServer;
  let context: BrowserContext;
  let page: Page;
  let surveyId: number;
  let storedAreaHa: number;
  let secret: string;
  const errors: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "coca-e2e-interpret-"));
    mkdirSync(ARTIFACTS, { recursive: true });
    store = await openSqliteStore(join(dir, "coca.db"));
    const run = await runDemoSurvey({ store, outDir: join(dir, "demo"), sizePx: 200, n: 200, draws: 2000 });
    surveyId = run.surveyId;
    storedAreaHa = run.results.total.areaHa;
    secret = (await store.auth.createToken({ role: "analyst", name: "ana" })).secret;
    server = await startServer({ store, port: 0, config: { rateLimit: false } });
    ({ context, page } = await launchTestBrowser(join(dir, "chromium-profile"), errors));
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    await server?.close();
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("labels ten units from the keyboard; the estimate from the store changes as it must", async () => {
    await page.goto(`${server.url}/`);
    await page.evaluate((t) => sessionStorage.setItem("coca-monitor.token", t), secret);
    await page.goto(`${server.url}/#/interpret/${surveyId}`);
    await page.waitForSelector("#main[data-ready=interpret] .interpret-classes button", { timeout: 30_000 });
    const sheet = (await (await fetch(`${server.url}/v1/surveys/${surveyId}/sheet`, { headers: { authorization: `Bearer ${secret}` } })).json()) as {
      units: { blindId: string }[];
      legend: string[];
    };
    const key = String(sheet.legend.indexOf("coca") + 1);
    // The unit over two chips of the scene, true and false colour, 64 px each.
    await page.waitForFunction(
      () => [...document.querySelectorAll<HTMLImageElement>(".interpret-chip img")].filter((i) => i.complete && i.naturalWidth === 64).length === 2,
      undefined,
      { timeout: 20_000 },
    );
    const text = await page.textContent("#main");
    expect(text).not.toMatch(/map class|stratum/i);
    for (let k = 0; k < 10; k++) {
      await page.keyboard.press(key);
      await page.waitForFunction(
        (n) => document.querySelector("#main .interpret p")?.textContent?.startsWith(`Unit ${n + 2} of 200 · ${n + 1} interpreted`) ?? false,
        k,
        { timeout: 10_000 },
      );
    }
    await page.waitForFunction(
      () => [...document.querySelectorAll<HTMLImageElement>(".interpret-chip img")].filter((i) => i.complete && i.naturalWidth === 64).length === 2,
      undefined,
      { timeout: 20_000 },
    );
    await page.screenshot({ path: join(ARTIFACTS, "interpret.png") });
    expect(errors).toEqual([]);

    const labels = (await store.labels.list(surveyId)).filter((l) => l.interpreter === "ana");
    expect(labels).toHaveLength(10);
    expect(labels.every((l) => l.referenceClass === "coca" && l.kind === "interpretation")).toBe(true);
    const design = await storedDesignOf(store, { id: surveyId });
    const byBlind = new Map(design.units.map((u) => [blindId(design.checksum, u.unitId), u]));
    const firstTen = sheet.units.slice(0, 10).map((u) => byBlind.get(u.blindId)!);
    expect(new Set(labels.map((l) => l.unitId))).toEqual(new Set(firstTen.map((u) => u.unitId)));
    const simulated = new Map((await store.labels.list(surveyId)).filter((l) => l.simulated).map((l) => [l.unitId, l.referenceClass]));
    const strata = new Map(design.strata.map((s) => [s.stratum, s]));
    const expected = firstTen
      .filter((u) => simulated.get(u.unitId) !== "coca")
      .reduce((sum, u) => sum + strata.get(u.stratum)!.sizeHa / strata.get(u.stratum)!.sampleSize, 0);
    const e = (await (await fetch(`${server.url}/v1/surveys/${surveyId}/labels/estimate`)).json()) as {
      total: { areaHa: number };
      labels: { sinceRun: number };
    };
    expect(e.labels.sinceRun).toBe(10);
    expect(e.total.areaHa - storedAreaHa).toBeCloseTo(expected, 6);
    expect(expected).toBeGreaterThan(0);
  }, 120_000);

  it("keeps labels made offline in the browser and sends them when the connection is back", async () => {
    const before = (await store.labels.list(surveyId)).filter((l) => l.interpreter === "ana").length;
    const counter = async (): Promise<string> => (await page.textContent("#main .interpret p")) ?? "";
    const at = await counter();
    await context.setOffline(true);
    await page.keyboard.press("1");
    await expect.poll(() => page.textContent("[role=status]"), { timeout: 10_000 }).toMatch(/Offline: kept in this browser/);
    expect(await counter()).not.toBe(at);
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("coca-monitor.interpret.")).length)).toBe(1);
    expect((await store.labels.list(surveyId)).filter((l) => l.interpreter === "ana")).toHaveLength(before);
    await context.setOffline(false);
    await expect.poll(async () => (await store.labels.list(surveyId)).filter((l) => l.interpreter === "ana").length, { timeout: 15_000 }).toBe(before + 1);
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("coca-monitor.interpret.")).length)).toBe(0);
  }, 60_000);
});
