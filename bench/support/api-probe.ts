/**
 * The load generator's side of bench/api-load-server.ts's IPC, shared by the API soak and memory benchmarks: wait for
 * a message, ask for the server's memory (as it is, or after a full garbage collection), and the soak's stream of
 * distinct pages.
 */
import type { ChildProcess } from "node:child_process";

/** What the server reports (bench/api-load-server.ts `holding`). */
export interface Holding {
  memory: NodeJS.MemoryUsage;
  cpu: NodeJS.CpuUsage;
  /** Bytes the response caches count against their shared budget. */
  cacheBytes: number;
  spaces: Record<string, { size: number; used: number }>;
  /** Garbage collections since the server started (forced ones included), by kind, and their total pause. */
  gc: { minor: number; major: number; other: number; forced: number; pauseMs: number };
}

/** The next message from `child` that has `key`; rejects when the child exits first. */
export function nextMessage<T>(child: ChildProcess, key: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`benchmark server exited with ${code}`));
    const onMessage = (m: unknown) => {
      if (m && typeof m === "object" && key in m) {
        child.off("message", onMessage);
        child.off("exit", onExit);
        resolve(m as T);
      }
    };
    child.on("message", onMessage);
    child.once("exit", onExit);
  });
}

/** The server's memory as it is. */
export async function sampleMemory(child: ChildProcess): Promise<Holding> {
  const reply = nextMessage<Holding>(child, "memory");
  child.send("memory");
  return reply;
}

/** The server's memory right after a full garbage collection; throws when the server does not run with --expose-gc. */
export async function sampleAfterGc(child: ChildProcess): Promise<Holding> {
  const reply = nextMessage<{ afterGc: Holding; collected: boolean }>(child, "afterGc");
  child.send("memory-after-gc");
  const { afterGc, collected } = await reply;
  if (!collected) throw new Error("the benchmark server does not run with --expose-gc: no memory after GC");
  return afterGc;
}

export const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** A sample in MB, one decimal. */
export function holdingMb(h: Holding) {
  return {
    rssMb: mb(h.memory.rss),
    heapUsedMb: mb(h.memory.heapUsed),
    heapTotalMb: mb(h.memory.heapTotal),
    externalMb: mb(h.memory.external),
    arrayBuffersMb: mb(h.memory.arrayBuffers),
    newSpaceMb: mb(h.spaces.new_space?.size ?? 0),
    oldSpaceMb: mb(h.spaces.old_space?.size ?? 0),
    cacheKb: Math.round(h.cacheBytes / 1024),
  };
}

/**
 * A different page on every call: about 2 in 3 fields pages of survey `surveyId` (varying bbox, offset, limit), 1 in 3
 * figures queries (varying country and years).
 */
export function pathMaker(surveyId: number): () => string {
  let k = 0;
  return () => {
    k++;
    if (k % 3 === 0) return `/v1/figures?country=${["BOL", "PER", "COL"][k % 9 === 0 ? 0 : ((k / 3) % 3) | 0]}&from=${2000 + (k % 17)}&to=${2010 + (k % 13)}`;
    const w = -67.5 + (k % 97) * 0.004;
    const s = -16.5 + (k % 89) * 0.002;
    return `/v1/surveys/${surveyId}/fields?bbox=${w.toFixed(4)},${s.toFixed(4)},${(w + 0.1).toFixed(4)},${(s + 0.1).toFixed(4)}&limit=${50 + (k % 51)}&offset=${k % 7}`;
  };
}

/**
 * The kind of a request error autocannon reports ('reqError'): "timeout" for its own timeouts, otherwise the socket
 * error's code (ECONNRESET, EPIPE, ECONNREFUSED, ...), or its message when it has none.
 */
export function requestErrorKind(error: unknown): string {
  const e = error as { code?: unknown; message?: unknown } | null;
  if (e?.message === "request timed out") return "timeout";
  if (typeof e?.code === "string" && e.code !== "") return e.code;
  return typeof e?.message === "string" && e.message !== "" ? e.message : String(error);
}
