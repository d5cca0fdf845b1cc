/**
 * End-to-end: the dashboard in Debian's chromium (headless, driven by playwright-core) against a server
 * started in this process on a free port over a temporary store holding the seeded official figures and
 * one small survey. Screenshots are kept under test-artifacts/e2e/.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { CHROMIUM, launchTestBrowser } from "../support/browser.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../src/api/server.ts";
import { crsFromEpsg } from "../../src/raster/read/epsg.ts";
import { writeRaster } from "../../src/raster/write/write-raster.ts";
import { openSqliteStore } from "../../src/store/sqlite-store.ts";
import type { Store } from "../../src/store/store.ts";
import type { NewSurvey } from "../../src/store/survey-repository.ts";
import { smallSurvey } from "../api/support.ts";
import { readStoredZip } from "../support/zip.ts";

/** A CSV download (one .zip): the names it holds, the CSV without its BOM and its .csvt. */
function csvDownload(zip: Uint8Array): { names: string[]; csv: string; csvt: string } {
  const entries = readStoredZip(zip);
  const text = (ext: string): string => {
    const e = entries.find((x) => x.name.endsWith(ext));
    if (!e) throw new Error(`no ${ext} in the download (${entries.map((x) => x.name).join(", ")})`);
    return new TextDecoder().decode(e.data);
  };
  return { names: entries.map((e) => e.name), csv: text(".csv"), csvt: text(".csvt") };
}

const ARTIFACTS = resolve(import.meta.dirname, "../../test-artifacts/e2e");
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`skipping the dashboard e2e test: no chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);

/** Build a small class map (UTM 19S, near Caranavi) and return its GeoTIFF bytes. */
async function classMapBytes(dir: string): Promise<Uint8Array> {
  const width = 240;
  const height = 160;
  const codes = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) codes[y * width + x] = (x - 120) ** 2 + (y - 80) ** 2 < 2500 ? 2 : 1;
  const path = join(dir, "class-map.tif");
  await writeRaster(path, [codes], {
    grid: { width, height, geoTransform: [600_000, 30, 0, 8_250_000, 0, -30], crs: crsFromEpsg(32719)! },
    sampleType: "uint8",
    nodata: 0,
    classNames: ["forest", "coca"],
  });
  return readFileSync(path);
}

/** More fields than one page of the API (1,000), near Caranavi, in a 50 x 30 grid of small squares. */
const FIELD_COUNT = 1_500;
function manyFields(n: number): NewSurvey["fields"] {
  return Array.from({ length: n }, (_, i) => {
    const w = -67.62 + (i % 50) * 0.004;
    const s = -15.9 + Math.floor(i / 50) * 0.004;
    const e = w + 0.003;
    const north = s + 0.003;
    return {
      fieldId: i + 1,
      className: "coca",
      areaHa: 9,
      region: i % 2 ? "La Paz" : "Cochabamba",
      bbox: [w, s, e, north],
      geometry: {
        type: "Polygon",
        coordinates: [
          [
            [w, s],
            [e, s],
            [e, north],
            [w, north],
            [w, s],
          ],
        ],
      },
    };
  });
}

const LAYERS = ["countries-fill", "departments-line", "regions-fill", "fields-fill", "fields-points"];

/** Features of the map's layers as drawn on screen (queryRenderedFeatures), by layer. */
async function renderedCounts(page: Page, layers: readonly string[]): Promise<Record<string, number>> {
  return page.evaluate(
    (ids) => {
      const map = (window as unknown as { cocaMap: { queryRenderedFeatures(o: { layers: string[] }): unknown[]; getLayer(id: string): unknown } }).cocaMap;
      return Object.fromEntries(ids.map((id) => [id, map.getLayer(id) ? map.queryRenderedFeatures({ layers: [id] }).length : -1]));
    },
    [...layers],
  );
}

describe.skipIf(!hasChromium)("dashboard in a browser", () => {
  let dir: string;
  let store: Store;
  let server: RunningServer;
  let context: BrowserContext;
  let page: Page;
  let surveyId: number;
  const errors: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "coca-e2e-"));
    mkdirSync(ARTIFACTS, { recursive: true });
    store = await openSqliteStore(join(dir, "coca.db"));
    surveyId = await store.surveys.save(
      smallSurvey({
        name: "e2e Yungas survey",
        fields: manyFields(FIELD_COUNT),
        estimates: [
          { region: "La Paz", className: "coca", areaHa: 14_200, areaSeHa: 900, ciLowHa: 12_400, ciHighHa: 16_000, mapAreaHa: 15_100 },
          { region: "Cochabamba", className: "coca", areaHa: 7_900, areaSeHa: 600, ciLowHa: 6_700, ciHighHa: 9_100, mapAreaHa: 8_300 },
        ],
        artifacts: [{ name: "class-map.tif", mediaType: "image/tiff; application=geotiff", bytes: await classMapBytes(dir) }],
      }),
    );
    // Seeds the official figures, builds the dashboard if missing or stale, listens on a free port.
    server = await startServer({ store, port: 0, config: { rateLimit: false } });
    ({ context, page } = await launchTestBrowser(join(dir, "chromium-profile"), errors, { consoleErrors: true, blockExternal: true }));
  });

  afterAll(async () => {
    await context?.close();
    await server?.close();
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function open(hash: string): Promise<void> {
    await page.goto(`${server.url}/${hash}`);
    await page.waitForSelector("#main[data-ready]", { timeout: 30_000 });
  }

  it("draws the survey map: the canvas is not blank, and a region shows its estimate with CI", async () => {
    await open(`#/map/${surveyId}`);
    await page.waitForFunction(
      () => {
        const map = (window as unknown as { cocaMap?: { loaded(): boolean; areTilesLoaded(): boolean } }).cocaMap;
        return map !== undefined && map.loaded() && map.areTilesLoaded();
      },
      undefined,
      { timeout: 30_000 },
    );
    await page.waitForTimeout(500);
    const distinctColours = await page.evaluate(() => {
      const canvas = document.querySelector("#map canvas") as HTMLCanvasElement;
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
    expect(distinctColours).toBeGreaterThan(8);
    // Keyboard: focus La Paz in the list and press Enter.
    await page.focus('button[data-region="La Paz"]');
    await page.keyboard.press("Enter");
    await expect.poll(() => page.textContent("#region-estimate")).toContain("14,200 ha");
    const ci = await page.textContent('[data-testid="region-ci"]');
    expect(ci).toBe("12,400 ha – 16,000 ha");
    await page.screenshot({ path: join(ARTIFACTS, "map.png") });
  });

  it("shows Bolivia's series with both US and UN sources and the legal limit", async () => {
    await open("#/series/BOL");
    const chart = page.locator("#series-chart");
    const families = (await chart.getAttribute("data-families"))!.split("|");
    expect(families).toEqual(expect.arrayContaining(["UN", "US"]));
    const series = (await chart.getAttribute("data-series"))!.split("|");
    expect(series).toEqual(expect.arrayContaining(["UNODC", "ONDCP"]));
    const text = await chart.textContent();
    expect(text).toContain("UNODC");
    expect(text).toContain("ONDCP");
    expect(text).toMatch(/Legal limit: 22,000 ha/);
    // One line per source.
    expect(await chart.locator("svg g[aria-label='line'] path").count()).toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: join(ARTIFACTS, "series-bolivia.png"), fullPage: true });
  });

  it("shows a survey's estimate with its confidence interval, in English and in Spanish", async () => {
    await open(`#/survey/${surveyId}`);
    const table = page.locator("#survey-estimates table");
    const laPaz = table.locator("tr", { hasText: "La Paz" });
    await expect.poll(() => laPaz.textContent()).toContain("14,200");
    expect(await laPaz.textContent()).toContain("12,400 – 16,000");
    // Accuracy with its standard error, and the production distribution.
    expect(await page.textContent("#survey-accuracy")).toContain("Overall accuracy: 91.0% ± 2.0%");
    expect(await page.locator("#survey-production svg").count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, "survey.png"), fullPage: true });
    await page.selectOption("#lang-select", "es");
    await page.waitForFunction(() => document.querySelector("#main h2")?.textContent === "Monitoreo");
    expect(await page.textContent("#survey-estimates h3")).toBe("Conteo de píxeles frente a estimación por muestreo");
    await page.screenshot({ path: join(ARTIFACTS, "survey-es.png"), fullPage: true });
    await page.selectOption("#lang-select", "en");
  });

  it("fits a phone's width without sideways scrolling", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const [hash, shot] of [
      ["#/series/PER", "series-peru-phone.png"],
      [`#/map/${surveyId}`, "map-phone.png"],
      [`#/survey/${surveyId}`, "survey-phone.png"],
      ["#/limits", "limits-phone.png"],
    ] as const) {
      await open(hash);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      const wide = await page.evaluate(() =>
        [...document.querySelectorAll("#main *")]
          .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && !el.closest(".table-wrap, figure.chart"))
          .slice(0, 3)
          .map((el) => `${el.tagName}.${el.className}#${el.id}`),
      );
      expect({ overflow: overflow <= 1, wide }, hash).toEqual({ overflow: true, wide: [] });
      await page.screenshot({ path: join(ARTIFACTS, shot), fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("asks for a token when reads are private, then shows the data", async () => {
    const closed = await startServer({ store, port: 0, config: { rateLimit: false, publicReads: false } });
    try {
      const { secret } = await store.auth.createToken({ role: "viewer", name: "e2e" });
      const tab = await context.newPage();
      await tab.goto(`${closed.url}/#/series/BOL`);
      await tab.waitForSelector("#token-input", { timeout: 30_000 });
      await tab.screenshot({ path: join(ARTIFACTS, "token-prompt.png") });
      await tab.fill("#token-input", secret);
      await tab.click("form button[type=submit]");
      await tab.waitForSelector("#series-chart", { timeout: 30_000 });
      expect(await tab.getAttribute("#series-chart", "data-families")).toContain("US");
      await tab.close();
    } finally {
      await closed.close();
    }
  });

  it("draws boundaries, regions and every field in both languages, capture after capture (no load race)", async () => {
    // What the map has drawn at the very moment the view reports ready (in the same task as the
    // data-ready attribute, before the test's next round trip gives the map time to catch up).
    const tab = await context.newPage();
    await tab.addInitScript((layers: string[]) => {
      const w = window as unknown as {
        readyCounts?: Record<string, number>;
        cocaMap?: { getLayer(id: string): unknown; queryRenderedFeatures(o: object): unknown[] };
      };
      new MutationObserver(() => {
        if (w.readyCounts || !document.getElementById("main")?.hasAttribute("data-ready")) return;
        const map = w.cocaMap;
        w.readyCounts = Object.fromEntries(layers.map((id) => [id, map?.getLayer(id) ? map.queryRenderedFeatures({ layers: [id] }).length : -1]));
      }).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-ready"] });
    }, LAYERS);
    try {
      for (const lang of ["en", "es", "en", "es", "en", "es"] as const) {
        await tab.goto(`${server.url}/?lang=${lang}#/map/${surveyId}`);
        await tab.waitForSelector("#main[data-ready]", { timeout: 30_000 });
        const atReady = (await tab.evaluate(() => (window as unknown as { readyCounts?: Record<string, number> }).readyCounts))!;
        for (const layer of ["countries-fill", "departments-line", "regions-fill"]) expect(atReady[layer], `${lang} ${layer} when ready`).toBeGreaterThan(0);
        expect(atReady["fields-fill"]! + atReady["fields-points"]!, `${lang} fields when ready`).toBeGreaterThan(0);
      }
    } finally {
      await tab.close();
    }
    for (const lang of ["en", "es", "en", "es", "en", "es"] as const) {
      await page.goto(`${server.url}/?lang=${lang}#/map/${surveyId}`);
      await page.waitForSelector("#main[data-ready]", { timeout: 30_000 });
      expect(await page.getAttribute("#map", "data-layers"), lang).toBe("drawn");
      const counts = await renderedCounts(page, LAYERS);
      for (const layer of ["countries-fill", "departments-line", "regions-fill"]) expect(counts[layer], `${lang} ${layer}`).toBeGreaterThan(0);
      // Fields: as dots at this zoom (as shapes when zoomed in).
      expect(counts["fields-fill"]! + counts["fields-points"]!, `${lang} fields`).toBeGreaterThan(0);
      expect(await page.getAttribute("html", "lang")).toBe(lang);
    }
    // Every field: more than one API page.
    expect(await page.getAttribute("#fields-count", "data-drawn")).toBe(String(FIELD_COUNT));
    expect(await page.getAttribute("#fields-count", "data-matched")).toBe(String(FIELD_COUNT));
    const drawnDots = await renderedCounts(page, ["fields-points"]);
    expect(drawnDots["fields-points"]).toBeGreaterThan(1000);
    await page.screenshot({ path: join(ARTIFACTS, "map-layers-es.png") });
  });

  it("colours every class of the legend distinctly", async () => {
    await open(`#/map/${surveyId}`);
    const colours = await page.$$eval("#class-legend .swatch", (els) => els.map((e) => e.getAttribute("data-color")));
    expect(colours.length).toBeGreaterThanOrEqual(2);
    expect(new Set(colours).size).toBe(colours.length);
  });

  it("moves through the years with the time slider: the map shows the registry's zone figures of that year, with the source", async () => {
    await page.goto(`${server.url}/?lang=en#/map/${surveyId}`);
    await page.waitForSelector("#main[data-ready]", { timeout: 30_000 });
    expect(await page.getAttribute("#year-input", "type")).toBe("range");
    await page.$eval("#year-input", (el) => {
      (el as HTMLInputElement).value = "2023";
      el.dispatchEvent(new Event("change"));
    });
    await page.waitForFunction(
      () => document.getElementById("official-h")?.textContent?.includes("2023") && document.querySelector("#map")?.getAttribute("data-layers") === "drawn",
      undefined,
      { timeout: 30_000 },
    );
    // Step back from 2023 to 2020, where UNODC published Bolivia's zones.
    for (const expected of ["2022", "2021", "2020"]) {
      await page.click("#year-back");
      await page.waitForFunction(
        (y) => document.getElementById("official-h")?.textContent?.includes(y) && document.querySelector("#map")?.getAttribute("data-layers") === "drawn",
        expected,
        { timeout: 30_000 },
      );
      expect(await page.textContent("#year-value")).toBe(expected);
    }
    expect(await page.getAttribute("#map", "data-official")).toMatch(/^BOL\|UNODC\|[12]$/);
    expect(await page.textContent("#official-source")).toBe("Source: UNODC, 2020 · Area under coca cultivation (ha)");
    expect(await page.textContent("#official-list")).toMatch(/La Paz/);
    await page.evaluate(() =>
      (window as unknown as { cocaMap: { fitBounds(b: number[][], o: object): void } }).cocaMap.fitBounds(
        [
          [-70, -23],
          [-57, -9],
        ],
        { animate: false },
      ),
    );
    await page.waitForTimeout(300);
    expect((await renderedCounts(page, ["official-fill"]))["official-fill"]).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, "map-official-2020.png") });
    // The series follows the same year.
    await open("#/series/BOL");
    expect(await page.textContent("#year-value")).toBe("2020");
    for (let i = 0; i < 3; i++) await page.click("#year-forward");
    await page.waitForFunction(() => document.getElementById("year-value")?.textContent === "2023");
  });

  it("colours UNODC Colombia's departments (2015) and its regions named after departments (2005) on the map, with the source", async () => {
    await page.goto(`${server.url}/?lang=en#/map/${surveyId}`);
    await page.waitForSelector("#main[data-ready]", { timeout: 30_000 });
    for (const [year, drawn, unmatched] of [
      ["2015", 5, null],
      ["2005", 4, /Pacific region 17,650 ha/],
    ] as const) {
      await page.$eval(
        "#year-input",
        (el, y) => {
          (el as HTMLInputElement).value = y;
          el.dispatchEvent(new Event("change"));
        },
        year,
      );
      await page.waitForFunction(
        (y) => document.getElementById("official-h")?.textContent?.includes(y) && document.querySelector("#map")?.getAttribute("data-layers") === "drawn",
        year,
        { timeout: 30_000 },
      );
      await page.selectOption("#official-select", { label: "Colombia: UNODC" });
      // Regions are drawn on each of their departments: 2 regions x 2 departments in 2005.
      expect(await page.getAttribute("#map", "data-official")).toBe(`COL|UNODC|${drawn}`);
      expect(await page.textContent("#official-source")).toBe(`Source: UNODC, ${year} · Area under coca cultivation (ha)`);
      if (unmatched) expect(await page.textContent("#official-unmatched")).toMatch(unmatched);
      await page.evaluate(() =>
        (window as unknown as { cocaMap: { fitBounds(b: number[][], o: object): void } }).cocaMap.fitBounds(
          [
            [-80, -5],
            [-66, 13],
          ],
          { animate: false },
        ),
      );
      await page.waitForTimeout(300);
      expect((await renderedCounts(page, ["official-fill"]))["official-fill"], year).toBeGreaterThan(0);
      await page.screenshot({ path: join(ARTIFACTS, `map-official-colombia-${year}.png`) });
    }
  });

  it("shows the series' citations without hovering, a clicked point's citation, and the trend's prediction bands", async () => {
    await open("#/series/PER");
    const chart = page.locator("#series-chart");
    expect(await chart.getAttribute("data-bands")).toBe("80|95");
    const citations = await page.$$eval("#series-citations li", (els) => els.map((e) => e.textContent ?? ""));
    expect(citations.length).toBeGreaterThan(2);
    expect(await page.isVisible("#series-citations")).toBe(true);
    // The bands are drawn: two areas besides the lines.
    expect(await chart.locator("svg g[aria-label='area'] path").count()).toBeGreaterThanOrEqual(2);
    // Click the first drawn dot: the panel shows its citation.
    const dot = chart.locator("svg g[aria-label='dot'] circle").first();
    const box = (await dot.boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForSelector('[data-testid="point-citation"]');
    const cited = (await page.textContent('[data-testid="point-citation"]'))!;
    expect(cited).toMatch(/^\[\d+\] /);
    expect(citations.some((c) => cited.endsWith(c))).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, "series-peru-citations.png"), fullPage: true });
  });

  it("draws UNODC Colombia's published production range as an interval, named in the caption, the point's panel and the CSV", async () => {
    await page.goto(`${server.url}/?lang=en#/series/COL`);
    await page.waitForSelector("#main[data-ready]", { timeout: 30_000 });
    await page.selectOption("#metric-select", "cocaine_t");
    await page.waitForFunction(() => document.querySelector("#series-chart")?.getAttribute("data-ranges")?.includes("UNODC 2017"), undefined, {
      timeout: 30_000,
    });
    const chart = page.locator("#series-chart");
    expect(await chart.getAttribute("data-ranges")).toBe("UNODC 2017: 1174-1623");
    // The interval is a drawn rule from the low to the high end.
    expect(await chart.locator("svg g[aria-label='rule'] line").count()).toBeGreaterThanOrEqual(1);
    expect(await chart.locator("figcaption").textContent()).toContain("Vertical bars: published ranges: UNODC 2017 1,379 t (1,174–1,623 t; UNODC/SIMCI");
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#main .downloads button")]);
    // One .zip: the CSV and its .csvt side by side under the same name, as QGIS and GDAL pair them.
    expect(download.suggestedFilename()).toBe("coca-COL-cocaine_t.zip");
    const files = csvDownload(readFileSync((await download.path())!));
    expect(files.names).toEqual(["coca-COL-cocaine_t.csv", "coca-COL-cocaine_t.csvt"]);
    const [header, ...rows] = files.csv.trim().split(/\r\n/);
    const columns = header!.split(",");
    expect(columns).toEqual(expect.arrayContaining(["citation", "range_low", "range_high", "range_citation"]));
    expect(rows.find((r) => r.includes(",2017,UNODC,"))).toMatch(/,1174,1623,"UNODC\/SIMCI/);
    // A type per column: the year and the range's ends numeric, the citation and source text.
    const types = files.csvt
      .trim()
      .split(",")
      .map((x) => x.replace(/"/g, ""));
    expect(types).toHaveLength(columns.length);
    const typeOf = (c: string): string => types[columns.indexOf(c)]!;
    expect([typeOf("year"), typeOf("range_low"), typeOf("range_high")]).toEqual(["Integer", "Integer", "Integer"]);
    expect([typeOf("value")]).toEqual([expect.stringMatching(/^(Integer|Real)$/)]);
    expect([typeOf("citation"), typeOf("source"), typeOf("range_citation")]).toEqual(["String", "String", "String"]);
    await page.screenshot({ path: join(ARTIFACTS, "series-colombia-cocaine-range.png"), fullPage: true });
  });

  it("leaves no English in the Spanish views", async () => {
    await page.goto(`${server.url}/?lang=es#/survey/${surveyId}`);
    await page.waitForSelector("#main[data-ready]", { timeout: 30_000 });
    expect(await page.textContent("#survey-headline")).toMatch(/^\[SIMULADO\] Coca en el área monitoreada \(Bolivia 2023\)/);
    expect(await page.textContent("#survey-accuracy")).not.toMatch(/\bforest\b/);
    expect(await page.getAttribute("#report-pdf", "href")).toBe(`/v1/surveys/${surveyId}/report?lang=es&format=pdf`);
    expect(await page.textContent("#report-html")).toBe("Informe anual (HTML)");
    await open("#/series/BOL");
    const badges = await page.$$eval(".legend .badge", (els) => els.map((e) => e.textContent));
    expect(badges).toEqual(expect.arrayContaining(["ONU", "EE. UU."]));
    expect(badges.join(" ")).not.toMatch(/UN \/|US\b/);
    expect(await page.textContent("#nav")).toContain("Monitoreo");
    await page.screenshot({ path: join(ARTIFACTS, "series-bolivia-es.png"), fullPage: true });
    await page.goto(`${server.url}/?lang=en#/series/BOL`);
    await page.waitForSelector("#main[data-ready]", { timeout: 30_000 });
  });

  it("gives every CSV download of the map, survey and limits views a source or citation column", async () => {
    const checked: string[] = [];
    for (const [view, hash] of [
      ["map", `#/map/${surveyId}`],
      ["survey", `#/survey/${surveyId}`],
      ["limits", "#/limits"],
    ] as const) {
      // A new document each time (about:blank between), so that the previous view's data-ready is gone.
      await page.goto("about:blank");
      await page.goto(`${server.url}/?lang=en${hash}`);
      await page.waitForSelector(`#main[data-ready="${view}"]`, { timeout: 30_000 });
      const buttons = page.locator("#main .downloads button", { hasText: "CSV" });
      const n = await buttons.count();
      expect(n, hash).toBeGreaterThan(0);
      for (let i = 0; i < n; i++) {
        const [download] = await Promise.all([page.waitForEvent("download"), buttons.nth(i).click()]);
        const files = csvDownload(readFileSync((await download.path())!));
        const header = files.csv.split(/\r\n/)[0]!.split(",");
        // Every CSV comes with its .csvt, a type per column.
        expect(files.csvt.trim().split(",")).toHaveLength(header.length);
        expect(
          header.some((c) => c === "source" || c === "citation"),
          `${download.suggestedFilename()}: ${header.join(",")}`,
        ).toBe(true);
        checked.push(download.suggestedFilename());
      }
    }
    expect(checked.length).toBeGreaterThanOrEqual(8);
  });

  it("answers an unknown API path with a 404 problem, not the dashboard", async () => {
    const res = await page.request.get(`${server.url}/v1/nope`);
    expect(res.status()).toBe(404);
    expect(res.headers()["content-type"]).toBe("application/problem+json");
  });

  it("fetched nothing from outside and logged no errors", () => {
    expect(errors).toEqual([]);
  });
});
