/**
 * One benchmark row, as every benchmark writes it to `bench/results/<id>.json` (committed), so that README's
 * table is regenerated from measurements by `npm run bench:table` (bench/table.ts) and never typed by hand.
 *
 * Times are process CPU time and wall time in milliseconds (medians over `runs`); ratios are peer time / ours
 * (> 1: we are faster); the load average is the machine's 1-, 5- and 15-minute load when the row was measured.
 */
import { mkdirSync, writeFileSync, renameSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export interface BenchSide {
  /** What ran, e.g. "coca imagery mosaic" or "GDAL 3.6.2 gdalwarp -r near". */
  label: string;
  cpuMs?: number;
  wallMs?: number;
  peakRssMb?: number;
  runs?: number;
  /** Anything else worth a cell: throughput, accuracy, coverage ("1,074 req/s, p99 400 ms"). */
  detail?: string;
}

export interface BenchResult {
  /** File stem under bench/results and the row's sort key: "<bench>-<case>", e.g. "mosaic-4x10980". */
  id: string;
  /** What is measured, with the input's size, in a few words. */
  title: string;
  /** The benchmark file that wrote the row, e.g. "bench/mosaic.bench.ts". */
  source: string;
  ours: BenchSide;
  peer?: BenchSide;
  ratio?: { cpu?: number; wall?: number };
  /** The goal, e.g. ">= 1.0x CPU". */
  goal: string;
  met?: boolean;
  notes?: string;
  /** Filled by writeBenchResult. */
  loadavg?: [number, number, number];
  date?: string;
  machine?: string;
}

export const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "results");

/** Writes the row atomically (temp file + rename), stamping load average, date and machine. Returns its path. */
export function writeBenchResult(result: BenchResult, dir = RESULTS_DIR): string {
  if (!/^[a-z0-9][a-z0-9.-]*$/.test(result.id)) throw new Error(`bench result id ${JSON.stringify(result.id)}: use a-z, 0-9, '.' and '-'`);
  const la = loadavg();
  const row: BenchResult = {
    ...result,
    loadavg: result.loadavg ?? [round2(la[0]!), round2(la[1]!), round2(la[2]!)],
    date: result.date ?? new Date().toISOString().slice(0, 16) + "Z",
    machine: result.machine ?? `${cpus().length} cores, ${cpus()[0]?.model ?? "unknown CPU"}`,
  };
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${result.id}.json`);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(row, null, 2) + "\n");
  renameSync(tmp, path);
  return path;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
