/**
 * @module web/charts/series-chart
 * The country series chart, data in and Plot options out: each source its own line (gaps left as
 * gaps), revised figures ringed, legal limits as dashed rules, the trend's 80 % and 95 % prediction
 * bands, published ranges as error bars, each point numbered by its citation (the numbers refer to
 * the caption's list of sources, so a screenshot or a printed page carries its sources), and the
 * chosen year marked. Used by the dashboard's series view and the annual report.
 */
import * as Plot from "@observablehq/plot";
import type { ChartFormat } from "./chart-text.ts";

export interface SeriesChartPoint {
  year: number;
  series: string;
  /** NaN where the source published nothing that year: the line breaks there. */
  value: number;
  citation: string | null;
  revised: boolean;
  /** A published range around the value (e.g. UNODC Colombia's production), if any. */
  low?: number | null;
  high?: number | null;
}

export interface SeriesChartBand {
  year: number;
  median: number;
  pi80: [number, number];
  pi95: [number, number];
}

export interface SeriesChartLimit {
  value: number;
  x1: number;
  x2: number;
  label: string;
}

export interface SeriesChartInput {
  points: readonly SeriesChartPoint[];
  xLabel: string;
  yLabel: string;
  unit: string;
  limits?: readonly SeriesChartLimit[];
  /** The trend's forecast with prediction intervals, and whose series it continues. */
  trend?: { series: string; label: string; points: readonly SeriesChartBand[] };
  /** The numbers of the citations (e.g. a report's list of sources); default: their order in the points. */
  citationNumbers?: Readonly<Record<string, number>>;
  /** The year marked by a vertical rule (the dashboard's time slider), if any. */
  year?: number;
  width: number;
  height?: number;
  format: ChartFormat;
}

/** The distinct citations of the points in order of first appearance; index + 1 is the note number. */
export function citationList(points: readonly SeriesChartPoint[]): string[] {
  const out: string[] = [];
  for (const p of points) if (p.citation && Number.isFinite(p.value) && !out.includes(p.citation)) out.push(p.citation);
  return out;
}

export function seriesChartOptions(input: SeriesChartInput): Plot.PlotOptions {
  const { points, format: f, unit } = input;
  const finite = points.filter((p) => Number.isFinite(p.value));
  const years = [...points.map((p) => p.year), ...(input.trend?.points.map((p) => p.year) ?? [])];
  const first = Math.min(...years);
  const last = Math.max(...years);
  const series = [...new Set(points.map((p) => p.series))];
  const citations = citationList(points);
  const numbers = input.citationNumbers;
  const note = (p: SeriesChartPoint): string => (p.citation ? String(numbers?.[p.citation] ?? citations.indexOf(p.citation) + 1) : "");
  const bands = input.trend?.points ?? [];
  const ranged = finite.filter((p) => Number.isFinite(p.low ?? NaN) && Number.isFinite(p.high ?? NaN));
  const limits = input.limits ?? [];
  // A wide 95 % band must not flatten the series: the axis stops at 1.5 times the largest figure
  // (or the 80 % band's top, if higher) and the bands are clipped there.
  const top = Math.max(...finite.map((p) => p.high ?? p.value), ...limits.map((l) => l.value), 0);
  const yMax = Math.max(top * 1.15, Math.min(top * 1.5, Math.max(0, ...bands.map((b) => b.pi80[1]))));
  return {
    width: input.width,
    height: input.height ?? 380,
    marginLeft: 70,
    marginRight: 20,
    x: { label: input.xLabel, tickFormat: (d: number) => String(d), domain: [first - 0.5, last + 0.5] },
    y: { label: `${input.yLabel} (${unit})`, grid: true, domain: [0, yMax > 0 ? yMax : 1], tickFormat: (d: number) => f.number(d) },
    color: { legend: true, domain: series },
    marks: [
      ...(bands.length > 0 && input.trend
        ? [
            Plot.areaY(bands, {
              x: "year",
              y1: (b: SeriesChartBand) => b.pi95[0],
              y2: (b: SeriesChartBand) => b.pi95[1],
              fill: "#94a3b8",
              fillOpacity: 0.25,
              clip: true,
            }),
            Plot.areaY(bands, {
              x: "year",
              y1: (b: SeriesChartBand) => b.pi80[0],
              y2: (b: SeriesChartBand) => b.pi80[1],
              fill: "#64748b",
              fillOpacity: 0.3,
              clip: true,
            }),
            Plot.lineY(bands, { x: "year", y: "median", stroke: "#475569", strokeDasharray: "4,3" }),
            Plot.text(bands.slice(-1), {
              x: "year",
              y: (b: SeriesChartBand) => Math.min(b.pi80[1], yMax),
              text: () => input.trend!.label,
              dy: -8,
              textAnchor: "end",
              fill: "#475569",
            }),
          ]
        : []),
      Plot.lineY(points, { x: "year", y: "value", stroke: "series", z: "series", strokeWidth: 2 }),
      ...(ranged.length > 0 ? [Plot.ruleX(ranged, { x: "year", y1: "low", y2: "high", stroke: "series", strokeWidth: 1.5 })] : []),
      Plot.dot(points, {
        x: "year",
        y: "value",
        fill: "series",
        r: 3,
        title: (p: SeriesChartPoint) => `${p.series} ${p.year}: ${f.qty(p.value, unit)}${p.citation ? `\n[${note(p)}] ${p.citation}` : ""}`,
      }),
      Plot.dot(
        finite.filter((p) => p.revised),
        { x: "year", y: "value", r: 7, stroke: "currentColor", strokeWidth: 1.5, fill: "none" },
      ),
      // The citation number of each point, printed beside it.
      Plot.text(finite, { x: "year", y: "value", text: note, dy: -9, fontSize: 9, fill: "series" }),
      ...(limits.length > 0
        ? [
            Plot.ruleY(limits, { y: "value", x1: "x1", x2: "x2", stroke: "#b91c1c", strokeDasharray: "6,4", strokeWidth: 2 }),
            Plot.text(limits, { x: "x1", y: "value", text: "label", dy: -8, textAnchor: "start", fill: "#b91c1c" }),
          ]
        : []),
      ...(input.year !== undefined && input.year >= first && input.year <= last ? [Plot.ruleX([input.year], { stroke: "#999", strokeDasharray: "2,3" })] : []),
    ],
  };
}
