/**
 * @module io/atomic-write
 * Write files so that a reader (or a crash, or Ctrl-C) never sees half of one:
 * write to a temporary sibling, fsync, then rename over the target.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, renameSync, rmSync, writeFileSync, openSync, fsyncSync, closeSync } from "node:fs";
import { dirname, basename, join } from "node:path";

/** A temporary path beside `target` (same directory, so rename is atomic). */
export function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
}

/** Atomically replace `target` with `data`. */
export function writeFileAtomic(target: string, data: string | Uint8Array): void {
  mkdirSync(dirname(target), { recursive: true });
  const tmp = tempPathFor(target);
  try {
    writeFileSync(tmp, data);
    const fd = openSync(tmp, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, target);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}

/**
 * Run `produce(tmpPath)` which writes a file at the temporary path, then rename it to `target`.
 * On any failure (or abort) the temporary file is removed and `target` is left as it was.
 */
export async function withAtomicOutput<T>(target: string, produce: (tmpPath: string) => Promise<T>): Promise<T> {
  mkdirSync(dirname(target), { recursive: true });
  const tmp = tempPathFor(target);
  const cleanup = (): void => rmSync(tmp, { force: true });
  process.once("exit", cleanup);
  try {
    const result = await produce(tmp);
    renameSync(tmp, target);
    return result;
  } catch (error) {
    cleanup();
    throw error;
  } finally {
    process.removeListener("exit", cleanup);
  }
}
