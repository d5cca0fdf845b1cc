/**
 * @module survey/stage-timer
 * Runs the stages of a survey one after another, recording for each its wall
 * time and the peak resident memory of the process (worker threads included)
 * while it ran.
 */

import type { StageRecord } from "../domain/provenance.ts";

export type { StageRecord };

export interface StageReporter {
  /** Called when a stage starts and when it ends. */
  (event: { stage: string; phase: "start" | "end"; index: number; total: number; seconds?: number }): void;
}

export class StageTimer {
  readonly records: StageRecord[] = [];
  readonly #report: StageReporter;
  readonly #total: number;

  constructor(totalStages: number, report: StageReporter = () => {}) {
    this.#total = totalStages;
    this.#report = report;
  }

  /** Run one stage, timing it and sampling memory every 50 ms. */
  async run<T>(name: string, fn: () => Promise<T> | T): Promise<T> {
    const index = this.records.length + 1;
    this.#report({ stage: name, phase: "start", index, total: this.#total });
    let peak = process.memoryUsage.rss();
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage.rss());
    }, 50);
    sampler.unref();
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage.rss());
      const seconds = (performance.now() - t0) / 1000;
      this.records.push({ name, seconds: round(seconds, 3), peakRssMiB: round(peak / 1048576, 1) });
      this.#report({ stage: name, phase: "end", index, total: this.#total, seconds });
    }
  }
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
