/**
 * The annual report of the (small, seeded) demo survey in Spanish and English: built in headless
 * Chromium, read back with poppler-utils (pdftotext: key figures with their intervals, the citations;
 * pdfinfo: tagged; the outline and the document language in the file), pages saved as PNG under
 * test-artifacts/report/ (pdftoppm), and two renders of the same survey identical byte for byte.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/api/app.ts";
import { reportModel, writeReport } from "../../src/report/report.ts";
import { openSqliteStore } from "../../src/store/sqlite-store.ts";
import type { Store } from "../../src/store/store.ts";
import { runDemoSurvey } from "../../src/survey/demo.ts";

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
const ready = existsSync(CHROMIUM) && has("pdftotext") && has("pdftoppm") && has("pdfinfo");
if (!ready) console.warn(`skipping the report test: needs chromium at ${CHROMIUM} and poppler-utils (pdftotext, pdftoppm, pdfinfo)`);

/** pdftotext's text with every run of white space made one space. */
function pdfText(file: string): string {
  // A table cell may wrap after an en dash: "31– 64 ha" is "31–64 ha".
  return execFileSync("pdftotext", [file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ").replace(/– /g, "–");
}

describe("coca report: the demo survey's model", () => {
  it("formats key figures with their intervals in each language", async () => {
    const store = await openSqliteStore(":memory:");
    const dir = mkdtempSync(join(tmpdir(), "coca-report-model-"));
    try {
      const run = await runDemoSurvey({ store, outDir: dir, seed: 2024, sizePx: 256, n: 240, draws: 20_000 });
      const s = (await store.surveys.get(run.surveyId))!;
      const es = await reportModel(store, { surveyId: run.surveyId, lang: "es" });
      const en = await reportModel(store, { surveyId: run.surveyId, lang: "en" });
      const [lo, hi] = s.results.total.areaCiHa.map(Math.round);
      expect(es.keyFigures[0]!.thisYear).toBe(`${Math.round(s.results.total.areaHa)} ha (IC 95 %: ${lo}–${hi} ha)`);
      expect(en.keyFigures[0]!.thisYear).toBe(`${Math.round(s.results.total.areaHa)} ha (CI 95 %: ${lo}–${hi} ha)`);
      expect(es.keyFigures[0]!.value).toBe(s.results.total.areaHa);
      expect(es.sections.map((x) => x.id)).toEqual([
        "key-figures",
        "summary",
        "regions",
        "maps",
        "production",
        "official",
        "limits",
        "methodology",
        "provenance",
        "sources",
      ]);
      expect(es.sections.find((x) => x.id === "summary")!.blocks[0]).toMatchObject({
        kind: "p",
        text: expect.stringContaining(`intervalo de confianza del 95 %: ${lo}–${hi} ha`),
      });
      expect(es.createdAt).toBe(s.createdAt);
      // Every source cited is in the list of sources, and the list is not empty.
      const sources = es.sections.find((x) => x.id === "sources")!.blocks[0] as { items: string[] };
      expect(sources.items.length).toBeGreaterThan(2);
      expect(sources.items.some((c) => c.startsWith("Olofsson"))).toBe(true);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe("coca report --country --year: from the registry alone", () => {
  it("gives Bolivia 2020's key figures of UNODC and ONDCP with the change and citations", async () => {
    const store = await openSqliteStore(":memory:");
    try {
      const model = await reportModel(store, { registry: { country: "BOL", year: 2020 }, lang: "en" });
      expect(model.sections.map((x) => x.id)).toEqual(["key-figures", "summary", "official", "limits", "sources"]);
      const unodc = model.keyFigures.find((k) => k.label === "Area under coca cultivation (ha), UNODC")!;
      expect([unodc.value, unodc.previousValue, unodc.change]).toEqual([29_400, 25_500, "+15.3%"]);
      expect(unodc.thisYear).toMatch(/^29,400 ha \[\d+\]$/);
      const sources = model.sections.find((x) => x.id === "sources")!.blocks[0] as { items: string[] };
      expect(sources.items.length).toBeGreaterThan(1);
      // The document's date comes from the figures, not the clock.
      expect(model.createdAt).toMatch(/^20\d\d-\d\d-\d\dT00:00:00.000Z$/);
      await expect(reportModel(store, { registry: { country: "BOL", year: 1950 }, lang: "en" })).rejects.toThrow(/no figures for BOL in 1949 or 1950/);
    } finally {
      await store.close();
    }
  }, 60_000);
});

describe("coca report: published ranges", () => {
  it("draws UNODC Colombia 2017's production range (1,174–1,623 t) on the series chart and gives it in the tables with its citation", async () => {
    const store = await openSqliteStore(":memory:");
    try {
      const model = await reportModel(store, { registry: { country: "COL", year: 2017 }, lang: "en" });
      const unodc = model.keyFigures.find((k) => k.label === "Potential pure cocaine production (t), UNODC")!;
      expect(unodc.thisYear).toMatch(/^1,379 t \(published range: 1,174–1,623 t\) \[\d+\] \[\d+\]$/);
      const official = model.sections.find((s) => s.id === "official")!;
      const charts = official.blocks.filter((b) => b.kind === "chart" && b.chart === "series");
      const cocaine = charts.find((b) => b.kind === "chart" && b.chart === "series" && b.input.unit === "t");
      expect(cocaine).toBeDefined();
      if (cocaine?.kind !== "chart" || cocaine.chart !== "series") throw new Error("no cocaine series chart");
      expect(cocaine.input.points.filter((p) => p.low != null).map((p) => [p.series, p.year, p.low, p.high])).toEqual([["UNODC", 2017, 1174, 1623]]);
      expect(cocaine.caption).toContain("vertical bars: published ranges: UNODC 2017: 1,379 t (1,174–1,623 t)");
      const sources = model.sections.find((s) => s.id === "sources")!.blocks[0] as { items: string[] };
      expect(sources.items.some((c) => c.startsWith("UNODC/SIMCI, Colombia coca survey for 2017, fact sheet"))).toBe(true);
      expect(model.sections.find((s) => s.id === "summary")!.blocks[0]).toMatchObject({ text: expect.stringContaining("published with a range") });
    } finally {
      await store.close();
    }
  }, 60_000);
});

describe.skipIf(!ready)("coca report: PDF and HTML in Chromium", () => {
  let dir: string;
  let store: Store;
  let surveyId: number;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "coca-report-"));
    mkdirSync(ARTIFACTS, { recursive: true });
    store = await openSqliteStore(join(dir, "coca.db"));
    surveyId = (await runDemoSurvey({ store, outDir: dir, seed: 2024, sizePx: 256, n: 240, draws: 20_000 })).surveyId;
  }, 120_000);
  afterAll(async () => {
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const lang of ["es", "en"] as const) {
    it(`writes the ${lang} PDF: key figures with intervals, citations, tagged, outline, language; pages as PNG`, async () => {
      const out = join(dir, `report-${lang}.pdf`);
      const written = await writeReport(store, { surveyId, lang, format: "pdf", out, chromiumPath: CHROMIUM });
      const text = pdfText(out);
      const ci = lang === "es" ? "IC 95 %" : "CI 95 %";
      const area = written.keyFigures[0]!;
      expect(text).toContain(area.thisYear.replace(/\s+/g, " ").split(` (${ci}`)[0]);
      expect(text).toContain(`${ci}: ${area.thisYear.split(`${ci}: `)[1]!.slice(0, -1)}`);
      expect(text).toContain(lang === "es" ? "Datos clave" : "Key figures");
      expect(text).toContain(lang === "es" ? "Resumen ejecutivo" : "Executive summary");
      // Citations: the estimator's and the registry's.
      expect(text).toContain("Olofsson");
      expect(text).toMatch(/DEVIDA/);
      const info = execFileSync("pdfinfo", [out], { encoding: "utf8" });
      expect(info).toMatch(/Tagged:\s+yes/);
      const raw = readFileSync(out).toString("latin1");
      expect(raw).toContain("/Outlines");
      expect(raw).toContain(`/Lang (${lang})`);
      // The creation date is the survey's.
      const created = new Date(written.createdAt);
      expect(info).toContain(`${created.getUTCFullYear()}`);
      expect(raw).toMatch(new RegExp(`/CreationDate \\(D:${written.createdAt.slice(0, 4)}${written.createdAt.slice(5, 7)}${written.createdAt.slice(8, 10)}`));
      execFileSync("pdftoppm", ["-r", "60", "-png", out, join(ARTIFACTS, `report-${lang}`)]);
      const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
      expect(pages).toBeGreaterThanOrEqual(6);
    }, 120_000);
  }

  it("answers GET /v1/surveys/{id}/report (PDF and HTML, kept after the first render), 400 and 404 as problems", async () => {
    const { app } = createApp({ store, config: { rateLimit: false } });
    const html = await app.request(`/v1/surveys/${surveyId}/report?lang=en&format=html`);
    expect(html.status).toBe(200);
    expect(html.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const text = await html.text();
    expect(text).toContain("Key figures");
    expect(text).not.toMatch(/<script/i);
    const again = await app.request(`/v1/surveys/${surveyId}/report?lang=en&format=html`);
    expect(await again.text()).toBe(text);
    const pdf = await app.request(`/v1/surveys/${surveyId}/report?lang=es`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");
    const bad = await app.request(`/v1/surveys/${surveyId}/report?lang=fr`);
    expect(bad.status).toBe(400);
    expect((await bad.json()).field).toBe("query.lang");
    const missing = await app.request("/v1/surveys/999/report");
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toBe("application/problem+json");
  }, 120_000);

  it("gives the same PDF and HTML byte for byte from the same stored survey; the HTML is self-contained", async () => {
    const files: Record<string, string> = {};
    for (const name of ["a.pdf", "b.pdf", "a.html", "b.html"]) {
      const out = join(dir, name);
      await writeReport(store, { surveyId, lang: "en", format: name.endsWith("pdf") ? "pdf" : "html", out, chromiumPath: CHROMIUM });
      files[name] = out;
    }
    expect(readFileSync(files["a.pdf"]!).equals(readFileSync(files["b.pdf"]!))).toBe(true);
    expect(readFileSync(files["a.html"]!).equals(readFileSync(files["b.html"]!))).toBe(true);
    const html = readFileSync(files["a.html"]!, "utf8");
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(src|href)="(https?:|\/)/);
    expect(html).toContain('<html lang="en"');
    expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(4);
    expect(html).toContain('src="data:image/png;base64,');
  }, 180_000);
});
