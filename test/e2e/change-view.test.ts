/**
 * End-to-end: the dashboard's change view in Debian's chromium (headless, playwright-core) against a server over a
 * temporary store holding the stored change demo: both years' maps and the transition map load, the rates show
 * their intervals beside the simulated truth, the year control steps through a region's history, in English and
 * in Spanish. Screenshots under test-artifacts/e2e/.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { CHROMIUM, launchTestBrowser } from "../support/browser.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../src/api/server.ts";
import { storeChangeDemo } from "../../src/change/demo-files.ts";
import type { ChangeDemo } from "../../src/change/demo.ts";
import { openSqliteStore } from "../../src/store/sqlite-store.ts";
import type { Store } from "../../src/store/store.ts";

const ARTIFACTS = resolve(import.meta.dirname, "../../test-artifacts/e2e");
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`skipping the change view e2e test: no chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);

describe.skipIf(!hasChromium)("change view in a browser", () => {
  let dir: string;
  let store: Store;
  let server: RunningServer;
  let context: BrowserContext;
  let page: Page;
  let id: number;
  let demo: ChangeDemo;
  const errors: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "coca-e2e-change-"));
    mkdirSync(ARTIFACTS, { recursive: true });
    store = await openSqliteStore(join(dir, "coca.db"));
    ({ id, demo } = await storeChangeDemo(store, { outDir: mkdtempSync(join(dir, "demo-")), seed: 2, sizePx: 300, sampleSize: 400 }));
    server = await startServer({ store, port: 0, config: { rateLimit: false } });
    ({ context, page } = await launchTestBrowser(join(dir, "chromium-profile"), errors, { consoleErrors: true }));
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await server?.close();
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("shows both years and the transition map, rates with intervals, and steps through a region's history", async () => {
    await page.goto(`${server.url}/#/change/${id}`);
    await page.waitForSelector("#main[data-ready=change]", { timeout: 60_000 });
    expect(await page.textContent("#change-simulated")).toContain("SIMULATED");
    expect(await page.textContent("#change-headline")).toMatch(/^\[SIMULATED\] Coca (fell|rose)/);
    // The three maps are real PNGs that loaded.
    await page.waitForFunction(
      () => [...document.querySelectorAll<HTMLImageElement>("#change-maps img")].every((i) => i.complete && i.naturalWidth > 0),
      undefined,
      { timeout: 30_000 },
    );
    const maps = await page.$$eval("#change-maps figure", (fs) => fs.map((f) => [f.getAttribute("data-map"), f.querySelector("img")!.naturalWidth]));
    expect(maps.map((m) => m[0])).toEqual(["map-year1", "map-year2", "transitions"]);
    expect(maps.every((m) => (m[1] as number) === 300)).toBe(true);
    // The replanting rate with its interval, beside the truth.
    const replanted = page.locator("#change-areas tr", { hasText: "Share of eradicated area replanted" });
    const overall = demo.estimate.replanted!.overall;
    const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;
    expect(await replanted.textContent()).toContain(`${pct(overall.ci![0])} – ${pct(overall.ci![1])}`);
    expect(await replanted.textContent()).toContain(pct(demo.truth.replantedShare!));
    // The year control (it starts at the dashboard's year when that is one of the dates): back to the first, then on.
    await page.click("#change-prev");
    expect(await page.textContent("#change-year")).toBe("Date: 2023");
    expect(await page.getAttribute("#change-maps figure.current", "data-map")).toBe("map-year1");
    const region = demo.mappedByZone[3]!;
    await page.selectOption("#change-region", region.region);
    await page.click("#change-next");
    expect(await page.textContent("#change-year")).toBe("Date: 2024");
    expect(await page.getAttribute("#change-maps figure.current", "data-map")).toBe("map-year2");
    const info = (await page.textContent("#change-region-info"))!;
    expect(info).toContain(`${region.region}, 2024: Map count ${Math.round(region.mappedHa[1]).toLocaleString("en-GB")} ha`);
    expect(info).toMatch(/Estimated [\d,]+ ha \(95% CI [\d,]+ – [\d,]+\)/);
    expect(await page.locator("#change-history svg").count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, "change.png"), fullPage: true });
    await page.selectOption("#lang-select", "es");
    await page.waitForFunction(() => document.querySelector("#main h2")?.textContent === "Cambio entre años");
    expect(await page.textContent("#change-areas")).toContain("Parte del área erradicada replantada");
    await page.screenshot({ path: join(ARTIFACTS, "change-es.png"), fullPage: true });
    await page.selectOption("#lang-select", "en");
    expect(errors).toEqual([]);
  }, 120_000);
});
