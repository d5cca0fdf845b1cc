/**
 * @module cli/progress
 * Progress bars with ETA on a terminal; silent under --json or when stderr is not a TTY.
 */
import cliProgress from "cli-progress";

export interface Progress {
  start(total: number, label: string): void;
  update(done: number): void;
  increment(by?: number): void;
  stop(): void;
}

const SILENT: Progress = { start() {}, update() {}, increment() {}, stop() {} };

/** A progress bar on stderr, or a silent one when `quiet` or stderr is not a terminal. */
export function createProgress({ quiet = false }: { quiet?: boolean } = {}): Progress {
  if (quiet || !process.stderr.isTTY) return SILENT;
  const bar = new cliProgress.SingleBar(
    { format: "{label} [{bar}] {percentage}% | {value}/{total} | ETA {eta_formatted}", stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  return {
    start(total, label) {
      bar.start(total, 0, { label });
    },
    update(done) {
      bar.update(done);
    },
    increment(by = 1) {
      bar.increment(by);
    },
    stop() {
      bar.stop();
    },
  };
}
