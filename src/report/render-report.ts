/**
 * @module report/render-report
 * The report model laid out by the dashboard's report page (src/web/report.html, built by Vite with
 * the dashboard) in headless Chromium through playwright-core, kept as one self-contained HTML file
 * (inline SVG charts, inline style, the class map as a data: URL, no script) or printed to a tagged
 * PDF with an outline, the document language, and a header and footer with an explicit font size.
 * The PDF's creation and modification dates are set to the survey's date, so that the same stored
 * survey gives the same file.
 */
import { existsSync, readFileSync } from "node:fs";
import { extname, join, normalize, sep } from "node:path";
import { DataError } from "../domain/errors.ts";
import { ensureDashboardBuilt } from "../web-build/web-build.ts";
import type { ChartBlock, ReportModel } from "./report-model.ts";

export type ReportFormat = "html" | "pdf";

export const DEFAULT_CHROMIUM = "/usr/bin/chromium";
/** The made-up origin the report page is served from inside the browser (never resolved). */
const ORIGIN = "http://coca-report.invalid";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

export interface RenderOptions {
  format: ReportFormat;
  /** Chromium executable (default $CHROMIUM_PATH, else /usr/bin/chromium). */
  chromiumPath?: string;
  log?: (line: string) => void;
}

/** PDF date of an ISO timestamp: D:YYYYMMDDHHmmss+00'00' (UTC). */
export function pdfDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new DataError(`the survey's date ${iso} is not an ISO timestamp`);
  const p = (n: number, w = 2): string => String(n).padStart(w, "0");
  return `D:${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}+00'00'`;
}

/**
 * Replace the PDF's /CreationDate and /ModDate with `date` (a PDF date string). Only strings of the
 * same length are replaced, so every byte offset of the file (its cross-reference table) stays valid.
 */
export function fixPdfDates(pdf: Uint8Array, date: string): Uint8Array {
  const text = Buffer.from(pdf).toString("latin1");
  const fixed = text.replace(/\/(CreationDate|ModDate) \((D:[^)]*)\)/g, (all, key: string, old: string) =>
    old.length === date.length ? `/${key} (${date})` : all,
  );
  return new Uint8Array(Buffer.from(fixed, "latin1"));
}

function headerFooter(model: ReportModel): { headerTemplate: string; footerTemplate: string } {
  const style = "font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 8px; color: #555; width: 100%; margin: 0 15mm;";
  const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  const page = model.lang === "es" ? "Página" : "Page";
  const of = model.lang === "es" ? "de" : "of";
  return {
    headerTemplate: `<div style="${style}">${esc(model.title)}</div>`,
    footerTemplate: `<div style="${style} display: flex; justify-content: space-between;"><span>${esc(model.footer)}</span><span>${page} <span class="pageNumber"></span> ${of} <span class="totalPages"></span></span></div>`,
  };
}

type ReportPage = import("playwright-core").Page;

/** Open the report page in headless Chromium, run `use` on it, close the browser. */
async function withReportPage<T>(
  locale: string,
  { chromiumPath = process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM, log = () => {} }: Omit<RenderOptions, "format">,
  use: (page: ReportPage, errors: string[]) => Promise<T>,
): Promise<T> {
  if (!existsSync(chromiumPath))
    throw new DataError(`no Chromium at ${chromiumPath}: the report is laid out in headless Chromium (apt-get install chromium, or set CHROMIUM_PATH)`);
  const dist = await ensureDashboardBuilt({ log });
  if (!existsSync(join(dist, "report.html"))) throw new DataError(`${join(dist, "report.html")} is missing: rebuild the dashboard (npm run build:web)`);
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--font-render-hinting=none",
    ],
  });
  try {
    const context = await browser.newContext({ locale, timezoneId: "UTC", viewport: { width: 900, height: 1200 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    // The page's files come from the build folder; nothing else is fetched from anywhere.
    await context.route("**/*", async (route) => {
      const url = new URL(route.request().url());
      if (url.origin !== ORIGIN) return route.abort();
      const path = normalize(join(dist, decodeURIComponent(url.pathname)));
      if (!path.startsWith(dist + sep) || !existsSync(path)) return route.fulfill({ status: 404, body: "" });
      return route.fulfill({ status: 200, body: readFileSync(path), contentType: TYPES[extname(path)] ?? "application/octet-stream" });
    });
    await page.goto(`${ORIGIN}/report.html`);
    await page.waitForFunction(() => "cocaReport" in window, undefined, { timeout: 30_000 });
    return await use(page, errors);
  } finally {
    await browser.close();
  }
}

/** Render the report model to HTML or PDF bytes. */
export async function renderReport(model: ReportModel, { format, ...options }: RenderOptions): Promise<Uint8Array> {
  return withReportPage(model.locale, options, async (page, errors) => {
    await page.evaluate((m) => (window as unknown as { cocaReport: { render(m: unknown): void } }).cocaReport.render(m), model as unknown);
    await page.waitForSelector("html[data-ready]", { timeout: 30_000 });
    if (errors.length > 0) throw new DataError(`the report page failed: ${errors.join("; ")}`);
    if (format === "html") {
      const html = await page.evaluate(() => `<!doctype html>\n${document.documentElement.outerHTML}\n`);
      return new TextEncoder().encode(html);
    }
    await page.emulateMedia({ media: "print" });
    const pdf = await page.pdf({
      format: "A4",
      printBackground: true,
      preferCSSPageSize: true,
      tagged: true,
      outline: true,
      displayHeaderFooter: true,
      ...headerFooter(model),
      margin: { top: "16mm", bottom: "18mm", left: "15mm", right: "15mm" },
    });
    return fixPdfDates(new Uint8Array(pdf), pdfDate(model.createdAt));
  });
}

/**
 * One chart as a picture, drawn by the same chart function as the dashboard: an SVG (the chart with
 * its colour legend drawn into it) or a PNG (2x, a screenshot of the chart and its caption).
 */
export async function renderChart(
  block: ChartBlock,
  locale: string,
  { format, ...options }: Omit<RenderOptions, "format"> & { format: "svg" | "png" },
): Promise<Uint8Array> {
  return withReportPage(locale, options, async (page, errors) => {
    const svg = await page.evaluate(([b, l]) => (window as unknown as { cocaReport: { chart(b: unknown, l: string): string } }).cocaReport.chart(b, l), [
      block as unknown,
      locale,
    ] as const);
    if (errors.length > 0) throw new DataError(`the chart page failed: ${errors.join("; ")}`);
    if (format === "svg") return new TextEncoder().encode(`<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n`);
    await page.setViewportSize({ width: 760, height: 1200 });
    return new Uint8Array(await page.locator("figure[data-chart]").screenshot({ scale: "device", animations: "disabled" }));
  });
}
