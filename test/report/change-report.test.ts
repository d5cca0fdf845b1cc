/**
 * `coca report --change ID`: the report of a stored change analysis (the SIMULATED change demo, small),
 * in Spanish and English: the model's key figures of both dates, new / persistent / lost / net coca and
 * the replanting rates with their CIs, the change map with the eradication sites drawn over it; the
 * PDF read back with pdftotext, pages saved under test-artifacts/report/, two renders identical byte for
 * byte. And a multi-scene survey's report has the mosaic's scene index map (from its sources.tif).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/api/app.ts";
import { storeChangeDemo } from "../../src/change/demo-files.ts";
import { parseEradicationRecords } from "../../src/change/eradication.ts";
import type { ImageBlock, TableBlock } from "../../src/report/report-model.ts";
import { reportModel, writeReport } from "../../src/report/report.ts";
import { openSqliteStore } from "../../src/store/sqlite-store.ts";
import type { Store } from "../../src/store/store.ts";
import { runDemoSurvey } from "../../src/survey/demo.ts";
import type { ChangeEstimate } from "../../src/stats/change-estimator.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARTIFACTS = resolve(import.meta.dirname, "../../test-artifacts/report");
const has = (cmd: string): boolean => {
  try {
    execFileSync(cmd, ["-v"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
};
const ready = existsSync(CHROMIUM) && has("pdftotext") && has("pdftoppm");
if (!ready) console.warn(`skipping the change report's PDF tests: needs chromium at ${CHROMIUM} and poppler-utils (pdftotext, pdftoppm)`);

function pdfText(file: string): string {
  return execFileSync("pdftotext", [file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ").replace(/– /g, "–");
}

describe("coca report --change: a stored change analysis", () => {
  let dir: string;
  let store: Store;
  let changeId: number;
  let estimate: ChangeEstimate;
  let siteCount: number;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "coca-change-report-"));
    mkdirSync(ARTIFACTS, { recursive: true });
    store = await openSqliteStore(join(dir, "coca.db"));
    changeId = (await storeChangeDemo(store, { outDir: join(dir, "demo"), sizePx: 240, sampleSize: 300 })).id;
    const a = (await store.changes.get(changeId))!;
    estimate = a.result.estimate!;
    const csv = (await store.changes.artifact(changeId, "eradication.csv"))!;
    siteCount = parseEradicationRecords(new TextDecoder().decode(csv.bytes), "eradication.csv").length;
  }, 180_000);
  afterAll(async () => {
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("has the key figures of both dates, the change areas and rates with CIs, and the change map with the eradication sites", async () => {
    const es = await reportModel(store, { changeId, lang: "es" });
    const en = await reportModel(store, { changeId, lang: "en" });
    expect(es.sections.map((s) => s.id)).toEqual(["key-figures", "summary", "change", "methodology", "provenance", "sources"]);
    const a = estimate.areas;
    const r = (v: number): string => (v < 0 ? `−${Math.abs(Math.round(v))}` : String(Math.round(v)));
    const area = en.keyFigures[0]!;
    expect(area.thisYear).toBe(`${r(a.secondDateHa.estimateHa)} ha (CI 95 %: ${r(a.secondDateHa.ciHa[0])}–${r(a.secondDateHa.ciHa[1])} ha)`);
    expect(area.lastYear).toBe(`${r(a.firstDateHa.estimateHa)} ha (CI 95 %: ${r(a.firstDateHa.ciHa[0])}–${r(a.firstDateHa.ciHa[1])} ha)`);
    const net = a.netChangeHa.estimateHa;
    expect(area.change).toBe(
      `${net > 0 ? "+" : net < 0 ? "−" : "±"}${Math.abs(Math.round(net))} ha (CI 95 %: ${r(a.netChangeHa.ciHa[0])}–${r(a.netChangeHa.ciHa[1])} ha)`,
    );
    expect(es.keyFigures[0]!.thisYear).toContain("(IC 95 %: ");
    const labels = en.keyFigures.map((k) => k.label);
    expect(labels).toEqual(expect.arrayContaining(["New coca (ha)", "Persistent coca (ha)", "Lost coca (ha)", "Share of eradicated area replanted (%)"]));
    expect(en.keyFigures.find((k) => k.label === "New coca (ha)")!.value).toBe(a.newHa.estimateHa);

    const change = en.sections.find((s) => s.id === "change")!;
    const rates = change.blocks.find((b) => b.kind === "table" && b.id === "change-rates-table") as TableBlock;
    expect(rates.rows.map((row) => row[0])).toEqual([
      "Share of first-date coca abandoned",
      "Share of eradicated area replanted",
      ...estimate.replanted!.byKind.map((k) => `replanted after eradication: ${k.kind === "voluntary" ? "voluntary (substitution)" : k.kind}`),
    ]);
    // The change map: the transition map's picture, its legend in the report's language, one marker per site on the map.
    const map = change.blocks.find((b) => b.kind === "image") as ImageBlock;
    expect(map.src).toMatch(/^data:image\/png;base64,/);
    expect(map.markers).toHaveLength(siteCount);
    expect(map.markers!.every((m) => m.x >= 0 && m.x <= 1 && m.y >= 0 && m.y <= 1)).toBe(true);
    const esMap = es.sections.find((s) => s.id === "change")!.blocks.find((b) => b.kind === "image") as ImageBlock;
    expect(esMap.legend.map((l) => l.name)).toEqual(expect.arrayContaining(["otros → coca", "coca → otros", "Erradicación: forzosa"]));
    expect(en.createdAt).toBe((await store.changes.get(changeId))!.createdAt);
    const sources = en.sections.find((s) => s.id === "sources")!.blocks[0] as { items: string[] };
    expect(sources.items.some((c) => c.startsWith("Stehman, S. V. (2014)"))).toBe(true);
  }, 60_000);

  it("a survey's report takes --change as its change section", async () => {
    const surveyDir = join(dir, "survey");
    const run = await runDemoSurvey({ store, outDir: surveyDir, seed: 2024, sizePx: 256, n: 240, draws: 5_000 });
    const model = await reportModel(store, { surveyId: run.surveyId, changeId, lang: "en" });
    expect(model.sections.map((s) => s.id)).toContain("change");
    const without = await reportModel(store, { surveyId: run.surveyId, lang: "en" });
    expect(without.sections.map((s) => s.id)).not.toContain("change");
    await expect(reportModel(store, { changeId: 999, lang: "en" })).rejects.toThrow(/no change analysis with id 999/);
  }, 180_000);

  it.skipIf(!ready)(
    "writes the PDF in both languages with the change figures and their intervals, identical on a second render; the HTML draws the sites",
    async () => {
      for (const lang of ["es", "en"] as const) {
        const out = join(dir, `change-${lang}.pdf`);
        const written = await writeReport(store, { changeId, lang, format: "pdf", out, chromiumPath: CHROMIUM });
        expect(written.changeId).toBe(changeId);
        const text = pdfText(out);
        const model = await reportModel(store, { changeId, lang });
        const summary = model.sections.find((s) => s.id === "summary")!.blocks.map((b) => (b as { text: string }).text);
        // The summary's sentences carry new, persistent, lost and net coca and the replanting rate with their intervals.
        for (const sentence of summary.slice(0, 3)) expect(text).toContain(sentence.replace(/\s+/g, " "));
        const ci = lang === "es" ? "IC 95 %" : "CI 95 %";
        expect(summary.join(" ")).toContain(`${ci}: `);
        expect(text).toContain(lang === "es" ? "Coca nueva" : "New coca");
        expect(text).toContain(lang === "es" ? "Cambio neto" : "Net change");
        expect(text).toContain(lang === "es" ? "Mapa de cambio" : "Change map");
        expect(text).toContain("Stehman");
        execFileSync("pdftoppm", ["-r", "60", "-png", out, join(ARTIFACTS, `change-${lang}`)]);
      }
      const files: Record<string, string> = {};
      for (const name of ["a.pdf", "b.pdf", "a.html", "b.html"]) {
        files[name] = join(dir, `change-${name}`);
        await writeReport(store, { changeId, lang: "en", format: name.endsWith("pdf") ? "pdf" : "html", out: files[name]!, chromiumPath: CHROMIUM });
      }
      expect(readFileSync(files["a.pdf"]!).equals(readFileSync(files["b.pdf"]!))).toBe(true);
      expect(readFileSync(files["a.html"]!).equals(readFileSync(files["b.html"]!))).toBe(true);
      const html = readFileSync(files["a.html"]!, "utf8");
      expect(html).not.toMatch(/<script/i);
      expect(html).toContain('<image href="data:image/png;base64,');
      expect((html.match(/<circle /g) ?? []).length).toBe(siteCount);
    },
    300_000,
  );

  it.skipIf(!ready)(
    "answers GET /v1/change/analyses/{id}/report (HTML, the same on a second request) and 404 for an unknown analysis",
    async () => {
      const { app } = createApp({ store, config: { rateLimit: false } });
      const res = await app.request(`/v1/change/analyses/${changeId}/report?lang=en&format=html`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
      const text = await res.text();
      expect(text).toContain("Change map");
      expect((text.match(/<circle /g) ?? []).length).toBe(siteCount);
      expect(await (await app.request(`/v1/change/analyses/${changeId}/report?lang=en&format=html`)).text()).toBe(text);
      const missing = await app.request("/v1/change/analyses/999/report");
      expect(missing.status).toBe(404);
      expect(missing.headers.get("content-type")).toBe("application/problem+json");
    },
    120_000,
  );
});

describe("coca report: a multi-scene survey's scene index map", () => {
  it("draws which scene each pixel came from (sources.tif), one legend entry per scene", async () => {
    const store = await openSqliteStore(":memory:");
    const dir = mkdtempSync(join(tmpdir(), "coca-report-scenes-"));
    try {
      const run = await runDemoSurvey({ store, outDir: dir, sizePx: 400, n: 240, draws: 5_000, scenes: 4 });
      const survey = (await store.surveys.get(run.surveyId))!;
      expect(survey.artifacts.map((a) => a.name)).toContain("sources.tif");
      const model = await reportModel(store, { surveyId: run.surveyId, lang: "es" });
      const maps = model.sections.find((s) => s.id === "maps")!;
      const index = maps.blocks.find((b) => b.kind === "image" && b.caption.startsWith("Mapa índice de las imágenes")) as ImageBlock;
      expect(index).toBeDefined();
      expect(index.src).toMatch(/^data:image\/png;base64,/);
      expect(index.legend.map((l) => l.name)).toEqual(survey.provenance.scenes!.map((s) => s.id));
      expect(new Set(index.legend.map((l) => l.color)).size).toBe(4);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
