/**
 * End-to-end: the dashboard's routes view in Debian's chromium (headless, playwright-core) against a server
 * started here over a temporary store holding one route analysis (the routes demo on a small DEM): the map
 * shows the current grid, the round slider steps through the closure rounds, and the view reads in Spanish.
 * Screenshots are kept under test-artifacts/e2e/.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { CHROMIUM, launchTestBrowser } from "../support/browser.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../src/api/server.ts";
import { crsFromEpsg } from "../../src/raster/read/epsg.ts";
import { writeRaster } from "../../src/raster/write/write-raster.ts";
import { runRoutesDemo } from "../../src/routes/demo.ts";
import { routeAnalysisOfDemo, type NewRouteAnalysis } from "../../src/routes/stored-analysis.ts";
import { openSqliteStore } from "../../src/store/sqlite-store.ts";
import type { Store } from "../../src/store/store.ts";
import { routesOfRound } from "../../src/web/views/routes-data.ts";

const ARTIFACTS = resolve(import.meta.dirname, "../../test-artifacts/e2e");
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`skipping the routes view e2e test: no chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);

describe.skipIf(!hasChromium)("routes view in a browser", () => {
  let dir: string;
  let store: Store;
  let server: RunningServer;
  let context: BrowserContext;
  let page: Page;
  let id: number;
  let record: NewRouteAnalysis;
  const errors: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "coca-e2e-routes-"));
    mkdirSync(ARTIFACTS, { recursive: true });
    const w = 60;
    const h = 40;
    const dem = new Float32Array(w * h);
    for (let r = 0; r < h; r++)
      for (let c = 0; c < w; c++) dem[r * w + c] = 1000 + 300 * Math.exp(-(((c - 30) / 5) ** 2)) * (0.3 + (0.7 * Math.abs(r - 20)) / 20);
    await writeRaster(join(dir, "dem.tif"), [dem], {
      grid: { width: w, height: h, geoTransform: [700000, 30, 0, 9560000, 0, -30], crs: crsFromEpsg(32717)! },
      sampleType: "float32",
      nodata: -9999,
    });
    const demo = await runRoutesDemo({ outDir: join(dir, "demo"), demPath: join(dir, "dem.tif"), rounds: 3 });
    record = await routeAnalysisOfDemo(demo);
    store = await openSqliteStore(join(dir, "coca.db"));
    id = await store.routes.save(record);
    server = await startServer({ store, port: 0, config: { rateLimit: false } });
    ({ context, page } = await launchTestBrowser(join(dir, "chromium-profile"), errors, { consoleErrors: true, blockExternal: true }));
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await server?.close();
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function mapColours(): Promise<number> {
    await page.waitForFunction(
      () => {
        const map = (window as unknown as { cocaRoutesMap?: { loaded(): boolean; areTilesLoaded(): boolean } }).cocaRoutesMap;
        return map !== undefined && map.loaded() && map.areTilesLoaded();
      },
      undefined,
      { timeout: 30_000 },
    );
    await page.waitForTimeout(500);
    return page.evaluate(() => {
      const canvas = document.querySelector("#routes-map canvas") as HTMLCanvasElement;
      const probe = document.createElement("canvas");
      probe.width = 96;
      probe.height = 64;
      const ctx = probe.getContext("2d")!;
      ctx.drawImage(canvas, 0, 0, probe.width, probe.height);
      const data = ctx.getImageData(0, 0, probe.width, probe.height).data;
      const colours = new Set<number>();
      for (let i = 0; i < data.length; i += 4) colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
      return colours.size;
    });
  }

  it("draws the current map and the routes, and steps through the closure rounds", async () => {
    await page.goto(`${server.url}/#/routes/${id}`);
    await page.waitForSelector("#main[data-ready=routes]", { timeout: 60_000 });
    expect(await page.textContent("#main h2")).toBe("Routes");
    expect(await page.textContent("#routes-simulated")).toContain("simulated");
    expect(await mapColours()).toBeGreaterThan(8);
    const mapEl = page.locator("#routes-map");
    expect(await mapEl.getAttribute("data-round")).toBe("0");
    expect(await mapEl.getAttribute("data-routes")).toBe(String(routesOfRound(record.layers.roundRoutes.features, 0).length));
    await page.screenshot({ path: join(ARTIFACTS, "routes-round0.png") });
    const last = record.summary.rounds.length - 1;
    for (let round = 1; round <= last; round++) {
      await page.focus("#routes-round");
      await page.keyboard.press("ArrowRight");
      await expect.poll(() => mapEl.getAttribute("data-round")).toBe(String(round));
      const inUse = routesOfRound(record.layers.roundRoutes.features, round);
      expect(await page.textContent('[data-testid="routes-in-use"]')).toBe(
        `Routes in use: ${inUse.length} (new this round: ${inUse.filter((r) => r.appeared).length})`,
      );
    }
    expect(await page.textContent("#routes-round-label")).toBe(`${last} / ${last}`);
    expect(await page.textContent("#routes-round-info")).toContain(`Checkpoints placed: ${record.layers.checkpoints.features.length}`);
    await page.screenshot({ path: join(ARTIFACTS, `routes-round${last}.png`) });
    // The rounds table: one row per round.
    expect(await page.locator("#routes-rounds tbody tr").count()).toBe(last + 1);
    // Cost instead of current.
    await page.check("input[name=routes-layer][value=cost]");
    await expect.poll(() => mapEl.getAttribute("data-layer")).toBe("cost");
    expect(await mapColours()).toBeGreaterThan(8);
    await page.screenshot({ path: join(ARTIFACTS, "routes-cost.png") });
  });

  it("reads in Spanish", async () => {
    await page.selectOption("#lang-select", "es");
    await page.waitForFunction(() => document.querySelector("#main h2")?.textContent === "Rutas", undefined, { timeout: 30_000 });
    expect(await page.textContent("#routes-rounds caption")).toBe("Rondas de interdicción: rutas, huella y entropía del flujo");
    expect(await page.textContent("#routes-round-info")).toContain("Paisaje abierto");
    await page.screenshot({ path: join(ARTIFACTS, "routes-es.png") });
    await page.selectOption("#lang-select", "en");
  });

  it("fits a phone's width without sideways scrolling", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/#/routes/${id}`);
    await page.waitForSelector("#main[data-ready=routes]", { timeout: 60_000 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll("#main *")]
        .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && !el.closest(".table-wrap, figure.chart"))
        .slice(0, 3)
        .map((el) => `${el.tagName}.${el.className}#${el.id}`),
    );
    expect({ overflow: overflow <= 1, wide }).toEqual({ overflow: true, wide: [] });
    await page.screenshot({ path: join(ARTIFACTS, "routes-phone.png"), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("fetched nothing from outside and logged no errors", () => {
    expect(errors).toEqual([]);
  });
});
