/**
 * @module domain/histogram
 * A histogram for plotting a distribution (e.g. of Monte Carlo draws): bin edges in the
 * quantity's unit and a count per bin. Made by production/draw-summary.ts, stored with a
 * survey's production results, drawn by the dashboard.
 */
import { z } from "zod";

export const histogramSchema = z.object({
  binEdges: z.array(z.number()).describe("bin edges, length bins + 1, in the quantity's unit"),
  counts: z.array(z.number().int()).describe("draws per bin"),
});

export type Histogram = z.infer<typeof histogramSchema>;
