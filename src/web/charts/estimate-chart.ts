/**
 * @module web/charts/estimate-chart
 * A survey's sample-based estimate per region with its confidence interval against the map's pixel
 * count, data in and Plot options out (the dashboard's survey view and the annual report).
 */
import * as Plot from "@observablehq/plot";
import type { ChartFormat } from "./chart-text.ts";

export interface EstimateChartRow {
  label: string;
  areaHa: number;
  ciLowHa: number | null;
  ciHighHa: number | null;
  mapAreaHa: number | null;
}

export interface EstimateChartInput {
  rows: readonly EstimateChartRow[];
  estimateLabel: string;
  mapAreaLabel: string;
  ciLabel: string;
  width: number;
  format: ChartFormat;
}

export function estimateChartOptions({ rows, estimateLabel, mapAreaLabel, ciLabel, width, format: f }: EstimateChartInput): Plot.PlotOptions {
  const pixel = rows.filter((r) => r.mapAreaHa !== null);
  const withCi = rows.filter((r) => r.ciLowHa !== null && r.ciHighHa !== null);
  return {
    width,
    height: Math.max(140, 46 * rows.length + 60),
    marginLeft: Math.min(220, 8 + 7 * Math.max(...rows.map((d) => d.label.length))),
    x: { label: `${estimateLabel} / ${mapAreaLabel} (ha)`, grid: true, zero: true, tickFormat: (d: number) => f.number(d) },
    y: { label: null, domain: rows.map((d) => d.label) },
    color: { legend: true, domain: [estimateLabel, mapAreaLabel], range: ["#1d4ed8", "#b91c1c"] },
    marks: [
      Plot.ruleY(withCi, { y: "label", x1: "ciLowHa", x2: "ciHighHa", stroke: "#1d4ed8", strokeWidth: 3, strokeOpacity: 0.5 }),
      Plot.tickX(withCi, { y: "label", x: "ciLowHa", stroke: "#1d4ed8" }),
      Plot.tickX(withCi, { y: "label", x: "ciHighHa", stroke: "#1d4ed8" }),
      Plot.dot(rows, {
        y: "label",
        x: "areaHa",
        fill: () => estimateLabel,
        r: 5,
        title: (r: EstimateChartRow) => `${r.label}: ${f.qty(r.areaHa, "ha")} (${ciLabel} ${f.qty(r.ciLowHa, "ha")} – ${f.qty(r.ciHighHa, "ha")})`,
      }),
      Plot.dot(pixel, {
        y: "label",
        x: "mapAreaHa",
        symbol: "diamond",
        fill: () => mapAreaLabel,
        r: 5,
        title: (r: EstimateChartRow) => `${r.label}: ${mapAreaLabel} ${f.qty(r.mapAreaHa, "ha")}`,
      }),
    ],
  };
}
