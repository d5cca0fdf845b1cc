/**
 * @module production/reproduce
 * Reproducing what was published: the leaf balance (leaf minus the traditional and industrial use
 * the source deducts), and the model's point estimate against a published leaf or cocaine figure,
 * with the residual and whether it lies within the rounding of the published inputs and output.
 */
import type { Figure } from "../domain/figure.ts";
import { citeFigure } from "./figure-series.ts";
import { compileModel, pointEstimate, type CompiledModel, type RegionArea } from "./model.ts";
import type { ParameterSet } from "./parameter-set.ts";

export interface LeafBalance {
  leafT: number;
  traditionalLeafT: number;
  industrialLeafT: number;
  /** leafT - traditional - industrial, t. */
  netLeafT: number;
}

/** Leaf available for cocaine after the deductions. */
export function leafBalance({
  leafT,
  traditionalLeafT = 0,
  industrialLeafT = 0,
}: {
  leafT: number;
  traditionalLeafT?: number;
  industrialLeafT?: number;
}): LeafBalance {
  return { leafT, traditionalLeafT, industrialLeafT, netLeafT: leafT - traditionalLeafT - industrialLeafT };
}

/**
 * The rounding step a published number shows: 42,000 -> 1,000; 105,960 -> 10; 2,415 -> 1; 0.45 -> 0.01.
 * Read from trailing zeros (integers) or decimal places, assuming at least two significant figures
 * (7,000 ha -> 100, not 1,000), since published areas and tonnages are rarely rounded to one.
 */
export function publishedRounding(value: number): number {
  if (!Number.isFinite(value) || value === 0) return 0;
  if (!Number.isInteger(value)) {
    const decimals = (String(value).split(".")[1] ?? "").length;
    return 10 ** -decimals;
  }
  let step = 1;
  let v = Math.abs(value);
  while (v % 10 === 0 && v > 0) {
    v /= 10;
    step *= 10;
  }
  const twoSignificant = 10 ** Math.max(0, Math.floor(Math.log10(Math.abs(value))) - 1);
  return Math.min(step, twoSignificant);
}

export interface ReproductionRow {
  quantity: "leafT" | "cocaineT";
  unit: "t";
  model: number;
  published: number;
  /** model - published, t. */
  residual: number;
  residualPct: number;
  /** Half the published figure's rounding step plus the effect of the published inputs' rounding, t. */
  tolerance: number;
  withinRounding: boolean;
  citation: string;
}

/**
 * How much `quantity` can move when each published input moves by half its rounding step
 * (first-order propagation with finite differences).
 */
function inputRoundingEffect(model: CompiledModel, quantity: "leafT" | "cocaineT"): number {
  const base = pointEstimate(model)[quantity];
  let total = 0;
  model.slots.forEach((slot, i) => {
    if (slot.parameter.status !== "published") return;
    const half = publishedRounding(slot.parameter.value) / 2;
    if (half === 0) return;
    const moved = pointEstimate(model, new Map([[i, slot.parameter.value + half]]))[quantity];
    total += Math.abs(moved - base);
  });
  return total;
}

/** Compare the model's point estimate with published leaf and/or cocaine figures. */
export function reproducePublished(params: ParameterSet, regions: readonly RegionArea[], published: { leafT?: Figure; cocaineT?: Figure }): ReproductionRow[] {
  const model = compileModel(params, regions);
  const point = pointEstimate(model);
  const rows: ReproductionRow[] = [];
  for (const [quantity, figure] of [
    ["leafT", published.leafT],
    ["cocaineT", published.cocaineT],
  ] as const) {
    if (!figure) continue;
    const value = point[quantity];
    if (Number.isNaN(value)) continue;
    const residual = value - figure.value;
    const tolerance = publishedRounding(figure.value) / 2 + inputRoundingEffect(model, quantity);
    rows.push({
      quantity,
      unit: "t",
      model: value,
      published: figure.value,
      residual,
      residualPct: (residual / figure.value) * 100,
      tolerance,
      withinRounding: Math.abs(residual) <= tolerance,
      citation: citeFigure(figure),
    });
  }
  return rows;
}
