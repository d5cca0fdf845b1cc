/**
 * @module web/charts/production-chart
 * The Monte Carlo distribution of potential cocaine production: the histogram of draws, the median
 * and the 90 % interval, data in and Plot options out (the dashboard's survey view and the report).
 */
import * as Plot from "@observablehq/plot";
import type { Histogram } from "../../domain/histogram.ts";
import type { ChartFormat } from "./chart-text.ts";

export interface ProductionChartInput {
  histogram: Histogram;
  median: number;
  ci90: [number, number];
  xLabel: string;
  yLabel: string;
  width: number;
  format: ChartFormat;
}

export function productionChartOptions({ histogram, median, ci90, xLabel, yLabel, width, format: f }: ProductionChartInput): Plot.PlotOptions {
  const edges = histogram.binEdges;
  const bins = histogram.counts.map((count, i) => ({ x1: edges[i]!, x2: edges[i + 1]!, count }));
  return {
    width,
    height: 220,
    x: { label: xLabel, tickFormat: (d: number) => f.number(d, 2) },
    y: { label: yLabel, grid: true, tickFormat: (d: number) => f.number(d) },
    marks: [
      Plot.rectY(bins, { x1: "x1", x2: "x2", y: "count", fill: "#6b7280", inset: 0.5 }),
      Plot.ruleX([ci90[0], ci90[1]], { stroke: "#1d4ed8", strokeDasharray: "4,3" }),
      Plot.ruleX([median], { stroke: "#1d4ed8", strokeWidth: 2 }),
      Plot.ruleY([0]),
    ],
  };
}
