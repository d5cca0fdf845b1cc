/**
 * @module production/monte-carlo
 * Seeded Monte Carlo propagation through the production model: every slot is drawn into its own
 * Float64Array (slot by slot, in slot order, so a seed reproduces every draw), then the model is
 * evaluated once over the columns. A MonteCarloWorkspace lends its arrays to run after run (the draws of one run are
 * valid until the next run on the same workspace), so repeated runs do not allocate and fault tens of megabytes each.
 */
import type { Random } from "../stats/random.ts";
import { sampleParameter } from "./distribution.ts";
import { summarizeDraws, type DrawSummary } from "./draw-summary.ts";
import { evaluateModel, type CompiledModel, type ModelColumns } from "./model.ts";

export interface MonteCarloDraws extends ModelColumns {
  /** Draws of each slot, same order as model.slots. */
  columns: Float64Array[];
  draws: number;
  /** `draws` long, for the summaries' order statistics (the workspace's, when the run had one). */
  scratch?: Float64Array;
}

/**
 * Arrays lent to run after run: the slots' columns, the three outputs and the summaries' scratch, each `draws` long.
 * A run on a workspace overwrites the previous run's draws.
 */
export interface MonteCarloWorkspace {
  draws: number;
  columns: Float64Array[];
  out: ModelColumns;
  scratch: Float64Array;
}

/** An empty workspace; its arrays are made at the first run and kept while the draw count stays the same. */
export function createMonteCarloWorkspace(): MonteCarloWorkspace {
  const none = new Float64Array(0);
  return { draws: 0, columns: [], out: { leafT: none, netLeafT: none, cocaineT: none }, scratch: none };
}

function fit(ws: MonteCarloWorkspace, draws: number, slots: number): void {
  if (ws.draws !== draws) {
    ws.draws = draws;
    ws.columns = [];
    ws.out = { leafT: new Float64Array(draws), netLeafT: new Float64Array(draws), cocaineT: new Float64Array(draws) };
    ws.scratch = new Float64Array(draws);
  }
  while (ws.columns.length < slots) ws.columns.push(new Float64Array(draws));
}

/**
 * Draw `draws` joint samples of all slots and evaluate the model on each: into new arrays, or into `workspace`'s
 * (the result then holds them until the next run on that workspace).
 */
export function runMonteCarlo(
  model: CompiledModel,
  { draws, random, workspace }: { draws: number; random: Random; workspace?: MonteCarloWorkspace },
): MonteCarloDraws {
  if (!(Number.isInteger(draws) && draws >= 1)) throw new RangeError(`draws must be a positive integer, got ${draws}`);
  const ws = workspace ?? createMonteCarloWorkspace();
  fit(ws, draws, model.slots.length);
  const columns = model.slots.map((slot, i) => sampleParameter(slot.parameter, random, ws.columns[i]!));
  const out: ModelColumns = { ...ws.out };
  evaluateModel(model, columns, draws, out);
  return { ...out, columns, draws, scratch: ws.scratch };
}

export interface MonteCarloSummary {
  cocaineT: DrawSummary;
  /** null for a per-hectare conversion (no leaf step). */
  leafT: DrawSummary | null;
  netLeafT: DrawSummary | null;
}

/** Summaries of the three outputs, sharing one scratch buffer for the order statistics. */
export function summarizeMonteCarlo(mc: MonteCarloDraws, { bins = 40, hasLeaf = true }: { bins?: number; hasLeaf?: boolean } = {}): MonteCarloSummary {
  const scratch = mc.scratch && mc.scratch.length >= mc.draws ? mc.scratch : new Float64Array(mc.draws);
  return {
    cocaineT: summarizeDraws(mc.cocaineT, { unit: "t", bins, scratch }),
    leafT: hasLeaf ? summarizeDraws(mc.leafT, { unit: "t", bins, scratch }) : null,
    netLeafT: hasLeaf ? summarizeDraws(mc.netLeafT, { unit: "t", bins, scratch }) : null,
  };
}
