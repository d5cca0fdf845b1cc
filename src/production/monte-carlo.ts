/**
 * @module production/monte-carlo
 * Seeded Monte Carlo propagation through the production model: every slot is drawn into its own
 * Float64Array (slot by slot, in slot order, so a seed reproduces every draw), then the model is
 * evaluated once over the columns.
 */
import type { Random } from "../stats/random.ts";
import { sampleParameter } from "./distribution.ts";
import { summarizeDraws, type DrawSummary } from "./draw-summary.ts";
import { evaluateModel, type CompiledModel, type ModelColumns } from "./model.ts";

export interface MonteCarloDraws extends ModelColumns {
  /** Draws of each slot, same order as model.slots. */
  columns: Float64Array[];
  draws: number;
}

/** Draw `draws` joint samples of all slots and evaluate the model on each. */
export function runMonteCarlo(model: CompiledModel, { draws, random }: { draws: number; random: Random }): MonteCarloDraws {
  if (!(Number.isInteger(draws) && draws >= 1)) throw new RangeError(`draws must be a positive integer, got ${draws}`);
  const columns = model.slots.map((slot) => sampleParameter(slot.parameter, random, new Float64Array(draws)));
  const out: ModelColumns = {
    leafT: new Float64Array(draws),
    netLeafT: new Float64Array(draws),
    cocaineT: new Float64Array(draws),
  };
  evaluateModel(model, columns, draws, out);
  return { ...out, columns, draws };
}

export interface MonteCarloSummary {
  cocaineT: DrawSummary;
  /** null for a per-hectare conversion (no leaf step). */
  leafT: DrawSummary | null;
  netLeafT: DrawSummary | null;
}

/** Summaries of the three outputs, sharing one scratch buffer for the order statistics. */
export function summarizeMonteCarlo(mc: MonteCarloDraws, { bins = 40, hasLeaf = true }: { bins?: number; hasLeaf?: boolean } = {}): MonteCarloSummary {
  const scratch = new Float64Array(mc.draws);
  return {
    cocaineT: summarizeDraws(mc.cocaineT, { unit: "t", bins, scratch }),
    leafT: hasLeaf ? summarizeDraws(mc.leafT, { unit: "t", bins, scratch }) : null,
    netLeafT: hasLeaf ? summarizeDraws(mc.netLeafT, { unit: "t", bins, scratch }) : null,
  };
}
