/**
 * @module production
 * The production model's public interface (re-exports only). Pure core: no files, store or clock,
 * except the loader (`loadParameterSets`, `loadMethodologyBreaks`), which reads data/.
 */
export { estimateProduction, DEFAULT_DRAWS, type EstimateProductionInput, type ProductionEstimate, type ParameterUsed } from "./estimate.ts";
export type { RegionArea } from "./model.ts";
export type { DrawSummary, Histogram } from "./draw-summary.ts";
export type { Sensitivity, TornadoRow, VarianceShare } from "./sensitivity.ts";
export type { ParameterSet, Parameter, Distribution, ParameterStatus, Conversion, RegionParameters, Zone, Derivation } from "./parameter-set.ts";
export { chooseParameterSet } from "./parameter-set-choice.ts";
export { loadParameterSets, loadMethodologyBreaks, parseParameterSet, DEFAULT_PARAMETER_SET_DIR, DEFAULT_BREAKS_FILE } from "./parameter-set-loader.ts";
export { areasFromFigures } from "./areas-from-figures.ts";
export { reproducePublished, leafBalance, publishedRounding, type ReproductionRow } from "./reproduce.ts";
export { impliedRatios, impliedTrends, type ImpliedRow, type ImpliedTrend } from "./implied.ts";
export { reconcileCountry, reconcileYear, decompose, type Decomposition, type Reconciliation, type GapChange } from "./reconcile.ts";
export { seriesTrend, type SeriesTrend, type SeriesTrendInput } from "./series-trend.ts";
export { fitTrend, backtest, type TrendFit, type BacktestScore, type ForecastPoint } from "./trend.ts";
export type { MethodologyBreak } from "./methodology-breaks.ts";
