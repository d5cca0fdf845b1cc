/**
 * Running the `coca` command from tests: as a real process (`node bin/coca.js`, the installed
 * entry point) or in this process through `cli/main.ts` (same command tree and error mapping,
 * without a process start-up per call).
 */
import { execFile } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { main } from "../../src/cli/main.ts";

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `node bin/coca.js ARGS` with COCA_DB cleared, so only `--db` in ARGS chooses the store. */
export function runCocaProcess(...args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [join(projectRoot, "bin", "coca.js"), ...args],
      { cwd: projectRoot, env: { ...process.env, COCA_DB: "" }, maxBuffer: 32 * 1024 * 1024 },
      (error, stdout, stderr) => done({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

/** `coca ARGS` in this process, capturing what goes to stdout and stderr. */
export async function runCocaInProcess(...args: string[]): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const out = process.stdout.write;
  const err = process.stderr.write;
  process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += String(chunk)), true)) as typeof process.stderr.write;
  try {
    return { code: await main(args), stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}
