/**
 * @module production/trend
 * Trends and one-to-few-year projections of an official series, on the log scale, by three models:
 * a log-linear regression on the year, a random walk with drift (ARIMA(0,1,0) with drift, which
 * handles gaps by scaling the increments by their length), and Holt's linear exponential smoothing,
 * plain (Holt 1957) and damped (Gardner & McKenzie 1985), with steps of the gap's length (after
 * Wright 1986). The model is chosen by a rolling-origin
 * backtest (Tashman 2000): fit on the first k points, forecast point k+1, for every k >= minTrain;
 * the one with the lowest mean absolute log error wins, and its backtest error is reported.
 * Prediction intervals are Student t on the log scale; the probability that next year's figure
 * exceeds this year's comes from the chosen model's predictive distribution.
 */
import { fitLogLinear, predictLogLinear } from "./log-linear.ts";
import { normalCdf, normalQuantile, studentTCdf, studentTQuantile } from "./special-functions.ts";

export type TrendModelName = "log-linear" | "drift" | "holt" | "holt-damped";

export interface TrendInputPoint {
  year: number;
  value: number;
}

/** Predictive distribution of ln(y) at a future year. */
export interface LogForecast {
  meanLog: number;
  sdLog: number;
  df: number;
}

export interface FittedTrend {
  model: TrendModelName;
  parameters: Record<string, number>;
  forecast(year: number): LogForecast;
}

/** Fewest points each model needs. */
export const MIN_POINTS: Readonly<Record<TrendModelName, number>> = { "log-linear": 3, drift: 3, holt: 4, "holt-damped": 5 };

function fitLogLinearModel(points: readonly TrendInputPoint[]): FittedTrend {
  const fit = fitLogLinear(
    points.map((p) => p.year),
    points.map((p) => p.value),
  );
  return {
    model: "log-linear",
    parameters: { slopeLogPerYear: fit.slope, sigmaLog: fit.sigma, n: fit.n },
    forecast: (year) => predictLogLinear(fit, year),
  };
}

function fitDrift(points: readonly TrendInputPoint[]): FittedTrend {
  const m = points.length - 1;
  let sumD = 0;
  let sumG = 0;
  for (let i = 1; i <= m; i++) {
    sumD += Math.log(points[i]!.value) - Math.log(points[i - 1]!.value);
    sumG += points[i]!.year - points[i - 1]!.year;
  }
  const mu = sumD / sumG;
  let ss = 0;
  for (let i = 1; i <= m; i++) {
    const g = points[i]!.year - points[i - 1]!.year;
    const d = Math.log(points[i]!.value) - Math.log(points[i - 1]!.value);
    ss += (d - g * mu) ** 2 / g;
  }
  const sigma2 = ss / (m - 1);
  const last = points[points.length - 1]!;
  return {
    model: "drift",
    parameters: { driftLogPerYear: mu, sigmaLogPerYear: Math.sqrt(sigma2) },
    forecast(year) {
      const h = year - last.year;
      return { meanLog: Math.log(last.value) + h * mu, sdLog: Math.sqrt(sigma2 * (h + (h * h) / sumG)), df: m - 1 };
    },
  };
}

/** Sum of phi^1 .. phi^h (h for phi = 1): how far a damped trend carries in h years. */
function dampedSteps(phi: number, h: number): number {
  if (phi === 1) return h;
  return (phi * (1 - phi ** h)) / (1 - phi);
}

/**
 * Holt's linear method on ln(y) with an optional damping factor phi (Gardner & McKenzie 1985),
 * steps of g years between observations; returns the in-sample one-step errors and the final state.
 */
function holtRun(
  logs: readonly number[],
  years: readonly number[],
  alpha: number,
  beta: number,
  phi: number,
): { sse: number; errors: number; level: number; trend: number } {
  // Initialise on the first two points: level at the second, trend their slope.
  let trend = (logs[1]! - logs[0]!) / (years[1]! - years[0]!);
  let level = logs[1]!;
  let sse = 0;
  let errors = 0;
  for (let i = 2; i < logs.length; i++) {
    const g = years[i]! - years[i - 1]!;
    const forecast = level + dampedSteps(phi, g) * trend;
    const e = logs[i]! - forecast;
    sse += e * e;
    errors++;
    const newLevel = alpha * logs[i]! + (1 - alpha) * forecast;
    trend = (beta * (newLevel - level)) / g + (1 - beta) * phi ** g * trend;
    level = newLevel;
  }
  return { sse, errors, level, trend };
}

const DAMPING_GRID = [0.8, 0.85, 0.9, 0.95, 0.98];

function fitHolt(points: readonly TrendInputPoint[], damped: boolean): FittedTrend {
  const logs = points.map((p) => Math.log(p.value));
  const years = points.map((p) => p.year);
  let best = { alpha: 0.5, beta: 0.1, phi: 1, sse: Infinity };
  // Grid search of the smoothing weights (and damping) by in-sample one-step squared error.
  for (const phi of damped ? DAMPING_GRID : [1]) {
    for (let a = 1; a <= 19; a++) {
      for (let b = 1; b <= 19; b++) {
        const alpha = a / 20;
        const beta = b / 20;
        const { sse } = holtRun(logs, years, alpha, beta, phi);
        if (sse < best.sse) best = { alpha, beta, phi, sse };
      }
    }
  }
  const { alpha, beta, phi } = best;
  const run = holtRun(logs, years, alpha, beta, phi);
  const df = Math.max(1, run.errors - (damped ? 3 : 2));
  const sigma2 = run.sse / df;
  const lastYear = years[years.length - 1]!;
  return {
    model: damped ? "holt-damped" : "holt",
    parameters: { alpha, beta, phi, levelLog: run.level, trendLogPerYear: run.trend, sigmaLog: Math.sqrt(sigma2) },
    forecast(year) {
      const h = year - lastYear;
      // ETS(A,Ad,N) forecast variance: sigma^2 (1 + sum_{j=1}^{h-1} c_j^2), c_j = alpha (1 + beta phi_j),
      // phi_j = phi + ... + phi^j (Hyndman, Koehler, Ord & Snyder 2008, Forecasting with Exponential Smoothing, table 6.1).
      let factor = 1;
      for (let j = 1; j < h; j++) factor += (alpha * (1 + beta * dampedSteps(phi, j))) ** 2;
      return { meanLog: run.level + dampedSteps(phi, h) * run.trend, sdLog: Math.sqrt(sigma2 * factor), df };
    },
  };
}

/** Fit one model to points sorted by year (positive values). */
export function fitTrendModel(model: TrendModelName, points: readonly TrendInputPoint[]): FittedTrend {
  if (points.length < MIN_POINTS[model]) throw new RangeError(`${model} needs at least ${MIN_POINTS[model]} points, got ${points.length}`);
  switch (model) {
    case "log-linear":
      return fitLogLinearModel(points);
    case "drift":
      return fitDrift(points);
    case "holt":
      return fitHolt(points, false);
    case "holt-damped":
      return fitHolt(points, true);
  }
}

export interface BacktestScore {
  model: TrendModelName;
  /** Forecast origins scored. */
  origins: number;
  /** Mean absolute error of ln(y): roughly the typical % miss for small values. */
  maeLog: number;
  /** Mean absolute percentage error of the median forecast. */
  mape: number;
  /** Share of held-out points inside the 95% prediction interval. */
  coverage95: number;
  errors: { year: number; actual: number; forecast: number; errorLog: number }[];
}

/** Rolling-origin backtest: for each k >= minTrain, fit on points[0..k) and forecast points[k]. */
export function backtest(model: TrendModelName, points: readonly TrendInputPoint[], minTrain = 4): BacktestScore {
  const start = Math.max(minTrain, MIN_POINTS[model]);
  const errors: BacktestScore["errors"] = [];
  let inside = 0;
  for (let k = start; k < points.length; k++) {
    const fit = fitTrendModel(model, points.slice(0, k));
    const target = points[k]!;
    const f = fit.forecast(target.year);
    const errorLog = Math.log(target.value) - f.meanLog;
    const q = quantile(0.975, f.df);
    if (Math.abs(errorLog) <= q * f.sdLog) inside++;
    errors.push({ year: target.year, actual: target.value, forecast: Math.exp(f.meanLog), errorLog });
  }
  const n = errors.length;
  return {
    model,
    origins: n,
    maeLog: n ? errors.reduce((a, e) => a + Math.abs(e.errorLog), 0) / n : NaN,
    mape: n ? (errors.reduce((a, e) => a + Math.abs(e.actual - e.forecast) / e.actual, 0) / n) * 100 : NaN,
    coverage95: n ? inside / n : NaN,
    errors,
  };
}

function quantile(p: number, df: number): number {
  return Number.isFinite(df) ? studentTQuantile(p, df) : normalQuantile(p);
}

function cdf(x: number, df: number): number {
  return Number.isFinite(df) ? studentTCdf(x, df) : normalCdf(x);
}

export interface ForecastPoint {
  year: number;
  median: number;
  pi80: [number, number];
  pi95: [number, number];
  /**
   * False when the 95% interval's upper bound is more than UNINFORMATIVE_RATIO times its lower bound: the
   * series cannot say even the order of magnitude, and the point is no forecast (the CLI prints so).
   */
  informative: boolean;
}

/** A 95% interval wider than this ratio (upper / lower) spans more than an order of magnitude: uninformative. */
export const UNINFORMATIVE_RATIO = 10;

export interface TrendFit {
  chosen: TrendModelName;
  /** Why this model. */
  choice: string;
  backtest: BacktestScore[];
  parameters: Record<string, number>;
  forecast: ForecastPoint[];
  /** P(value in lastYear + 1 > value in lastYear) under the chosen model. */
  exceedance: { year: number; lastYear: number; lastValue: number; probability: number };
}

/**
 * Fit all models that have enough points, backtest them, choose, and project `horizon` years.
 * Points must be sorted by year, with distinct years and positive values.
 */
export function fitTrend(points: readonly TrendInputPoint[], { horizon = 3, minTrain = 4 }: { horizon?: number; minTrain?: number } = {}): TrendFit {
  if (points.length < 3) throw new RangeError(`a trend needs at least 3 points, got ${points.length}`);
  for (let i = 0; i < points.length; i++) {
    if (!(points[i]!.value > 0)) throw new RangeError(`trend values must be positive, got ${points[i]!.value} in ${points[i]!.year}`);
    if (i > 0 && points[i]!.year <= points[i - 1]!.year)
      throw new RangeError(`trend points must have increasing years, got ${points[i - 1]!.year} then ${points[i]!.year}`);
  }
  const all: TrendModelName[] = ["log-linear", "drift", "holt", "holt-damped"];
  // Every model is scored on the same held-out years: those after the largest minimum among the
  // models that have at least two held-out years.
  const models = all.filter((m) => points.length >= Math.max(minTrain, MIN_POINTS[m]) + 2);
  const start = Math.max(minTrain, ...models.map((m) => MIN_POINTS[m]));
  const scores = models.map((m) => backtest(m, points, start));
  let chosen: TrendModelName = "log-linear";
  let choice: string;
  if (scores.length === 0) {
    choice = `only ${points.length} points: too few for a backtest (needs ${minTrain + 2}); log-linear by default`;
  } else {
    const best = scores.reduce((a, b) => (b.maeLog < a.maeLog ? b : a));
    chosen = best.model;
    choice = `lowest rolling-origin mean absolute log error over ${best.origins} held-out years (${best.maeLog.toFixed(3)}, MAPE ${best.mape.toFixed(1)}%)`;
    if (best.origins < 5) choice += `; with only ${best.origins} held-out years the choice is weak and the intervals, from few points, are wide`;
  }
  const fit = fitTrendModel(chosen, points);
  const last = points[points.length - 1]!;
  const forecast: ForecastPoint[] = [];
  for (let h = 1; h <= horizon; h++) {
    const year = last.year + h;
    const f = fit.forecast(year);
    const q80 = quantile(0.9, f.df);
    const q95 = quantile(0.975, f.df);
    forecast.push({
      year,
      median: Math.exp(f.meanLog),
      pi80: [Math.exp(f.meanLog - q80 * f.sdLog), Math.exp(f.meanLog + q80 * f.sdLog)],
      pi95: [Math.exp(f.meanLog - q95 * f.sdLog), Math.exp(f.meanLog + q95 * f.sdLog)],
      // exp(2 q95 sdLog) is the ratio of the 95% bounds.
      informative: Math.exp(2 * q95 * f.sdLog) <= UNINFORMATIVE_RATIO,
    });
  }
  const next = fit.forecast(last.year + 1);
  const probability = next.sdLog > 0 ? 1 - cdf((Math.log(last.value) - next.meanLog) / next.sdLog, next.df) : next.meanLog > Math.log(last.value) ? 1 : 0;
  return {
    chosen,
    choice,
    backtest: scores,
    parameters: fit.parameters,
    forecast,
    exceedance: { year: last.year + 1, lastYear: last.year, lastValue: last.value, probability },
  };
}
