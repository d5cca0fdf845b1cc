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

/**
 * Run long, abortable work with a tile progress bar: Ctrl-C aborts it through the signal, and the
 * error then says that nothing was written to `out` (the work writes its output atomically).
 */
export async function runInterruptible<T>(
  { label, out, quiet = false }: { label: string; out: string; quiet?: boolean },
  work: (signal: AbortSignal, onProgress: (done: number, total: number) => void) => Promise<T>,
): Promise<T> {
  const progress = createProgress({ quiet });
  const controller = new AbortController();
  const onSigint = (): void => controller.abort(new Error("interrupted"));
  process.once("SIGINT", onSigint);
  let started = false;
  try {
    return await work(controller.signal, (done, total) => {
      if (!started) {
        progress.start(total, label);
        started = true;
      }
      progress.update(done);
    }).catch((error: unknown) => {
      if (controller.signal.aborted) throw new Error(`interrupted: nothing written to ${out}`, { cause: error });
      throw error;
    });
  } finally {
    progress.stop();
    process.removeListener("SIGINT", onSigint);
  }
}
