/**
 * @module web/report-page
 * The page that lays out the annual survey report (src/report/report-model.ts) in a browser: the
 * same chart functions as the dashboard (src/web/charts) drawn by Observable Plot into inline SVG,
 * tables, the sources list and the print style. `coca report` loads it in headless Chromium, calls
 * `window.cocaReport.render(model)`, then keeps the page as one self-contained HTML file (scripts
 * removed, style inline) or prints it to PDF.
 */
import * as Plot from "@observablehq/plot";
import type { ImageBlock, ReportBlock, ReportModel } from "../report/report-model.ts";
import { chartFormat } from "./charts/chart-text.ts";
import { densityChartOptions } from "./charts/density-chart.ts";
import { estimateChartOptions } from "./charts/estimate-chart.ts";
import { productionChartOptions } from "./charts/production-chart.ts";
import { seriesChartOptions } from "./charts/series-chart.ts";

/** Chart width in CSS pixels: an A4 page's text width (180 mm) at 96 px per inch. */
const CHART_WIDTH = 680;

const REPORT_CSS = `
@page { size: A4; margin: 16mm 15mm 18mm 15mm; }
:root { color-scheme: light; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 10pt; line-height: 1.4; color: #111; margin: 0; }
main { max-width: 180mm; margin: 0 auto; padding: 8mm 0; }
h1 { font-size: 20pt; margin: 0 0 2mm; }
h2 { font-size: 14pt; margin: 8mm 0 3mm; border-bottom: 1px solid #999; padding-bottom: 1mm; break-after: avoid; }
.subtitle { color: #444; margin: 0 0 4mm; }
.simulated { border: 2px solid #b91c1c; color: #b91c1c; padding: 2mm 3mm; font-weight: bold; }
nav ol { columns: 2; margin: 2mm 0 6mm; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; font-size: 8.5pt; break-inside: auto; }
caption { text-align: left; font-weight: bold; padding: 1mm 0; caption-side: top; }
th, td { border-bottom: 1px solid #ccc; padding: 1mm 1.5mm; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #eef2f5; overflow-wrap: normal; hyphens: auto; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr { break-inside: avoid; }
figure { margin: 3mm 0 5mm; break-inside: avoid; }
figcaption { font-size: 8.5pt; color: #333; margin-top: 1mm; }
figure img { width: 100%; max-height: 200mm; object-fit: contain; image-rendering: pixelated; border: 1px solid #ccc; }
svg.map-markers { display: block; border: 1px solid #ccc; image-rendering: pixelated; max-height: 200mm; }
.legend span.swatch.marker { border-radius: 50%; border-color: #111; }
.legend span.swatch { display: inline-block; width: 10px; height: 10px; margin: 0 3px 0 10px; border: 1px solid #777; vertical-align: middle; }
ol.sources { font-size: 8.5pt; padding-left: 7mm; }
ol.sources li { margin-bottom: 1mm; overflow-wrap: anywhere; }
.foot { font-size: 8pt; color: #555; margin-top: 8mm; }
@media print { .foot { display: none; } }
`;

type Child = Node | string;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

function chart(block: Extract<ReportBlock, { kind: "chart" }>, locale: string): Element {
  const format = chartFormat(locale);
  const common = { width: CHART_WIDTH, format };
  const options =
    block.chart === "series"
      ? seriesChartOptions({ ...block.input, ...common })
      : block.chart === "estimate"
        ? estimateChartOptions({ ...block.input, ...common })
        : block.chart === "production"
          ? productionChartOptions({ ...block.input, ...common })
          : densityChartOptions({ ...block.input, ...common });
  const plot = Plot.plot(options);
  // The chart's text alternative, on the SVG itself (and the legend's swatches stay visible beside it).
  for (const svg of plot instanceof SVGSVGElement ? [plot] : [...plot.querySelectorAll("svg")]) {
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", block.alt);
  }
  return el("figure", { "data-chart": block.chart }, plot, el("figcaption", {}, block.caption));
}

const SVG_NS = "http://www.w3.org/2000/svg";

function svgEl(tag: string, attrs: Record<string, string>, ...children: Child[]): SVGElement {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

/** A map picture with points drawn over it, as one SVG (the picture and the points scale together). */
function mapWithMarkers(block: Required<ImageBlock>): SVGElement {
  const w = block.widthPx;
  const h = block.heightPx;
  const r = Math.max(2, Math.round(Math.max(w, h) / 160));
  return svgEl(
    "svg",
    { viewBox: `0 0 ${w} ${h}`, width: "100%", role: "img", "aria-label": block.alt, class: "map-markers" },
    svgEl("image", { href: block.src, x: "0", y: "0", width: String(w), height: String(h), preserveAspectRatio: "none" }),
    ...block.markers.map((m) =>
      svgEl(
        "circle",
        { cx: (m.x * w).toFixed(2), cy: (m.y * h).toFixed(2), r: String(r), fill: m.color, stroke: "#111", "stroke-width": "1" },
        svgEl("title", {}, m.label),
      ),
    ),
  );
}

function blockElement(block: ReportBlock, locale: string): Element {
  switch (block.kind) {
    case "p":
      return el("p", block.id ? { id: block.id } : {}, block.text);
    case "sources":
      return el("ol", { class: "sources", id: "sources-list" }, ...block.items.map((s) => el("li", {}, s)));
    case "image":
      return el(
        "figure",
        { "data-chart": block.markers ? "image-markers" : "image" },
        block.markers && block.widthPx && block.heightPx ? mapWithMarkers(block as Required<ImageBlock>) : el("img", { src: block.src, alt: block.alt }),
        el(
          "figcaption",
          {},
          block.caption,
          el(
            "span",
            { class: "legend" },
            ...block.legend.flatMap((c) => [el("span", { class: c.marker ? "swatch marker" : "swatch", style: `background:${c.color}` }), c.name]),
          ),
        ),
      );
    case "table":
      return el(
        "table",
        block.id ? { id: block.id } : {},
        el("caption", {}, block.caption),
        el("thead", {}, el("tr", {}, ...block.headers.map((hd, i) => el("th", { scope: "col", class: block.numeric[i] ? "num" : "" }, hd)))),
        el("tbody", {}, ...block.rows.map((r) => el("tr", {}, ...r.map((c, i) => el("td", { class: block.numeric[i] ? "num" : "" }, c))))),
      );
    case "chart":
      return chart(block, locale);
  }
}

/** Lay the report out in this document; resolves when everything is drawn. */
export function renderReport(model: ReportModel): void {
  document.documentElement.lang = model.lang;
  document.title = model.title;
  const style = el("style", {}, REPORT_CSS);
  document.head.append(style);
  const meta = el("meta", { name: "dcterms.created", content: model.createdAt });
  document.head.append(meta);
  const main = document.getElementById("report")!;
  main.replaceChildren(
    el("h1", {}, model.title),
    el("p", { class: "subtitle" }, model.subtitle),
    ...(model.simulatedNote ? [el("p", { class: "simulated" }, model.simulatedNote)] : []),
    el(
      "nav",
      { "aria-label": model.lang === "es" ? "Contenido" : "Contents" },
      el("ol", {}, ...model.sections.map((s) => el("li", {}, el("a", { href: `#${s.id}` }, s.title)))),
    ),
    ...model.sections.map((s) =>
      el(
        "section",
        { id: s.id, "aria-labelledby": `${s.id}-h` },
        el("h2", { id: `${s.id}-h` }, s.title),
        ...s.blocks.map((b) => blockElement(b, model.locale)),
      ),
    ),
    el("p", { class: "foot" }, model.footer),
  );
  // What `coca report` keeps is the drawn page alone: no script, no link to a built asset.
  for (const s of [...document.querySelectorAll("script, link[rel=modulepreload], link[rel=stylesheet]")]) s.remove();
  document.documentElement.setAttribute("data-ready", "true");
}

/**
 * Draw one chart alone (for `--plot FILE.svg|png`) and return it as a standalone SVG: Plot's colour
 * legend (HTML swatches) is drawn into the SVG above the chart.
 */
export function renderChartAlone(block: Extract<ReportBlock, { kind: "chart" }>, locale: string): string {
  const style = el("style", {}, REPORT_CSS);
  document.head.append(style);
  const figure = chart(block, locale);
  document.getElementById("report")!.replaceChildren(figure);
  const svg = figure.querySelector<SVGSVGElement>(":scope > svg, :scope > figure > svg")!.cloneNode(true) as SVGSVGElement;
  const swatches = [...figure.querySelectorAll<HTMLElement>("[class$='-swatch']")].map((s) => ({
    colour: s.querySelector("svg rect, svg")?.getAttribute("fill") ?? s.querySelector("svg")?.getAttribute("fill") ?? "#000",
    label: s.textContent ?? "",
  }));
  const ns = "http://www.w3.org/2000/svg";
  svg.setAttribute("xmlns", ns);
  const width = Number(svg.getAttribute("width"));
  const height = Number(svg.getAttribute("height"));
  const top = swatches.length > 0 ? 24 : 0;
  const g = document.createElementNS(ns, "g");
  g.setAttribute("transform", `translate(0, ${top})`);
  g.append(...[...svg.childNodes].filter((n) => n.nodeName !== "style"));
  svg.append(g);
  let x = 10;
  for (const s of swatches) {
    const rect = document.createElementNS(ns, "rect");
    for (const [k, v] of Object.entries({ x: String(x), y: "6", width: "12", height: "12", fill: s.colour })) rect.setAttribute(k, v);
    const text = document.createElementNS(ns, "text");
    for (const [k, v] of Object.entries({ x: String(x + 16), y: "16", "font-size": "11", "font-family": "sans-serif", "text-anchor": "start" }))
      text.setAttribute(k, v);
    text.textContent = s.label;
    svg.append(rect, text);
    x += 30 + 7 * s.label.length;
  }
  svg.setAttribute("height", String(height + top));
  svg.setAttribute("viewBox", `0 0 ${width} ${height + top}`);
  const title = document.createElementNS(ns, "title");
  title.textContent = `${block.alt}. ${block.caption}`;
  svg.prepend(title);
  return svg.outerHTML;
}

(window as unknown as { cocaReport: { render: typeof renderReport; chart: typeof renderChartAlone } }).cocaReport = {
  render: renderReport,
  chart: renderChartAlone,
};
