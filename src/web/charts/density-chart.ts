/**
 * @module web/charts/density-chart
 * Coca density on a regular grid (hectares of coca per cell, e.g. 1 km cells), the way the official
 * surveys map it, with the survey's fields' centroids binned into cells; data in, Plot options out.
 */
import * as Plot from "@observablehq/plot";
import type { ChartFormat } from "./chart-text.ts";

export interface DensityCell {
  /** Cell centre, WGS 84. */
  lon: number;
  lat: number;
  /** Hectares of the class in the cell. */
  areaHa: number;
}

export interface DensityChartInput {
  cells: readonly DensityCell[];
  /** Cell size in degrees (about 1 km = 0.009°). */
  cellDeg: number;
  legendLabel: string;
  width: number;
  format: ChartFormat;
}

/** Bin points with an area into square cells of `cellDeg` degrees; one cell per occupied square, sorted. */
export function densityCells(points: readonly { lon: number; lat: number; areaHa: number }[], cellDeg: number): DensityCell[] {
  const cells = new Map<string, DensityCell>();
  for (const p of points) {
    const i = Math.floor(p.lon / cellDeg);
    const j = Math.floor(p.lat / cellDeg);
    const key = `${i},${j}`;
    const c = cells.get(key) ?? { lon: (i + 0.5) * cellDeg, lat: (j + 0.5) * cellDeg, areaHa: 0 };
    c.areaHa += p.areaHa;
    cells.set(key, c);
  }
  return [...cells.values()].sort((a, b) => a.lat - b.lat || a.lon - b.lon);
}

export function densityChartOptions({ cells, cellDeg, legendLabel, width, format: f }: DensityChartInput): Plot.PlotOptions {
  const lons = cells.map((c) => c.lon);
  const lats = cells.map((c) => c.lat);
  const pad = cellDeg;
  const [x0, x1] = [Math.min(...lons) - pad, Math.max(...lons) + pad];
  const [y0, y1] = [Math.min(...lats) - pad, Math.max(...lats) + pad];
  const aspect = (y1 - y0) / Math.max(1e-9, (x1 - x0) * Math.cos(((y0 + y1) / 2) * (Math.PI / 180)));
  const height = Math.round(Math.min(600, Math.max(200, (width - 80) * aspect + 60)));
  return {
    width,
    height,
    marginLeft: 60,
    x: { label: "lon (°)", domain: [x0, x1], ticks: 5, tickFormat: (d: number) => f.number(d, 3) },
    y: { label: "lat (°)", domain: [y0, y1], ticks: 5, tickFormat: (d: number) => f.number(d, 3) },
    color: { type: "sequential", scheme: "YlOrRd", legend: true, label: legendLabel, tickFormat: (d: number) => f.number(d, 1) },
    marks: [
      Plot.rect(cells, {
        x1: (c: DensityCell) => c.lon - cellDeg / 2,
        x2: (c: DensityCell) => c.lon + cellDeg / 2,
        y1: (c: DensityCell) => c.lat - cellDeg / 2,
        y2: (c: DensityCell) => c.lat + cellDeg / 2,
        fill: "areaHa",
        title: (c: DensityCell) => f.qty(c.areaHa, "ha", 1),
      }),
      Plot.frame({ stroke: "#999" }),
    ],
  };
}
