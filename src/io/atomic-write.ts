/**
 * @module io/atomic-write
 * Write files so that a reader (or a crash, or Ctrl-C) never sees half of one:
 * write to a temporary sibling, fsync, then rename over the target. A full disk or an I/O
 * error becomes one DataError naming the file that was not written (exit 3). Temporary files
 * left by a killed run (their process is gone) are swept by the next write into that folder.
 * `writeFolderAtomic` does the same for a set of files: all are written or none.
 */
import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, mkdirSync, mkdtempSync, openSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { DataError } from "../domain/errors.ts";

const TEMP_NAME = /^\.(.+)\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/** A temporary path beside `target` (same directory, so rename is atomic). */
export function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

const swept = new Set<string>();

/** Remove temporary files (and folders) of killed runs in `dir`: ours by name, whose process no longer runs. Once per folder per process. */
export function sweepStaleTemps(dir: string): string[] {
  if (swept.has(dir)) return [];
  swept.add(dir);
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (!m || processAlive(Number(m[2]))) continue;
    rmSync(join(dir, name), { recursive: true, force: true });
    removed.push(join(dir, name));
  }
  return removed;
}

/** The project's error for a failed write of `target`: a full disk or an I/O error names the file (exit 3); others pass. */
export function writeError(error: unknown, target: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOSPC" || code === "EDQUOT")
    return new DataError(`${target}: not written: the disk is full (${code}); the file was left as it was`, { cause: error });
  if (code === "EIO") return new DataError(`${target}: not written: an I/O error on the disk (EIO); the file was left as it was`, { cause: error });
  if (code === "EROFS") return new DataError(`${target}: not written: the file system is read-only (EROFS)`, { cause: error });
  return error;
}

/** Atomically replace `target` with `data`. */
export function writeFileAtomic(target: string, data: string | Uint8Array): void {
  mkdirSync(dirname(target), { recursive: true });
  sweepStaleTemps(dirname(target));
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
    throw writeError(error, target);
  }
}

/**
 * Run `produce(tmpPath)` which writes a file at the temporary path, then rename it to `target`.
 * On any failure (or abort) the temporary file is removed and `target` is left as it was.
 */
export async function withAtomicOutput<T>(target: string, produce: (tmpPath: string) => Promise<T>): Promise<T> {
  mkdirSync(dirname(target), { recursive: true });
  sweepStaleTemps(dirname(target));
  const tmp = tempPathFor(target);
  const cleanup = (): void => rmSync(tmp, { force: true });
  process.once("exit", cleanup);
  try {
    const result = await produce(tmp);
    renameSync(tmp, target);
    return result;
  } catch (error) {
    cleanup();
    throw writeError(error, target);
  } finally {
    process.removeListener("exit", cleanup);
  }
}

/**
 * A new, empty staging folder beside `dir` (same file system, so its files can be renamed into `dir`), named so that
 * sweepStaleTemps removes it if this process is killed. The caller removes it when done.
 */
export function createStagingFolder(dir: string): string {
  const parent = dirname(dir);
  mkdirSync(parent, { recursive: true });
  sweepStaleTemps(parent);
  const tmp = mkdtempSync(join(parent, `.${basename(dir)}.${process.pid}.`));
  // mkdtemp's suffix is 6 characters: rename it to the 8-hex temp form the sweep recognises.
  const staged = join(parent, `.${basename(dir)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  renameSync(tmp, staged);
  return staged;
}

/** Move every file of the staging folder `staged` into `dir` (created if needed), each by an atomic rename. */
export function promoteStagingFolder(staged: string, dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(staged)) renameSync(join(staged, name), join(dir, name));
}

/**
 * Write a set of files into `dir`, all or nothing: every file is written (and fsynced) into a temporary folder
 * beside `dir` first; only when all are written are they renamed into `dir`. A failure part-way (a full disk)
 * leaves `dir` as it was. Returns the paths written.
 */
export function writeFolderAtomic(dir: string, files: readonly { name: string; data: string | Uint8Array }[]): string[] {
  const staged = createStagingFolder(dir);
  const cleanup = (): void => rmSync(staged, { recursive: true, force: true });
  process.once("exit", cleanup);
  try {
    for (const f of files) {
      const path = join(staged, f.name);
      try {
        writeFileSync(path, f.data);
        const fd = openSync(path, "r");
        try {
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
      } catch (error) {
        throw writeError(error, join(dir, f.name));
      }
    }
    mkdirSync(dir, { recursive: true });
    const out: string[] = [];
    for (const f of files) {
      renameSync(join(staged, f.name), join(dir, f.name));
      out.push(join(dir, f.name));
    }
    return out;
  } catch (error) {
    const e = error instanceof DataError ? new DataError(`${error.message}; nothing was written to ${dir}`, { cause: error }) : error;
    throw e;
  } finally {
    cleanup();
    process.removeListener("exit", cleanup);
  }
}
