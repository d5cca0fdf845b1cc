/**
 * @module io/read-file
 * Reading a whole input file, or saying which file is missing: a file that does not exist is a
 * NotFoundError naming it (exit 4 / HTTP 404); a file that exists but cannot be read (a folder,
 * no permission) is the caller's choice of InputError (a file the user named, the default) or
 * DataError (a data file the project ships or a command found). Every message names the file.
 */
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { DataError, InputError, NotFoundError } from "../domain/errors.ts";

export interface ReadFileOptions {
  /** What the file is, for messages ("model file", "survey config"); default: just the path. */
  what?: string;
  /** The error class for a file that exists but cannot be read: "input" (default) or "data". */
  unreadable?: "input" | "data";
}

/**
 * The project's error for a failed open or read of `path`: NotFoundError for a missing file,
 * else InputError or DataError (see ReadFileOptions.unreadable), with `error` as the cause.
 */
export function fileError(error: unknown, path: string, { what, unreadable = "input" }: ReadFileOptions = {}): Error {
  const name = what ? `${what} ${path}` : path;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT") return new NotFoundError(`${name}: no such file`, { cause: error });
  const reason = code === "EISDIR" ? "is a folder, not a file" : `cannot read (${code ?? (error instanceof Error ? error.message : String(error))})`;
  return unreadable === "data" ? new DataError(`${name}: ${reason}`, { cause: error }) : new InputError(`${name}: ${reason}`, { cause: error });
}

/** A file's text (UTF-8 unless told), or the project's error naming it. */
export async function readTextFile(path: string, options: ReadFileOptions & { encoding?: BufferEncoding } = {}): Promise<string> {
  try {
    return await readFile(path, options.encoding ?? "utf8");
  } catch (error) {
    throw fileError(error, path, options);
  }
}

/** A file's text, synchronously (UTF-8 unless told), or the project's error naming it. */
export function readTextFileSync(path: string, options: ReadFileOptions & { encoding?: BufferEncoding } = {}): string {
  try {
    return readFileSync(path, options.encoding ?? "utf8");
  } catch (error) {
    throw fileError(error, path, options);
  }
}

/** A file's bytes, synchronously, or the project's error naming it. */
export function readBytesFileSync(path: string, options: ReadFileOptions = {}): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    throw fileError(error, path, options);
  }
}
