/**
 * @module production/log-linear
 * Ordinary least squares of ln(y) on the year: the growth rate of a series with its interval
 * and the prediction for a new year (Student t with n - 2 degrees of freedom).
 */
import { studentTQuantile } from "./special-functions.ts";

export interface LogLinearFit {
  n: number;
  /** ln(y) = intercept + slope * (year - yearMean). */
  intercept: number;
  slope: number;
  yearMean: number;
  sxx: number;
  /** Residual standard deviation on the log scale. */
  sigma: number;
  df: number;
  slopeSe: number;
}

/** Fit ln(y) on year; needs at least 3 points with positive values. */
export function fitLogLinear(years: readonly number[], values: readonly number[]): LogLinearFit {
  const n = years.length;
  if (n < 3) throw new RangeError(`a log-linear fit needs at least 3 points, got ${n}`);
  const ys = values.map((v) => {
    if (!(v > 0)) throw new RangeError(`a log-linear fit needs positive values, got ${v}`);
    return Math.log(v);
  });
  const yearMean = years.reduce((a, b) => a + b, 0) / n;
  const yMean = ys.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = years[i]! - yearMean;
    sxx += dx * dx;
    sxy += dx * (ys[i]! - yMean);
  }
  if (sxx === 0) throw new RangeError("a log-linear fit needs at least two different years");
  const slope = sxy / sxx;
  let sse = 0;
  for (let i = 0; i < n; i++) sse += (ys[i]! - yMean - slope * (years[i]! - yearMean)) ** 2;
  const df = n - 2;
  const sigma = Math.sqrt(sse / df);
  return { n, intercept: yMean, slope, yearMean, sxx, sigma, df, slopeSe: sigma / Math.sqrt(sxx) };
}

/** Predictive distribution of ln(y) in `year`: mean, standard error (including parameter uncertainty), df. */
export function predictLogLinear(fit: LogLinearFit, year: number): { meanLog: number; sdLog: number; df: number } {
  const dx = year - fit.yearMean;
  return {
    meanLog: fit.intercept + fit.slope * dx,
    sdLog: fit.sigma * Math.sqrt(1 + 1 / fit.n + (dx * dx) / fit.sxx),
    df: fit.df,
  };
}

/** Growth per year in percent, with its 95% interval. */
export function growthPercent(fit: LogLinearFit): { pctPerYear: number; ci95: [number, number] } {
  const t = studentTQuantile(0.975, fit.df);
  const toPct = (b: number): number => (Math.exp(b) - 1) * 100;
  return { pctPerYear: toPct(fit.slope), ci95: [toPct(fit.slope - t * fit.slopeSe), toPct(fit.slope + t * fit.slopeSe)] };
}
