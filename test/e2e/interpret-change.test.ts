/**
 * End-to-end: an interpreter labels change survey units at both dates in the Interpret view in Debian's chromium
 * (headless, playwright-core), from the keyboard alone (number = date 1, Shift + number = date 2), over four chips
 * (true and false colour of each date's scene), against a server over a store holding a change survey stored as a
 * design awaiting labels (test/support/change-design-fixture.ts). The other units are labelled over the API from
 * the simulated truth; then the change estimate from the stored labels is the estimator's over exactly those labels,
 * and the unit labelled coca at date 2 against the truth moves the second date's coca by its stratum's weight.
 * The page never shows a map class, a transition or a stratum.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../src/api/server.ts";
import { getChangeDesign, storedChangeDesignOf } from "../../src/change/change-design.ts";
import { estimateChange } from "../../src/stats/change-estimator.ts";
import { openSqliteStore } from "../../src/store/sqlite-store.ts";
import type { Store } from "../../src/store/store.ts";
import { blindId } from "../../src/survey/labels/sheet.ts";
import type { StoredDesign } from "../../src/survey/labels/stored-design.ts";
import { CHROMIUM, launchTestBrowser } from "../support/browser.ts";
import { changeDesignFixture, type ChangeDesignFixture } from "../support/change-design-fixture.ts";

const ARTIFACTS = resolve(import.meta.dirname, "../../test-artifacts/e2e");
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`skipping the change interpret e2e test: no chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);

describe.skipIf(!hasChromium)("Interpret view of a change survey in a browser", () => {
  let dir: string;
  let fx: ChangeDesignFixture;
  let store: Store;
  let server: RunningServer;
  let context: BrowserContext;
  let page: Page;
  let secret: string;
  let design: StoredDesign;
  const errors: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "coca-e2e-interpret-change-"));
    mkdirSync(ARTIFACTS, { recursive: true });
    fx = await changeDesignFixture(dir);
    store = await openSqliteStore(fx.dbPath);
    design = await storedChangeDesignOf(store, await getChangeDesign(store, fx.designId));
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

  it("labels ten units at both dates from the keyboard; the change estimate from the store is the estimator's over those labels", async () => {
    const auth = { authorization: `Bearer ${secret}` };
    const sheet = (await (await fetch(`${server.url}/v1/change/analyses/${fx.designId}/sheet`, { headers: auth })).json()) as {
      units: { blindId: string }[];
      legend: string[];
      designSha256: string;
    };
    expect(sheet.legend).toEqual(["coca", "other"]);
    const unitOf = new Map(design.units.map((u) => [blindId(design.checksum, u.unitId), u]));
    const firstTen = sheet.units.slice(0, 10).map((u) => unitOf.get(u.blindId)!);
    // Every other unit, labelled from the truth over the API (another session of the same interpreter).
    const rest = sheet.units.slice(10).flatMap((u) => {
      const [t1, t2] = fx.truthOf(unitOf.get(u.blindId)!.unitId);
      return [
        { blindId: u.blindId, period: "t1", referenceClass: t1 },
        { blindId: u.blindId, period: "t2", referenceClass: t2 },
      ];
    });
    const post = await fetch(`${server.url}/v1/change/analyses/${fx.designId}/labels`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ designSha256: sheet.designSha256, labels: rest }),
    });
    expect(post.status).toBe(201);

    await page.goto(`${server.url}/`);
    await page.evaluate((t) => sessionStorage.setItem("coca-monitor.token", t), secret);
    await page.goto(`${server.url}/#/interpret`);
    await page.waitForSelector(`a[href="#/interpret/change/${fx.designId}"]`, { timeout: 30_000 });
    await page.click(`a[href="#/interpret/change/${fx.designId}"]`);
    await page.waitForSelector("#main[data-ready=interpret] .interpret-classes[data-period=t2] button", { timeout: 30_000 });
    const fourChips = (): Promise<unknown> =>
      page.waitForFunction(
        () => [...document.querySelectorAll<HTMLImageElement>(".interpret-chip img")].filter((i) => i.complete && i.naturalWidth === 64).length === 4,
        undefined,
        { timeout: 20_000 },
      );
    await fourChips();
    const captions = await page.$$eval(".interpret-chip figcaption", (els) => els.map((e) => e.textContent ?? ""));
    expect(captions).toEqual([
      "Date 1 (2023): true colour",
      "Date 1 (2023): false colour (NIR, red, green)",
      "Date 2 (2024): true colour",
      "Date 2 (2024): false colour (NIR, red, green)",
    ]);
    expect(await page.textContent("#main")).not.toMatch(/map class|stratum|transition|->|→ other|coca → /i);

    // The ten units: the truth at both dates, except one unit that is other at date 2, labelled coca there.
    const flipped = firstTen.find((u) => fx.truthOf(u.unitId)[1] === "other")!;
    const answers = new Map(firstTen.map((u) => [u.unitId, u === flipped ? [fx.truthOf(u.unitId)[0], "coca"] : fx.truthOf(u.unitId)]));
    const digit = (c: string): string => `Digit${sheet.legend.indexOf(c) + 1}`;
    for (const [k, u] of firstTen.entries()) {
      const [t1, t2] = answers.get(u.unitId)!;
      await page.keyboard.press(digit(t1!));
      await page.waitForSelector(`.interpret-classes[data-period=t1] button[data-class="${t1}"][aria-pressed=true]`, { timeout: 10_000 });
      await page.keyboard.press(`Shift+${digit(t2!)}`);
      await page.waitForFunction(
        (n) => document.querySelector("#main .interpret p")?.textContent?.startsWith(`Unit ${Math.min(n + 2, 10 + 1)} of`) ?? false,
        k,
        { timeout: 10_000 },
      );
    }
    await expect
      .poll(() => page.textContent("#main .interpret p"), { timeout: 10_000 })
      .toMatch(new RegExp(`of ${fx.sampleSize} · ${fx.sampleSize} interpreted at both dates`));
    await fourChips();
    await page.screenshot({ path: join(ARTIFACTS, "interpret-change.png") });
    expect(errors).toEqual([]);

    const mine = (await store.changeLabels.list(fx.designId)).filter((l) => firstTen.some((u) => u.unitId === l.unitId));
    expect(mine).toHaveLength(20);
    expect(mine.every((l) => l.interpreter === "ana" && l.kind === "interpretation")).toBe(true);
    for (const l of mine) expect(l.referenceClass).toBe(answers.get(l.unitId)![l.period === "t1" ? 0 : 1]);

    const fromStore = (await (await fetch(`${server.url}/v1/change/analyses/${fx.designId}/labels/estimate`)).json()) as {
      estimate: { areas: Record<string, { estimateHa: number }> };
      labels: { used: number };
    };
    expect(fromStore.labels.used).toBe(fx.sampleSize);
    const strata = design.strata.map((s) => ({ id: s.stratum, sizeHa: s.sizeHa, sizeUnits: s.sizePx }));
    const unitsWith = (flip: boolean): { unitId: string; stratum: string; fromClass: string; toClass: string }[] =>
      design.units.map((u) => {
        const [t1, t2] = flip && answers.has(u.unitId) ? answers.get(u.unitId)! : fx.truthOf(u.unitId);
        return { unitId: u.unitId, stratum: u.stratum, fromClass: t1!, toClass: t2! };
      });
    const expected = estimateChange({ strata, units: unitsWith(true), targetClass: "coca" });
    expect(fromStore.estimate.areas).toEqual(JSON.parse(JSON.stringify(expected.areas)));
    const truthOnly = estimateChange({ strata, units: unitsWith(false), targetClass: "coca" });
    const s = design.strata.find((x) => x.stratum === flipped.stratum)!;
    expect(fromStore.estimate.areas.secondDateHa!.estimateHa - truthOnly.areas.secondDateHa!.estimateHa).toBeCloseTo(s.sizeHa / s.sampleSize, 6);
  }, 180_000);
});
