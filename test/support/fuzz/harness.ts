/**
 * @module test/support/fuzz/harness
 * A seeded mutation fuzzer with a time and memory guard. Inputs are made from a corpus by a mutator, written to
 * a scratch file and read by a child process (see child.ts); an input that does not return within `timeoutMs`
 * is a hang (the child is killed and restarted), one that grows the child's peak memory by more than `memoryMb`
 * is memory-hungry, and one that throws anything but a project error naming the file is a crash.
 */
import { fork, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Random } from "../../../src/stats/random.ts";
import { inputRandom } from "./mutate.ts";

export interface FuzzOptions {
  /** Key of TARGETS in targets.ts. */
  target: string;
  /** Seed inputs. */
  corpus: readonly Uint8Array[];
  mutate: (input: Uint8Array, r: Random) => Uint8Array;
  count: number;
  seed: number;
  /** File extension of the scratch file (".tif", ".geojson", ...). */
  ext: string;
  timeoutMs?: number;
  memoryMb?: number;
  /** When set, every finding is written there as `<target>-<seed>-<index><ext>`. */
  saveDir?: string;
  /** Called every 500 inputs. */
  onProgress?: (done: number, result: FuzzResult) => void;
}

export interface Finding {
  index: number;
  kind: "crash" | "hang" | "memory";
  error: string;
  /** Where the input was saved (saveDir set). */
  file?: string;
}

export interface FuzzResult {
  inputs: number;
  ok: number;
  refused: number;
  findings: Finding[];
  /** Largest growth of the reader's peak memory for one input, MB. */
  maxGrewMb: number;
}

const CHILD = resolve(import.meta.dirname, "child.ts");

interface Reply {
  id: number;
  status: "ok" | "refused" | "crash";
  error: string;
  grewMb: number;
}

function startChild(target: string): Promise<ChildProcess> {
  return new Promise((ready, fail) => {
    const child = fork(CHILD, [target], {
      execArgv: ["--import", "tsx", "--max-old-space-size=1024", "--stack-size=984"],
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    });
    child.stderr?.resume();
    child.once("message", () => ready(child));
    child.once("error", fail);
  });
}

/** Read one input in the child; resolves to its reply, or to a hang/exit finding. */
function runOne(child: ChildProcess, id: number, path: string, timeoutMs: number): Promise<Reply | { id: number; status: "hang" | "exit"; error: string }> {
  return new Promise((done) => {
    const timer = setTimeout(() => {
      cleanup();
      done({ id, status: "hang", error: `no answer within ${timeoutMs} ms` });
    }, timeoutMs);
    const onMessage = (m: Reply): void => {
      if (m.id !== id) return;
      cleanup();
      done(m);
    };
    const onExit = (code: number | null, signal: string | null): void => {
      cleanup();
      done({ id, status: "exit", error: `reader process died (exit ${code}, signal ${signal})` });
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      child.off("message", onMessage);
      child.off("exit", onExit);
    };
    child.on("message", onMessage);
    child.on("exit", onExit);
    child.send({ id, path });
  });
}

/** Run the fuzzer. Input i is `mutate(corpus[i % corpus.length], inputRandom(seed, i))`. */
export async function fuzz(o: FuzzOptions): Promise<FuzzResult> {
  const timeoutMs = o.timeoutMs ?? 5000;
  const memoryMb = o.memoryMb ?? 300;
  const scratch = mkdtempSync(join(tmpdir(), `coca-fuzz-${o.target}-`));
  const result: FuzzResult = { inputs: 0, ok: 0, refused: 0, findings: [], maxGrewMb: 0 };
  let child = await startChild(o.target);
  try {
    for (let i = 0; i < o.count; i++) {
      const bytes = o.mutate(o.corpus[i % o.corpus.length]!, inputRandom(o.seed, i));
      const path = join(scratch, `input${o.ext}`);
      writeFileSync(path, bytes);
      const reply = await runOne(child, i, path, timeoutMs);
      result.inputs++;
      let finding: Finding | undefined;
      if (reply.status === "hang" || reply.status === "exit") {
        finding = { index: i, kind: reply.status === "hang" ? "hang" : "crash", error: reply.error };
        child.kill("SIGKILL");
        child = await startChild(o.target);
      } else {
        const r = reply as Reply;
        result.maxGrewMb = Math.max(result.maxGrewMb, r.grewMb);
        if (reply.status === "crash") finding = { index: i, kind: "crash", error: reply.error };
        else if (r.grewMb > memoryMb) {
          finding = { index: i, kind: "memory", error: `peak memory grew ${r.grewMb.toFixed(0)} MB` };
          child.kill("SIGKILL"); // start the next input from a small process again
          child = await startChild(o.target);
        } else if (reply.status === "ok") result.ok++;
        else result.refused++;
      }
      if (finding) {
        if (o.saveDir) {
          mkdirSync(o.saveDir, { recursive: true });
          finding.file = join(o.saveDir, `${o.target}-${o.seed}-${i}${o.ext}`);
          writeFileSync(finding.file, bytes);
        }
        result.findings.push(finding);
      }
      if ((i + 1) % 500 === 0) o.onProgress?.(i + 1, result);
    }
  } finally {
    child.kill("SIGKILL");
    rmSync(scratch, { recursive: true, force: true });
  }
  return result;
}

export interface ReplayOutcome {
  path: string;
  status: "ok" | "refused" | "crash" | "hang" | "memory";
  error: string;
}

/** Read saved inputs (regression files) with the same guards as `fuzz`, one outcome per file. */
export async function replay(target: string, paths: readonly string[], { timeoutMs = 5000, memoryMb = 300 } = {}): Promise<ReplayOutcome[]> {
  const out: ReplayOutcome[] = [];
  let child = await startChild(target);
  try {
    for (let i = 0; i < paths.length; i++) {
      const path = paths[i]!;
      const reply = await runOne(child, i, path, timeoutMs);
      if (reply.status === "hang" || reply.status === "exit") {
        out.push({ path, status: reply.status === "hang" ? "hang" : "crash", error: reply.error });
        child.kill("SIGKILL");
        child = await startChild(target);
        continue;
      }
      const r = reply as Reply;
      if (r.grewMb > memoryMb) {
        out.push({ path, status: "memory", error: `peak memory grew ${r.grewMb.toFixed(0)} MB` });
        child.kill("SIGKILL");
        child = await startChild(target);
      } else out.push({ path, status: r.status, error: r.error });
    }
  } finally {
    child.kill("SIGKILL");
  }
  return out;
}
